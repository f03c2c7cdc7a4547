// What each family module provides: its knobs with defaults, cross-field checks, and the
// builder from a validated knob set to a graph.
import type { BackboneGraph } from '../graph/types';
import type { KnobSpec, KnobValues } from './knobs';

/**
 * Whose names the modules without parameters get (torchvision `relu`/`avgpool`, timm
 * `act1`/`global_pool`); state-dict keys do not depend on it.
 */
export type Naming = 'torchvision' | 'timm';

export interface FamilyDef {
  /** The key of the family in the `families` registry (checked by a unit test). */
  readonly id: string;
  readonly label: string;
  readonly knobs: readonly KnobSpec[];
  readonly defaults: KnobValues;
  /** The naming of a variant that starts from the family rather than from a preset. */
  readonly naming: Naming;
  /** Checks that need several knobs at once; throws InvalidConfigError. */
  readonly check?: (knobs: KnobValues, source?: string) => void;
  readonly build: (modelId: string, knobs: KnobValues, naming: Naming) => BackboneGraph;
}

/** timm's make_divisible: round to the nearest multiple of `divisor`, at least `min`, and
 * never more than 10 % below `v` unless `roundLimit` is 0. */
export function makeDivisible(v: number, divisor: number, min = divisor, roundLimit = 0.9): number {
  let out = Math.max(min, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < roundLimit * v) out += divisor;
  return out;
}

export const stageKnob = (description: string): KnobSpec => ({ name: 'layers', kind: 'intList', minLength: 1, maxLength: 8, min: 1, max: 200, description });
export const lastStrideKnob: KnobSpec = {
  name: 'last_stride',
  kind: 'enum',
  values: [1, 2],
  description: 'Stride of the last stage (1 keeps a 16× feature map, as in re-ID backbones).',
};

/** timm ResNet's `stem_type`; `values` narrows it for a family (DenseNet has no tiered stem). */
export const stemTypeKnob = (values: readonly string[] = ['', 'deep', 'deep_tiered']): KnobSpec => ({
  name: 'stem_type',
  kind: 'enum',
  values,
  description: 'Stem: "" one 7×7/2 conv; "deep" three 3×3 convs of stem_width, stem_width, 2×stem_width channels (timm c/d/e/s variants)'
    + (values.includes('deep_tiered') ? '; "deep_tiered" 3×⌊stem_width/4⌋, stem_width, 2×stem_width (the t variants).' : '.'),
});
export const stemWidthKnob: KnobSpec = {
  name: 'stem_width',
  kind: 'int',
  min: 1,
  max: 1024,
  description: 'Width of the deep stem\'s first convs (32 in the c/d/t variants, 64 in s/e); the 7×7 stem has 64 channels whatever this says, as in timm.',
};
export const avgDownKnob: KnobSpec = {
  name: 'avg_down',
  kind: 'bool',
  description: 'Projection shortcuts average-pool 2×2 (ceil mode) before a stride-1 1×1 conv (ResNet-D; keys downsample.1, downsample.2) instead of a strided 1×1 conv.',
};
export const aaLayerKnob = (values: readonly string[] = ['', 'avgpool', 'blurpool']): KnobSpec => ({
  name: 'aa_layer',
  kind: 'enum',
  values,
  description: 'Anti-aliased downsampling: "" none'
    + (values.includes('avgpool') ? '; "avgpool" strided 3×3 convs run at stride 1, then a 2×2/2 average pool (resnetaa*)' : '')
    + '; "blurpool" timm\'s BlurPool2d, a fixed 3×3 binomial filter with stride 2 (its multiply-adds are in the FLOPs ledger, not in MACs).',
});
export const normKnob: KnobSpec = {
  name: 'norm',
  kind: 'enum',
  values: ['batchnorm', 'groupnorm'],
  description: 'Norm layer: BatchNorm2d, or GroupNorm with 32 groups (timm resnet50_gn).',
};
export const blockReduceFirstKnob: KnobSpec = {
  name: 'block_reduce_first',
  kind: 'enum',
  values: [1, 2],
  description: 'The first 1×1 conv of a block has width / block_reduce_first channels (2 in SENet-154).',
};
export const downKernelSizeKnob: KnobSpec = {
  name: 'down_kernel_size',
  kind: 'enum',
  values: [1, 3],
  description: 'Kernel of the strided projection conv: 1, or 3 with padding 1 as in SENet-154.',
};
