// Preprocessing as the weights were evaluated (conventions.md): resize the shorter side to
// floor(inputSize / cropPct) with the preset's interpolation, centre-crop inputSize, scale to
// [0, 1], normalise with mean/std, NCHW float32.
//
// torchvision and timm resize PIL images with Pillow's resampler, so this reimplements
// Pillow's algorithm rather than calling the decoder's own resize: a separable filter whose
// support widens with the downscale factor (antialiasing), coefficients in fixed point
// (22 fractional bits), the horizontal pass first, each pass rounded and clamped to 8 bits.
// On the oracle's test images it reproduces torchvision's tensors exactly (test/unit/inference).
//
// The passes run in a WebAssembly SIMD kernel where there is one (preprocessKernel.ts, bit for bit
// the JS passes here, which stay as its reference and fallback).
import type { Preprocessing } from '../models';
import { PreprocessKernel, type FloatTarget, type KernelAxis } from './preprocessKernel';

/** 8-bit interleaved RGB pixels, row-major. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

interface Filter {
  readonly support: number;
  readonly weight: (x: number) => number;
}

const FILTERS: Readonly<Record<Preprocessing['interpolation'], Filter>> = {
  bilinear: { support: 1, weight: (x) => (x < 0 ? -x : x) < 1 ? 1 - Math.abs(x) : 0 },
  bicubic: {
    support: 2,
    weight: (x) => {
      // Keys' cubic with a = -0.5, as Pillow uses.
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** One axis's resampling coefficients, as the JS passes and the kernel read them. */
type Coefficients = KernelAxis;

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
function computeCoefficients(inSize: number, outSize: number, filter: Filter): Coefficients {
  if (inSize === outSize) {
    // Pillow skips a pass whose size does not change; one tap of 1.0 gives the same bytes.
    const idx = Int32Array.from({ length: outSize }, (_, i) => i);
    return { start: idx, count: new Int32Array(outSize).fill(1), taps: new Int32Array(outSize).fill(ONE), ksize: 1 };
  }
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const taps = new Int32Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = filter.weight((x + xmin - center + 0.5) / filterScale);
      total += w[x];
    }
    for (let x = 0; x < xmax; x++) {
      const v = total !== 0 ? w[x] / total : w[x];
      taps[i * ksize + x] = Math.trunc(v < 0 ? -0.5 + v * ONE : 0.5 + v * ONE);
    }
    start[i] = xmin;
    count[i] = xmax;
  }
  return { start, count, taps, ksize };
}

/** Coefficient tables by (in size, out size, filter): a folder of same-sized images computes them once. */
const coefficientCache = new Map<string, Coefficients>();
const COEFFICIENT_CACHE_SIZE = 64;

function coefficients(inSize: number, outSize: number, interpolation: Preprocessing['interpolation']): Coefficients {
  const key = `${interpolation}:${inSize}:${outSize}`;
  let c = coefficientCache.get(key);
  if (c) {
    // Most recently used last, so the oldest is the one dropped.
    coefficientCache.delete(key);
    coefficientCache.set(key, c);
    return c;
  }
  c = computeCoefficients(inSize, outSize, FILTERS[interpolation]);
  if (coefficientCache.size >= COEFFICIENT_CACHE_SIZE) coefficientCache.delete(coefficientCache.keys().next().value as string);
  coefficientCache.set(key, c);
  return c;
}

/**
 * Pillow's horizontal pass (ImagingResampleHorizontal_8bpc) for rows [r0, r1) of `src` and output
 * columns [x0, x1), into `dst` (rows r0.. at row 0, `(x1 - x0) * 3` bytes a row). Accumulators
 * are int32 as in Pillow (they never exceed 2^31 for 8-bit input), so `>> 22` is its shift.
 */
function horizontalPass(src: Uint8Array, srcWidth: number, r0: number, r1: number, c: Coefficients, x0: number, x1: number, dst: Uint8Array): void {
  const { start, count, taps, ksize } = c;
  const stride = srcWidth * 3;
  let o = 0;
  for (let y = r0; y < r1; y++) {
    const row = y * stride;
    for (let x = x0; x < x1; x++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      const k = x * ksize;
      const n = count[x];
      let p = row + start[x] * 3;
      for (let t = 0; t < n; t++, p += 3) {
        const tap = taps[k + t];
        r = (r + Math.imul(src[p], tap)) | 0;
        g = (g + Math.imul(src[p + 1], tap)) | 0;
        b = (b + Math.imul(src[p + 2], tap)) | 0;
      }
      r >>= PRECISION_BITS;
      g >>= PRECISION_BITS;
      b >>= PRECISION_BITS;
      dst[o] = r < 0 ? 0 : r > 255 ? 255 : r;
      dst[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      dst[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
      o += 3;
    }
  }
}

/** Reused between calls (preprocessing is synchronous): the horizontal pass's rows, the region. */
let rowsScratch = new Uint8Array(0);
let regionScratch = new Uint8Array(0);
let accScratch = new Int32Array(0);

/** Resizes 8-bit RGB to width × height exactly as Pillow's Image.resize does (`kernel` null: the JS passes). */
export function resizeRgb(img: RgbImage, width: number, height: number, interpolation: Preprocessing['interpolation'], kernel = PreprocessKernel.get()): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const ch = coefficients(img.width, width, interpolation);
  const cv = coefficients(img.height, height, interpolation);
  if (!kernel?.resizeRegion(img.data, img.width, ch, cv, 0, width, 0, height, out, null)) resizeRegion(img, width, height, interpolation, 0, width, 0, height, out);
  return { width, height, data: out };
}

/**
 * The pixels [x0, x1) × [y0, y1) of the image Pillow's resize to width × height would give, into
 * `dst` (interleaved RGB, `(x1 - x0) * 3` bytes a row), computing only what they depend on: the
 * horizontal pass over the input rows the vertical pass reads for those output rows, and only
 * those output columns. Each output sample of each pass depends on its own coefficients only,
 * so the values are the full resize's, bit for bit.
 */
function resizeRegion(img: RgbImage, width: number, height: number, interpolation: Preprocessing['interpolation'], x0: number, x1: number, y0: number, y1: number, dst: Uint8Array): void {
  const ch = coefficients(img.width, width, interpolation);
  const cv = coefficients(img.height, height, interpolation);
  const { start, count, taps, ksize } = cv;
  let r0 = img.height;
  let r1 = 0;
  for (let y = y0; y < y1; y++) {
    if (start[y] < r0) r0 = start[y];
    if (start[y] + count[y] > r1) r1 = start[y] + count[y];
  }
  const rowBytes = (x1 - x0) * 3;
  const need = (r1 - r0) * rowBytes;
  if (rowsScratch.length < need) rowsScratch = new Uint8Array(need);
  const tmp = rowsScratch;
  horizontalPass(img.data, img.width, r0, r1, ch, x0, x1, tmp);
  // Pillow's vertical pass (ImagingResampleVertical_8bpc) over the rows kept in `tmp`, one
  // output row at a time: each tap adds a whole input row into int32 accumulators.
  if (accScratch.length < rowBytes) accScratch = new Int32Array(rowBytes);
  const acc = accScratch;
  let o = 0;
  for (let y = y0; y < y1; y++) {
    const k = y * ksize;
    const n = count[y];
    acc.fill(HALF, 0, rowBytes);
    for (let t = 0; t < n; t++) {
      const tap = taps[k + t];
      const base = (start[y] + t - r0) * rowBytes;
      for (let i = 0; i < rowBytes; i++) acc[i] = (acc[i] + Math.imul(tmp[base + i], tap)) | 0;
    }
    for (let i = 0; i < rowBytes; i++) {
      const v = acc[i] >> PRECISION_BITS;
      dst[o++] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

/** Python's round(): halves to even (torchvision's center_crop uses it for the offsets). */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** torchvision's center_crop offset: round-half-even, or the negated left/top padding when the crop is larger. */
function cropOffset(size: number, crop: number): number {
  return crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2);
}

/** torchvision's Resize(int) output size: the shorter side to `size`, the longer truncated. */
export function resizedSize(width: number, height: number, size: number): [number, number] {
  if (width <= height) return [size, Math.trunc((size * height) / width)];
  return [Math.trunc((size * width) / height), size];
}

/** ToTensor then Normalize of each 8-bit value, per channel: 3 × 256 float32s, by (mean, std). */
const normalizeTables = new Map<string, Float32Array>();

function normalizeTable(mean: readonly number[], std: readonly number[]): Float32Array {
  const key = `${mean.join(',')}/${std.join(',')}`;
  let t = normalizeTables.get(key);
  if (!t) {
    t = new Float32Array(3 * 256);
    for (let c = 0; c < 3; c++) {
      // torch computes in float32: ToTensor's x / 255, then Normalize's (x - mean) / std (the
      // float64 quotient rounded to float32 is the float32 quotient).
      const m = Math.fround(mean[c]);
      const s = Math.fround(std[c]);
      for (let v = 0; v < 256; v++) t[c * 256 + v] = Math.fround(Math.fround(v / 255) - m) / s;
    }
    if (normalizeTables.size >= 16) normalizeTables.clear();
    normalizeTables.set(key, t);
  }
  return t;
}

/** Where the network's crop lies: the resized image's size and the crop's offset in it (pixels; negative = padding). */
export interface CropGeometry {
  readonly resized: readonly [number, number];
  readonly top: number;
  readonly left: number;
}

/** The resize + centre crop of the eval transform for an image of width × height pixels. */
export function cropGeometry(width: number, height: number, p: Preprocessing, cropHW: readonly [number, number]): CropGeometry {
  const [cropH, cropW] = cropHW;
  // timm: a square size resizes the shorter side; a non-square one resizes to (H, W) / crop_pct.
  const [w, h] = cropH === cropW ? resizedSize(width, height, Math.floor(cropH / p.cropPct)) : [Math.floor(cropW / p.cropPct), Math.floor(cropH / p.cropPct)];
  return { resized: [w, h], top: cropOffset(h, cropH), left: cropOffset(w, cropW) };
}

/**
 * The full eval transform into `out` (3 × crop × crop floats) at `offset`: resize, centre crop
 * (zero padding where the image is smaller than the crop, as torchvision pads), normalise.
 * Only the part of the resized image that survives the crop is computed.
 */
export function preprocessInto(img: RgbImage, p: Preprocessing, cropHW: readonly [number, number], out: Float32Array, offset = 0, kernel = PreprocessKernel.get()): void {
  const [cropH, cropW] = cropHW;
  const { resized: [w, h], top, left } = cropGeometry(img.width, img.height, p, cropHW);
  const lut = normalizeTable(p.mean, p.std);
  const plane = cropH * cropW;
  // The resized image's pixels inside the crop window.
  const x0 = Math.max(0, left);
  const x1 = Math.min(w, left + cropW);
  const y0 = Math.max(0, top);
  const y1 = Math.min(h, top + cropH);
  if (x0 > left || x1 < left + cropW || y0 > top || y1 < top + cropH) {
    // Padding: torchvision pads with zeros before ToTensor/Normalize.
    for (let c = 0; c < 3; c++) out.fill(lut[c * 256], offset + c * plane, offset + (c + 1) * plane);
  }
  if (x1 <= x0 || y1 <= y0) return;
  if (kernel) {
    const target: FloatTarget = { lut, out, origin: offset + (y0 - top) * cropW + (x0 - left), rowStride: cropW, planeStride: plane };
    const ch = coefficients(img.width, w, p.interpolation);
    const cv = coefficients(img.height, h, p.interpolation);
    if (kernel.resizeRegion(img.data, img.width, ch, cv, x0, x1, y0, y1, null, target)) return;
  }
  const need = (x1 - x0) * (y1 - y0) * 3;
  if (regionScratch.length < need) regionScratch = new Uint8Array(need);
  const region = regionScratch;
  resizeRegion(img, w, h, p.interpolation, x0, x1, y0, y1, region);
  const rw = x1 - x0;
  for (let c = 0; c < 3; c++) {
    const base = offset + c * plane;
    const table = c * 256;
    for (let y = y0; y < y1; y++) {
      let o = base + (y - top) * cropW + (x0 - left);
      let s = (y - y0) * rw * 3 + c;
      for (let x = 0; x < rw; x++, s += 3) out[o++] = lut[table + region[s]];
    }
  }
}

export function preprocess(img: RgbImage, p: Preprocessing, cropHW: readonly [number, number], kernel = PreprocessKernel.get()): Float32Array {
  const out = new Float32Array(3 * cropHW[0] * cropHW[1]);
  preprocessInto(img, p, cropHW, out, 0, kernel);
  return out;
}
