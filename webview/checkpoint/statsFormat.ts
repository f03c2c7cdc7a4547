// How the checkpoint editor prints a statistic: 4 significant digits (exponent notation outside
// [1e-3, 1e4)), "—" where there is no value (no finite element). The numbers come from the host.

export function fmtValue(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e4) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}
