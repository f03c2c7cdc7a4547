// ResNet, ResNeXt, Wide ResNet and (through options) SE-ResNet, as torchvision and timm build
// them: a stem (7×7, deep or deep tiered), four stages of basic or bottleneck blocks, global
// average pool, linear. The bottleneck's stride sits on its 3×3 conv (or, with anti-aliasing,
// on the aa layer after it; or on the first 1×1 for the legacy Caffe SE-ResNet).
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';
import { GraphBuilder, type Tensor } from '../graph/builder';
import type { BackboneGraph } from '../graph/types';
import { defineFamily, type Naming } from './family';
import { knob, type KnobsOf } from './knobs';
import { legacyNames, legacyStem } from './legacy';
import { plainResidualStateDict } from './residualStateDict';
import { aaLayerKnob, avgDownKnob, blockReduceFirstKnob, downKernelSizeKnob, lastStrideKnob, layersKnob, normKnob, numClassesKnob, stemTypeKnob, stemWidthKnob } from './sharedKnobs';
import { blockAa, classifierHead, makeDivisible, norm, projection, residualShape, residualStages, residualStem, timmNames, torchvisionNames, usesAa, type BlockContext, type ResidualShape } from './stages';

export interface SqueezeExcite {
  reduction: number;
  bias: boolean;
  /** Module name of the SE block: timm `se`, legacy SENet `se_module`. */
  module: 'se' | 'se_module';
  /** timm rounds the reduced width to a multiple of 8; legacy SENet uses C // reduction. */
  rounding: 'timm' | 'floor';
}

export interface ResidualOptions {
  block: 'basic' | 'bottleneck';
  layers: readonly number[];
  baseWidth: number;
  /** Groups of the 3×3 conv (the `groups` knob; timm and ResNeSt call it cardinality). */
  cardinality: number;
  lastStride: number;
  numClasses: number;
  /** IBN-a (the seed's `with_ibn`): bn1 of the bottlenecks of all stages but the last is half InstanceNorm, half BatchNorm. */
  ibn: boolean;
  se?: SqueezeExcite;
  /** Legacy Caffe SENet: `layer0.*` stem with a ceil-mode max pool, `last_linear`; SE-ResNet blocks put the stride on the first 1×1 conv. */
  legacy: boolean;
  shape: ResidualShape;
  /** The first 1×1 (bottleneck) or 3×3 (basic) conv has width / reduceFirst channels. */
  reduceFirst: number;
  naming: Naming;
}

export function buildResidual(modelId: string, o: ResidualOptions): BackboneGraph {
  const b = new GraphBuilder(modelId);
  const expansion = o.block === 'bottleneck' ? 4 : 1;
  let x = b.input(3);
  const names = o.legacy ? legacyNames : o.naming === 'timm' ? timmNames : torchvisionNames;
  x = o.legacy ? legacyStem(b, x, o.shape) : residualStem(b, x, o.shape, names);
  x = residualStages(b, x, o.layers, o.lastStride, expansion, (t, ctx) =>
    o.block === 'bottleneck' ? bottleneck(b, t, ctx, o, o.ibn && ctx.stage < o.layers.length - 1) : basicBlock(b, t, ctx, o),
  );
  return b.finish(classifierHead(b, x, o.numClasses, names), x);
}

/** The projection; the legacy SENet uses its 3×3 downsample kernel in every stage after the first, strided or not. */
function shortcut(b: GraphBuilder, x: Tensor, out: number, ctx: BlockContext, o: ResidualOptions): Tensor {
  const legacyKernel = o.legacy ? (ctx.stage === 0 ? 1 : o.shape.downKernel) : undefined;
  return projection(b, x, out, ctx.stride, o.shape, legacyKernel);
}

function bottleneck(b: GraphBuilder, x: Tensor, ctx: BlockContext, o: ResidualOptions, ibn: boolean): Tensor {
  const { planes, stride } = ctx;
  const width = Math.floor((planes * o.baseWidth) / 64) * o.cardinality;
  const first = Math.floor(width / o.reduceFirst);
  // timm's legacy SEResNetBottleneck (groups 1) strides its first 1×1; its SEResNeXtBottleneck and SEBottleneck stride the 3×3.
  const strideOnFirst = o.legacy && o.cardinality === 1;
  const aa = usesAa(o.shape.aa, stride);
  let t = b.conv('conv1', x, { out: first, kernel: 1, stride: strideOnFirst ? stride : 1, depth: true });
  t = ibn ? ibnA(b, t) : norm(b, 'bn1', t, o.shape.norm);
  t = b.relu('act1', t);
  t = b.conv('conv2', t, { out: width, kernel: 3, stride: strideOnFirst || aa ? 1 : stride, padding: 1, groups: o.cardinality, depth: true });
  t = norm(b, 'bn2', t, o.shape.norm);
  t = b.relu('act2', t);
  if (aa) t = blockAa(b, t, o.shape.aa, stride);
  t = b.conv('conv3', t, { out: planes * 4, kernel: 1, depth: true });
  t = norm(b, 'bn3', t, o.shape.norm);
  if (o.se) t = squeezeExcite(b, t, o.se);
  const sc = ctx.project ? shortcut(b, x, planes * 4, ctx, o) : x;
  return b.relu('act3', b.addTensors('add', [t, sc]));
}

function basicBlock(b: GraphBuilder, x: Tensor, ctx: BlockContext, o: ResidualOptions): Tensor {
  const { planes, stride } = ctx;
  const aa = usesAa(o.shape.aa, stride);
  let t = b.conv('conv1', x, { out: Math.floor(planes / o.reduceFirst), kernel: 3, stride: aa ? 1 : stride, padding: 1, depth: true });
  t = norm(b, 'bn1', t, o.shape.norm);
  t = b.relu('act1', t);
  if (aa) t = blockAa(b, t, o.shape.aa, stride);
  t = b.conv('conv2', t, { out: planes, kernel: 3, padding: 1, depth: true });
  t = norm(b, 'bn2', t, o.shape.norm);
  // timm's legacy SEResNetBlock applies its ReLU before the SE gate as well.
  if (o.legacy) t = b.relu('act2', t);
  if (o.se) t = squeezeExcite(b, t, o.se);
  const sc = ctx.project ? shortcut(b, x, planes, ctx, o) : x;
  return b.relu(o.legacy ? 'act3' : 'act2', b.addTensors('add', [t, sc]));
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

/** The knobs of the ResNet skeleton, shared with SENet. */
export const residualSchema = {
  block: knob.enum({ values: ['basic', 'bottleneck'], default: 'bottleneck', description: 'Residual block: two 3×3 convs (basic) or 1×1 → 3×3 → 1×1 (bottleneck, expansion 4).' }),
  layers: layersKnob('Blocks per stage, e.g. [3, 4, 6, 3] for the 50-layer networks.'),
  base_width: knob.int({ min: 1, max: 4096, default: 64, description: 'Width per group of the bottleneck (64 for ResNet, 4 for ResNeXt 32x4d, 128 for Wide ResNet-50-2).' }),
  groups: knob.int({ min: 1, max: 1024, default: 1, description: 'Cardinality: groups of the 3×3 conv (32 for ResNeXt 32x4d).' }),
  last_stride: lastStrideKnob,
  ibn: knob.bool({ default: false, description: 'IBN-a: half InstanceNorm, half BatchNorm in bn1 of the bottlenecks of every stage but the last.' }),
  stem_type: stemTypeKnob(['', 'deep', 'deep_tiered']),
  stem_width: stemWidthKnob,
  avg_down: avgDownKnob,
  aa_layer: aaLayerKnob(['', 'avgpool', 'blurpool']),
  norm: normKnob,
  block_reduce_first: blockReduceFirstKnob,
  down_kernel_size: downKernelSizeKnob,
  num_classes: numClassesKnob,
};

export type ResidualKnobs = KnobsOf<typeof residualSchema>;

export function checkResidual(k: ResidualKnobs, source?: string): void {
  if (k.block === 'basic' && (k.groups !== 1 || k.base_width !== 64)) {
    throw new InvalidConfigError('$.block', l10n.t('the basic block supports only groups=1 and base_width=64 (got groups={0}, base_width={1})', k.groups, k.base_width), source);
  }
  if (k.block === 'basic' && k.ibn) throw new InvalidConfigError('$.ibn', l10n.t('IBN-a is defined for the bottleneck block only'), source);
  if (k.ibn && k.norm === 'groupnorm') throw new InvalidConfigError('$.ibn', l10n.t('IBN-a mixes InstanceNorm with BatchNorm; it cannot be combined with norm: "groupnorm"'), source);
  if (k.avg_down && k.down_kernel_size !== 1) throw new InvalidConfigError('$.down_kernel_size', l10n.t('an avg-down shortcut always uses a 1×1 conv; down_kernel_size 3 needs avg_down: false'), source);
  // base_width ≥ 1 keeps every bottleneck ≥ 1 channel wide; block_reduce_first can still halve the
  // narrowest (stage 1, 64 planes) first 1×1 to nothing.
  const narrowest = Math.floor((64 * k.base_width) / 64) * k.groups;
  if (k.block === 'bottleneck' && Math.floor(narrowest / k.block_reduce_first) < 1) {
    throw new InvalidConfigError('$.block_reduce_first', l10n.t('the first 1×1 conv of layer1\'s bottlenecks would have 0 channels (width {0} / block_reduce_first {1})', narrowest, k.block_reduce_first), source);
  }
}

export function residualOptions(k: ResidualKnobs, naming: Naming): ResidualOptions {
  return {
    block: k.block,
    layers: k.layers,
    baseWidth: k.base_width,
    cardinality: k.groups,
    lastStride: k.last_stride,
    numClasses: k.num_classes,
    ibn: k.ibn,
    legacy: false,
    shape: residualShape(k),
    reduceFirst: k.block_reduce_first,
    naming,
  };
}

export const resnetFamily = defineFamily({
  id: 'resnet',
  label: 'ResNet',
  knobs: residualSchema,
  naming: 'torchvision',
  check: checkResidual,
  build: (id, k, naming) => buildResidual(id, residualOptions(k, naming)),
  stateDict: plainResidualStateDict,
});

export const resnextFamily = defineFamily({
  id: 'resnext',
  label: 'ResNeXt',
  knobs: residualSchema,
  defaults: { groups: 32, base_width: 4 },
  naming: 'torchvision',
  check: checkResidual,
  build: (id, k, naming) => buildResidual(id, residualOptions(k, naming)),
  stateDict: plainResidualStateDict,
});
