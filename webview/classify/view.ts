// Pure pieces of the results page (no DOM): sorting and formatting, unit-tested.
export { duration, percent } from '../../models/report/format';
import type { ImageRow, ResultSort, ResultSortKey, TopClassData } from '../../shared/protocol/classify';

export type SortKey = ResultSortKey;
export type Sort = ResultSort;

/** A class as the page shows it: the host's display label ("丁鲷 (tench)" in zh-cn), else the model's label. */
export const shownLabel = (t: TopClassData): string => t.displayLabel ?? t.label;

/** Rows sorted by a column (a class by the name shown); ties keep the run's order. */
export function sortRows(rows: readonly ImageRow[], sort: Sort): ImageRow[] {
  const value = (r: ImageRow): string | number => {
    switch (sort.key) {
      case 'name':
        return r.name.toLowerCase();
      case 'label':
        return (r.top[0] ? shownLabel(r.top[0]) : '').toLowerCase();
      case 'prob':
        return r.top[0]?.prob ?? -1;
      case 'ms':
        return r.ms;
      default:
        return r.seq;
    }
  };
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return va < vb ? -dir : va > vb ? dir : a.seq - b.seq;
  });
}

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** Cards for a few images, a sortable table for many. */
export const CARD_LIMIT = 12;
