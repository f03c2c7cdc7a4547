// A short, never-throwing rendering of an untrusted value for a log line.
export function safeJson(v: unknown, max = 200): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, max);
  } catch {
    return String(v).slice(0, max);
  }
}
