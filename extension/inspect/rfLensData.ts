// What the receptive-field lens page is sent for a node: its output grid and every cell's boxes
// from the engine at the inspected input size (no vscode: unit-tested).
import { nodeAtPath, nodeBoxes, type Analysis } from '../../models';
import type { LensData } from '../../shared/protocol/rfLens';

/** The lens of node (or group) `nodePath` for `imageUri` (a webview URI); a string when there is no such node. */
export function lensData(modelId: string, a: Analysis, nodePath: string, imageUri: string, imageName: string): LensData | string {
  const id = nodeAtPath(a, nodePath);
  if (id === undefined) return `${modelId} has no node or group "${nodePath}"`;
  const b = nodeBoxes(a, id);
  const field: LensData['field'] = b.field.global
    ? { global: true, reason: b.field.reason }
    : { global: false, size: b.field.field.size, min: b.field.field.min, stride: b.field.field.stride, padding: b.field.field.padding, cells: b.cells.map((c) => ({ box: c.box, smallest: c.smallest })) };
  return { model: modelId, node: b.path, input: [a.input[0], a.input[1]], grid: b.grid, field, imageUri, imageName };
}

