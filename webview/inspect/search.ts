// Search by path, as pure functions (unit-tested): which items match a query, and which match
// Enter / Shift+Enter moves to.
import type { ModelData } from '../../shared/protocol/inspect';
import { groupKey, nodeKey, type ItemKey } from './itemKey';

/** The groups, then the nodes, whose path contains the query (case-insensitive). */
export function searchMatches(d: Pick<ModelData, 'groups' | 'nodes'>, query: string): ItemKey[] {
  const needle = query.trim().toLowerCase();
  const keys: ItemKey[] = [];
  if (!needle) return keys;
  d.groups.forEach((g) => g.path.toLowerCase().includes(needle) && keys.push(groupKey(g.path)));
  d.nodes.forEach((n) => n.path.toLowerCase().includes(needle) && keys.push(nodeKey(n.path)));
  return keys;
}

/**
 * The match to move to from `cursor` (-1: none yet) by `step` (1 next, -1 previous), cycling.
 * From no match yet, the exact path match comes first (else the first match, or the last one
 * going backwards).
 */
export function nextMatch(keys: readonly ItemKey[], query: string, cursor: number, step: 1 | -1): number {
  const n = keys.length;
  if (n === 0) return -1;
  if (cursor < 0 || cursor >= n) {
    const needle = query.trim().toLowerCase();
    const exact = keys.findIndex((k) => k.path.toLowerCase() === needle);
    if (exact >= 0) return exact;
    return step === 1 ? 0 : n - 1;
  }
  return (cursor + step + n) % n;
}
