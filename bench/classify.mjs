// Classify benchmark: resnet50 at 224 with random weights on the CPU. Prints times and ratios
// against peers measured in the same run; asserts nothing.
//   end-to-end per image (decode + preprocess + onnxruntime) vs
//     (a) the bare onnxruntime session on a ready tensor,
//     (b) PyTorch eager on the CPU (/usr/bin/python3 with torch + torchvision, when present):
//         forward only, and PIL decode + torchvision transforms + forward;
//   folder throughput at batch 1 and batch 8 (images/s); peak RSS.
// Run: npm run compile-tests && node bench/classify.mjs [--images 24] [--runs 10] [--model resnet50] [--no-torch]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticJpeg } from './lib/syntheticImages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, '..', 'out');
const { Classifier, prepareModel } = require(join(out, 'inference', 'classify.js'));
const { decodeImage } = require(join(out, 'inference', 'decodeImage.js'));
const models = require(join(out, 'models', 'index.js'));
const ort = require('onnxruntime-node');

const { values } = parseArgs({ options: { images: { type: 'string', default: '24' }, runs: { type: 'string', default: '10' }, model: { type: 'string', default: 'resnet50' }, 'no-torch': { type: 'boolean', default: false } } });
const nImages = Number(values.images);
const runs = Number(values.runs);
const modelId = values.model;

const work = mkdtempSync(join(tmpdir(), 'bl-bench-'));
const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// Random weights as a .safetensors file (F32), for every float tensor of the preset's graph.
function writeRandomWeights(file) {
  const graph = models.buildGraph(models.resolveId(modelId));
  const header = {};
  const blobs = [];
  let offset = 0;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  for (const n of graph.nodes) {
    for (const t of n.tensors) {
      if (t.dtype !== 'float32') continue;
      const a = new Float32Array(t.shape.reduce((x, y) => x * y, 1));
      for (let i = 0; i < a.length; i++) a[i] = t.key.endsWith('running_var') ? 1 + 0.5 * rand() : 0.05 * rand();
      const bytes = new Uint8Array(a.buffer);
      header[t.key] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.length] };
      blobs.push(bytes);
      offset += bytes.length;
    }
  }
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([len, json, ...blobs]));
}

async function makeImages(dir, n) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < n; i++) {
    const f = join(dir, `img${String(i).padStart(3, '0')}.jpg`);
    await writeSyntheticJpeg(f, i);
    files.push(f);
  }
  return files;
}

const weights = join(work, `${modelId}.safetensors`);
writeRandomWeights(weights);
const files = await makeImages(join(work, 'images'), nImages);
const spec = models.resolveId(modelId);

let t = now();
const prepared = prepareModel({ spec, weights, cacheDir: null });
const exportMs = now() - t;
t = now();
const classifier = await Classifier.open(prepared, 'cpu');
const sessionMs = now() - t;
const [h, w] = classifier.inputSize;

// Warm-up, then the bare session on a ready tensor.
const ready = new ort.Tensor('float32', new Float32Array(3 * h * w).fill(0.1), [1, 3, h, w]);
for (let i = 0; i < 2; i++) await classifier.runTensor(ready);
const bare = [];
for (let i = 0; i < runs; i++) {
  t = now();
  await classifier.runTensor(ready);
  bare.push(now() - t);
}

// End to end, one image at a time: decode + preprocess + run.
const e2e = [];
const decodeMs = [];
for (let i = 0; i < runs; i++) {
  const f = files[i % files.length];
  t = now();
  const img = await decodeImage(f);
  decodeMs.push(now() - t);
  await classifier.run([img]);
  e2e.push(now() - t);
}

// Folder throughput with batching (walk + decode + preprocess + run + top-k), against the bare
// session's throughput on ready tensors at the same batch size.
const throughput = {};
const bareThroughput = {};
for (const batch of [1, 8]) {
  const readyBatch = new ort.Tensor('float32', new Float32Array(batch * 3 * h * w).fill(0.1), [batch, 3, h, w]);
  await classifier.runTensor(readyBatch);
  const batches = Math.max(1, Math.round(nImages / batch));
  t = now();
  for (let i = 0; i < batches; i++) await classifier.runTensor(readyBatch);
  bareThroughput[batch] = (batches * batch) / ((now() - t) / 1000);
  await classifier.classify([files[0]], { batch, top: 5 }); // warm the preparation thread
  t = now();
  const r = await classifier.classify([join(work, 'images')], { batch, top: 5 });
  throughput[batch] = r.results.length / ((now() - t) / 1000);
}
await classifier.release();

// PyTorch eager on the CPU, same image, same thread count as onnxruntime's default.
const py = `
import json, sys, time, torch, torchvision
from PIL import Image
from torchvision import transforms as T
m = getattr(torchvision.models, ${JSON.stringify(modelId)})().eval()
tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
x = torch.full((1, 3, 224, 224), 0.1)
with torch.no_grad():
    for _ in range(2): m(x)
    fwd = []
    for _ in range(${runs}):
        t = time.perf_counter(); m(x); fwd.append((time.perf_counter() - t) * 1000)
    e2e = []
    for i in range(${runs}):
        t = time.perf_counter(); m(tf(Image.open(sys.argv[1 + i % (len(sys.argv) - 1)]).convert('RGB')).unsqueeze(0)); e2e.append((time.perf_counter() - t) * 1000)
print(json.dumps({'forward': sorted(fwd)[len(fwd) // 2], 'e2e': sorted(e2e)[len(e2e) // 2], 'threads': torch.get_num_threads(), 'torch': torch.__version__}))
`;
let torchRes;
const p = values['no-torch'] ? { status: null, stderr: 'skipped (--no-torch)' } : spawnSync('/usr/bin/python3', ['-c', py, ...files.slice(0, Math.min(files.length, runs))], { encoding: 'utf8' });
if (p.status === 0) torchRes = JSON.parse(p.stdout.trim().split('\n').pop());

const bareMs = median(bare);
const e2eMs = median(e2e);
console.log(`backbone-lens classify bench: ${modelId} @ ${h}x${w}, random weights, CPU, ${runs} runs (medians), ${nImages} JPEGs of 640x480`);
console.log(`  export from .safetensors      ${fmt(exportMs)} (once per weights file; cached afterwards)`);
console.log(`  session create                ${fmt(sessionMs)}`);
console.log(`  bare onnxruntime run          ${fmt(bareMs)}`);
console.log(`  decode (sharp)                ${fmt(median(decodeMs))}`);
console.log(`  end to end per image          ${fmt(e2eMs)}   = ${(e2eMs / bareMs).toFixed(2)}x the bare run`);
if (torchRes) {
  console.log(`  PyTorch ${torchRes.torch} eager forward  ${fmt(torchRes.forward)}   bare onnxruntime / PyTorch = ${(bareMs / torchRes.forward).toFixed(2)}x (${torchRes.threads} threads)`);
  console.log(`  PyTorch PIL+transforms+forward ${fmt(torchRes.e2e)}   ours end to end / PyTorch end to end = ${(e2eMs / torchRes.e2e).toFixed(2)}x`);
} else {
  console.log(`  PyTorch: not measured (${(p.stderr || p.error?.message || '').trim().split('\n').pop()})`);
}
for (const batch of [1, 8]) {
  console.log(`  folder throughput batch ${batch}     ${throughput[batch].toFixed(2)} images/s   bare session on ready tensors ${bareThroughput[batch].toFixed(2)} images/s   ratio ${(throughput[batch] / bareThroughput[batch]).toFixed(3)}`);
}
console.log(`  peak RSS                      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
