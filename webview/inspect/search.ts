// Search by path, as pure functions (unit-tested): which items match a query, and which match
// Enter / Shift+Enter moves to.
import type { ModelData } from '../../shared/protocol/inspect';

/** Keys (`g:path`, `n:path`) of the groups, then the nodes, whose path contains the query (case-insensitive). */
export function searchMatches(d: Pick<ModelData, 'groups' | 'nodes'>, query: string): string[] {
  const needle = query.trim().toLowerCase();
  const keys: string[] = [];
  if (!needle) return keys;
  d.groups.forEach((g) => g.path.toLowerCase().includes(needle) && keys.push(`g:${g.path}`));
  d.nodes.forEach((n) => n.path.toLowerCase().includes(needle) && keys.push(`n:${n.path}`));
  return keys;
}

/**
 * The match to move to from `cursor` (-1: none yet) by `step` (1 next, -1 previous), cycling.
 * From no match yet, the exact path match comes first (else the first match, or the last one
 * going backwards).
 */
export function nextMatch(keys: readonly string[], query: string, cursor: number, step: 1 | -1): number {
  const n = keys.length;
  if (n === 0) return -1;
  if (cursor < 0 || cursor >= n) {
    const needle = query.trim().toLowerCase();
    const exact = keys.findIndex((k) => k.slice(2).toLowerCase() === needle);
    if (exact >= 0) return exact;
    return step === 1 ? 0 : n - 1;
  }
  return (cursor + step + n) % n;
}
