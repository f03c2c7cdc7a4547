// Where on the input each output cell of a node looks: the theoretical receptive field's box of
// cell (row i, column j), from the node's size r, jump J and effective padding P (Araujo et al.,
// Distill 2019): along each axis the field starts at J·j − P and spans r pixels, so
//   box = [J·j − P, J·i − P, J·j − P + r, J·i − P + r]     ([x0, y0, x1, y1], x1 and y1 exclusive),
// in input pixels before clipping to the image. The smallest path's box uses its own size and
// effective padding. A node that sees the whole image (after global pooling, or gated by an SE /
// split-attention branch) has no box: `global` says why.
import * as l10n from '@vscode/l10n';
import type { Analysis } from './analyze';
import type { ReceptiveField } from './receptiveField';

/** [x0, y0, x1, y1] in input pixels; x1 and y1 exclusive; may extend past the image (not clipped). */
export type Box = [number, number, number, number];

export interface CellBoxes {
  /** [row, column] of the output cell. */
  readonly cell: [number, number];
  /** The theoretical receptive field (the largest over all paths). */
  readonly box: Box;
  /** The field of the smallest path. */
  readonly smallest: Box;
}

export interface LocalField {
  readonly size: number;
  readonly min: number;
  readonly stride: number;
  readonly padding: number;
  readonly minPadding: number;
}

export type NodeField =
  | { readonly global: false; readonly field: LocalField }
  /** `local`: the field of the local path alone, where there is one (a gated node). */
  | { readonly global: true; readonly reason: string; readonly local?: LocalField };

function localOf(rf: ReceptiveField): LocalField | undefined {
  if (rf.size === null || rf.min === null || rf.stride === null || rf.padding === null || rf.minPadding === null) return undefined;
  return { size: rf.size, min: rf.min, stride: rf.stride, padding: rf.padding, minPadding: rf.minPadding };
}

/** A node's field: local (with a box per cell), or global with the reason. */
export function nodeField(rf: ReceptiveField): NodeField {
  const local = localOf(rf);
  if (rf.global || !local) return { global: true, reason: l10n.t('the output follows a global average pool: every value depends on the whole image') };
  if (rf.globalContext) {
    return {
      global: true,
      reason: l10n.t('a global-context gate (SE or split attention: a global average pool feeding a channel gate) modulates this output, so every value depends on the whole image; the local path alone sees {0} px', local.size),
      local,
    };
  }
  return { global: false, field: local };
}

/** The boxes of cell (row, col) of a node with a local field. */
export function cellBoxes(f: LocalField, row: number, col: number): CellBoxes {
  const x0 = f.stride * col - f.padding;
  const y0 = f.stride * row - f.padding;
  const sx0 = f.stride * col - f.minPadding;
  const sy0 = f.stride * row - f.minPadding;
  return { cell: [row, col], box: [x0, y0, x0 + f.size, y0 + f.size], smallest: [sx0, sy0, sx0 + f.min, sy0 + f.min] };
}

export interface NodeBoxes {
  readonly node: number;
  readonly path: string;
  /** [H, W] of the input. */
  readonly input: readonly [number, number];
  /** [h, w] of the node's output grid. */
  readonly grid: [number, number];
  readonly field: NodeField;
  /** Row-major, one per output cell; empty when the field is global. */
  readonly cells: CellBoxes[];
}

/** Every output cell's boxes for node `id` of an analysis (its input size is the analysis's). */
export function nodeBoxes(a: Analysis, id: number): NodeBoxes {
  const stats = a.nodes[id];
  const shape = stats.shape;
  const grid: [number, number] = shape.length === 3 ? [shape[1], shape[2]] : [1, 1];
  const field = nodeField(stats.rf);
  const cells: CellBoxes[] = [];
  if (!field.global) for (let r = 0; r < grid[0]; r++) for (let c = 0; c < grid[1]; c++) cells.push(cellBoxes(field.field, r, c));
  return { node: id, path: a.graph.nodes[id].path, input: a.input, grid, field, cells };
}

/**
 * The node a path names: a node's module path (`layer2.0.conv2`), or a group's path (`layer2`,
 * `stem`), which stands for the group's output node. Undefined when neither exists.
 */
export function nodeAtPath(a: Analysis, path: string): number | undefined {
  const node = a.graph.nodes.find((n) => n.path === path);
  if (node) return node.id;
  const group = a.graph.groups.findIndex((g) => g.path === path);
  return group >= 0 ? a.groups[group].outputNode : undefined;
}

/** Every path `nodeAtPath` accepts (for suggestions). */
export function nodePaths(a: Analysis): string[] {
  return [...new Set([...a.graph.groups.map((g) => g.path), ...a.graph.nodes.map((n) => n.path)])].filter((p) => p !== '');
}
