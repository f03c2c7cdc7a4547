// `backbone-lens stats <id | file.backbone.json> [--input H|HxW] [--set k=v]... [--depth ...] [--json]`.
import { analyzeSpec, families, parseInputSize, rfFigures, statsReport, type FlopLedger, type ReportDepth, type StatsJson } from '../../models';
import { loadModel, namingFile } from '../loadModel';
import { bytes, compact, integer, receptiveField, receptiveFieldCell, shape } from '../../models/report/format';
import { RF_WORDS } from '../../models/report/vocabulary';
import { table } from '../table';
import type { CommandOutput } from './classify';
import { formatTrainReport, trainReport, type TrainOptions } from './trainStats';

export interface StatsOptions {
  model: string;
  input?: string;
  sets: Record<string, string>;
  depth?: ReportDepth;
  json: boolean;
  /** --train: the training-memory report (trainStats.ts). */
  train?: TrainOptions;
}

export function statsCommand(o: StatsOptions): string | CommandOutput {
  const spec = namingFile(o.model, () => loadModel(o.model, o.sets));
  const input = o.input === undefined ? spec.inputSize : parseInputSize(o.input, '--input');
  const report = namingFile(o.model, () => statsReport(spec, analyzeSpec(spec, input), o.depth ?? (o.json ? 'layer' : 'block')));
  if (o.train) {
    const train = namingFile(o.model, () => trainReport(spec, input, o.train as TrainOptions));
    const text = o.json ? JSON.stringify({ ...report, train_memory: train.json }, null, 2) : formatTrainReport(report, train.json, o.depth ?? 'block');
    return { text, exitCode: train.exitCode };
  }
  return o.json ? JSON.stringify(report, null, 2) : formatReport(report);
}

function formatReport(r: StatsJson): string {
  const rows = r.nodes.map((n) => [
    `${'  '.repeat(n.depth)}${n.path}`,
    n.op,
    shape(n.output_shape),
    n.params === 0 ? '—' : integer(n.params),
    n.macs === 0 ? '—' : integer(n.macs),
    receptiveFieldCell(rfFigures(n.rf)),
  ]);
  const rf = r.receptive_field;
  const overrides = Object.entries(r.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [
    `${r.id} — ${families[r.family as keyof typeof families].label}: ${r.description}${overrides.length ? ` (${overrides.join(', ')})` : ''}`,
    `input ${shape(r.input)}`,
    '',
    table(
      [
        { title: 'layer / group', align: 'left' },
        { title: 'op', align: 'left' },
        { title: 'output', align: 'right' },
        { title: 'params', align: 'right' },
        { title: 'MACs', align: 'right' },
        { title: `${RF_WORDS.cellHeader} (px)`, align: 'right' },
      ],
      rows,
    ),
    '',
    `depth             ${r.depth} (the papers' convention)`,
    `params            ${integer(r.params)} (${compact(r.params)})`,
    `MACs              ${integer(r.macs)} (${compact(r.macs)} MACs, conv + linear, one image)`,
    `other FLOPs       ${ledger(r.flops)}`,
    `feature map       ${shape(r.feature_shape)}`,
    `receptive field   ${receptiveField(rfFigures(rf), rf)}`,
    `activations       ${bytes(r.activation_bytes)} (fp32, batch 1, every node output)`,
  ].join('\n');
}

function ledger(flops: FlopLedger): string {
  const entries = Object.entries(flops).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  return entries.map(([k, v]) => `${k} ${compact(v ?? 0)}`).join(', ') || 'none';
}
