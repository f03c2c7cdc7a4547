// The WebAssembly SIMD statistics kernel (models/weights/statsKernel.wat): its committed bytes are
// the .wat's compilation, it runs here (so the numpy comparisons in tensorStats.test.ts test it,
// not the scalar fallback), and it agrees with the scalar passes on inputs that cross its chunk
// and block boundaries, have lengths that are not multiples of its four lanes, and mix in NaN,
// ±Inf, 0 and −0. Counts, min and max exactly; mean and std within 1e-12 relative (two summation
// orders, each within ~1e-13 of Σ|x|; see tensorStats.test.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { valueStats, type TensorStats } from '../../../models';
import { StatsKernel } from '../../../models/weights/statsKernel';
import { STATS_KERNEL_WASM } from '../../../models/weights/statsKernelWasm';
import { repoRoot } from '../fixturePaths';

interface CompilerModule {
  compileWasmKernel(wat: string, file?: string): Promise<Uint8Array>;
}
// The script is an ES module; tsc would turn import() into require(), so the import is made at run time.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<CompilerModule>;

test('statsKernelWasm.ts holds the compilation of statsKernel.wat (node scripts/build-wasm-kernels.mjs)', async () => {
  const { compileWasmKernel } = await importEsm(pathToFileURL(join(repoRoot, 'scripts', 'lib', 'wasmKernel.mjs')).href);
  const compiled = await compileWasmKernel(readFileSync(join(repoRoot, 'models', 'weights', 'statsKernel.wat'), 'utf8'));
  assert.deepEqual(Array.from(compiled), STATS_KERNEL_WASM);
});

test('the kernel compiles and runs on this Node (WebAssembly SIMD)', () => {
  assert.notEqual(StatsKernel.get(), null);
});

function assertSame(kernel: TensorStats, scalar: TensorStats, what: string): void {
  assert.deepEqual(
    [kernel.count, kernel.zeros, kernel.nonfinite, kernel.min, kernel.max, kernel.histogram],
    [scalar.count, scalar.zeros, scalar.nonfinite, scalar.min, scalar.max, scalar.histogram],
    what,
  );
  for (const k of ['mean', 'std'] as const) {
    const a = kernel[k];
    const b = scalar[k];
    if (a === null || b === null) assert.equal(a, b, `${what}: ${k}`);
    else assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(b), scalar.std ?? 0), `${what}: ${k} ${a} vs ${b}`);
  }
}

/** Deterministic values: a roughly normal spread around `offset`, with NaN, ±Inf, 0 and −0 where `specials`. */
function values(n: number, seed: number, offset: number, specials: boolean): Float32Array {
  let s = seed >>> 0;
  const rand = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    v[i] = offset + (rand() + rand() + rand() - 1.5) * 0.1;
    if (specials) {
      const r = rand();
      if (r < 0.001) v[i] = NaN;
      else if (r < 0.0015) v[i] = Infinity;
      else if (r < 0.002) v[i] = -Infinity;
      else if (r < 0.01) v[i] = 0;
      else if (r < 0.012) v[i] = -0;
    }
  }
  return v;
}

test('kernel and scalar passes agree across chunk, block and lane boundaries', () => {
  const chunk = 262144;
  const lengths = [1, 2, 3, 5, 1023, 1024, 1025, 4099, chunk - 1, chunk, chunk + 1, 2 * chunk + 3];
  for (const n of lengths) {
    for (const [offset, specials] of [[0, true], [1000.25, false], [-3, true]] as const) {
      const v = values(n, n + offset, offset, specials);
      assertSame(valueStats(v), valueStats(Float64Array.from(v)), `n=${n} offset=${offset}`);
    }
  }
});

test('kernel and scalar passes agree on degenerate tensors', () => {
  const cases: [string, number[]][] = [
    ['empty', []],
    ['all NaN', [NaN, NaN, NaN, NaN, NaN]],
    ['only ±Inf', [Infinity, -Infinity]],
    ['constant', [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]],
    ['zeros of both signs', [0, -0, 0, -0, 0]],
    ['one value among NaN', [NaN, NaN, 3, NaN]],
    ['float32 extremes', [3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, -1.401298464324817e-45]],
  ];
  for (const [what, xs] of cases) {
    const v = new Float32Array(xs);
    assertSame(valueStats(v), valueStats(Float64Array.from(v)), what);
  }
});
