// The 20 named variants, as data: the ids users type (torchvision / timm names), their family,
// the knobs that differ from the family defaults, the weights' origin and their preprocessing.
import type { FamilyId } from './graph/types';
import type { KnobValues } from './families/knobs';

export interface Preprocessing {
  /** Square input size in pixels after the crop. */
  inputSize: number;
  /** Resize to inputSize / cropPct (shorter side), then centre-crop inputSize. */
  cropPct: number;
  interpolation: 'bilinear' | 'bicubic';
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export interface Preset {
  readonly id: string;
  readonly family: FamilyId;
  readonly knobs: KnobValues;
  /** Whose checkpoint naming and training recipe the preset follows. */
  readonly origin: 'torchvision' | 'timm';
  readonly preprocessing: Preprocessing;
  readonly description: string;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
/** torchvision: resize 256, crop 224, bilinear. */
const tv: Preprocessing = { inputSize: 224, cropPct: 224 / 256, interpolation: 'bilinear', mean: IMAGENET_MEAN, std: IMAGENET_STD };
const timm = (inputSize: number, cropPct: number, interpolation: Preprocessing['interpolation']): Preprocessing => ({ inputSize, cropPct, interpolation, mean: IMAGENET_MEAN, std: IMAGENET_STD });

const L50 = [3, 4, 6, 3];
const L101 = [3, 4, 23, 3];

export const presets: readonly Preset[] = [
  { id: 'resnet18', family: 'resnet', knobs: { block: 'basic', layers: [2, 2, 2, 2] }, origin: 'torchvision', preprocessing: tv, description: 'ResNet-18, basic blocks' },
  { id: 'resnet34', family: 'resnet', knobs: { block: 'basic', layers: [3, 4, 6, 3] }, origin: 'torchvision', preprocessing: tv, description: 'ResNet-34, basic blocks' },
  { id: 'resnet50', family: 'resnet', knobs: { layers: L50 }, origin: 'torchvision', preprocessing: tv, description: 'ResNet-50, bottleneck blocks, stride on the 3×3' },
  { id: 'resnet101', family: 'resnet', knobs: { layers: L101 }, origin: 'torchvision', preprocessing: tv, description: 'ResNet-101' },
  { id: 'resnet152', family: 'resnet', knobs: { layers: [3, 8, 36, 3] }, origin: 'torchvision', preprocessing: tv, description: 'ResNet-152' },
  { id: 'wide_resnet50_2', family: 'resnet', knobs: { layers: L50, base_width: 128 }, origin: 'torchvision', preprocessing: tv, description: 'Wide ResNet-50-2: bottlenecks twice as wide' },
  { id: 'resnext50_32x4d', family: 'resnext', knobs: { layers: L50, groups: 32, base_width: 4 }, origin: 'torchvision', preprocessing: tv, description: 'ResNeXt-50 32×4d: grouped 3×3 convs' },
  { id: 'resnext101_32x8d', family: 'resnext', knobs: { layers: L101, groups: 32, base_width: 8 }, origin: 'torchvision', preprocessing: tv, description: 'ResNeXt-101 32×8d' },
  { id: 'seresnet50', family: 'senet', knobs: { layers: L50 }, origin: 'timm', preprocessing: timm(224, 0.95, 'bicubic'), description: 'SE-ResNet-50 (timm): SE gate before the residual add' },
  { id: 'seresnext50_32x4d', family: 'senet', knobs: { layers: L50, groups: 32, base_width: 4 }, origin: 'timm', preprocessing: timm(224, 0.875, 'bicubic'), description: 'SE-ResNeXt-50 32×4d (timm)' },
  { id: 'legacy_seresnet50', family: 'senet', knobs: { layers: L50, legacy: true }, origin: 'timm', preprocessing: timm(224, 0.875, 'bilinear'), description: 'SE-ResNet-50, original Caffe layout (stride on the first 1×1)' },
  { id: 'densenet121', family: 'densenet', knobs: { block_config: [6, 12, 24, 16] }, origin: 'torchvision', preprocessing: tv, description: 'DenseNet-121, growth 32' },
  { id: 'densenet161', family: 'densenet', knobs: { growth_rate: 48, block_config: [6, 12, 36, 24], num_init_features: 96 }, origin: 'torchvision', preprocessing: tv, description: 'DenseNet-161, growth 48' },
  { id: 'densenet169', family: 'densenet', knobs: { block_config: [6, 12, 32, 32] }, origin: 'torchvision', preprocessing: tv, description: 'DenseNet-169' },
  { id: 'densenet201', family: 'densenet', knobs: { block_config: [6, 12, 48, 32] }, origin: 'torchvision', preprocessing: tv, description: 'DenseNet-201' },
  { id: 'res2net50_26w_4s', family: 'res2net', knobs: { layers: L50, base_width: 26, scale: 4 }, origin: 'timm', preprocessing: timm(224, 0.875, 'bilinear'), description: 'Res2Net-50 26w×4s: 4 hierarchical scales per block' },
  { id: 'res2net101_26w_4s', family: 'res2net', knobs: { layers: L101, base_width: 26, scale: 4 }, origin: 'timm', preprocessing: timm(224, 0.875, 'bilinear'), description: 'Res2Net-101 26w×4s' },
  { id: 'res2net50_48w_2s', family: 'res2net', knobs: { layers: L50, base_width: 48, scale: 2 }, origin: 'timm', preprocessing: timm(224, 0.875, 'bilinear'), description: 'Res2Net-50 48w×2s' },
  { id: 'resnest50d', family: 'resnest', knobs: { layers: L50, stem_width: 32 }, origin: 'timm', preprocessing: timm(224, 0.875, 'bilinear'), description: 'ResNeSt-50d: split attention, radix 2, deep stem' },
  { id: 'resnest101e', family: 'resnest', knobs: { layers: L101, stem_width: 64 }, origin: 'timm', preprocessing: timm(256, 0.875, 'bilinear'), description: 'ResNeSt-101e: deep stem 64-64-128, trained at 256' },
];

const byId = new Map(presets.map((p) => [p.id, p]));

export function findPreset(id: string): Preset | undefined {
  return byId.get(id);
}
