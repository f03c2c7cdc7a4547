// Calibration range selection (models/onnx/activationRange.ts) on known distributions: rare far
// outliers are clipped (the step they would set costs every other value more than clipping
// them costs), a uniform distribution keeps its min..max, and the expected error is the
// quantization error of the bin centres.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { mulberry32 } from '../../../inference/prng';
import { addToHistogram, emptyHistogram, expectedUint8Error, minimumErrorRange } from '../../../models/onnx/activationRange';
import { QuantizationError, uint8Params } from '../../../models/onnx/quantize';

/** Standard normal samples (Box–Muller), seeded. */
function gaussian(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

function histogramOf(data: Float32Array) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const h = emptyHistogram({ min, max });
  addToHistogram(h, data);
  return h;
}

/** The uint8 quantization error of the samples themselves (not binned) for a range. */
function sampleError(data: Float32Array, range: { min: number; max: number }): number {
  const { scale, zeroPoint } = uint8Params(range);
  let e = 0;
  for (const v of data) e += ((Math.min(255, Math.max(0, Math.round(v / scale) + zeroPoint)) - zeroPoint) * scale - v) ** 2;
  return e;
}

test('a Gaussian with two far outliers: the outliers are clipped, at the least error of any shrunk range', () => {
  const data = gaussian(200_000, 1);
  data[0] = 40;
  data[1] = -40;
  const h = histogramOf(data);
  const r = minimumErrorRange(h);
  // ±40 makes the step 80/255 ≈ 0.31 σ for all 200 000 values to spare two of them the clipping.
  assert.ok(r.max < 36 && r.min > -36, `${r.min}..${r.max}`);
  const minMax = sampleError(data, { min: h.min, max: h.max });
  assert.ok(sampleError(data, r) < 0.7 * minMax, `${sampleError(data, r)} against ${minMax} for min..max`);
  // A finer search on the samples themselves finds nothing better (beyond the binning's 2 %).
  let best = Infinity;
  for (let f = 0.3; f <= 1; f += 0.002) best = Math.min(best, sampleError(data, { min: h.min * f, max: h.max * f }));
  assert.ok(sampleError(data, r) <= 1.02 * best, `${sampleError(data, r)} against the best ${best}`);
});

test('a ReLU output (non-negative, long tail): the range starts at 0 and clips the tail', () => {
  const data = gaussian(1_000_000, 2).map((v) => Math.max(0, v));
  data[5] = 30;
  const r = minimumErrorRange(histogramOf(data));
  assert.equal(r.min, 0);
  // Clipping the one value at 30 to m costs (30 − m)²; the other ~500 000 gain (30² − m²)/255²/12
  // each: the least total is near m = 18.
  assert.ok(r.max > 15 && r.max < 21, `max ${r.max}`);
  assert.equal(uint8Params(r).zeroPoint, 0);
});

test('a uniform distribution keeps its min..max: clipping it only adds error', () => {
  const rand = mulberry32(3);
  const data = Float32Array.from({ length: 100_000 }, () => -1 + 3 * rand());
  const h = histogramOf(data);
  const r = minimumErrorRange(h);
  assert.ok(Math.abs(r.min - h.min) < 0.02 && Math.abs(r.max - h.max) < 0.02, `${r.min}..${r.max} against ${h.min}..${h.max}`);
});

test('the expected error is the squared uint8 rounding error of the bin centres, clipping included', () => {
  const h = emptyHistogram({ min: 0, max: 2 });
  addToHistogram(h, [0.3, 0.3, 1.9, 2, -5]);
  const { scale } = uint8Params({ min: 0, max: 1 });
  const width = 2 / h.counts.length;
  const centre = (v: number) => (Math.min(h.counts.length - 1, Math.max(0, Math.floor(v / width))) + 0.5) * width;
  const err = (v: number) => (Math.min(255, Math.round(centre(v) / scale)) * scale - centre(v)) ** 2;
  const want = 2 * err(0.3) + err(1.9) + err(2) + err(-5);
  assert.ok(Math.abs(expectedUint8Error(h, { min: 0, max: 1 }) - want) < 1e-12, `${expectedUint8Error(h, { min: 0, max: 1 })} vs ${want}`);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 5, 'values outside the span go to the end bins');
});

test('an empty or non-finite span is refused with a QuantizationError', () => {
  assert.throws(() => emptyHistogram({ min: Infinity, max: -Infinity }), QuantizationError);
  assert.throws(() => emptyHistogram({ min: 1, max: 0 }), QuantizationError);
});
