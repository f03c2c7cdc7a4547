// The WebAssembly build of onnxruntime (onnxruntime-web's Node entry: what darwin-x64 runs, where
// onnxruntime-node has no binary) against the native build, measured in the same run on the same
// exported model and input: resnet50 at 224, batch 1, both with one thread per core. Prints the
// bare sessions' latencies and their ratio, the largest logit difference between the two builds,
// and our end-to-end Classify on the WebAssembly build (the CLI with BACKBONE_LENS_ORT_RUNTIME=wasm,
// per image over a small folder, model preparation apart). Asserts nothing.
// Run: npm run compile-tests && npm run build && node bench/wasmRuntime.mjs [--runs 10] [--images 8]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticJpeg } from './lib/syntheticImages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const require = createRequire(import.meta.url);
const { prepareModel } = require(join(repo, 'out', 'inference', 'classify.js'));
const { ensureRandomWeights } = require(join(repo, 'out', 'inference', 'randomWeights.js'));
const models = require(join(repo, 'out', 'models', 'index.js'));

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, images: { type: 'string', default: '8' } } });
const runs = Number(values.runs);
const nImages = Number(values.images);
const threads = availableParallelism();
const work = mkdtempSync(join(tmpdir(), 'bl-bench-wasm-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const spec = models.resolveId('resnet50');
const [h, w] = spec.inputSize;
const weights = await ensureRandomWeights(spec, work);
const cacheDir = join(work, 'cache');
const model = prepareModel({ spec, weights, cacheDir });
const input = new Float32Array(3 * h * w).map((_, i) => Math.sin(i * 1e-3));

/** Median latency of `runs` batch-1 runs after two warm ones, and the logits. */
async function bare(ort, provider) {
  const session = await ort.InferenceSession.create(model.onnx, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, h, w]) };
  let out;
  for (let i = 0; i < 2; i++) out = await session.run(feeds);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await session.run(feeds);
    times.push(performance.now() - t);
  }
  const logits = out[session.outputNames[0]].data;
  await session.release();
  return { ms: median(times), logits };
}

const native = await bare(require('onnxruntime-node'), 'cpu');
const web = require('onnxruntime-web');
web.env.wasm.numThreads = threads;
const wasm = await bare(web, 'wasm');
let maxDiff = 0;
let maxAbs = 0;
for (let i = 0; i < native.logits.length; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(native.logits[i] - wasm.logits[i]));
  maxAbs = Math.max(maxAbs, Math.abs(native.logits[i]));
}

const imageDir = join(work, 'images');
mkdirSync(imageDir);
for (let i = 0; i < nImages; i++) await writeSyntheticJpeg(join(imageDir, `img${i}.jpg`), i);
const cli = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'classify', imageDir, '--model', 'resnet50', '--weights', weights, '--batch', '1', '--json'], {
  encoding: 'utf8',
  env: { ...process.env, BACKBONE_LENS_ORT_RUNTIME: 'wasm', BACKBONE_LENS_CACHE: cacheDir },
});
if (cli.status !== 0) throw new Error(`classify on the WebAssembly build failed: ${cli.stderr}`);
const { timing, results } = JSON.parse(cli.stdout);

console.log(`resnet50 at ${h}×${w}, batch 1, ${threads} threads, ${runs} runs (medians); random weights`);
console.log(`  native onnxruntime-node, bare session    ${native.ms.toFixed(1)} ms`);
console.log(`  onnxruntime-web (WebAssembly), bare       ${wasm.ms.toFixed(1)} ms = ${(wasm.ms / native.ms).toFixed(2)}× native`);
console.log(`  largest logit difference between the two  ${maxDiff.toExponential(2)} (largest |logit| ${maxAbs.toFixed(1)})`);
console.log(`  our Classify on WebAssembly, ${results.length} JPEGs   ${timing.per_image_ms.toFixed(1)} ms per image = ${(timing.per_image_ms / wasm.ms).toFixed(2)}× its bare session (preparation ${timing.prepare_ms.toFixed(0)} ms and session ${timing.session_ms.toFixed(0)} ms apart)`);
