// What each family module provides: its knobs with defaults, cross-field checks, and the
// builder from a validated knob set to a graph.
import type { FamilyId, Graph } from '../graph/types';
import type { KnobSpec, KnobValues } from './knobs';

export interface FamilyDef {
  readonly id: FamilyId;
  readonly label: string;
  readonly knobs: readonly KnobSpec[];
  readonly defaults: KnobValues;
  /** Checks that need several knobs at once; throws InvalidConfigError. */
  readonly check?: (knobs: KnobValues, source?: string) => void;
  readonly build: (modelId: string, knobs: KnobValues) => Graph;
}

/** timm's make_divisible: round to the nearest multiple of `divisor`, at least `min`, and
 * never more than 10 % below `v` unless `roundLimit` is 0. */
export function makeDivisible(v: number, divisor: number, min = divisor, roundLimit = 0.9): number {
  let out = Math.max(min, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < roundLimit * v) out += divisor;
  return out;
}

export const stageKnob = (description: string): KnobSpec => ({ name: 'layers', kind: 'intList', minLength: 1, maxLength: 8, min: 1, max: 200, description });
export const lastStrideKnob: KnobSpec = {
  name: 'last_stride',
  kind: 'enum',
  values: [1, 2],
  description: 'Stride of the last stage (1 keeps a 16× feature map, as in re-ID backbones).',
};
