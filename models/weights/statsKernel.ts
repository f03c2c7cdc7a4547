// The WebAssembly SIMD statistics of float32 values (statsKernel.wat): the same statistics and
// conventions as the scalar passes of tensorStats.ts, ~2.5× faster (bench/weightStats.mjs). The
// values go through the kernel's fixed 1 MiB scratch a chunk at a time, so the kernel's memory is
// fixed whatever the tensor's size. One instance per thread, made on first use.
import { wasmExports } from '../wasmInstance';
import { STATS_KERNEL_WASM } from './statsKernelWasm';

/** Values per chunk: the kernel's SCRATCH (statsKernel.wat's memory map). */
const CHUNK = 262144;
const EDGES = 0;
const COUNTS = 1024;
const RESULTS = 2048;
const SCRATCH = 4096;
const LANES = 4;
/** Bins of the kernel's COUNTS rows. */
export const KERNEL_BINS = 64;

export interface FirstPass {
  readonly min: number;
  readonly max: number;
  readonly zeros: number;
  readonly finite: number;
}

export interface HistogramFrame {
  readonly lo: number;
  readonly norm: number;
  readonly margin: number;
  readonly edges: Float64Array;
}

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  firstPass(n: number): void;
  secondPass(n: number, mean: number, lo: number, norm: number, margin: number): void;
}

/** A compensated float64 sum, as the kernel keeps one per call: add each call's (sum, carry). */
export interface Accumulator {
  add(x: number): void;
}

export class StatsKernel {
  private readonly scratch: Float32Array;
  private readonly results: Float64Array;
  private readonly counts: Int32Array;
  private readonly edges: Float64Array;

  private constructor(private readonly wasm: KernelExports) {
    const buffer = wasm.memory.buffer;
    this.scratch = new Float32Array(buffer, SCRATCH, CHUNK);
    this.results = new Float64Array(buffer, RESULTS, 6);
    this.counts = new Int32Array(buffer, COUNTS, LANES * KERNEL_BINS);
    this.edges = new Float64Array(buffer, EDGES, KERNEL_BINS + 1);
  }

  private static instance: StatsKernel | null | undefined;

  /** The thread's kernel; null where this runtime has no WebAssembly SIMD (the scalar passes then serve). */
  static get(): StatsKernel | null {
    if (StatsKernel.instance === undefined) {
      const wasm = wasmExports(STATS_KERNEL_WASM) as KernelExports | null;
      StatsKernel.instance = wasm ? new StatsKernel(wasm) : null;
    }
    return StatsKernel.instance;
  }

  /** Min, max, zeros and finite count of `v`; its finite sum added to `sum`. */
  firstPass(v: Float32Array, sum: Accumulator): FirstPass {
    let min = Infinity;
    let max = -Infinity;
    let zeros = 0;
    let finite = 0;
    for (let start = 0; start < v.length; start += CHUNK) {
      const n = this.load(v, start);
      this.wasm.firstPass(n);
      sum.add(this.results[0]);
      sum.add(this.results[1]);
      min = Math.min(min, this.results[2]);
      max = Math.max(max, this.results[3]);
      zeros += this.results[4];
      finite += this.results[5];
    }
    return { min, max, zeros, finite };
  }

  /** Σ(x − mean)² of the finite values added to `squares`; their histogram counts (HISTOGRAM_BINS). */
  secondPass(v: Float32Array, mean: number, frame: HistogramFrame, squares: Accumulator): Int32Array {
    if (frame.edges.length !== KERNEL_BINS + 1) throw new RangeError(`the statistics kernel counts ${KERNEL_BINS} bins, not ${frame.edges.length - 1}`);
    this.edges.set(frame.edges);
    this.counts.fill(0);
    for (let start = 0; start < v.length; start += CHUNK) {
      const n = this.load(v, start);
      this.wasm.secondPass(n, mean, frame.lo, frame.norm, frame.margin);
      squares.add(this.results[0]);
      squares.add(this.results[1]);
    }
    const counts = new Int32Array(KERNEL_BINS);
    for (let lane = 0; lane < LANES; lane++) for (let b = 0; b < KERNEL_BINS; b++) counts[b] += this.counts[lane * KERNEL_BINS + b];
    return counts;
  }

  /** Copies the chunk of `v` from `start` into the scratch, padded with NaN to a multiple of 4 (NaN is skipped by every statistic); its padded length. */
  private load(v: Float32Array, start: number): number {
    const n = Math.min(CHUNK, v.length - start);
    this.scratch.set(v.subarray(start, start + n));
    const padded = Math.ceil(n / LANES) * LANES;
    this.scratch.fill(NaN, n, padded);
    return padded;
  }
}
