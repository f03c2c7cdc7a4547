// Results as CSV and JSON (no vscode: unit-tested). CSV has one row per image (top-k flattened
// into label/index/probability columns) and one per failed image (its message in `error`);
// JSON mirrors the CLI's `classify --json` with what produced the numbers added. Class names are
// the English labels in every display language (the page's displayLabel is not exported).
import type { ErrorRow, ImageRow, RunInfo } from '../../shared/protocol/classify';
import { withoutDisplayLabels } from './displayLabels';

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(info: RunInfo, rows: readonly ImageRow[], errors: readonly ErrorRow[]): string {
  const k = info.topK;
  const head = ['image', 'model', 'weights', 'provider', 'transform', 'untrained', 'ms_per_image'];
  for (let i = 1; i <= k; i++) head.push(`top${i}_label`, `top${i}_index`, `top${i}_prob`);
  head.push('error');
  const lines = [head.map(csvField).join(',')];
  const common = [info.model, info.weights ?? 'random (untrained)', info.provider ?? '', info.transform ?? '', info.untrained];
  for (const r of rows) {
    const cells: (string | number | boolean | null)[] = [r.image, ...common, Number(r.ms.toFixed(2))];
    for (let i = 0; i < k; i++) {
      const t = r.top[i];
      cells.push(t ? t.label : null, t ? t.index : null, t ? t.prob : null);
    }
    cells.push(null);
    lines.push(cells.map(csvField).join(','));
  }
  for (const e of errors) {
    const cells: (string | number | boolean | null)[] = [e.image, ...common, null];
    for (let i = 0; i < k; i++) cells.push(null, null, null);
    cells.push(e.message);
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function resultsJson(info: RunInfo, rows: readonly ImageRow[], errors: readonly ErrorRow[]): string {
  return `${JSON.stringify(
    {
      model: info.model,
      weights: info.weights,
      untrained: info.untrained,
      provider: info.provider,
      ...(info.providerNote ? { providerNote: info.providerNote } : {}),
      transform: info.transform,
      topK: info.topK,
      results: rows.map((r) => ({ image: r.image, top: withoutDisplayLabels(r.top), msPerImage: Number(r.ms.toFixed(2)) })),
      errors: errors.map((e) => ({ image: e.image, message: e.message })),
    },
    null,
    2,
  )}\n`;
}
