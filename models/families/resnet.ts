// ResNet, ResNeXt, Wide ResNet and (through options) SE-ResNet, as torchvision and timm build
// them: stem 7×7/2 conv → BN → ReLU → 3×3/2 max pool, four stages of basic or bottleneck
// blocks, global average pool, linear. The bottleneck's stride sits on its 3×3 conv (or on the
// first 1×1 for the legacy Caffe SENet).
import { InvalidConfigError } from '../errors';
import { GraphBuilder, type Tensor } from '../graph/builder';
import type { FamilyId, Graph } from '../graph/types';
import { makeDivisible, lastStrideKnob, stageKnob, type FamilyDef } from './family';
import { classifierHead, plainStem, projection, residualStages, timmNames, torchvisionNames, type ModuleNames } from './stages';
import { commonKnobs, type KnobSpec, type KnobValues } from './knobs';

export interface SqueezeExcite {
  reduction: number;
  bias: boolean;
  /** Module name of the SE block: timm `se`, legacy SENet `se_module`. */
  module: 'se' | 'se_module';
  /** timm rounds the reduced width to a multiple of 8; legacy SENet uses C // reduction. */
  rounding: 'timm' | 'floor';
}

export interface ResidualOptions {
  family: FamilyId;
  block: 'basic' | 'bottleneck';
  layers: readonly number[];
  baseWidth: number;
  groups: number;
  lastStride: number;
  numClasses: number;
  /** IBN-a (the seed's `with_ibn`): bn1 of the bottlenecks of all stages but the last is half InstanceNorm, half BatchNorm. */
  ibn: boolean;
  se?: SqueezeExcite;
  /** Legacy Caffe SENet: stride on the first 1×1 conv, `layer0.*` stem with a ceil-mode max pool, `last_linear`. */
  legacy: boolean;
}

export function buildResidual(modelId: string, o: ResidualOptions): Graph {
  const b = new GraphBuilder(modelId, o.family);
  const expansion = o.block === 'bottleneck' ? 4 : 1;
  let x = b.input(3);
  const names = o.legacy ? legacyNames : o.family === 'senet' ? timmNames : torchvisionNames;
  x = o.legacy ? legacyStem(b, x) : plainStem(b, x, names);
  x = residualStages(b, x, o.layers, o.lastStride, expansion, (t, ctx) =>
    o.block === 'bottleneck'
      ? bottleneck(b, t, ctx.planes, ctx.stride, ctx.project, o, o.ibn && ctx.stage < o.layers.length - 1)
      : basicBlock(b, t, ctx.planes, ctx.stride, ctx.project, o),
  );
  b.markFeatures(x);
  return b.finish(classifierHead(b, x, o.numClasses, names));
}

const legacyNames: ModuleNames = { stemAct: 'relu1', pool: 'global_pool', fc: 'last_linear' };

/** The Caffe SENet stem: `layer0` (7×7/2 conv → BN → ReLU), then `pool0`, a 3×3/2 max pool in ceil mode without padding. */
function legacyStem(b: GraphBuilder, x: Tensor): Tensor {
  return b.group(
    'stem',
    'Stem (layer0, pool0)',
    '',
    () => {
      const t = b.withPrefix('layer0', () => b.relu(legacyNames.stemAct, b.batchnorm('bn1', b.conv('conv1', x, { out: 64, kernel: 7, stride: 2, padding: 3, depth: true }))));
      return b.maxpool('pool0', t, { kernel: 3, stride: 2, ceilMode: true });
    },
    'stem',
  );
}

function bottleneck(b: GraphBuilder, x: Tensor, planes: number, stride: number, project: boolean, o: ResidualOptions, ibn: boolean): Tensor {
  const width = Math.floor((planes * o.baseWidth) / 64) * o.groups;
  let t = b.conv('conv1', x, { out: width, kernel: 1, stride: o.legacy ? stride : 1, depth: true });
  t = ibn ? ibnA(b, t) : b.batchnorm('bn1', t);
  t = b.relu('act1', t);
  t = b.conv('conv2', t, { out: width, kernel: 3, stride: o.legacy ? 1 : stride, padding: 1, groups: o.groups, depth: true });
  t = b.batchnorm('bn2', t);
  t = b.relu('act2', t);
  t = b.conv('conv3', t, { out: planes * 4, kernel: 1, depth: true });
  t = b.batchnorm('bn3', t);
  if (o.se) t = squeezeExcite(b, t, o.se);
  const shortcut = project ? projection(b, x, planes * 4, stride) : x;
  return b.relu('act3', b.addTensors('add', [t, shortcut]));
}

function basicBlock(b: GraphBuilder, x: Tensor, planes: number, stride: number, project: boolean, o: ResidualOptions): Tensor {
  let t = b.conv('conv1', x, { out: planes, kernel: 3, stride, padding: 1, depth: true });
  t = b.batchnorm('bn1', t);
  t = b.relu('act1', t);
  t = b.conv('conv2', t, { out: planes, kernel: 3, padding: 1, depth: true });
  t = b.batchnorm('bn2', t);
  if (o.se) t = squeezeExcite(b, t, o.se);
  const shortcut = project ? projection(b, x, planes, stride) : x;
  return b.relu('act2', b.addTensors('add', [t, shortcut]));
}

/** Squeeze-and-excitation: global average pool → 1×1 conv → ReLU → 1×1 conv → sigmoid → channel-wise multiply. */
export function squeezeExcite(b: GraphBuilder, x: Tensor, se: SqueezeExcite): Tensor {
  const reduced = se.rounding === 'timm' ? makeDivisible(x.channels / se.reduction, 8, 8, 0) : Math.floor(x.channels / se.reduction);
  return b.group('module', 'Squeeze-and-excitation', se.module, () => {
    let g = b.globalAvgPool('pool', x);
    g = b.conv('fc1', g, { out: reduced, kernel: 1, bias: se.bias });
    g = b.relu('act', g);
    g = b.conv('fc2', g, { out: x.channels, kernel: 1, bias: se.bias });
    g = b.sigmoid('gate', g);
    return b.mul('mul', x, g);
  });
}

/** IBN-a normalisation: InstanceNorm on the first half of the channels, BatchNorm on the rest. */
function ibnA(b: GraphBuilder, x: Tensor): Tensor {
  const half = Math.floor(x.channels * 0.5);
  return b.group('module', 'IBN-a', 'bn1', () => {
    const [first, rest] = b.split('split', x, [half, x.channels - half]);
    return b.concat('cat', [b.instancenorm('IN', first), b.batchnorm('BN', rest)]);
  });
}

export const residualKnobs: readonly KnobSpec[] = [
  { name: 'block', kind: 'enum', values: ['basic', 'bottleneck'], description: 'Residual block: two 3×3 convs (basic) or 1×1 → 3×3 → 1×1 (bottleneck, expansion 4).' },
  stageKnob('Blocks per stage, e.g. [3, 4, 6, 3] for the 50-layer networks.'),
  { name: 'base_width', kind: 'int', min: 1, max: 4096, description: 'Width per group of the bottleneck (64 for ResNet, 4 for ResNeXt 32x4d, 128 for Wide ResNet-50-2).' },
  { name: 'groups', kind: 'int', min: 1, max: 1024, description: 'Cardinality: groups of the 3×3 conv (32 for ResNeXt 32x4d).' },
  lastStrideKnob,
  { name: 'ibn', kind: 'bool', description: 'IBN-a: half InstanceNorm, half BatchNorm in bn1 of the bottlenecks of every stage but the last.' },
  ...commonKnobs,
];

export function checkResidual(k: KnobValues, source?: string): void {
  if (k.block === 'basic' && (k.groups !== 1 || k.base_width !== 64)) {
    throw new InvalidConfigError('$.block', `the basic block supports only groups=1 and base_width=64 (got groups=${String(k.groups)}, base_width=${String(k.base_width)})`, source);
  }
  if (k.block === 'basic' && k.ibn === true) throw new InvalidConfigError('$.ibn', 'IBN-a is defined for the bottleneck block only', source);
  if (Math.floor((64 * (k.base_width as number)) / 64) < 1) throw new InvalidConfigError('$.base_width', 'the bottleneck width would be 0', source);
}

export function residualOptions(family: FamilyId, k: KnobValues): ResidualOptions {
  return {
    family,
    block: k.block as 'basic' | 'bottleneck',
    layers: k.layers as number[],
    baseWidth: k.base_width as number,
    groups: k.groups as number,
    lastStride: k.last_stride as number,
    numClasses: k.num_classes as number,
    ibn: k.ibn === true,
    legacy: false,
  };
}

const residualDefaults: KnobValues = { block: 'bottleneck', layers: [3, 4, 6, 3], base_width: 64, groups: 1, last_stride: 2, ibn: false, num_classes: 1000 };

export const resnetFamily: FamilyDef = {
  id: 'resnet',
  label: 'ResNet',
  knobs: residualKnobs,
  defaults: residualDefaults,
  check: checkResidual,
  build: (id, k) => buildResidual(id, residualOptions('resnet', k)),
};

export const resnextFamily: FamilyDef = {
  id: 'resnext',
  label: 'ResNeXt',
  knobs: residualKnobs,
  defaults: { ...residualDefaults, groups: 32, base_width: 4 },
  check: checkResidual,
  build: (id, k) => buildResidual(id, residualOptions('resnext', k)),
};
