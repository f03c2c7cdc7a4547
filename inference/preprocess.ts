// Preprocessing as the weights were evaluated (conventions.md): resize the shorter side to
// floor(inputSize / cropPct) with the preset's interpolation, centre-crop inputSize, scale to
// [0, 1], normalise with mean/std, NCHW float32.
//
// torchvision and timm resize PIL images with Pillow's resampler, so this reimplements
// Pillow's algorithm rather than calling the decoder's own resize: a separable filter whose
// support widens with the downscale factor (antialiasing), coefficients in fixed point
// (22 fractional bits), the horizontal pass first, each pass rounded and clamped to 8 bits.
// On the oracle's test images it reproduces torchvision's tensors exactly (test/unit/inference).
import type { Preprocessing } from '../models';

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

interface Coefficients {
  /** First input index of each output sample. */
  readonly start: Int32Array;
  /** Number of taps of each output sample. */
  readonly count: Int32Array;
  /** Fixed-point taps, `ksize` per output sample. */
  readonly taps: Int32Array;
  readonly ksize: number;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
function coefficients(inSize: number, outSize: number, filter: Filter): Coefficients {
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

const clip8 = (acc: number): number => {
  const v = Math.floor(acc / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/** Resizes 8-bit RGB to width × height exactly as Pillow's Image.resize does. */
export function resizeRgb(img: RgbImage, width: number, height: number, interpolation: Preprocessing['interpolation']): RgbImage {
  const filter = FILTERS[interpolation];
  let src = img;
  if (width !== src.width) {
    const c = coefficients(src.width, width, filter);
    const out = new Uint8Array(width * src.height * 3);
    for (let y = 0; y < src.height; y++) {
      const row = y * src.width * 3;
      for (let x = 0; x < width; x++) {
        let r = HALF;
        let g = HALF;
        let b = HALF;
        const k = x * c.ksize;
        const s0 = c.start[x];
        for (let t = 0; t < c.count[x]; t++) {
          const tap = c.taps[k + t];
          const p = row + (s0 + t) * 3;
          r += src.data[p] * tap;
          g += src.data[p + 1] * tap;
          b += src.data[p + 2] * tap;
        }
        const o = (y * width + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    src = { width, height: src.height, data: out };
  }
  if (height !== src.height) {
    const c = coefficients(src.height, height, filter);
    const out = new Uint8Array(width * height * 3);
    const stride = src.width * 3;
    for (let y = 0; y < height; y++) {
      const k = y * c.ksize;
      const s0 = c.start[y];
      for (let x = 0; x < src.width; x++) {
        let r = HALF;
        let g = HALF;
        let b = HALF;
        for (let t = 0; t < c.count[y]; t++) {
          const tap = c.taps[k + t];
          const p = (s0 + t) * stride + x * 3;
          r += src.data[p] * tap;
          g += src.data[p + 1] * tap;
          b += src.data[p + 2] * tap;
        }
        const o = (y * width + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    src = { width, height, data: out };
  }
  return src;
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

/**
 * The full eval transform into `out` (3 × crop × crop floats) at `offset`: resize, centre crop
 * (zero padding where the image is smaller than the crop, as torchvision pads), normalise.
 */
export function preprocessInto(img: RgbImage, p: Preprocessing, cropHW: readonly [number, number], out: Float32Array, offset = 0): void {
  const [cropH, cropW] = cropHW;
  // timm: a square size resizes the shorter side; a non-square one resizes to (H, W) / crop_pct.
  const [w, h] =
    cropH === cropW ? resizedSize(img.width, img.height, Math.floor(cropH / p.cropPct)) : [Math.floor(cropW / p.cropPct), Math.floor(cropH / p.cropPct)];
  const resized = w === img.width && h === img.height ? img : resizeRgb(img, w, h, p.interpolation);
  const top = cropOffset(h, cropH);
  const left = cropOffset(w, cropW);
  const plane = cropH * cropW;
  for (let c = 0; c < 3; c++) {
    // torch computes in float32: ToTensor's x / 255, then Normalize's (x - mean) / std.
    const mean = Math.fround(p.mean[c]);
    const std = Math.fround(p.std[c]);
    const base = offset + c * plane;
    for (let y = 0; y < cropH; y++) {
      const sy = y + top;
      for (let x = 0; x < cropW; x++) {
        const sx = x + left;
        const v = sy >= 0 && sy < h && sx >= 0 && sx < w ? resized.data[(sy * w + sx) * 3 + c] : 0;
        out[base + y * cropW + x] = Math.fround(Math.fround(v / 255) - mean) / std;
      }
    }
  }
}

export function preprocess(img: RgbImage, p: Preprocessing, cropHW: readonly [number, number]): Float32Array {
  const out = new Float32Array(3 * cropHW[0] * cropHW[1]);
  preprocessInto(img, p, cropHW, out);
  return out;
}
