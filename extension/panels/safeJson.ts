// A short, never-throwing rendering of an untrusted value for a log line: a value too large to
// render whole (a hostile saved state) is not stringified first.
import { withinSize } from '../../shared/validate';

export function safeJson(v: unknown, max = 200): string {
  if (!withinSize(v, 64 * 1024)) return `(a value of more than 64 Ki units: ${Array.isArray(v) ? `an array of ${v.length}` : typeof v})`;
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, max);
  } catch {
    return String(v).slice(0, max);
  }
}
