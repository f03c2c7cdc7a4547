// Which eval transform a weights file was trained for, from its path alone: a Hugging Face cache
// folder `models--timm--<name>.<tag>` selects that timm tag's cfg; a torchvision hub file name
// (`resnet50-11ad3fa6.pth`) selects that weights' transforms(); a timm release file name
// (`resnet50d_ra2-464e36ba.pth`) its tag's cfg; anything else gets the model's default (its
// preset's default weights, or torchvision's IMAGENET1K_V1 transform).
import type { ModelSpec } from '../modelSpec';
import { timmPreprocessing, timmTagOfFile, torchvisionPreprocessing, type Preprocessing } from '../presets';
import { torchvisionWeights } from './torchvisionWeights';

/** torchvision's IMAGENET1K_V1 transform: the default when nothing says otherwise. */
export const DEFAULT_PREPROCESSING: Preprocessing = torchvisionPreprocessing(256, 'torchvision IMAGENET1K_V1');

const HUB_FOLDER = /^models--timm--([^.]+)(?:\.(.+))?$/;

/** The preprocessing of the weights at `weightsPath` for the model `spec`. */
export function preprocessingFor(spec: ModelSpec | undefined, weightsPath?: string): Preprocessing {
  if (weightsPath !== undefined) {
    const segments = weightsPath.split(/[\\/]/);
    for (const segment of segments) {
      const m = HUB_FOLDER.exec(segment);
      const p = m ? timmPreprocessing(m[1], m[2]) : undefined;
      if (p) return p;
    }
    const base = segments[segments.length - 1];
    const tv = torchvisionWeights.find((w) => w.file === base);
    if (tv) return torchvisionPreprocessing(tv.resize, `torchvision ${tv.preset} ${tv.weights} (${tv.file})`);
    const timm = timmTagOfFile(base);
    const p = timm && timmPreprocessing(timm.name, timm.tag);
    if (p) return p;
  }
  return spec?.preset?.preprocessing ?? DEFAULT_PREPROCESSING;
}

/**
 * The network's input [H, W] when `spec` runs with weights preprocessed by `p`: the spec's own
 * size, unless that is just its preset's default and the weights' transform crops another (a
 * timm tag trained at 288, say); without a spec, the transform's crop. The worker exports and
 * feeds the network at this size, and the host's CAM lens is computed at it.
 */
export function networkInput(spec: ModelSpec | undefined, p: Preprocessing): readonly [number, number] {
  if (!spec) return [p.inputSize, p.inputSize];
  const presetSize = spec.preset?.preprocessing.inputSize;
  const isDefault = presetSize !== undefined && spec.inputSize[0] === presetSize && spec.inputSize[1] === presetSize;
  return isDefault ? [p.inputSize, p.inputSize] : spec.inputSize;
}

/** The preset a weights file is known to be for, by its exact torchvision or timm file name. */
export function presetOfWeightsFile(fileName: string): string | undefined {
  return torchvisionWeights.find((w) => w.file === fileName)?.preset ?? timmTagOfFile(fileName)?.name;
}

/** One line for people: `timm resnet50d.ra2_in1k: resize 256 (bicubic), crop 224, mean …, std …`. */
export function describePreprocessing(p: Preprocessing): string {
  const resize = Math.floor(p.inputSize / p.cropPct);
  return `${p.source ?? 'preprocessing'}: resize the shorter side to ${resize} (${p.interpolation}), centre crop ${p.inputSize}, mean (${p.mean.join(', ')}), std (${p.std.join(', ')})`;
}
