// Knobs that several families share, each with its usual default (a family that differs says so
// in its defineFamily `defaults`). Names follow timm's and torchvision's arguments.
import { knob } from './knobs';
import type { AaLayer, StemType } from './stages';

export const layersKnob = (description: string) => knob.intList({ minLength: 1, maxLength: 8, min: 1, max: 200, default: [3, 4, 6, 3], description });

export const lastStrideKnob = knob.enum({
  values: [1, 2],
  default: 2,
  description: 'Stride of the last stage (1 keeps a 16× feature map, as in re-ID backbones).',
});

/** timm ResNet's `stem_type`; `values` narrows it for a family (DenseNet has no tiered stem). */
export const stemTypeKnob = <const V extends StemType>(values: readonly ('' | V)[]) => knob.enum({
  values,
  default: '',
  description: 'Stem: "" one 7×7/2 conv; "deep" three 3×3 convs of stem_width, stem_width, 2×stem_width channels (timm c/d/e/s variants)'
    + (values.some((v) => v === 'deep_tiered') ? '; "deep_tiered" 3×⌊stem_width/4⌋, stem_width, 2×stem_width (the t variants).' : '.'),
});

export const stemWidthKnob = knob.int({
  min: 1,
  max: 1024,
  default: 64,
  description: 'Width of the deep stem\'s first convs (32 in the c/d/t variants, 64 in s/e); the 7×7 stem has 64 channels whatever this says, as in timm.',
});

export const avgDownKnob = knob.bool({
  default: false,
  description: 'Projection shortcuts average-pool 2×2 (ceil mode) before a stride-1 1×1 conv (ResNet-D; keys downsample.1, downsample.2) instead of a strided 1×1 conv.',
});

/** Anti-aliased downsampling; `values` narrows it for a family (DenseNet has only the blur pool). */
export const aaLayerKnob = <const V extends AaLayer>(values: readonly ('' | V)[]) => knob.enum({
  values,
  default: '',
  description: 'Anti-aliased downsampling: "" none'
    + (values.some((v) => v === 'avgpool') ? '; "avgpool" strided 3×3 convs run at stride 1, then a 2×2/2 average pool (resnetaa*)' : '')
    + '; "blurpool" timm\'s BlurPool2d, a fixed 3×3 binomial filter with stride 2 (its multiply-adds are in the FLOPs ledger, not in MACs).',
});

export const normKnob = knob.enum({
  values: ['batchnorm', 'groupnorm'],
  default: 'batchnorm',
  description: 'Norm layer: BatchNorm2d, or GroupNorm with 32 groups (timm resnet50_gn).',
});

export const blockReduceFirstKnob = knob.enum({
  values: [1, 2],
  default: 1,
  description: 'The first 1×1 conv of a block has width / block_reduce_first channels (2 in SENet-154).',
});

export const downKernelSizeKnob = knob.enum({
  values: [1, 3],
  default: 1,
  description: 'Kernel of the strided projection conv: 1, or 3 with padding 1 as in SENet-154.',
});

/** Every family has it. */
export const numClassesKnob = knob.int({ min: 0, max: 1_000_000, default: 1000, description: 'Classes of the linear classifier (ImageNet-1k: 1000); 0 = headless, no classifier: the model ends at the pooled features (timm num_classes=0, torchvision fc = nn.Identity()).' });
