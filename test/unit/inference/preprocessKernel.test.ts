// The WebAssembly SIMD preprocessing kernel (inference/preprocessKernel.wat): its committed bytes
// are the .wat's compilation, it runs here (so the torchvision comparisons in preprocess.test.ts
// test it, not the JS passes), and its resize and normalisation equal the JS passes' byte for byte
// and float for float: sizes from 1×1 to 4000×3000, odd widths, tall and narrow, large downscales
// (several bands of the kernel's memory), upscales, both filters, crops with padding, batches at
// an offset, and the fallback to the JS passes where one output row does not fit the kernel.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { preprocess, preprocessInto, resizeRgb, type RgbImage } from '../../../inference/preprocess';
import { PreprocessKernel } from '../../../inference/preprocessKernel';
import { PREPROCESS_KERNEL_WASM } from '../../../inference/preprocessKernelWasm';
import type { Preprocessing } from '../../../models';
import { repoRoot } from '../fixturePaths';

interface CompilerModule {
  compileWasmKernel(wat: string, file?: string): Promise<Uint8Array>;
}
// The script is an ES module; tsc would turn import() into require(), so the import is made at run time.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<CompilerModule>;

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;
const FILTERS = ['bilinear', 'bicubic'] as const;

test('preprocessKernelWasm.ts holds the compilation of preprocessKernel.wat (node scripts/build-wasm-kernels.mjs)', async () => {
  const { compileWasmKernel } = await importEsm(pathToFileURL(join(repoRoot, 'scripts', 'lib', 'wasmKernel.mjs')).href);
  const compiled = await compileWasmKernel(readFileSync(join(repoRoot, 'inference', 'preprocessKernel.wat'), 'utf8'));
  assert.deepEqual(Array.from(compiled), PREPROCESS_KERNEL_WASM);
});

function kernel(): PreprocessKernel {
  const k = PreprocessKernel.get();
  assert.ok(k, 'the preprocessing kernel compiles and runs on this Node (WebAssembly SIMD)');
  return k;
}

test('the kernel compiles and runs on this Node (WebAssembly SIMD)', () => {
  kernel();
});

let seed = 20240611;
const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 255;

/** Noise with hard 0/255 edges (the bicubic filter's overshoot then exercises the clamps). */
function image(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = i % 5 === 0 ? 255 * (rand() & 1) : rand();
  return { width, height, data };
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  assert.equal(a.length, b.length, what);
  const i = a.findIndex((v, j) => v !== b[j]);
  assert.equal(i, -1, `${what}: first difference at byte ${i}`);
}

function sameFloats(a: Float32Array, b: Float32Array, what: string): void {
  sameBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength), what);
}

test('kernel resize equals the JS passes byte for byte (sizes, both filters, downscales, upscales)', () => {
  const k = kernel();
  const cases: [number, number, number, number][] = [
    // in width, in height, out width, out height
    [1, 1, 1, 1],
    [1, 1, 256, 256],
    [1, 1, 7, 3],
    [2, 3, 1, 1],
    [7, 5, 3, 2],
    [13, 9, 13, 4], // one axis unchanged
    [15, 1, 4, 1],
    [1, 40, 1, 256],
    [50, 40, 320, 256], // upscale
    [97, 1000, 25, 256], // tall and narrow
    [1000, 31, 8258, 256], // wide, upscaled rows
    [333, 251, 340, 256],
    [640, 480, 341, 256],
    [4000, 3000, 341, 256], // large downscale: many bands
    [3001, 17, 256, 1], // every source row into one output row
  ];
  for (const [w, h, ow, oh] of cases) {
    const img = image(w, h);
    for (const f of FILTERS) {
      sameBytes(resizeRgb(img, ow, oh, f, k).data, resizeRgb(img, ow, oh, f, null).data, `${w}×${h} → ${ow}×${oh} ${f}`);
    }
  }
});

test('kernel preprocessing equals the JS passes float for float (crops, padding, batch offsets)', () => {
  const k = kernel();
  const cases: [number, number, number, number][] = [
    // width, height, crop, crop_pct
    [640, 480, 224, 0.875],
    [480, 640, 224, 0.95],
    [4000, 3000, 224, 0.875],
    [50, 40, 224, 0.875],
    [333, 251, 64, 0.875],
    [97, 1000, 48, 1],
    [1001, 97, 48, 1],
    [256, 256, 224, 0.875],
    [20, 90, 64, 0.5], // the crop larger than the resized image: zero padding
    [91, 20, 64, 0.5],
    [1, 1, 8, 0.875],
    [3, 600, 17, 0.9],
  ];
  for (const [width, height, crop, cropPct] of cases) {
    const img = image(width, height);
    for (const interpolation of FILTERS) {
      const p: Preprocessing = { inputSize: crop, cropPct, interpolation, mean: MEAN, std: STD };
      const what = `${width}×${height} → ${crop} (${interpolation}, ${cropPct})`;
      sameFloats(preprocess(img, p, [crop, crop], k), preprocess(img, p, [crop, crop], null), what);
      // The second image of a batch, the buffer's other floats untouched.
      const n = 3 * crop * crop;
      const a = new Float32Array(3 * n).fill(7);
      const b = new Float32Array(3 * n).fill(7);
      preprocessInto(img, p, [crop, crop], a, n, k);
      preprocessInto(img, p, [crop, crop], b, n, null);
      sameFloats(a, b, `${what}, at an offset`);
    }
  }
  // Non-square crops (timm resizes both sides to size / crop_pct).
  const img = image(300, 200);
  for (const interpolation of FILTERS) {
    const p: Preprocessing = { inputSize: 96, cropPct: 0.9, interpolation, mean: MEAN, std: STD };
    sameFloats(preprocess(img, p, [96, 160], k), preprocess(img, p, [96, 160], null), `300×200 → 96×160 ${interpolation}`);
  }
});

test('an output row that does not fit the kernel memory falls back to the JS passes', () => {
  const k = kernel();
  // 20000 × 3 bytes of each of 200 source rows into one output row: 12 MB, more than the kernel's 8 MiB.
  const img = image(20000, 200);
  const ones = { start: Int32Array.of(0), count: Int32Array.of(200), taps: new Int32Array(200).fill(1 << 22), ksize: 200 };
  const identity = { start: new Int32Array(20000).map((_, i) => i), count: new Int32Array(20000).fill(1), taps: new Int32Array(20000).fill(1 << 22), ksize: 1 };
  assert.equal(k.resizeRegion(img.data, img.width, identity, ones, 0, 20000, 0, 1, new Uint8Array(60000), null), false);
  sameBytes(resizeRgb(img, 20000, 1, 'bilinear', k).data, resizeRgb(img, 20000, 1, 'bilinear', null).data, '20000×200 → 20000×1');
});
