// `backbone-lens stats <model> --train [--batch N] [--optimizer …] [--fit-memory SIZE] [--json]`:
// the memory of one fp32 training step (params, grads, optimizer state, saved activations) per
// group, or the largest batch that fits a budget.
import * as l10n from '@vscode/l10n';
import { buildGraph, type ReportDepth, type StatsJson } from '../../models';
import { fitBatch, optimizerKinds, parseMemorySize, trainMemory, type OptimizerKind } from '../../models/analysis/trainMemory';
import { trainMemoryJson, type TrainMemoryJson } from '../../models/trainMemoryReport';
import type { ModelSpec } from '../../models/modelSpec';
import { CliError } from '../cliError';
import { bytes, integer, percent, shape } from '../../models/report/format';
import { table } from '../table';

/** The batch a training report uses when none is given: a common per-GPU ImageNet batch. */
export const DEFAULT_TRAIN_BATCH = 32;

export interface TrainOptions {
  batch?: string;
  optimizer?: string;
  fitMemory?: string;
}

export interface TrainReport {
  json: TrainMemoryJson;
  /** Exit status: 1 when --fit-memory finds that not even the smallest batch fits. */
  exitCode: number;
}

export function trainReport(spec: ModelSpec, input: readonly [number, number], o: TrainOptions): TrainReport {
  const optimizer = parseOptimizer(o.optimizer);
  const graph = buildGraph(spec);
  if (o.fitMemory !== undefined) {
    if (o.batch !== undefined) throw new CliError(l10n.t('{0} finds the batch itself: give it or {1}, not both', '--fit-memory', '--batch'), 2);
    const fit = fitBatch(graph, input, optimizer, parseMemorySize(o.fitMemory, '--fit-memory'));
    const memory = trainMemory(graph, input, fit.fits ? fit.batch : fit.minBatch, optimizer);
    return { json: trainMemoryJson(graph, memory, fit), exitCode: fit.fits ? 0 : 1 };
  }
  const batch = o.batch === undefined ? DEFAULT_TRAIN_BATCH : Number(o.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new CliError(l10n.t('{0} must be a positive integer, got "{1}"', '--batch', String(o.batch)), 2);
  return { json: trainMemoryJson(graph, trainMemory(graph, input, batch, optimizer)), exitCode: 0 };
}

function parseOptimizer(text: string | undefined): OptimizerKind {
  if (text === undefined) return 'sgd-momentum';
  if (!(optimizerKinds as readonly string[]).includes(text)) throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--optimizer', optimizerKinds.join(', '), text), 2);
  return text as OptimizerKind;
}

/** The text form: saved activations per stage (and block), then the step's totals. */
export function formatTrainReport(r: StatsJson, t: TrainMemoryJson, depth: ReportDepth): string {
  const maxDepth = depth === 'stage' ? 0 : depth === 'block' ? 1 : Infinity;
  const rows = t.per_group
    .filter((g) => g.depth <= maxDepth)
    .map((g) => [`${'  '.repeat(g.depth)}${g.path}`, g.kind, bytes(g.saved_activation_bytes), percent(g.saved_activation_bytes / t.saved_activation_bytes)]);
  const lines = [
    `${r.id} — training memory, batch ${t.batch}, input ${shape(t.input)}, fp32, ${t.optimizer}`,
    '',
    table(
      [
        { title: 'group', align: 'left' },
        { title: 'kind', align: 'left' },
        { title: 'saved for backward', align: 'right' },
        { title: 'share', align: 'right' },
      ],
      rows,
    ),
    '',
    `parameters         ${bytes(t.params_bytes)} (${integer(t.params_bytes)} bytes)`,
    `gradients          ${bytes(t.grads_bytes)}`,
    `optimizer state    ${bytes(t.optimizer_bytes)} (${t.optimizer})`,
    `saved activations  ${bytes(t.saved_activation_bytes)} (${integer(t.saved_activation_bytes)} bytes, what autograd keeps for backward, PyTorch 1.13 CPU)`,
    `total              ${bytes(t.total_bytes)} (${integer(t.total_bytes)} bytes; no allocator overhead or backward temporaries)`,
  ];
  if (t.fit) {
    lines.push(
      t.fit.fits
        ? `fits ${bytes(t.fit.budget_bytes)}   up to batch ${t.batch}`
        : `fits ${bytes(t.fit.budget_bytes)}   no: even batch ${t.batch} needs ${bytes(t.fit.min_batch_bytes ?? t.total_bytes)}`,
    );
  }
  return lines.join('\n');
}
