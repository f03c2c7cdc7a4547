// Choosing an activation tensor's uint8 range from its calibration histogram: the range whose
// quantization (rounding to 255 steps, clipping outside) has the least expected squared error
// over the values seen, instead of their bare min..max. A few rare extreme values otherwise set
// the step for all of them: on resnet50 (random weights with measured BatchNorm statistics,
// bench/classify.mjs) min..max gave 95.0 % top-1 agreement with fp32 over 200 images, this
// search 98.0 %; fixed 1e-4 / 1e-5 quantile clipping 97.5 % / 97.0 %.
import * as l10n from '@vscode/l10n';
import { QuantizationError, uint8Params, type ActivationRange } from './quantize';

/** Bins of a calibration histogram: fine enough that a bin is far below one uint8 step at 0.3 × the range. */
export const CALIBRATION_HISTOGRAM_BINS = 2048;

/** The shrink factors of min..max tried (both ends scaled alike, 0 stays inside): 1, 0.99, …, 0.30. */
const SHRINK_STEPS = 71;
const SHRINK_STEP = 0.01;

/** Counts of values in CALIBRATION_HISTOGRAM_BINS equal bins over [min, max] (a tensor's calibrated min..max). */
export interface ActivationHistogram {
  readonly min: number;
  readonly max: number;
  readonly counts: Float64Array;
}

export function emptyHistogram(range: ActivationRange): ActivationHistogram {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) throw new QuantizationError(l10n.t('not a range: {0}..{1}', range.min, range.max));
  return { min: range.min, max: range.max, counts: new Float64Array(CALIBRATION_HISTOGRAM_BINS) };
}

/** Counts `data` into `h`; values outside [min, max] go to the end bins. */
export function addToHistogram(h: ActivationHistogram, data: ArrayLike<number>): void {
  const bins = h.counts.length;
  const perUnit = h.max > h.min ? bins / (h.max - h.min) : 0;
  for (let i = 0; i < data.length; i++) {
    const b = Math.floor((data[i] - h.min) * perUnit);
    h.counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
  }
}

/** Σ count × (dequantize(quantize(v)) − v)² over the bin centres v, for uint8 with `range`'s parameters. */
export function expectedUint8Error(h: ActivationHistogram, range: ActivationRange): number {
  const { scale, zeroPoint } = uint8Params(range);
  const width = (h.max - h.min) / h.counts.length;
  let error = 0;
  for (let b = 0; b < h.counts.length; b++) {
    const n = h.counts[b];
    if (n === 0) continue;
    const v = h.min + (b + 0.5) * width;
    const q = Math.min(255, Math.max(0, Math.round(v / scale) + zeroPoint));
    error += n * ((q - zeroPoint) * scale - v) ** 2;
  }
  return error;
}

/**
 * The range with the least expected uint8 error among min..max (widened to include 0) scaled by
 * 1, 0.99, …, 0.30; min..max itself wins ties, so a distribution without rare tails keeps it.
 */
export function minimumErrorRange(h: ActivationHistogram): ActivationRange {
  const lo = Math.min(0, h.min);
  const hi = Math.max(0, h.max);
  let best: ActivationRange = { min: lo, max: hi };
  let bestError = expectedUint8Error(h, best);
  for (let k = 1; k < SHRINK_STEPS; k++) {
    const f = 1 - k * SHRINK_STEP;
    const candidate = { min: lo * f, max: hi * f };
    const error = expectedUint8Error(h, candidate);
    if (error < bestError) {
      best = candidate;
      bestError = error;
    }
  }
  return best;
}
