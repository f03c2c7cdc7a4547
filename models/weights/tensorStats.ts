// Statistics of one tensor's values, as numpy computes them on the tensor converted to float64:
// mean and population std (ddof 0) of the finite elements, min, max (IEEE 754 minimum and
// maximum: −0 counts below +0), exact counts of zeros and
// of NaN/±Inf, and a histogram of the finite elements in HISTOGRAM_BINS equal bins over
// [min, max] with np.histogram's bin rule. Every value of a float16, bfloat16 or float32 tensor
// is exact in float64 (float64 tensors are read as float32, as the engine loads them), so only
// the summation order differs from numpy's (pairwise): sums here
// run in blocks of SUM_BLOCK elements (the kernel: four interleaved sums of 256 per block), the
// blocks added with Neumaier's compensation, which keeps the error within about SUM_BLOCK · 2⁻⁵³
// of Σ|x| (see test/unit/weights/tensorStats.test.ts).
import { KERNEL_BINS, StatsKernel, type FirstPass, type HistogramFrame } from './statsKernel';
import type { WeightTensor } from './tensor';

export const HISTOGRAM_BINS = KERNEL_BINS;

/** Elements summed plainly before the block's sum joins the compensated total. */
const SUM_BLOCK = 1024;

export interface Histogram {
  /** The first and last bin edges (min and max of the finite elements; ±0.5 around a constant tensor, as numpy). */
  readonly lo: number;
  readonly hi: number;
  /** HISTOGRAM_BINS counts; the last bin includes hi. */
  readonly counts: readonly number[];
}

export interface TensorStats {
  /** Elements of the tensor. */
  readonly count: number;
  /** Over the finite elements; null when there is none. */
  readonly mean: number | null;
  /** Population standard deviation (ddof 0, numpy's default; torch.std's default is ddof 1). */
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Elements equal to 0 (−0 included). */
  readonly zeros: number;
  /** NaN, +Inf and −Inf elements. */
  readonly nonfinite: number;
  readonly histogram: Histogram | null;
}

/** A float64 accumulator with Neumaier's compensation. */
class CompensatedSum {
  private sum = 0;
  private carry = 0;
  add(x: number): void {
    const t = this.sum + x;
    this.carry += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
  get value(): number {
    return this.sum + this.carry;
  }
}

type Values = ArrayLike<number>;

/** The values of a tensor as numbers: float32 as stored, int64 converted (exact below 2⁵³). */
function numbersOf(t: WeightTensor): Values {
  if (t.data instanceof Float32Array) return t.data;
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(t.data[i]);
  return out;
}

export function tensorStats(t: WeightTensor): TensorStats {
  return valueStats(numbersOf(t));
}

/**
 * The statistics of `v` (see the file's comment for the conventions). Float32 values, every
 * floating tensor once decoded, take the WebAssembly SIMD kernel (statsKernel.ts); other values
 * (integer tensors, as float64) and runtimes without WebAssembly SIMD take the scalar passes
 * below. Both give the same counts, min and max, and sums within the bound above.
 */
export function valueStats(v: Values): TensorStats {
  const kernel = v instanceof Float32Array ? StatsKernel.get() : null;
  const total = new CompensatedSum();
  const first = kernel !== null ? kernel.firstPass(v as Float32Array, total) : scalarFirstPass(v, total);
  const n = v.length;
  const { min, max, zeros, finite } = first;
  const nonfinite = n - finite;
  if (finite === 0) return { count: n, mean: null, std: null, min: null, max: null, zeros, nonfinite, histogram: null };
  const mean = total.value / finite;
  const frame = histogramFrame(min, max);
  const squares = new CompensatedSum();
  const counts = kernel !== null ? kernel.secondPass(v as Float32Array, mean, frame, squares) : scalarSecondPass(v, mean, frame, squares);
  const histogram = { lo: frame.lo, hi: frame.edges[HISTOGRAM_BINS], counts: Array.from(counts) };
  return { count: n, mean, std: Math.sqrt(squares.value / finite), min, max, zeros, nonfinite, histogram };
}

/** np.histogram's bins over [min, max] of the finite values, and where its edge correction can matter. */
function histogramFrame(min: number, max: number): HistogramFrame {
  const bins = HISTOGRAM_BINS;
  // np.histogram: a range of zero width is widened by 0.5 each side; edges are
  // np.linspace(lo, hi, bins + 1): i · ((hi − lo) / bins) + lo, the last one hi itself.
  const lo = min === max ? min - 0.5 : min;
  const hi = min === max ? max + 0.5 : max;
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  const norm = bins / (hi - lo);
  // numpy corrects its index by the edges for values that rounding put one bin off. Rounding
  // moves (x − lo) · norm and an edge (in bin units) by at most a few ulps of max(|lo|, |hi|)
  // · norm, so an index whose fractional part is farther than `margin` (in bins; 16 ulps, with
  // room) from a whole number needs no correction, and skips the loads and compares of the edges.
  // (b === bins only when x is hi, whose fraction is 0, so the last bin needs no case of its own.)
  const margin = 16 * 2 ** -52 * Math.max(Math.abs(lo), Math.abs(hi)) * norm + 2 ** -40;
  return { lo, norm, margin, edges };
}

/** Min, max, zeros and finite count of `v`; its finite sum added to `total` in blocks. */
function scalarFirstPass(v: Values, total: CompensatedSum): FirstPass {
  const n = v.length;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let negativeZeros = 0;
  let nonfinite = 0;
  for (let start = 0; start < n; start += SUM_BLOCK) {
    const end = Math.min(n, start + SUM_BLOCK);
    let block = 0;
    for (let i = start; i < end; i++) {
      const x = v[i];
      // x − x is 0 for every finite x, NaN for NaN and ±Inf.
      if (x - x !== 0) {
        nonfinite++;
        continue;
      }
      if (x === 0) {
        zeros++;
        if (1 / x < 0) negativeZeros++;
      }
      if (x < min) min = x;
      if (x > max) max = x;
      block += x;
    }
    total.add(block);
  }
  // IEEE 754 minimum and maximum, as the kernel's SIMD min/max: −0 below +0, whatever the order.
  if (min === 0) min = negativeZeros > 0 ? -0 : 0;
  if (max === 0) max = negativeZeros < zeros ? 0 : -0;
  return { min, max, zeros, finite: n - nonfinite };
}

/** Σ(x − mean)² of the finite values added to `squares`, and their histogram counts, in one pass. */
function scalarSecondPass(v: Values, mean: number, frame: HistogramFrame, squares: CompensatedSum): Int32Array {
  const bins = HISTOGRAM_BINS;
  const { lo, norm, margin, edges } = frame;
  const counts = new Int32Array(bins);
  for (let start = 0; start < v.length; start += SUM_BLOCK) {
    const end = Math.min(v.length, start + SUM_BLOCK);
    let block = 0;
    for (let i = start; i < end; i++) {
      const x = v[i];
      if (x - x !== 0) continue;
      const d = x - mean;
      block += d * d;
      const f = (x - lo) * norm;
      let b = f | 0;
      const fraction = f - b;
      if (fraction < margin || fraction > 1 - margin) {
        if (b === bins) b--;
        if (x < edges[b]) b--;
        else if (b !== bins - 1 && x >= edges[b + 1]) b++;
      }
      counts[b]++;
    }
    squares.add(block);
  }
  return counts;
}
