// The tensor table: key, shape, dtype, params, mean, std, min, max, % zeros, NaN/Inf; sortable by
// any column (click its header; again to reverse), filtered by a search over keys and dtypes.
// Statistics arrive in batches and fill their rows in place (rows do not jump while streaming;
// the order changes only when the user sorts). Clicking a row selects it. Headers are in the
// display language (the page's entry configures @vscode/l10n before this module loads).
import * as l10n from '@vscode/l10n';
import type { StatsData, TensorRow } from '../../shared/protocol/checkpoint';
import { integer, percent, shape, statistic } from '../../models/report/format';

interface Column {
  id: string;
  label: string;
  numeric: boolean;
  /** The sort key; undefined sorts last. */
  key: (r: TensorRow, s: StatsData | undefined) => number | string | undefined;
  cell: (r: TensorRow, s: StatsData | undefined) => string;
}

const pending = '…';
const stat = (f: (s: StatsData) => number | null) => (_: TensorRow, s: StatsData | undefined) => (s ? (f(s) ?? undefined) : undefined);
const zerosFraction = (r: TensorRow, s: StatsData): number => (r.params === 0 ? 0 : s.zeros / r.params);

const COLUMNS: readonly Column[] = [
  { id: 'key', label: l10n.t('key'), numeric: false, key: (r) => r.key, cell: (r) => r.key },
  { id: 'shape', label: l10n.t('shape'), numeric: false, key: (r) => r.shape.length * 1e15 + r.params, cell: (r) => shape(r.shape) },
  { id: 'dtype', label: 'dtype', numeric: false, key: (r) => r.dtype, cell: (r) => r.dtype },
  { id: 'params', label: l10n.t('params'), numeric: true, key: (r) => r.params, cell: (r) => integer(r.params) },
  { id: 'mean', label: l10n.t('mean'), numeric: true, key: stat((s) => s.mean), cell: (_, s) => (s ? statistic(s.mean) : pending) },
  { id: 'std', label: l10n.t('std'), numeric: true, key: stat((s) => s.std), cell: (_, s) => (s ? statistic(s.std) : pending) },
  { id: 'min', label: l10n.t('min'), numeric: true, key: stat((s) => s.min), cell: (_, s) => (s ? statistic(s.min) : pending) },
  { id: 'max', label: l10n.t('max'), numeric: true, key: stat((s) => s.max), cell: (_, s) => (s ? statistic(s.max) : pending) },
  { id: 'zeros', label: l10n.t('% zeros'), numeric: true, key: (r, s) => (s ? zerosFraction(r, s) : undefined), cell: (r, s) => (s ? percent(zerosFraction(r, s)) : pending) },
  { id: 'nonfinite', label: 'NaN/Inf', numeric: true, key: (_, s) => s?.nonfinite, cell: (_, s) => (s ? integer(s.nonfinite) : pending) },
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class TensorTable {
  readonly element: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly trs: HTMLTableRowElement[] = [];
  private readonly headers = new Map<string, HTMLButtonElement>();
  private order: number[];
  private sort: { column: string; descending: boolean } | undefined;
  private filter = '';
  private selected: number | undefined;

  constructor(
    private readonly rows: readonly TensorRow[],
    private readonly stats: readonly (StatsData | undefined)[],
    private readonly onSelect: (position: number) => void,
  ) {
    this.element = el('table', 'tensors');
    const head = el('thead');
    const tr = el('tr');
    for (const c of COLUMNS) {
      const th = el('th', c.numeric ? 'num' : undefined);
      th.setAttribute('aria-sort', 'none');
      const b = el('button', 'sort', c.label);
      b.type = 'button';
      b.title = l10n.t('Sort by {0}', c.label);
      b.addEventListener('click', () => this.sortBy(c.id));
      this.headers.set(c.id, b);
      th.appendChild(b);
      tr.appendChild(th);
    }
    head.appendChild(tr);
    this.body = el('tbody');
    this.element.append(head, this.body);
    this.order = rows.map((_, i) => i);
    rows.forEach((r, i) => {
      const row = el('tr');
      row.dataset.position = String(i);
      row.tabIndex = 0;
      for (const c of COLUMNS) row.appendChild(el('td', c.numeric ? 'num' : c.id === 'key' ? 'key' : undefined, c.cell(r, undefined)));
      row.addEventListener('click', () => this.select(i));
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.select(i);
        }
      });
      this.trs.push(row);
    });
    this.layout();
  }

  /** Rows whose statistics arrived: their cells are filled in place. */
  updated(positions: readonly number[]): void {
    for (const p of positions) {
      const tr = this.trs[p];
      COLUMNS.forEach((c, j) => {
        const text = c.cell(this.rows[p], this.stats[p]);
        const td = tr.children[j] as HTMLElement;
        if (td.textContent !== text) td.textContent = text;
      });
      tr.classList.toggle('has-nonfinite', (this.stats[p]?.nonfinite ?? 0) > 0);
    }
  }

  setFilter(text: string): void {
    this.filter = text.trim().toLowerCase();
    this.layout();
  }

  get visibleRows(): number {
    return this.body.children.length;
  }

  select(position: number): void {
    if (this.selected !== undefined) this.trs[this.selected].classList.remove('selected');
    this.selected = position;
    this.trs[position].classList.add('selected');
    this.trs[position].setAttribute('aria-selected', 'true');
    this.onSelect(position);
  }

  private sortBy(column: string): void {
    this.sort = this.sort?.column === column ? { column, descending: !this.sort.descending } : { column, descending: false };
    const c = COLUMNS.find((x) => x.id === column) as Column;
    const dir = this.sort.descending ? -1 : 1;
    const keyOf = (i: number) => c.key(this.rows[i], this.stats[i]);
    this.order = this.rows
      .map((_, i) => i)
      .sort((a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        if (ka === undefined || kb === undefined) return ka === kb ? a - b : ka === undefined ? 1 : -1;
        if (ka < kb) return -dir;
        if (ka > kb) return dir;
        return a - b;
      });
    for (const [id, b] of this.headers) {
      const th = b.parentElement as HTMLElement;
      th.setAttribute('aria-sort', id === column ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      b.classList.toggle('sorted', id === column);
    }
    this.layout();
  }

  private layout(): void {
    const f = this.filter;
    const visible = this.order.filter((i) => f === '' || this.rows[i].key.toLowerCase().includes(f) || this.rows[i].dtype.includes(f));
    this.body.replaceChildren(...visible.map((i) => this.trs[i]));
  }
}
