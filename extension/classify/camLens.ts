// The CAM data of a results page: each image's maps as the worker computed them, and the
// receptive-field boxes of the feature map's cells (the lens) from the engine, at the network's
// input size. No vscode: unit-tested.
import type { ClassifyResult, ImageResult } from '../../inference/classify';
import { analyzeSpec, nodeBoxes, type ModelSpec } from '../../models';
import type { CamLensData, ImageCams, RunCam } from '../../shared/protocol/classifyCam';

/** The lens of `spec`'s feature map (the global pool's input) at `input` [H, W] (networkInput: the size the worker ran). */
export function camLensOf(spec: ModelSpec, input: readonly [number, number]): CamLensData {
  const a = analyzeSpec(spec, input);
  const b = nodeBoxes(a, a.graph.featureNode);
  if (b.field.global) return { global: true, node: b.path, reason: b.field.reason };
  const f = b.field.field;
  return { global: false, node: b.path, size: f.size, min: f.min, stride: f.stride, cells: b.cells.map((c) => ({ box: c.box, smallest: c.smallest })) };
}

/** A run's CAM availability from its first result; the lens only where the architecture is the one that ran. */
export function runCamOf(result: ClassifyResult, lens: () => CamLensData | undefined): RunCam {
  if (result.camUnavailable !== undefined) return { available: false, reason: result.camUnavailable };
  const l = lens();
  return l ? { available: true, lens: l } : { available: true };
}

/** One image's maps (camTop: one per top class) and where its grid lies on the image. */
export function imageCamsOf(r: ImageResult): ImageCams | undefined {
  if (!r.cams || r.cams.length === 0 || !r.geometry) return undefined;
  const g = r.geometry;
  return {
    grid: [r.cams[0].grid[0], r.cams[0].grid[1]],
    maps: r.cams.map((m) => ({ class: m.class, values: m.values })),
    geometry: { image: [g.image[0], g.image[1]], resized: [g.resized[0], g.resized[1]], left: g.left, top: g.top, input: [g.input[0], g.input[1]] },
  };
}
