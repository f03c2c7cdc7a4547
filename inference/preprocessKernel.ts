// The WebAssembly SIMD passes of preprocess.ts's resize and normalisation (preprocessKernel.wat),
// bit for bit the JS passes (test/unit/inference/preprocessKernel.test.ts), which stay as the
// reference and as the fallback where WebAssembly is missing.
//
// Memory is bounded: the module's one 8 MiB block is never grown. The output rows go through it a
// band at a time: the band's source rows (only the columns the horizontal pass reads), their
// horizontal pass, the band's vertical pass and its floats, each region padded by 16 bytes (the
// passes read and write up to 15 bytes past a row). A band is as many output rows as fit; an
// image whose single output row does not fit (a vertical downscale of hundreds of source rows of
// thousands of columns: beyond the decoder's limits for square crops) is left to the JS passes.
// One instance per thread, made on first use.
import { wasmExports } from '../models/wasmInstance';
import { PREPROCESS_KERNEL_WASM } from './preprocessKernelWasm';

/** The module's memory (preprocessKernel.wat: 128 pages). */
const MEMORY_BYTES = 128 * 65536;
/** The normalisation table, 3 × 256 float32s. */
const LUT = 0;
/** Where the per-call layout starts. */
const FREE = 4096;
const PAD = 16;

/** One axis's resampling coefficients (preprocess.ts computes them, Pillow's way). */
export interface KernelAxis {
  /** First input index of each output sample. */
  readonly start: Int32Array;
  /** Number of taps of each output sample. */
  readonly count: Int32Array;
  /** Fixed-point taps, `ksize` per output sample. */
  readonly taps: Int32Array;
  readonly ksize: number;
}

/** Where the normalised floats of the resized pixels [x0, x1) × [y0, y1) go in `out`. */
export interface FloatTarget {
  readonly lut: Float32Array;
  readonly out: Float32Array;
  /** Index in `out` of channel 0's value of pixel (x0, y0). */
  readonly origin: number;
  /** Floats from one output row to the next, and from one channel's plane to the next. */
  readonly rowStride: number;
  readonly planeStride: number;
}

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  horizontal(src: number, srcStride: number, rows: number, starts: number, counts: number, taps: number, ksize: number, cols: number, dst: number): void;
  vertical(tmp: number, rowBytes: number, starts: number, counts: number, taps: number, ksize: number, outRows: number, dst: number): void;
  normalize(src: number, pixels: number, lut: number, out: number): void;
}

const align = (n: number): number => (n + 15) & ~15;

export class PreprocessKernel {
  private readonly u8: Uint8Array;
  private readonly i32: Int32Array;
  private readonly f32: Float32Array;

  private constructor(private readonly wasm: KernelExports) {
    const buffer = wasm.memory.buffer;
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
  }

  private static instance: PreprocessKernel | null | undefined;

  /** The thread's kernel; null where this runtime has no WebAssembly SIMD (the JS passes then serve). */
  static get(): PreprocessKernel | null {
    if (PreprocessKernel.instance === undefined) {
      const wasm = wasmExports(PREPROCESS_KERNEL_WASM) as KernelExports | null;
      const kernel = wasm ? new PreprocessKernel(wasm) : null;
      // A module whose memory is smaller than the layout here expects is not this file's kernel.
      PreprocessKernel.instance = kernel && kernel.u8.length >= MEMORY_BYTES ? kernel : null;
    }
    return PreprocessKernel.instance;
  }

  /**
   * The pixels [x0, x1) × [y0, y1) of the resize of `data` (interleaved RGB, `srcWidth` pixels a
   * row) by the axes' coefficients: into `dst` (`(x1 - x0) * 3` bytes a row) as bytes, or
   * normalised into `floats`. False, with nothing written, when one output row does not fit the
   * kernel's memory (the caller then runs the JS passes).
   */
  resizeRegion(data: Uint8Array, srcWidth: number, ch: KernelAxis, cv: KernelAxis, x0: number, x1: number, y0: number, y1: number, dst: Uint8Array | null, floats: FloatTarget | null): boolean {
    if (x1 <= x0 || y1 <= y0) return true;
    const { u8, i32, f32, wasm } = this;
    const cols = x1 - x0;
    const rowBytes = cols * 3;
    // The source columns the horizontal pass reads, [c0, c1).
    let c0 = srcWidth;
    let c1 = 0;
    for (let x = x0; x < x1; x++) {
      if (ch.start[x] < c0) c0 = ch.start[x];
      if (ch.start[x] + ch.count[x] > c1) c1 = ch.start[x] + ch.count[x];
    }
    if (c1 < c0) c1 = c0;
    const srcStride = (c1 - c0) * 3;
    // Horizontal coefficients, for the whole call: starts as byte offsets in a band's row.
    const hStarts = FREE;
    const hCounts = align(hStarts + cols * 4);
    const hTaps = align(hCounts + cols * 4);
    const bandBase = align(hTaps + cols * ch.ksize * 4);
    const ksv = cv.ksize;
    const fixed = (rows: number, srcRows: number): number =>
      bandBase + align(rows * 8 + PAD) + align(rows * ksv * 4) + align(srcRows * srcStride + PAD) + align(srcRows * rowBytes + PAD) + align(rows * rowBytes + PAD) + (floats ? rows * cols * 12 : 0);
    let tallest = 0;
    for (let y = y0; y < y1; y++) tallest = Math.max(tallest, cv.count[y]);
    if (fixed(1, tallest) > MEMORY_BYTES) return false;
    for (let x = x0; x < x1; x++) {
      i32[(hStarts >> 2) + x - x0] = (ch.start[x] - c0) * 3;
      i32[(hCounts >> 2) + x - x0] = ch.count[x];
    }
    i32.set(ch.taps.subarray(x0 * ch.ksize, x1 * ch.ksize), hTaps >> 2);
    if (floats) f32.set(floats.lut, LUT >> 2);
    for (let ya = y0; ya < y1; ) {
      // The band [ya, yb): as many output rows as fit, reading source rows [r0, r1).
      let r0 = cv.start[ya];
      let r1 = cv.start[ya] + cv.count[ya];
      let yb = ya + 1;
      while (yb < y1) {
        const s = Math.min(r0, cv.start[yb]);
        const e = Math.max(r1, cv.start[yb] + cv.count[yb]);
        if (fixed(yb + 1 - ya, e - s) > MEMORY_BYTES) break;
        r0 = s;
        r1 = e;
        yb++;
      }
      const rows = yb - ya;
      const srcRows = r1 - r0;
      const vStarts = bandBase;
      const vCounts = vStarts + rows * 4;
      const vTaps = align(vCounts + rows * 4 + PAD);
      const src = align(vTaps + rows * ksv * 4);
      const tmp = align(src + srcRows * srcStride + PAD);
      const out = align(tmp + srcRows * rowBytes + PAD);
      const fl = align(out + rows * rowBytes + PAD);
      for (let y = ya; y < yb; y++) {
        i32[(vStarts >> 2) + y - ya] = (cv.start[y] - r0) * rowBytes;
        i32[(vCounts >> 2) + y - ya] = cv.count[y];
      }
      i32.set(cv.taps.subarray(ya * ksv, yb * ksv), vTaps >> 2);
      if (c0 === 0 && c1 === srcWidth) {
        u8.set(data.subarray(r0 * srcStride, r1 * srcStride), src);
      } else {
        for (let r = r0; r < r1; r++) u8.set(data.subarray((r * srcWidth + c0) * 3, (r * srcWidth + c1) * 3), src + (r - r0) * srcStride);
      }
      // The padding the passes may read (never used in a result; zeroed so the reads are deterministic).
      u8.fill(0, src + srcRows * srcStride, src + srcRows * srcStride + PAD);
      u8.fill(0, tmp + srcRows * rowBytes, tmp + srcRows * rowBytes + PAD);
      wasm.horizontal(src, srcStride, srcRows, hStarts, hCounts, hTaps, ch.ksize, cols, tmp);
      wasm.vertical(tmp, rowBytes, vStarts, vCounts, vTaps, ksv, rows, out);
      if (dst) dst.set(u8.subarray(out, out + rows * rowBytes), (ya - y0) * rowBytes);
      if (floats) {
        const n = rows * cols;
        wasm.normalize(out, n, LUT, fl);
        const f = fl >> 2;
        for (let c = 0; c < 3; c++) {
          const at = floats.origin + c * floats.planeStride + (ya - y0) * floats.rowStride;
          if (floats.rowStride === cols) floats.out.set(f32.subarray(f + c * n, f + (c + 1) * n), at);
          else for (let y = 0; y < rows; y++) floats.out.set(f32.subarray(f + c * n + y * cols, f + c * n + (y + 1) * cols), at + y * floats.rowStride);
        }
      }
      ya = yb;
    }
    return true;
  }
}
