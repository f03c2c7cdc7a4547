// Checkpoint statistics against numpy (test/oracle/weight_stats_oracle.py → stats.json), on the
// tensors of every weights fixture: F32/F16/BF16/F64/I32/I64, NaN/±Inf, zeros, constant, empty
// and all-NaN tensors, a 100 000-element one, wrapped and view checkpoints.
//
// What is compared, and how closely:
// - count, zeros, nonfinite, min, max, the histogram's edges and all 64 counts, and the BatchNorm
//   health lists: exactly (no arithmetic that rounds; the bin index is numpy's float64 formula).
// - mean: |ours − numpy's| ≤ 1e-12 · mean(|x|). Both are sums of float64 values that are exact
//   conversions of the stored ones; numpy sums pairwise (error ≲ log₂(n) · 2⁻⁵³ · Σ|x|), we sum
//   blocks of 1024 plainly and the blocks with compensation (≲ 1024 · 2⁻⁵³ · Σ|x| ≈ 1.1e-13 ·
//   Σ|x|). Divided by n, either error is within 1.2e-13 · mean(|x|): 1e-12 bounds both with room.
// - std: |ours − numpy's| ≤ 1e-12 · numpy's std (a sum of non-negative terms: relative error of
//   the same order, and the means' difference enters only squared).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HISTOGRAM_BINS, indexWeights, memorySource, StatsStream, valueStats, type ByteSource, type TensorStats } from '../../../models';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'weights');

interface OracleStats {
  count: number;
  zeros: number;
  nonfinite: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  mean_abs: number | null;
  histogram: { lo: number; hi: number; counts: number[] } | null;
}
interface OracleFile {
  tensors: Record<string, OracleStats>;
  batchnorm: { layer: string; channels: number; zeroVariance: number[]; dead: number[] }[];
}
const oracle = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as { bins: number; files: Record<string, OracleFile> };

const MEAN_TOLERANCE = 1e-12;
const STD_TOLERANCE = 1e-12;

function compare(key: string, got: TensorStats, want: OracleStats): void {
  assert.equal(got.count, want.count, `${key}: count`);
  assert.equal(got.zeros, want.zeros, `${key}: zeros`);
  assert.equal(got.nonfinite, want.nonfinite, `${key}: nonfinite`);
  assert.equal(got.min, want.min, `${key}: min`);
  assert.equal(got.max, want.max, `${key}: max`);
  assert.deepEqual(got.histogram, want.histogram, `${key}: histogram`);
  if (want.mean === null || want.std === null || want.mean_abs === null) {
    assert.equal(got.mean, null, `${key}: mean`);
    assert.equal(got.std, null, `${key}: std`);
    return;
  }
  assert.ok(got.mean !== null && Math.abs(got.mean - want.mean) <= MEAN_TOLERANCE * want.mean_abs, `${key}: mean ${got.mean} vs numpy ${want.mean}`);
  assert.ok(got.std !== null && Math.abs(got.std - want.std) <= STD_TOLERANCE * want.std, `${key}: std ${got.std} vs numpy ${want.std}`);
}

/** A source that counts the bytes read through it. */
function counting(bytes: Uint8Array): ByteSource & { readBytes: number } {
  const inner = memorySource(bytes);
  const s = {
    size: inner.size,
    readBytes: 0,
    read(at: number, length: number): Uint8Array {
      s.readBytes += length;
      return inner.read(at, length);
    },
  };
  return s;
}

test('the oracle bins as the engine does', () => {
  assert.equal(oracle.bins, HISTOGRAM_BINS);
});

for (const [file, want] of Object.entries(oracle.files)) {
  test(`${file}: every tensor's statistics equal numpy's, BatchNorm health included`, () => {
    const index = indexWeights(memorySource(new Uint8Array(readFileSync(join(dir, file)))), file);
    assert.deepEqual(index.tensors.map((t) => t.key), Object.keys(want.tensors));
    const stream = new StatsStream(index);
    for (let step = stream.step(); step !== undefined; step = stream.step()) compare(step.key, step.stats, want.tensors[step.key]);
    assert.ok(stream.finished);
    assert.deepEqual(stream.batchNorm, want.batchnorm);
  });
}

test('the BatchNorm fixture has zero-variance and dead channels (the oracle is not vacuous)', () => {
  assert.deepEqual(oracle.files['stats_f32.pth'].batchnorm, [{ layer: 'bn1', channels: 64, zeroVariance: [5, 6, 7], dead: [3, 17, 40, 41] }]);
});

test('the stream reads each tensor once and reports the stored bytes done', () => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'stats_f32.pth')));
  const source = counting(bytes);
  const index = indexWeights(source, 'stats_f32.pth');
  const afterIndex = source.readBytes;
  // The index reads the zip's directory and the pickle, not the tensors.
  assert.ok(afterIndex < 100_000, `indexing read ${afterIndex} bytes`);
  const stream = new StatsStream(index);
  let last = 0;
  for (let step = stream.step(); step !== undefined; step = stream.step()) last = step.bytesDone;
  assert.equal(last, stream.totalBytes);
  assert.ok(source.readBytes - afterIndex <= stream.totalBytes + 64 * index.tensors.length, `streaming read ${source.readBytes - afterIndex} bytes for ${stream.totalBytes} stored`);
});

test('small cases by hand: population std, NaN and Inf kept out, a constant tensor bins as numpy', () => {
  const s = valueStats(new Float32Array([1, 2, 3, 4, NaN, Infinity, 0]));
  assert.equal(s.mean, 10 / 5);
  assert.equal(s.std, Math.sqrt(10 / 5));
  assert.deepEqual([s.min, s.max, s.zeros, s.nonfinite, s.count], [0, 4, 1, 2, 7]);
  const c = valueStats(new Float32Array([0.5, 0.5]));
  assert.deepEqual([c.histogram?.lo, c.histogram?.hi, c.histogram?.counts[32]], [0, 1, 2]);
});

/** np.histogram's bin of every element, its edge correction applied to each (no shortcut). */
function numpyCounts(v: Float32Array, lo: number, hi: number): number[] {
  const bins = HISTOGRAM_BINS;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * ((hi - lo) / bins) + lo));
  const norm = bins / (hi - lo);
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) {
    let b = Math.trunc((x - lo) * norm);
    if (b === bins) b--;
    if (x < edges[b]) b--;
    else if (b !== bins - 1 && x >= edges[b + 1]) b++;
    counts[b]++;
  }
  return counts;
}

test('values on and one float32 step beside every bin edge bin as numpy (the shortcut away from edges is never taken near one)', () => {
  const next = (x: number, up: boolean): number => {
    const f = new Float32Array([x]);
    const u = new Int32Array(f.buffer);
    u[0] += (x >= 0) === up ? 1 : -1;
    return f[0];
  };
  // Ranges where an edge's rounding matters: the first three have a value the plain index puts one
  // bin low (found by search); then narrow around a large offset, wide, crossing zero.
  const ranges = [[32.475318908691406, 33.6085205078125], [-123.34239959716797, -112.73542022705078], [0.0004871151177212596, 0.0004887856193818152], [1, 1.0001], [-3.75, 2.5], [1000, 1000.5]];
  for (const [lo, hi] of ranges) {
    const values: number[] = [Math.fround(lo), Math.fround(hi)];
    for (let i = 0; i <= HISTOGRAM_BINS; i++) {
      const edge = Math.fround(i * ((Math.fround(hi) - Math.fround(lo)) / HISTOGRAM_BINS) + Math.fround(lo));
      values.push(edge, next(edge, true), next(edge, false));
    }
    const v = new Float32Array(values.filter((x) => x >= Math.fround(lo) && x <= Math.fround(hi)));
    // The kernel (float32) and the scalar passes (the same values as float64).
    for (const input of [v, Float64Array.from(v)]) {
      const s = valueStats(input);
      assert.ok(s.histogram);
      assert.deepEqual(s.histogram.counts, numpyCounts(v, s.histogram.lo, s.histogram.hi), `range [${lo}, ${hi}], ${input.constructor.name}`);
    }
  }
});
