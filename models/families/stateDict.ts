// Reading a family's knobs back off a state dict's keys and shapes (checkpoint recognition): what
// each family declares (its stem keys, where its first stage starts, and its reader), and the
// small readers its layouts share. Knobs that leave no trace in a state dict (strides, pooling
// layers, anti-aliasing, DenseNet's checkpointing) are the reader's `unknowable`: a preset decides them.
import type { KnobValues } from './knobs';

/** A state dict's tensors by key (the model's prefix already stripped): only shapes are read. */
export type StateDictShapes = ReadonlyMap<string, { readonly shape: readonly number[] }>;

export interface ReadKnobs {
  /** Every knob the state dict determines. */
  readonly knobs: KnobValues;
  /** Knobs of the family that change no key or shape. */
  readonly unknowable: readonly string[];
}

/** How a family's checkpoints look, for finding the model inside a file and reading its knobs. */
export interface StateDictLayout {
  /** The first tensor of the stem, relative to the model's root (one per layout the family has). */
  readonly stemKeys: readonly string[];
  /** Key prefixes of the first stage, found beside the stem under the same model prefix. */
  readonly stageStarts: readonly string[];
  /**
   * The family's knobs, or undefined when the keys are not this family's layout; throws
   * NotInferable when they are but an expected key is missing or a shape is inconsistent.
   */
  readonly read: (m: StateDictShapes) => ReadKnobs | undefined;
}

/** Thrown (and caught by the recogniser) when an expected key is absent or a shape is inconsistent. */
export class NotInferable extends Error {}

export const dims = (m: StateDictShapes, key: string): readonly number[] => {
  const e = m.get(key);
  if (!e) throw new NotInferable(`${key}: missing`);
  return e.shape;
};

export const ratio = (a: number, b: number, what: string): number => {
  if (b <= 0 || a % b !== 0) throw new NotInferable(`${what}: ${a} is not a multiple of ${b}`);
  return a / b;
};

/**
 * Blocks per stage from the key indices: `pattern` captures the stage number (from 1) and the
 * block index (from `first`); stages are counted while they follow one another.
 */
export function countPerStage(m: StateDictShapes, pattern: RegExp, first: number): number[] {
  const last = new Map<number, number>();
  for (const key of m.keys()) {
    const hit = pattern.exec(key);
    if (hit) last.set(Number(hit[1]), Math.max(last.get(Number(hit[1])) ?? -1, Number(hit[2])));
  }
  const counts: number[] = [];
  for (let stage = 1; last.has(stage); stage++) counts.push((last.get(stage) as number) - first + 1);
  return counts;
}

/** Blocks per stage of the residual layouts (`layer<stage>.<block>.`). */
export const residualStageCounts = (m: StateDictShapes): number[] => countPerStage(m, /^layer(\d+)\.(\d+)\./, 0);

/** timm's residual stem: a 7×7 conv, or a deep (w, w, 2w) or tiered (3·⌊w/4⌋, w, 2w) stem. */
export function residualStemKnobs(m: StateDictShapes): KnobValues {
  if (m.has('conv1.weight')) return { stem_type: '' };
  const c1 = dims(m, 'conv1.0.weight')[0];
  const c2 = dims(m, 'conv1.3.weight')[0];
  return { stem_type: c1 === c2 ? 'deep' : 'deep_tiered', stem_width: c2 };
}

/** avg_down and the projection kernel, from the first strided stage's shortcut. */
export function shortcutKnobs(m: StateDictShapes): KnobValues {
  const conv1 = m.get('layer2.0.downsample.1.weight');
  if (conv1 && conv1.shape.length === 4) return { avg_down: true, down_kernel_size: 1 };
  return { avg_down: false, down_kernel_size: dims(m, 'layer2.0.downsample.0.weight')[2] };
}

/** num_classes from the classifier's weight; a file without one is headless (0). */
export const headKnobs = (m: StateDictShapes, key: string): KnobValues => ({ num_classes: m.get(key)?.shape[0] ?? 0 });

/**
 * What the timm residual layouts built on the shared stem and stages (Res2Net, ResNeSt) read
 * alike: the stem, avg_down from the first strided stage, the `fc` head; and which of those the
 * file cannot show (a 7×7 stem has no width knob in its keys, one stage has no shortcut to read).
 */
export function residualLayoutKnobs(m: StateDictShapes, layers: readonly number[]): ReadKnobs {
  const stem = residualStemKnobs(m);
  return {
    knobs: { ...stem, ...(layers.length > 1 ? { avg_down: shortcutKnobs(m).avg_down } : {}), ...headKnobs(m, 'fc.weight') },
    unknowable: [...(stem.stem_type === '' ? ['stem_width'] : []), ...(layers.length === 1 ? ['avg_down'] : [])],
  };
}
