// Nearest-name suggestions for unknown ids and keys. Distance: optimal string alignment
// (Levenshtein plus adjacent transpositions, so "resnet05" is one edit from "resnet50").

export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Up to `limit` candidates closest to `name`, nearest first (ties: closer length, then alphabetical). */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  // Edit distance is quadratic: a name far longer than any candidate is near none of them.
  if (name.length > 64) return [];
  const lower = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()), len: Math.abs(c.length - lower.length) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d || x.len - y.len || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map(({ c }) => c);
}
