// SE-ResNet, SE-ResNeXt and SENet-154 names of timm (resnet.py: timm layout; senet.py: legacy_*).
import { D, L101, L152, L18, L200, L34, L50, T, TIMM, type ZooEntry } from './entry';

const basic = { block: 'basic' } as const;
const x32x4 = { groups: 32, base_width: 4 } as const;
const x32x8 = { groups: 32, base_width: 8 } as const;
const legacy = { legacy: true } as const;
/** SENet-154: deep stem 64-64-128, 64 groups of 4, first 1×1 at half width, 3×3 projection convs. */
const senet154 = { layers: L152, groups: 64, base_width: 4, stem_type: 'deep', stem_width: 64, block_reduce_first: 2, down_kernel_size: 3 } as const;

export const senetZoo: readonly ZooEntry[] = [
  { id: 'seresnet18', family: 'senet', knobs: { ...basic, layers: L18 }, origins: TIMM, description: 'SE-ResNet-18 (timm)' },
  { id: 'seresnet34', family: 'senet', knobs: { ...basic, layers: L34 }, origins: TIMM, description: 'SE-ResNet-34 (timm)' },
  { id: 'seresnet50', family: 'senet', knobs: { layers: L50 }, origins: TIMM, description: 'SE-ResNet-50 (timm): SE gate before the residual add' },
  { id: 'seresnet50t', family: 'senet', knobs: { layers: L50, ...T }, origins: TIMM, description: 'SE-ResNet-50-T: tiered deep stem, avg-down shortcuts' },
  { id: 'seresnet101', family: 'senet', knobs: { layers: L101 }, origins: TIMM, description: 'SE-ResNet-101 (timm)' },
  { id: 'seresnet152', family: 'senet', knobs: { layers: L152 }, origins: TIMM, description: 'SE-ResNet-152 (timm)' },
  { id: 'seresnet152d', family: 'senet', knobs: { layers: L152, ...D }, origins: TIMM, description: 'SE-ResNet-152-D: deep stem, avg-down shortcuts' },
  { id: 'seresnet200d', family: 'senet', knobs: { layers: L200, ...D }, origins: TIMM, description: 'SE-ResNet-200-D' },
  { id: 'seresnet269d', family: 'senet', knobs: { layers: [3, 30, 48, 8], ...D }, origins: TIMM, description: 'SE-ResNet-269-D' },
  { id: 'seresnetaa50d', family: 'senet', knobs: { layers: L50, ...D, aa_layer: 'avgpool' }, origins: TIMM, description: 'SE-ResNet-50-D, anti-aliased with 2×2 average pools' },
  { id: 'seresnext26d_32x4d', family: 'senet', knobs: { layers: L18, ...x32x4, ...D }, origins: TIMM, description: 'SE-ResNeXt-26-D 32×4d' },
  { id: 'seresnext26t_32x4d', family: 'senet', knobs: { layers: L18, ...x32x4, ...T }, origins: TIMM, description: 'SE-ResNeXt-26-T 32×4d: tiered deep stem' },
  { id: 'seresnext50_32x4d', family: 'senet', knobs: { layers: L50, ...x32x4 }, origins: TIMM, description: 'SE-ResNeXt-50 32×4d (timm)' },
  { id: 'seresnext101_32x4d', family: 'senet', knobs: { layers: L101, ...x32x4 }, origins: TIMM, description: 'SE-ResNeXt-101 32×4d (timm)' },
  { id: 'seresnext101_32x8d', family: 'senet', knobs: { layers: L101, ...x32x8 }, origins: TIMM, description: 'SE-ResNeXt-101 32×8d (timm)' },
  { id: 'seresnext101_64x4d', family: 'senet', knobs: { layers: L101, groups: 64, base_width: 4 }, origins: TIMM, description: 'SE-ResNeXt-101 64×4d (timm)' },
  { id: 'seresnext101d_32x8d', family: 'senet', knobs: { layers: L101, ...x32x8, ...D }, origins: TIMM, description: 'SE-ResNeXt-101-D 32×8d' },
  { id: 'seresnextaa101d_32x8d', family: 'senet', knobs: { layers: L101, ...x32x8, ...D, aa_layer: 'avgpool' }, origins: TIMM, description: 'SE-ResNeXt-101-D 32×8d, anti-aliased' },
  { id: 'seresnextaa201d_32x8d', family: 'senet', knobs: { layers: [3, 24, 36, 4], ...x32x8, stem_type: 'deep', stem_width: 64, avg_down: true, aa_layer: 'avgpool' }, origins: TIMM, description: 'SE-ResNeXt-201-D 32×8d, anti-aliased, deep stem 64-64-128' },
  { id: 'senet154', family: 'senet', knobs: senet154, origins: TIMM, description: 'SENet-154 (timm layout)' },
  { id: 'legacy_senet154', family: 'senet', knobs: { ...senet154, ...legacy }, origins: TIMM, description: 'SENet-154, original Caffe layout (layer0 stem)' },
  { id: 'legacy_seresnet18', family: 'senet', knobs: { ...basic, layers: L18, ...legacy }, origins: TIMM, description: 'SE-ResNet-18, original layout' },
  { id: 'legacy_seresnet34', family: 'senet', knobs: { ...basic, layers: L34, ...legacy }, origins: TIMM, description: 'SE-ResNet-34, original layout' },
  { id: 'legacy_seresnet50', family: 'senet', knobs: { layers: L50, ...legacy }, origins: TIMM, description: 'SE-ResNet-50, original Caffe layout (stride on the first 1×1)' },
  { id: 'legacy_seresnet101', family: 'senet', knobs: { layers: L101, ...legacy }, origins: TIMM, description: 'SE-ResNet-101, original Caffe layout' },
  { id: 'legacy_seresnet152', family: 'senet', knobs: { layers: L152, ...legacy }, origins: TIMM, description: 'SE-ResNet-152, original Caffe layout' },
  { id: 'legacy_seresnext26_32x4d', family: 'senet', knobs: { layers: L18, ...x32x4, ...legacy }, origins: TIMM, description: 'SE-ResNeXt-26 32×4d, original layout (stride on the 3×3)' },
  { id: 'legacy_seresnext50_32x4d', family: 'senet', knobs: { layers: L50, ...x32x4, ...legacy }, origins: TIMM, description: 'SE-ResNeXt-50 32×4d, original layout (stride on the 3×3)' },
  { id: 'legacy_seresnext101_32x4d', family: 'senet', knobs: { layers: L101, ...x32x4, ...legacy }, origins: TIMM, description: 'SE-ResNeXt-101 32×4d, original layout (stride on the 3×3)' },
];
