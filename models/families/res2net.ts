// Res2Net (timm Bottle2neck): the 1×1 conv's output is split into `scale` groups of `width`
// channels; group i > 0 is added to the previous group's output before its own 3×3 conv, so
// receptive fields grow within a block. In the first block of a stage the groups are convolved
// independently with the block's stride and the last group is average-pooled instead of passed.
// The stem and shortcuts are timm ResNet's (res2net50d: deep stem, avg-down shortcuts).
import { GraphBuilder, type Tensor } from '../graph/builder';
import { defineFamily } from './family';
import { knob, type KnobsOf, type KnobValues } from './knobs';
import { avgDownKnob, lastStrideKnob, layersKnob, numClassesKnob, stemTypeKnob, stemWidthKnob } from './sharedKnobs';
import { dims, ratio, residualLayoutKnobs, residualStageCounts, type StateDictLayout } from './stateDict';
import { classifierHead, projection, residualShape, residualStages, residualStem, timmNames, type BlockContext, type ResidualShape } from './stages';

const res2netSchema = {
  layers: layersKnob('Blocks per stage, e.g. [3, 4, 6, 3] for Res2Net-50.'),
  base_width: knob.int({ min: 1, max: 4096, default: 26, description: 'Width of each scale group per 64 planes (26 in res2net50_26w_4s).' }),
  scale: knob.int({ min: 1, max: 64, default: 4, description: 'Number of scale groups the 3×3 stage is split into (4 in res2net50_26w_4s).' }),
  groups: knob.int({ min: 1, max: 1024, default: 1, description: 'Cardinality of each 3×3 conv (1 for Res2Net, >1 for Res2NeXt).' }),
  last_stride: lastStrideKnob,
  stem_type: stemTypeKnob(['', 'deep', 'deep_tiered']),
  stem_width: stemWidthKnob,
  avg_down: avgDownKnob,
  num_classes: numClassesKnob,
};

type Res2NetKnobs = KnobsOf<typeof res2netSchema>;

function buildRes2Net(modelId: string, k: Res2NetKnobs) {
  const b = new GraphBuilder(modelId);
  const shape = residualShape(k);
  let x = residualStem(b, b.input(3), shape, timmNames);
  x = residualStages(b, x, k.layers, k.last_stride, 4, (t, ctx) => bottle2neck(b, t, ctx, k, shape));
  return b.finish(classifierHead(b, x, k.num_classes, timmNames), x);
}

function bottle2neck(b: GraphBuilder, x: Tensor, ctx: BlockContext, k: Res2NetKnobs, shape: ResidualShape): Tensor {
  const scale = k.scale;
  const cardinality = k.groups;
  const width = Math.floor((ctx.planes * k.base_width) / 64) * cardinality;
  const isFirst = ctx.stride > 1 || ctx.project;
  let t = b.conv('conv1', x, { out: width * scale, kernel: 1, depth: true });
  t = b.relu('act1', b.batchnorm('bn1', t));
  const parts = b.split('split', t, Array.from({ length: scale }, () => width));
  const outputs: Tensor[] = [];
  const convs = Math.max(1, scale - 1);
  let sp = parts[0];
  for (let i = 0; i < convs; i++) {
    sp = i === 0 || isFirst ? parts[i] : b.addTensors(`add.${i}`, [sp, parts[i]]);
    sp = b.conv(`convs.${i}`, sp, { out: width, kernel: 3, stride: ctx.stride, padding: 1, groups: cardinality, depth: i === 0 });
    sp = b.relu(`act.${i}`, b.batchnorm(`bns.${i}`, sp));
    outputs.push(sp);
  }
  if (scale > 1) {
    const last = parts[scale - 1];
    outputs.push(isFirst ? b.avgpool('pool', last, { kernel: 3, stride: ctx.stride, padding: 1 }) : last);
  }
  t = outputs.length > 1 ? b.concat('cat', outputs) : outputs[0];
  t = b.batchnorm('bn3', b.conv('conv3', t, { out: ctx.planes * 4, kernel: 1, depth: true }));
  const shortcut = ctx.project ? projection(b, x, ctx.planes * 4, ctx.stride, shape) : x;
  return b.relu('act3', b.addTensors('add', [t, shortcut]));
}

/** Res2Net's state dict: the 3×3 split into `convs.<i>` of `width` channels each, `scale` of them in the first 1×1's output. */
const res2netStateDict: StateDictLayout = {
  stemKeys: ['conv1.weight', 'conv1.0.weight'],
  stageStarts: ['layer1.0.'],
  read: (m) => {
    if (!m.has('layer1.0.convs.0.weight')) return undefined;
    const layers = residualStageCounts(m);
    const shared = residualLayoutKnobs(m, layers);
    const [width, perGroup] = dims(m, 'layer1.0.convs.0.weight');
    const groups = ratio(width, perGroup, 'layer1.0.convs.0 groups');
    const knobs: KnobValues = {
      layers,
      groups,
      base_width: ratio(width, groups, 'layer1.0.convs.0 width'),
      scale: ratio(dims(m, 'layer1.0.conv1.weight')[0], width, 'layer1.0.conv1 width'),
      ...shared.knobs,
    };
    return { knobs, unknowable: ['last_stride', ...shared.unknowable] };
  },
};

export const res2netFamily = defineFamily({
  id: 'res2net',
  label: 'Res2Net',
  knobs: res2netSchema,
  naming: 'timm',
  build: buildRes2Net,
  stateDict: res2netStateDict,
});
