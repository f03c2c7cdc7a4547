// `backbone-lens rf <id | file.backbone.json> --node <path> [--input H|HxW] [--set k=v]... [--json]`:
// every output cell's theoretical receptive-field box on the input, and the smallest path's box,
// from the engine's receptive-field analysis (size, stride = the jump, effective padding).
import * as l10n from '@vscode/l10n';
import { analyzeSpec, nearest, nodeAtPath, nodeBoxes, nodePaths, parseInputSize, type LocalField, type NodeBoxes } from '../../models';
import { receptiveField, shape } from '../../models/report/format';
import { CliError } from '../cliError';
import { loadModel } from '../loadModel';

export interface RfOptions {
  model: string;
  node?: string;
  input?: string;
  sets: Record<string, string>;
  json: boolean;
}

/** The JSON of `rf --json` (snake_case like `stats --json`). */
export interface RfJson {
  model: string;
  node: string;
  input: [number, number];
  grid: [number, number];
  /** Boxes are [x0, y0, x1, y1] in input pixels, x1/y1 exclusive, before clipping to the image. */
  box_convention: string;
  global: boolean;
  reason?: string;
  field?: FieldJson;
  local_field?: FieldJson;
  cells: { cell: [number, number]; box: number[]; smallest: number[] }[];
}
interface FieldJson {
  size: number;
  min: number;
  stride: number;
  padding: number;
  min_padding: number;
}

const fieldJson = (f: LocalField): FieldJson => ({ size: f.size, min: f.min, stride: f.stride, padding: f.padding, min_padding: f.minPadding });

export function rfJson(model: string, b: NodeBoxes): RfJson {
  return {
    model,
    node: b.path,
    input: [b.input[0], b.input[1]],
    grid: b.grid,
    box_convention: '[x0, y0, x1, y1] in input pixels, x1 and y1 exclusive, before clipping',
    global: b.field.global,
    ...(b.field.global ? { reason: b.field.reason, ...(b.field.local ? { local_field: fieldJson(b.field.local) } : {}) } : { field: fieldJson(b.field.field) }),
    cells: b.cells.map((c) => ({ cell: c.cell, box: c.box, smallest: c.smallest })),
  };
}

export function rfCommand(o: RfOptions): string {
  if (o.node === undefined) throw new CliError(l10n.t('{0} needs {1} (a layer such as layer2.0.conv2, or a group such as layer3)', 'rf', '--node <path>'), 2);
  const spec = loadModel(o.model, o.sets);
  const input = o.input === undefined ? spec.inputSize : parseInputSize(o.input, '--input');
  const analysis = analyzeSpec(spec, input);
  const id = nodeAtPath(analysis, o.node);
  if (id === undefined) {
    const near = nearest(o.node, nodePaths(analysis));
    throw new CliError(near.length ? l10n.t('{0} has no node or group "{1}"; did you mean {2}?', spec.id, o.node, near.map((n) => `"${n}"`).join(', ')) : l10n.t('{0} has no node or group "{1}"', spec.id, o.node));
  }
  const j = rfJson(spec.id, nodeBoxes(analysis, id));
  return o.json ? JSON.stringify(j, null, 2) : formatRf(j);
}

function formatRf(j: RfJson): string {
  const head = `${j.model} ${j.node}: output grid ${shape(j.grid)} on a ${shape(j.input)} input`;
  if (j.global) return [head, `receptive field: global — ${j.reason}`].join('\n');
  const f = j.field as FieldJson;
  const lines = [
    head,
    `receptive field ${receptiveField(f, { padding: f.padding, minPadding: f.min_padding })}`,
    `boxes ${j.box_convention}:`,
  ];
  const cells = j.cells.length <= 64 ? j.cells : [...j.cells.slice(0, 32), ...j.cells.slice(-32)];
  for (const c of cells) lines.push(`  [${c.cell.join(', ')}]  box [${c.box.join(', ')}]  smallest [${c.smallest.join(', ')}]`);
  if (cells.length < j.cells.length) lines.push(`  (${j.cells.length - cells.length} more cells in the middle; --json lists all)`);
  return lines.join('\n');
}
