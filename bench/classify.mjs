// Classify benchmark (issue 17): resnet50 at 224 on the CPU, every figure against a peer measured
// in the same run; asserts nothing. Prints:
//   - the bare onnxruntime session (fp32) on ready tensors: one image, and images/s at batch 1 and 8;
//   - our end to end for one image as Classify Image runs one file (decode and preprocess in the
//     preparation thread, the run, top-k; decode and preprocess also timed apart), and our folder
//     throughput at batch 1 and 8 (walk, decode and preprocess in the preparation thread, runs,
//     top-k) as a ratio of the bare session's images/s at the same batch size (bare and ours measured
//     in alternating passes, medians of the rounds' ratios);
//   - the same for int8 (quantized from the fp32 export), as a ratio of fp32, with its top-1
//     agreement and largest logit difference against fp32 over --agreement held-out images, and
//     the measurement's floor: fp32's agreement with itself under half a grey level of input noise;
//   - PyTorch eager (/usr/bin/python3 with torch + torchvision, when present) at the same number of
//     threads as onnxruntime (torch.set_num_threads; runs alternating with the bare session's), and
//     at 1 thread.
// Weights: with PyTorch present, test/oracle/weights_oracle.py --full (random conv weights with
// BatchNorm statistics measured on random inputs, so activations stay O(1)); otherwise the
// extension's own random weights. For the agreement figure the classifier is replaced by a
// trained linear head (bench/lib/probeHead.mjs: softmax regression on the fp32 backbone's
// features of a labelled synthetic set of blended, partly ambiguous images), because random
// logits have no real margins; it is measured on two backbones (BACKBONES: one whose fp32 is
// stable under imperceptible input noise, as a trained network's is, and one that is not).
// Run: npm run compile-tests && npm run build && node bench/classify.mjs [--images 24] [--runs 10] [--agreement 200] [--no-torch]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CLASSES, trainHead, writeLabelledJpeg } from './lib/probeHead.mjs';
import { writeSafetensors } from './lib/safetensors.mjs';
import { writeSyntheticJpeg } from './lib/syntheticImages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const require = createRequire(import.meta.url);
const out = join(repo, 'out');
const { Classifier, classifyFiles, prepareModel, prepareModelAt } = require(join(out, 'inference', 'classify.js'));
const { decodeImage } = require(join(out, 'inference', 'decodeImage.js'));
const { preprocessInto } = require(join(out, 'inference', 'preprocess.js'));
const { ensureRandomWeights } = require(join(out, 'inference', 'randomWeights.js'));
const { walkImages } = require(join(out, 'inference', 'walkImages.js'));
const { int8WeightFormat, WEIGHT_FORMAT_ENV } = require(join(out, 'inference', 'int8Kernels.js'));
const models = require(join(out, 'models', 'index.js'));
const ort = require('onnxruntime-node');

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '24' },
    runs: { type: 'string', default: '10' },
    agreement: { type: 'string', default: '200' },
    train: { type: 'string', default: '20' },
    'no-torch': { type: 'boolean', default: false },
    // Only the int8 agreement (deterministic: it needs no quiet machine), for each weight range.
    'agreement-only': { type: 'boolean', default: false },
  },
});
const nImages = Number(values.images);
const runs = Number(values.runs);
const nAgreement = Number(values.agreement);
const trainPerClass = Number(values.train);
const modelId = 'resnet50';
const threads = availableParallelism();
const haveTorch = !values['no-torch'] && spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { encoding: 'utf8' }).status === 0;

const work = mkdtempSync(join(tmpdir(), 'bl-bench-'));
const now = () => performance.now();
/** Alternating pairs of passes (ready tensors, then the folder) whose medians are the images/s figures and ratios. */
const REPEATS = 5;
/**
 * Between alternating single runs: long enough for the last runtime's idle threads to stop
 * spinning (onnxruntime's and OpenMP's spin a while after each parallel section), which would
 * otherwise take a core from the next run, whoever's it is.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
/** A ready NCHW input of `batch` images (the bare session's input: no decode, no preprocessing). */
const readyTensor = (batch) => new ort.Tensor('float32', new Float32Array(batch * 3 * h * w).fill(0.1), [batch, 3, h, w]);
const spec = models.resolveId(modelId);
const [h, w] = spec.inputSize;

// Weights.
let weights;
let weightsNote;
if (haveTorch) {
  const dir = join(work, 'oracle');
  const p = spawnSync('/usr/bin/python3', [join(repo, 'test', 'oracle', 'weights_oracle.py'), '--full', modelId, '--out', dir], { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`weights_oracle.py failed: ${p.stderr}`);
  weights = join(dir, `${modelId}.safetensors`);
  weightsNote = 'random weights with measured BatchNorm statistics (weights_oracle.py --full)';
} else {
  weights = await ensureRandomWeights(spec, work);
  weightsNote = "the extension's random weights (no PyTorch here)";
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
const imageDir = join(work, 'images');
const files = await makeImages(imageDir, nImages);

/**
 * One-image latency of each classifier in `byName` on a ready tensor, runs alternating between
 * them (as throughputFigures' passes do): medians, and the runs themselves for per-round ratios.
 */
async function bareLatencies(byName) {
  const one = readyTensor(1);
  const lat = Object.fromEntries(Object.keys(byName).map((n) => [n, []]));
  for (const c of Object.values(byName)) for (let i = 0; i < 2; i++) await c.runTensor(one);
  for (let i = 0; i < runs; i++) {
    for (const [n, c] of Object.entries(byName)) {
      await settle();
      const t = now();
      await c.runTensor(one);
      lat[n].push(now() - t);
    }
  }
  return Object.fromEntries(Object.entries(lat).map(([n, l]) => [n, { latency: median(l), runs: l }]));
}

/** Images/s of the bare session on as many ready tensors as the folder has images, at `batch`. */
async function barePass(classifier, x, batch) {
  const batches = Math.max(1, Math.round(nImages / batch));
  const t = now();
  for (let i = 0; i < batches; i++) await classifier.runTensor(x);
  return (batches * batch) / ((now() - t) / 1000);
}

/** Images/s of our folder classification (the walk counts, as it does for a user). */
async function folderPass(classifier, batch) {
  const t = now();
  const res = await classifier.classify((await walkImages([imageDir])).files, { batch, top: 5 });
  return res.results.length / ((now() - t) / 1000);
}

/**
 * Bare and folder images/s at batch 1 and 8 of each classifier in `byName` (fp32, int8), measured
 * in rounds of alternating passes (each one's bare pass, then its folder pass) so that every
 * figure sees the same machine: on a shared machine the speed drifts by tens of per cent over a
 * minute, more than the differences measured. Ratios are medians of the rounds' own ratios,
 * images/s figures medians of their passes.
 */
async function throughputFigures(byName) {
  const names = Object.keys(byName);
  const figures = Object.fromEntries(names.map((n) => [n, {}]));
  for (const batch of [1, 8]) {
    const x = readyTensor(batch);
    const passes = Object.fromEntries(names.map((n) => [n, { bare: [], ours: [] }]));
    for (const c of Object.values(byName)) {
      // Warm: the session at this batch size, the preparation thread's code.
      await c.runTensor(x);
      await c.classify(files.slice(0, batch), { batch, top: 5 });
    }
    for (let r = 0; r < REPEATS; r++) {
      for (const n of names) {
        passes[n].bare.push(await barePass(byName[n], x, batch));
        passes[n].ours.push(await folderPass(byName[n], batch));
      }
    }
    for (const n of names) {
      const { bare, ours } = passes[n];
      figures[n][batch] = { bare: median(bare), ours: median(ours), ratio: median(ours.map((o, i) => o / bare[i])), passes: passes[n] };
    }
  }
  return figures;
}

/** The median over rounds of a[i] / b[i]. */
const roundRatio = (a, b) => median(a.map((v, i) => v / b[i]));

const cacheDir = join(work, 'cache');
let t = now();
const fp32Model = prepareModel({ spec, weights, cacheDir });
const exportMs = now() - t;
t = now();
const int8Model = await prepareModelAt({ spec, weights, cacheDir, precision: 'int8' }, fp32Model);
const quantizeMs = now() - t;
t = now();
const fp32 = await Classifier.open(fp32Model, 'cpu');
const sessionMs = now() - t;
const int8 = await Classifier.open(int8Model, 'cpu');

/**
 * The backbones the agreement is measured on. Random weights are not trained ones, and how much
 * they amplify a small perturbation decides how often int8 changes a top-1: each backbone's line
 * prints its floor (fp32 against itself under half a grey level of input noise, which a trained
 * network ignores). With measured BatchNorm statistics alone every residual branch adds unit
 * variance, and fp32 itself changes its top-1 on ~4 % of the blended set's images under that
 * noise; halving each branch's last BatchNorm (γ and β; torchvision's zero_init_residual takes
 * the same direction, all the way to 0) gives a backbone whose fp32 ignores it. The first is the
 * one whose agreement is the figure; the second is a stress figure.
 */
const BACKBONES = [
  { name: 'stable', residualGain: 0.5, note: "the bench's weights, each residual branch's last BatchNorm halved" },
  { name: 'chaotic', residualGain: 1, note: "the bench's weights as they are" },
];
/** The labelled set and each backbone's probe (labelledSet, makeProbe below), made on first use. */
let labelled;
const probes = new Map();
/** The agreement line for int8 with weights stored as `format` (int8Kernels.ts picks it per CPU), on `backbone`. */
async function agreementWith(format, backbone) {
  const before = process.env[WEIGHT_FORMAT_ENV];
  process.env[WEIGHT_FORMAT_ENV] = format;
  try {
    const a = await measureAgreement(backbone);
    return `int8 (${format} weights) vs fp32, ${backbone.name} backbone (${backbone.note}), trained ${CLASSES}-class linear head (${trainPerClass * CLASSES} training images): top-1 agreement ${(a.top1_agreement * 100).toFixed(1)} % of ${a.images} held-out images, largest logit difference ${a.max_logit_diff.toPrecision(3)}, accuracy int8 ${(a.int8Accuracy * 100).toFixed(1)} % / fp32 ${(a.fp32Accuracy * 100).toFixed(1)} %; fp32 against itself with ±0.5 grey-level input noise: ${(a.noiseFloor * 100).toFixed(1)} % (the measurement's floor)`;
  } finally {
    if (before === undefined) delete process.env[WEIGHT_FORMAT_ENV];
    else process.env[WEIGHT_FORMAT_ENV] = before;
  }
}
/** This CPU's weight format first; where that is uint8 (int8 products would saturate), int8 too, for comparison. */
const weightFormat = int8WeightFormat();
const agreementFormats = weightFormat === 'uint8' ? ['uint8', 'int8'] : ['int8'];
const notUsed = (format) => (format === weightFormat ? '' : ' (not used on this CPU: its uint8 × int8 kernels saturate)');
/** Every agreement line: each backbone, each weight format. */
async function agreementLines() {
  const lines = [];
  for (const backbone of BACKBONES) for (const format of agreementFormats) lines.push(`${await agreementWith(format, backbone)}${notUsed(format)}`);
  return lines;
}
if (values['agreement-only']) {
  for (const line of await agreementLines()) console.log(`  ${line}`);
  await Promise.all([fp32.release(), int8.release()]);
  process.exit(0);
}

/** Where this CPU gets uint8 weights, the int8-weight model too: what the format costs in speed (measured alongside). */
async function int8WeightsClassifier() {
  process.env[WEIGHT_FORMAT_ENV] = 'int8';
  try {
    return await Classifier.open(await prepareModelAt({ spec, weights, cacheDir, precision: 'int8' }, fp32Model), 'cpu');
  } finally {
    delete process.env[WEIGHT_FORMAT_ENV];
  }
}
const int8w = weightFormat === 'uint8' ? await int8WeightsClassifier() : undefined;
const measured = { fp32, int8, ...(int8w ? { int8w } : {}) };
const latencies = await bareLatencies(measured);
const bare32 = latencies.fp32;
const bare8 = latencies.int8;
// End to end, one image at a time, as Classify Image runs one file: the preparation thread
// decodes and preprocesses it, the session runs, the top 5 are read. Each end-to-end run follows a
// bare run of a ready tensor, so that the ratio compares the two on the same machine state.
const e2e = [];
const e2eBare = [];
// Warm, as the bare session is: a pass over the folder first, so the preparation thread's code is
// compiled (a session's first images are slower, for the session as for the thread).
await fp32.classify(files, { batch: 1, top: 5 });
const oneTensor = readyTensor(1);
for (let i = 0; i < runs; i++) {
  await settle();
  t = now();
  await fp32.runTensor(oneTensor);
  e2eBare.push(now() - t);
  await settle();
  t = now();
  await fp32.classify([files[i % files.length]], { batch: 1, top: 5 });
  e2e.push(now() - t);
}
// Decode and preprocess apart, on this thread, for the breakdown (wall and CPU time, ms per image),
// after a pause in which onnxruntime's threads stop spinning (their CPU time would count here).
await settle();
const decodeMs = [];
const prepMs = [];
const prepCpu = process.cpuUsage();
for (let i = 0; i < Math.max(runs, files.length); i++) {
  t = now();
  const img = await decodeImage(files[i % files.length]);
  decodeMs.push(now() - t);
  const t1 = now();
  preprocessInto(img, fp32Model.preprocessing, [h, w], new Float32Array(3 * h * w));
  prepMs.push(now() - t1);
}
const prepCpuUsage = process.cpuUsage(prepCpu);
const prepCpuMs = (prepCpuUsage.user + prepCpuUsage.system) / 1000 / Math.max(runs, files.length);
const throughput = await throughputFigures(measured);
/**
 * PyTorch eager (torchvision's model, a child process that runs one forward per line it reads) at
 * onnxruntime's thread count (torch.set_num_threads) in runs alternating with the bare fp32
 * session's, as the other figures alternate; then at one thread. Undefined without PyTorch.
 */
async function torchFigures(classifier) {
  const py = `
import json, sys, time, torch, torchvision
m = getattr(torchvision.models, ${JSON.stringify(modelId)})().eval()
x = torch.full((1, 3, ${h}, ${w}), 0.1)
print(json.dumps({'torch': torch.__version__}), flush=True)
for line in sys.stdin:
    torch.set_num_threads(int(line))
    with torch.no_grad():
        t = time.perf_counter(); m(x); ms = (time.perf_counter() - t) * 1000
    print(json.dumps({'ms': ms, 'threads': torch.get_num_threads()}), flush=True)
`;
  const child = spawn('/usr/bin/python3', ['-c', py], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const reply = async () => {
    const { value, done } = await replies.next();
    if (done) throw new Error('the PyTorch process ended early');
    return JSON.parse(value);
  };
  const forward = async (n) => {
    child.stdin.write(`${n}\n`);
    return reply();
  };
  try {
    const { torch: version } = await reply();
    const one = readyTensor(1);
    const res = { version };
    for (const n of [threads, 1]) {
      for (let i = 0; i < 2; i++) await forward(n);
      const torchMs = [];
      const ortMs = [];
      for (let i = 0; i < runs; i++) {
        if (n === threads) {
          await settle();
          const t0 = now();
          await classifier.runTensor(one);
          ortMs.push(now() - t0);
        }
        await settle();
        const r = await forward(n);
        torchMs.push(r.ms);
        res[`threads_${n}`] = r.threads;
      }
      res[`forward_${n}`] = median(torchMs);
      if (n === threads) res.ortOverTorch = roundRatio(ortMs, torchMs);
    }
    return res;
  } finally {
    child.stdin.end();
  }
}
const torchRes = haveTorch ? await torchFigures(fp32) : undefined;
await Promise.all(Object.values(measured).map((c) => c.release()));

// Agreement: a trained linear head on the fp32 features of a labelled synthetic set.
const agreements = await agreementLines();

/** Top-1 agreement of int8 (in the weight format the environment sets) with fp32, on `backbone`'s probe. */
async function measureAgreement(backbone) {
  if (!probes.has(backbone.name)) probes.set(backbone.name, makeProbe(backbone));
  const { headSpec, headWeights, noiseFloor } = await probes.get(backbone.name);
  const { testDir } = await labelledSet();
  const r = await classifyFiles([testDir], { spec: headSpec, weights: headWeights, ep: 'cpu', cacheDir: join(work, `cache-${backbone.name}`), precision: 'int8', compareFp32: true, batch: 8, logits: true });
  const byName = (a, b) => a.image.localeCompare(b.image);
  const rows = r.results.sort(byName);
  const correct = rows.filter((res, j) => res.top[0].index === j % CLASSES).length;
  return { ...r.compare_fp32, int8Accuracy: correct / rows.length, fp32Accuracy: noiseFloor.fp32Correct / rows.length, noiseFloor: noiseFloor.agreement };
}

/**
 * The labelled set, shared by every backbone: blended images (probeHead.mjs), so that the heads
 * meet small margins too, as ImageNet's images give a trained network.
 */
async function labelledSet() {
  labelled ??= (async () => {
    const setDir = join(work, 'labelled');
    const trainDir = join(setDir, 'train');
    const testDir = join(setDir, 'test');
    mkdirSync(trainDir, { recursive: true });
    mkdirSync(testDir, { recursive: true });
    const trainFiles = [];
    const labels = [];
    for (let c = 0; c < CLASSES; c++) {
      for (let i = 0; i < trainPerClass; i++) {
        const f = join(trainDir, `c${c}_${i}.jpg`);
        await writeLabelledJpeg(f, c, i, { blend: true });
        trainFiles.push(f);
        labels.push(c);
      }
    }
    for (let j = 0; j < nAgreement; j++) await writeLabelledJpeg(join(testDir, `t${String(j).padStart(4, '0')}.jpg`), j % CLASSES, 100_000 + j, { blend: true });
    return { setDir, trainFiles, labels, testDir };
  })();
  return labelled;
}

/** Writes `modelSpec`'s float32 tensors, each one's data from `dataOf(key)`, as a safetensors file. */
function writeWeights(file, modelSpec, dataOf) {
  const tensors = [];
  for (const n of models.buildGraph(modelSpec).nodes) {
    for (const tensor of n.tensors) if (tensor.dtype === 'float32') tensors.push([tensor.key, tensor.shape, dataOf(tensor.key)]);
  }
  writeSafetensors(file, tensors);
  return file;
}

/**
 * The backbone's weights, as a file and by key: the bench's weights with every residual branch's
 * last BatchNorm scaled by `residualGain`.
 */
function backboneWeights(backbone) {
  const sd = models.readWeights(new Uint8Array(readFileSync(weights)), weights);
  // resnet50's bottleneck: bn3 closes the residual branch (the downsample's BN is the shortcut's).
  const scaled = (key) => /\.bn3\.(weight|bias)$/.test(key) && backbone.residualGain !== 1;
  const dataOf = (key) => (scaled(key) ? Float32Array.from(sd.get(key).data, (v) => v * backbone.residualGain) : sd.get(key).data);
  const file = backbone.residualGain === 1 ? weights : writeWeights(join(work, `${modelId}-${backbone.name}.safetensors`), spec, dataOf);
  return { file, dataOf };
}

/** A backbone's trained head as a checkpoint of its own, and fp32's noise floor with it. */
async function makeProbe(backbone) {
  const { setDir, trainFiles, labels, testDir } = await labelledSet();
  const backboneWeightsOf = backboneWeights(backbone);
  const backboneModel = prepareModel({ spec, weights: backboneWeightsOf.file, cacheDir: join(work, `cache-${backbone.name}`) });
  // The fp32 backbone's pooled features: the export with the global pool's output added.
  const { decodeOnnx, encodeOnnx } = require(join(out, 'models', 'onnx', 'onnxGraph.js'));
  const fp32Bytes = typeof backboneModel.onnx === 'string' ? new Uint8Array(readFileSync(backboneModel.onnx)) : backboneModel.onnx;
  const graph = decodeOnnx(fp32Bytes).graph;
  const pool = graph.nodes.filter((n) => n.op_type === 'GlobalAveragePool').at(-1).output[0];
  const featureSession = await ort.InferenceSession.create(encodeOnnx(graph, { extraOutputs: [pool] }), { executionProviders: ['cpu'] });
  const features = [];
  for (const f of trainFiles) {
    const x = new Float32Array(3 * h * w);
    preprocessInto(await decodeImage(f), backboneModel.preprocessing, [h, w], x);
    const o = await featureSession.run({ input: new ort.Tensor('float32', x, [1, 3, h, w]) }, [pool]);
    features.push(Float32Array.from(o[pool].data));
  }
  await featureSession.release();
  const head = trainHead(features, labels);
  // The same backbone with the trained 10-class head.
  const headSpec = models.withOverrides(spec, { num_classes: String(CLASSES) });
  const headWeights = writeWeights(join(setDir, `probe-head-${backbone.name}.safetensors`), headSpec, (key) =>
    key.endsWith('fc.weight') ? head.weight : key.endsWith('fc.bias') ? head.bias : backboneWeightsOf.dataOf(key),
  );
  return { headSpec, headWeights, noiseFloor: await fp32NoiseFloor(headSpec, headWeights, testDir, join(work, `cache-${backbone.name}`)) };
}

/**
 * The measurement's own floor: how often fp32 itself changes its top-1 when each input pixel moves
 * by at most half a grey level (uniform in ±0.5/255 before normalisation; less than JPEG or a
 * resize changes). A random backbone amplifies such perturbations far more than a trained one
 * does, so int8 cannot be expected to agree with fp32 more often than fp32 agrees with itself.
 */
async function fp32NoiseFloor(headSpec, headWeights, testDir, cacheDir) {
  const model = prepareModel({ spec: headSpec, weights: headWeights, cacheDir });
  const c = await Classifier.open(model, 'cpu');
  const { mulberry32 } = require(join(out, 'inference', 'prng.js'));
  const rand = mulberry32(0x0015e);
  const std = model.preprocessing.std;
  const argmax = (a) => a.indexOf(Math.max(...a));
  let agree = 0;
  let fp32Correct = 0;
  const test = (await walkImages([testDir])).files.sort();
  try {
    for (const [j, f] of test.entries()) {
      const x = new Float32Array(3 * h * w);
      preprocessInto(await decodeImage(f), model.preprocessing, [h, w], x);
      const y = Float32Array.from(x, (v, i) => v + ((rand() - 0.5) / 255) / std[Math.floor(i / (h * w))]);
      const a = await c.runTensor(new ort.Tensor('float32', x, [1, 3, h, w]));
      const b = await c.runTensor(new ort.Tensor('float32', y, [1, 3, h, w]));
      if (argmax(Array.from(a)) === argmax(Array.from(b))) agree++;
      if (argmax(Array.from(a)) === j % CLASSES) fp32Correct++;
    }
  } finally {
    await c.release();
  }
  return { agreement: agree / test.length, fp32Correct };
}

console.log(`backbone-lens classify bench: ${modelId} @ ${h}x${w}, CPU, ${threads} cores, ${runs} runs (medians), ${nImages} JPEGs of 640x480; ${weightsNote}`);
console.log(`  model preparation: export ${fmt(exportMs)}, int8 quantization (calibration included) ${fmt(quantizeMs)}, session ${fmt(sessionMs)} (once per weights file; cached afterwards)`);
console.log(`  fp32 bare session, one image        ${fmt(bare32.latency)}`);
console.log(`  fp32 ours end to end, one image     ${fmt(median(e2e))}   = ${roundRatio(e2e, e2eBare).toFixed(3)}x bare run just before each (median ${fmt(median(e2eBare))}) (decode ${fmt(median(decodeMs))}, preprocess ${fmt(median(prepMs))}; ${prepCpuMs.toFixed(1)} ms of CPU per image for both)`);
const [t32, t8] = [throughput.fp32, throughput.int8];
for (const b of [1, 8]) console.log(`  fp32 folder batch ${b}: ours ${t32[b].ours.toFixed(2)} images/s, bare ${t32[b].bare.toFixed(2)} images/s   ratio ${t32[b].ratio.toFixed(3)} (medians of ${REPEATS} alternating rounds)`);
console.log(`  int8 bare session, one image        ${fmt(bare8.latency)}   fp32/int8 = ${roundRatio(bare32.runs, bare8.runs).toFixed(3)}x (${weightFormat} weights, this CPU's format; runs alternating with fp32's)`);
if (int8w) {
  const tw = throughput.int8w;
  console.log(`  int8 with int8 weights (saturating here), bare: one image ${fmt(latencies.int8w.latency)} = ${roundRatio(bare32.runs, latencies.int8w.runs).toFixed(3)}x fp32; batch 1 / 8 ${tw[1].bare.toFixed(2)} / ${tw[8].bare.toFixed(2)} images/s = ${roundRatio(tw[1].passes.bare, t32[1].passes.bare).toFixed(3)} / ${roundRatio(tw[8].passes.bare, t32[8].passes.bare).toFixed(3)}x bare fp32`);
}
for (const b of [1, 8]) console.log(`  int8 folder batch ${b}: ours ${t8[b].ours.toFixed(2)} images/s = ${roundRatio(t8[b].passes.ours, t32[b].passes.ours).toFixed(3)}x our fp32, bare int8 ${t8[b].bare.toFixed(2)} images/s = ${roundRatio(t8[b].passes.bare, t32[b].passes.bare).toFixed(3)}x bare fp32 (ours/bare ${t8[b].ratio.toFixed(3)})`);
for (const line of agreements) console.log(`  ${line}`);
if (torchRes) {
  console.log(`  PyTorch ${torchRes.version} eager forward, ${torchRes[`threads_${threads}`]} threads: ${fmt(torchRes[`forward_${threads}`])}   bare onnxruntime fp32 / PyTorch = ${torchRes.ortOverTorch.toFixed(3)} (runs alternating)`);
  console.log(`  PyTorch ${torchRes.version} eager forward, 1 thread:  ${fmt(torchRes.forward_1)}`);
} else {
  console.log('  PyTorch: not measured (--no-torch, or no /usr/bin/python3 with torch)');
}
console.log(`  peak RSS                             ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
