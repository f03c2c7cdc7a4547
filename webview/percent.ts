// The one percentage formatter of the webviews (Classify's probabilities, Inspect's shares): one
// decimal always, so that a column of them lines up ("100.0 %", "24.2 %", "0.3 %"), and
// "< 0.1 %" for a share that is not zero but rounds to it.
export function percent(fraction: number): string {
  const v = fraction * 100;
  if (v > 0 && v < 0.05) return '< 0.1 %';
  return `${v.toFixed(1)} %`;
}
