// The residual layouts' state dicts (ResNet, ResNeXt, Wide ResNet, SE-ResNet and the legacy Caffe
// SENet): blocks per stage from the key indices, block type, widths and groups from the conv
// shapes, stem, shortcut, norm and head from which modules carry tensors, and the SE gate's
// reduction from its widths. ResNet and ResNeXt read alike (the same knobs); SENet is the layout
// with a gate in its blocks.
import type { KnobValues } from './knobs';
import { makeDivisible } from './stages';
import { dims, headKnobs, NotInferable, ratio, residualStageCounts, residualStemKnobs, shortcutKnobs, type ReadKnobs, type StateDictLayout, type StateDictShapes } from './stateDict';

interface ResidualRead extends ReadKnobs {
  /** The SE gate's module name, when the blocks have one. */
  readonly gate?: 'se' | 'se_module';
  readonly legacy: boolean;
}

/** The SE gate's reduction: the preset's when it gives the same widths everywhere, else the smallest that does. */
function seReduction(m: StateDictShapes, module: string, layers: readonly number[], floor: boolean): KnobValues {
  const gates = layers.map((_, s) => dims(m, `layer${s + 1}.0.${module}.fc1.weight`));
  const fits = (r: number): boolean => gates.every(([rd, c]) => (floor ? Math.floor(c / r) : makeDivisible(c / r, 8, 8, 0)) === rd);
  const preferred = [16, ...Array.from({ length: 1024 }, (_, i) => i + 1)];
  const reduction = preferred.find(fits);
  if (reduction === undefined) throw new NotInferable(`${module}: no reduction ratio gives gate widths ${gates.map((g) => g[0]).join(', ')}`);
  return { reduction, se_bias: m.has(`layer1.0.${module}.fc1.bias`) };
}

/** A residual layout: a stem key and a plain 3×3 (or basic) `layer1.0.conv2` (Res2Net splits it, ResNeSt wraps it). */
function readResidual(m: StateDictShapes): ResidualRead | undefined {
  const legacy = m.has('layer0.conv1.weight');
  if (!(legacy || m.has('conv1.weight') || m.has('conv1.0.weight')) || !m.has('layer1.0.conv2.weight')) return undefined;
  const layers = residualStageCounts(m);
  const bottleneck = m.has('layer1.0.conv3.weight');
  const knobs: KnobValues = { block: bottleneck ? 'bottleneck' : 'basic', layers };
  if (bottleneck) {
    const [width, perGroup] = dims(m, 'layer1.0.conv2.weight');
    // The 3×3 conv reads the first 1×1's channels (width / block_reduce_first) in `groups` groups.
    const first = dims(m, 'layer1.0.conv1.weight')[0];
    const groups = ratio(first, perGroup, 'layer1.0.conv2 groups');
    Object.assign(knobs, { groups, base_width: ratio(width, groups, 'layer1.0.conv2 width'), block_reduce_first: ratio(width, first, 'layer1.0.conv1 width') });
  } else {
    Object.assign(knobs, { groups: 1, base_width: 64, block_reduce_first: ratio(64, dims(m, 'layer1.0.conv1.weight')[0], 'layer1.0.conv1 width') });
  }
  if (legacy) {
    const stem = dims(m, 'layer0.conv1.weight');
    Object.assign(knobs, stem[2] === 7 ? { stem_type: '' } : { stem_type: 'deep', stem_width: stem[0] }, { legacy: true, avg_down: false, ibn: false, norm: 'batchnorm' });
    // The legacy layout's projection kernel shows in every stage after the first.
    knobs.down_kernel_size = layers.length > 1 ? dims(m, 'layer2.0.downsample.0.weight')[2] : 1;
  } else {
    Object.assign(knobs, residualStemKnobs(m), layers.length > 1 ? shortcutKnobs(m) : {});
    knobs.norm = [...m.keys()].some((k) => k.endsWith('.running_mean')) ? 'batchnorm' : 'groupnorm';
    knobs.ibn = m.has('layer1.0.bn1.IN.weight');
  }
  Object.assign(knobs, headKnobs(m, legacy ? 'last_linear.weight' : 'fc.weight'));
  const unknowable = ['last_stride', 'aa_layer'];
  if (knobs.stem_type === '') unknowable.push('stem_width');
  if (layers.length === 1) unknowable.push('avg_down', 'down_kernel_size');
  const gate = legacy ? 'se_module' : m.has('layer1.0.se.fc1.weight') ? 'se' : undefined;
  return { knobs, unknowable, legacy, ...(gate ? { gate } : {}) };
}

const residualStems = ['conv1.weight', 'conv1.0.weight'];

/** ResNet and ResNeXt: a residual layout without a gate. */
export const plainResidualStateDict: StateDictLayout = {
  stemKeys: residualStems,
  stageStarts: ['layer1.0.'],
  read: (m) => {
    const r = readResidual(m);
    return r && !r.gate ? { knobs: r.knobs, unknowable: r.unknowable } : undefined;
  },
};

/** SENet: a residual layout with an SE gate in every block (timm `se`, the legacy layout `se_module`). */
export const seResidualStateDict: StateDictLayout = {
  stemKeys: [...residualStems, 'layer0.conv1.weight'],
  stageStarts: ['layer1.0.'],
  read: (m) => {
    const r = readResidual(m);
    if (!r?.gate) return undefined;
    const knobs = { ...r.knobs, ...(r.legacy ? {} : { legacy: false }), ...seReduction(m, r.gate, r.knobs.layers as number[], r.legacy) };
    return { knobs, unknowable: r.unknowable };
  },
};
