// Which groups a layout test opens: none, all, and deterministic pseudo-random subsets (a small
// LCG, so runs are repeatable).
import type { ModelData } from '../../../shared/protocol/inspect';

export function someGroups(d: ModelData, seed: number): Set<number> {
  let s = seed;
  const out = new Set<number>();
  for (let g = 1; g < d.groups.length; g++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    if (s % 3 === 0) out.add(g);
  }
  return out;
}

export const allGroups = (d: ModelData): Set<number> => new Set(d.groups.map((_, i) => i).filter((i) => i > 0));
