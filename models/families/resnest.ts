// ResNeSt (timm ResNestBottleneck + SplitAttn): a deep stem, bottlenecks whose 3×3 conv is a
// split-attention conv (radix splits summed, globally pooled, two 1×1 convs, softmax across the
// splits, weighted sum), an average pool after it in strided blocks (avd), and shortcuts that
// average-pool before a stride-1 projection (avg_down).
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';
import { GraphBuilder, type Tensor } from '../graph/builder';
import { defineFamily } from './family';
import { knob, type KnobsOf, type KnobValues } from './knobs';
import { avgDownKnob, lastStrideKnob, layersKnob, numClassesKnob, stemTypeKnob, stemWidthKnob } from './sharedKnobs';
import { dims, ratio, residualLayoutKnobs, residualStageCounts, type StateDictLayout } from './stateDict';
import { classifierHead, makeDivisible, projection, residualShape, residualStages, residualStem, timmNames, type BlockContext, type ResidualShape } from './stages';

const resnestSchema = {
  layers: layersKnob('Blocks per stage, e.g. [3, 4, 6, 3] for ResNeSt-50.'),
  radix: knob.int({ min: 1, max: 16, default: 2, description: 'Splits per cardinal group that split attention weighs (2).' }),
  cardinality: knob.int({ min: 1, max: 256, default: 1, description: 'Cardinal groups of the split-attention conv (1).' }),
  base_width: knob.int({ min: 1, max: 4096, default: 64, description: 'Width per cardinal group per 64 planes (64).' }),
  stem_type: stemTypeKnob(['', 'deep', 'deep_tiered']),
  stem_width: stemWidthKnob,
  avg_down: avgDownKnob,
  avd: knob.bool({ default: true, description: 'Strided blocks downsample with a 3×3 average pool instead of a strided 3×3 conv.' }),
  avd_first: knob.bool({ default: false, description: 'Put that average pool before the split-attention conv instead of after it.' }),
  last_stride: lastStrideKnob,
  num_classes: numClassesKnob,
};

type ResNeStKnobs = KnobsOf<typeof resnestSchema>;

function buildResNeSt(modelId: string, k: ResNeStKnobs) {
  const b = new GraphBuilder(modelId);
  const shape = residualShape(k);
  let x = residualStem(b, b.input(3), shape, timmNames);
  x = residualStages(b, x, k.layers, k.last_stride, 4, (t, ctx) => resnestBottleneck(b, t, ctx, k, shape));
  return b.finish(classifierHead(b, x, k.num_classes, timmNames), x);
}

function resnestBottleneck(b: GraphBuilder, x: Tensor, ctx: BlockContext, k: ResNeStKnobs, shape: ResidualShape): Tensor {
  const cardinality = k.cardinality;
  const groupWidth = Math.floor((ctx.planes * k.base_width) / 64) * cardinality;
  const avdStride = k.avd && ctx.stride > 1 ? ctx.stride : 0;
  let t = b.conv('conv1', x, { out: groupWidth, kernel: 1, depth: true });
  t = b.relu('act1', b.batchnorm('bn1', t));
  if (avdStride && k.avd_first) t = b.avgpool('avd_first', t, { kernel: 3, stride: avdStride, padding: 1 });
  t = b.group('module', 'Split attention', 'conv2', () => splitAttention(b, t, avdStride ? 1 : ctx.stride, cardinality, k.radix));
  if (avdStride && !k.avd_first) t = b.avgpool('avd_last', t, { kernel: 3, stride: avdStride, padding: 1 });
  t = b.batchnorm('bn3', b.conv('conv3', t, { out: ctx.planes * 4, kernel: 1, depth: true }));
  const shortcut = ctx.project ? projection(b, x, ctx.planes * 4, ctx.stride, shape) : x;
  return b.relu('act3', b.addTensors('add', [t, shortcut]));
}

/** SplitAttn: conv to radix×C (groups radix×cardinality) → BN → ReLU → attention over the radix splits. */
function splitAttention(b: GraphBuilder, x: Tensor, stride: number, cardinality: number, radix: number): Tensor {
  const out = x.channels;
  const attnChannels = makeDivisible(x.channels * radix * 0.25, 8, 32);
  let t = b.conv('conv', x, { out: out * radix, kernel: 3, stride, padding: 1, groups: cardinality * radix, depth: true });
  t = b.relu('act0', b.batchnorm('bn0', t));
  const splits = radix > 1 ? b.split('split', t, Array.from({ length: radix }, () => out)) : [t];
  let gap = radix > 1 ? b.addTensors('sum', splits) : t;
  gap = b.globalAvgPool('pool', gap);
  let attn = b.conv('fc1', gap, { out: attnChannels, kernel: 1, bias: true, groups: cardinality });
  attn = b.relu('act1', b.batchnorm('bn1', attn));
  attn = b.conv('fc2', attn, { out: out * radix, kernel: 1, bias: true, groups: cardinality });
  if (radix === 1) return b.mul('mul', t, b.sigmoid('gate', attn));
  attn = b.rsoftmax('rsoftmax', attn, radix, cardinality);
  const weights = b.split('attn_split', attn, Array.from({ length: radix }, () => out));
  return b.addTensors('weighted_sum', splits.map((s, i) => b.mul(`mul.${i}`, s, weights[i])));
}

/** ResNeSt's state dict: the split-attention conv `conv2.conv` holds radix × cardinality groups of the first 1×1's width. */
const resnestStateDict: StateDictLayout = {
  stemKeys: ['conv1.weight', 'conv1.0.weight'],
  stageStarts: ['layer1.0.'],
  read: (m) => {
    if (!m.has('layer1.0.conv2.conv.weight')) return undefined;
    const layers = residualStageCounts(m);
    const shared = residualLayoutKnobs(m, layers);
    const width = dims(m, 'layer1.0.conv1.weight')[0];
    const [out, perGroup] = dims(m, 'layer1.0.conv2.conv.weight');
    const radix = ratio(out, width, 'layer1.0.conv2.conv radix');
    const cardinality = ratio(ratio(width, perGroup, 'layer1.0.conv2.conv groups'), radix, 'layer1.0.conv2.conv cardinality');
    const knobs: KnobValues = {
      layers,
      radix,
      cardinality,
      base_width: ratio(width, cardinality, 'layer1.0.conv1 width'),
      ...shared.knobs,
    };
    return { knobs, unknowable: ['last_stride', 'avd', 'avd_first', ...shared.unknowable] };
  },
};

export const resnestFamily = defineFamily({
  id: 'resnest',
  label: 'ResNeSt',
  knobs: resnestSchema,
  // timm's resnest*d: a deep stem of width 32 and avg-down shortcuts.
  defaults: { stem_type: 'deep', stem_width: 32, avg_down: true },
  naming: 'timm',
  check: (k, source) => {
    if (k.avd_first && !k.avd) throw new InvalidConfigError('$.avd_first', l10n.t('avd_first needs avd: true'), source);
  },
  build: buildResNeSt,
  stateDict: resnestStateDict,
});
