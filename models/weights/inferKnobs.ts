// Reading a family's knobs off the keys and shapes of a state dict: blocks per stage from the key
// indices, widths and groups from conv weight shapes, block type, stem, shortcut and head from
// which modules carry tensors. Knobs that leave no trace in the state dict (strides, pooling
// layers, anti-aliasing, DenseNet's checkpointing) are listed as unknowable: the preset decides them.
import { makeDivisible } from '../families/family';
import type { KnobValues } from '../families/knobs';
import type { FamilyId } from '../graph/types';
import type { TensorEntry } from './tensorEntry';

export interface InferredKnobs {
  /** The family whose knobs these are (ResNet covers ResNeXt: the same knobs and builder). */
  readonly family: FamilyId;
  /** Every knob the state dict determines. */
  readonly knobs: KnobValues;
  /** Knobs of the family that change no key or shape. */
  readonly unknowable: readonly string[];
}

type Shapes = ReadonlyMap<string, TensorEntry>;

/** Thrown (and caught by the recogniser) when an expected key is absent or a shape is inconsistent. */
export class NotInferable extends Error {}

const dims = (m: Shapes, key: string): readonly number[] => {
  const e = m.get(key);
  if (!e) throw new NotInferable(`${key}: missing`);
  return e.shape;
};

const ratio = (a: number, b: number, what: string): number => {
  if (b <= 0 || a % b !== 0) throw new NotInferable(`${what}: ${a} is not a multiple of ${b}`);
  return a / b;
};

/**
 * Blocks per stage from the key indices: `pattern` captures the stage number (from 1) and the
 * block index (from `first`); stages are counted while they follow one another.
 */
function countPerStage(m: Shapes, pattern: RegExp, first: number): number[] {
  const last = new Map<number, number>();
  for (const key of m.keys()) {
    const hit = pattern.exec(key);
    if (hit) last.set(Number(hit[1]), Math.max(last.get(Number(hit[1])) ?? -1, Number(hit[2])));
  }
  const counts: number[] = [];
  for (let stage = 1; last.has(stage); stage++) counts.push((last.get(stage) as number) - first + 1);
  return counts;
}

const residualStages = (m: Shapes): number[] => countPerStage(m, /^layer(\d+)\.(\d+)\./, 0);

/** timm's ResNet stem: a 7×7 conv, or a deep (w, w, 2w) or tiered (3·⌊w/4⌋, w, 2w) stem. */
function residualStem(m: Shapes): KnobValues {
  if (m.has('conv1.weight')) return { stem_type: '' };
  const c1 = dims(m, 'conv1.0.weight')[0];
  const c2 = dims(m, 'conv1.3.weight')[0];
  return { stem_type: c1 === c2 ? 'deep' : 'deep_tiered', stem_width: c2 };
}

/** avg_down and the projection kernel, from the first strided stage's shortcut. */
function shortcut(m: Shapes): KnobValues {
  const conv1 = m.get('layer2.0.downsample.1.weight');
  if (conv1 && conv1.shape.length === 4) return { avg_down: true, down_kernel_size: 1 };
  return { avg_down: false, down_kernel_size: dims(m, 'layer2.0.downsample.0.weight')[2] };
}

const head = (m: Shapes, key: string): KnobValues => ({ num_classes: m.get(key)?.shape[0] ?? 0 });

/** The SE gate's reduction: the preset's when it gives the same widths everywhere, else the smallest that does. */
function seReduction(m: Shapes, module: string, layers: readonly number[], floor: boolean): KnobValues {
  const gates = layers.map((_, s) => dims(m, `layer${s + 1}.0.${module}.fc1.weight`));
  const fits = (r: number): boolean => gates.every(([rd, c]) => (floor ? Math.floor(c / r) : makeDivisible(c / r, 8, 8, 0)) === rd);
  const preferred = [16, ...Array.from({ length: 1024 }, (_, i) => i + 1)];
  const reduction = preferred.find(fits);
  if (reduction === undefined) throw new NotInferable(`${module}: no reduction ratio gives gate widths ${gates.map((g) => g[0]).join(', ')}`);
  return { reduction, se_bias: m.has(`layer1.0.${module}.fc1.bias`) };
}

function residual(m: Shapes): InferredKnobs {
  const legacy = m.has('layer0.conv1.weight');
  const layers = residualStages(m);
  if (layers.length === 0) throw new NotInferable('layer1.0: missing');
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
    Object.assign(knobs, residualStem(m), layers.length > 1 ? shortcut(m) : {});
    knobs.norm = [...m.keys()].some((k) => k.endsWith('.running_mean')) ? 'batchnorm' : 'groupnorm';
    knobs.ibn = m.has('layer1.0.bn1.IN.weight');
  }
  Object.assign(knobs, head(m, legacy ? 'last_linear.weight' : 'fc.weight'));
  const se = legacy ? 'se_module' : 'se';
  const unknowable = ['last_stride', 'aa_layer'];
  if (knobs.stem_type === '') unknowable.push('stem_width');
  if (layers.length === 1) unknowable.push('avg_down', 'down_kernel_size');
  if (legacy || m.has(`layer1.0.${se}.fc1.weight`)) {
    if (!legacy) knobs.legacy = false;
    return { family: 'senet', knobs: { ...knobs, ...seReduction(m, se, layers, legacy) }, unknowable };
  }
  return { family: 'resnet', knobs, unknowable };
}

function res2net(m: Shapes): InferredKnobs {
  const layers = residualStages(m);
  const [width, perGroup] = dims(m, 'layer1.0.convs.0.weight');
  const groups = ratio(width, perGroup, 'layer1.0.convs.0 groups');
  const knobs: KnobValues = {
    layers,
    groups,
    base_width: ratio(width, groups, 'layer1.0.convs.0 width'),
    scale: ratio(dims(m, 'layer1.0.conv1.weight')[0], width, 'layer1.0.conv1 width'),
    ...residualStem(m),
    ...(layers.length > 1 ? { avg_down: shortcut(m).avg_down } : {}),
    ...head(m, 'fc.weight'),
  };
  const unknowable = ['last_stride', ...(knobs.stem_type === '' ? ['stem_width'] : []), ...(layers.length === 1 ? ['avg_down'] : [])];
  return { family: 'res2net', knobs, unknowable };
}

function resnest(m: Shapes): InferredKnobs {
  const layers = residualStages(m);
  const width = dims(m, 'layer1.0.conv1.weight')[0];
  const [out, perGroup] = dims(m, 'layer1.0.conv2.conv.weight');
  const radix = ratio(out, width, 'layer1.0.conv2.conv radix');
  const cardinality = ratio(ratio(width, perGroup, 'layer1.0.conv2.conv groups'), radix, 'layer1.0.conv2.conv cardinality');
  const knobs: KnobValues = {
    layers,
    radix,
    cardinality,
    base_width: ratio(width, cardinality, 'layer1.0.conv1 width'),
    ...residualStem(m),
    ...(layers.length > 1 ? { avg_down: shortcut(m).avg_down } : {}),
    ...head(m, 'fc.weight'),
  };
  const unknowable = ['last_stride', 'avd', 'avd_first', ...(knobs.stem_type === '' ? ['stem_width'] : []), ...(layers.length === 1 ? ['avg_down'] : [])];
  return { family: 'resnest', knobs, unknowable };
}

function densenet(m: Shapes): InferredKnobs {
  const block = 'features.denseblock1.denselayer1';
  const growth = dims(m, `${block}.conv2.weight`)[0];
  const block_config = countPerStage(m, /^features\.denseblock(\d+)\.denselayer(\d+)\./, 1);
  const stem = dims(m, 'features.conv0.weight');
  const deep = stem[2] === 3;
  const knobs: KnobValues = {
    growth_rate: growth,
    block_config,
    bn_size: ratio(dims(m, `${block}.conv1.weight`)[0], growth, `${block}.conv1 width`),
    num_init_features: deep ? dims(m, 'features.conv2.weight')[0] : stem[0],
    stem_type: deep ? 'deep' : '',
    ...head(m, 'classifier.weight'),
  };
  const unknowable = ['memory_efficient', 'aa_layer'];
  if (block_config.length > 1) {
    const [out, features] = dims(m, 'features.transition1.conv.weight');
    knobs.compression = out / features;
  } else unknowable.push('compression');
  return { family: 'densenet', knobs, unknowable };
}

/** The family by its telltale keys, then its knobs; throws NotInferable when a key it needs is missing. */
export function inferKnobs(m: Shapes): InferredKnobs | undefined {
  if (m.has('features.conv0.weight')) return densenet(m);
  if (m.has('layer1.0.convs.0.weight')) return res2net(m);
  if (m.has('layer1.0.conv2.conv.weight')) return resnest(m);
  if (m.has('conv1.weight') || m.has('conv1.0.weight') || m.has('layer0.conv1.weight')) return residual(m);
  return undefined;
}
