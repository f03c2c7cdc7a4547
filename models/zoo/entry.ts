// The shape of one zoo entry as data: a library name, its family, the knobs that differ from the
// family defaults, the libraries that build it (the first one's module names and default
// weights win) and a one-line description.
import type { KnobValues } from '../families/knobs';
import type { FamilyId } from '../families';

export type Library = 'torchvision' | 'timm';

export interface ZooEntry {
  readonly id: string;
  readonly family: FamilyId;
  readonly knobs: KnobValues;
  readonly origins: readonly Library[];
  readonly description: string;
}

export const TIMM: readonly Library[] = ['timm'];
/** torchvision 0.14 and timm both build the name, with the same architecture and state-dict keys. */
export const BOTH: readonly Library[] = ['torchvision', 'timm'];

export const L18 = [2, 2, 2, 2];
export const L34 = [3, 4, 6, 3];
export const L50 = [3, 4, 6, 3];
export const L101 = [3, 4, 23, 3];
export const L152 = [3, 8, 36, 3];
export const L200 = [3, 24, 36, 3];

/** timm's stem/shortcut letters (resnet.py): c = deep stem 32; d = c + avg-down; s = deep stem 64; t = tiered 32 + avg-down. */
export const C = { stem_type: 'deep', stem_width: 32 } as const;
export const D = { stem_type: 'deep', stem_width: 32, avg_down: true } as const;
export const S = { stem_type: 'deep', stem_width: 64 } as const;
export const T = { stem_type: 'deep_tiered', stem_width: 32, avg_down: true } as const;
