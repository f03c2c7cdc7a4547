// DenseNet (torchvision 0.14 and timm densenet.py), Res2Net (timm res2net.py) and ResNeSt (timm
// resnest.py) names.
import { BOTH, D, L101, L50, TIMM, type ZooEntry } from './entry';

export const densenetZoo: readonly ZooEntry[] = [
  { id: 'densenet121', family: 'densenet', knobs: { block_config: [6, 12, 24, 16] }, origins: BOTH, description: 'DenseNet-121, growth 32' },
  { id: 'densenet161', family: 'densenet', knobs: { growth_rate: 48, block_config: [6, 12, 36, 24], num_init_features: 96 }, origins: BOTH, description: 'DenseNet-161, growth 48' },
  { id: 'densenet169', family: 'densenet', knobs: { block_config: [6, 12, 32, 32] }, origins: BOTH, description: 'DenseNet-169' },
  { id: 'densenet201', family: 'densenet', knobs: { block_config: [6, 12, 48, 32] }, origins: BOTH, description: 'DenseNet-201' },
  { id: 'densenet264d', family: 'densenet', knobs: { growth_rate: 48, block_config: [6, 12, 64, 48], num_init_features: 96, stem_type: 'deep' }, origins: TIMM, description: 'DenseNet-264-D: growth 48, deep stem' },
  { id: 'densenetblur121d', family: 'densenet', knobs: { block_config: [6, 12, 24, 16], stem_type: 'deep', aa_layer: 'blurpool' }, origins: TIMM, description: 'DenseNet-121-D: deep stem, blur-pooled stem' },
];

const r2 = (layers: readonly number[], baseWidth: number, scale: number) => ({ layers: [...layers], base_width: baseWidth, scale });

export const res2netZoo: readonly ZooEntry[] = [
  { id: 'res2net50_14w_8s', family: 'res2net', knobs: r2(L50, 14, 8), origins: TIMM, description: 'Res2Net-50 14w×8s' },
  { id: 'res2net50_26w_4s', family: 'res2net', knobs: r2(L50, 26, 4), origins: TIMM, description: 'Res2Net-50 26w×4s: 4 hierarchical scales per block' },
  { id: 'res2net50_26w_6s', family: 'res2net', knobs: r2(L50, 26, 6), origins: TIMM, description: 'Res2Net-50 26w×6s' },
  { id: 'res2net50_26w_8s', family: 'res2net', knobs: r2(L50, 26, 8), origins: TIMM, description: 'Res2Net-50 26w×8s' },
  { id: 'res2net50_48w_2s', family: 'res2net', knobs: r2(L50, 48, 2), origins: TIMM, description: 'Res2Net-50 48w×2s' },
  { id: 'res2net50d', family: 'res2net', knobs: { ...r2(L50, 26, 4), ...D }, origins: TIMM, description: 'Res2Net-50-D 26w×4s: deep stem, avg-down shortcuts' },
  { id: 'res2net101_26w_4s', family: 'res2net', knobs: r2(L101, 26, 4), origins: TIMM, description: 'Res2Net-101 26w×4s' },
  { id: 'res2net101d', family: 'res2net', knobs: { ...r2(L101, 26, 4), ...D }, origins: TIMM, description: 'Res2Net-101-D 26w×4s' },
  { id: 'res2next50', family: 'res2net', knobs: { ...r2(L50, 4, 4), groups: 8 }, origins: TIMM, description: 'Res2NeXt-50 4w×4s, 8 groups' },
];

/** timm's ResNeSt "e" variants: deep stem 64-64-128. */
const e = { stem_width: 64 } as const;

export const resnestZoo: readonly ZooEntry[] = [
  { id: 'resnest14d', family: 'resnest', knobs: { layers: [1, 1, 1, 1] }, origins: TIMM, description: 'ResNeSt-14d' },
  { id: 'resnest26d', family: 'resnest', knobs: { layers: [2, 2, 2, 2] }, origins: TIMM, description: 'ResNeSt-26d' },
  { id: 'resnest50d', family: 'resnest', knobs: { layers: L50 }, origins: TIMM, description: 'ResNeSt-50d: split attention, radix 2, deep stem' },
  { id: 'resnest50d_1s4x24d', family: 'resnest', knobs: { layers: L50, radix: 1, cardinality: 4, base_width: 24, avd_first: true }, origins: TIMM, description: 'ResNeSt-50d 1s4x24d: radix 1, 4 groups of 24' },
  { id: 'resnest50d_4s2x40d', family: 'resnest', knobs: { layers: L50, radix: 4, cardinality: 2, base_width: 40, avd_first: true }, origins: TIMM, description: 'ResNeSt-50d 4s2x40d: radix 4, 2 groups of 40' },
  { id: 'resnest101e', family: 'resnest', knobs: { layers: L101, ...e }, origins: TIMM, description: 'ResNeSt-101e: deep stem 64-64-128, trained at 256' },
  { id: 'resnest200e', family: 'resnest', knobs: { layers: [3, 24, 36, 3], ...e }, origins: TIMM, description: 'ResNeSt-200e' },
  { id: 'resnest269e', family: 'resnest', knobs: { layers: [3, 30, 48, 8], ...e }, origins: TIMM, description: 'ResNeSt-269e' },
];
