// `backbone-lens inspect-weights --json`: every row of `tensors` carries the tensor's statistics,
// equal to numpy's (stats.json, test/oracle/weight_stats_oracle.py) with the tolerances and
// conventions of test/unit/weights/tensorStats.test.ts: counts, min and max exactly, mean and std
// to 1e-12 of mean(|x|) and of std; null where a tensor has no finite element.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openWeightsFile } from '../../../inference/weightsFile';
import { inspectWeightsReport } from '../../../cli/commands/inspectWeights';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'weights');
type Stats = { mean: number | null; std: number | null; min: number | null; max: number | null; zeros: number; nonfinite: number; mean_abs: number | null };
const oracle = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as { files: Record<string, { tensors: Record<string, Stats> }> };

for (const name of ['stats_f32.pth', 'stats_mixed.safetensors', 'densenet121_tiny.wrapped.pth']) {
  test(`inspect-weights ${name}: mean, std, min, max, zeros and nonfinite of every tensor equal numpy's`, () => {
    const f = openWeightsFile(join(dir, name), name);
    let report;
    try {
      report = inspectWeightsReport(f, name);
    } finally {
      f.close();
    }
    const want = oracle.files[name].tensors;
    assert.deepEqual(report.tensors.map((t) => t.key), Object.keys(want));
    for (const t of report.tensors) {
      const w = want[t.key];
      assert.deepEqual([t.min, t.max, t.zeros, t.nonfinite], [w.min, w.max, w.zeros, w.nonfinite], t.key);
      if (w.mean === null || w.std === null || w.mean_abs === null) {
        assert.deepEqual([t.mean, t.std], [null, null], t.key);
        continue;
      }
      assert.ok(t.mean !== null && Math.abs(t.mean - w.mean) <= 1e-12 * w.mean_abs, `${t.key}: mean ${t.mean} vs ${w.mean}`);
      assert.ok(t.std !== null && Math.abs(t.std - w.std) <= 1e-12 * w.std, `${t.key}: std ${t.std} vs ${w.std}`);
    }
  });
}
