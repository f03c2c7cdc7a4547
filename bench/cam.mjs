#!/usr/bin/env node
// CAM bench. Prints figures and ratios against peers measured in the same run; asserts nothing.
//   1. classify --cam overhead: a folder of synthetic JPEGs through one Classifier (resnet50 at
//      224, random weights, CPU, batch 8), interleaved rounds of plain classify (the peer), cam
//      (top-1 map) and camTop (a map per top-5 class); plus the one-off read of the classifier
//      weight from the ONNX model. Target: < 5 % over plain classify.
//   2. overlay draw (headless Chromium, the built results page in a standalone harness): 12
//      cards with 7 × 7 maps; the time from "CAM on all images" to the next paint, per overlay,
//      against the page's own render of the same 12 cards without CAM (the peer); and one hover
//      redraw (mousemove → cell boxes drawn). Targets: < 16 ms per overlay; hover well under a
//      60 fps frame.
// Run: npm run build && npm run compile-tests && node bench/cam.mjs [--images 24] [--rounds 5]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { writeHarness } from './diagramHarness.mjs';
import { writeSyntheticJpeg } from './lib/syntheticImages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, '..', 'out');
const { Classifier, prepareModel } = require(join(out, 'inference', 'classify.js'));
const { camSupportOf } = require(join(out, 'inference', 'cam.js'));
const { ensureRandomWeights } = require(join(out, 'inference', 'randomWeights.js'));
const models = require(join(out, 'models', 'index.js'));

const { values } = parseArgs({ options: { images: { type: 'string', default: '24' }, rounds: { type: 'string', default: '5' } } });
const nImages = Number(values.images);
const rounds = Number(values.rounds);
const work = mkdtempSync(join(tmpdir(), 'bl-bench-cam-'));
const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = join(work, 'images');
mkdirSync(dir, { recursive: true });
const files = [];
for (let i = 0; i < nImages; i++) {
  const f = join(dir, `img${String(i).padStart(3, '0')}.jpg`);
  await writeSyntheticJpeg(f, i);
  files.push(f);
}

// ---- 1. classify overhead ------------------------------------------------------------------
const spec = models.resolveId('resnet50');
const weights = await ensureRandomWeights(spec, join(work, 'random'));
const prepared = prepareModel({ spec, weights, cacheDir: null });
let t = now();
const support = camSupportOf(prepared.onnx);
const readWeightMs = now() - t;
if (!support.ok) throw new Error(`bench/cam: resnet50 export has no CAM head: ${support.reason}`);
const classifier = await Classifier.open(prepared, 'cpu');
const modes = { plain: {}, cam: { cam: true }, camTop: { camTop: true } };
const times = { plain: [], cam: [], camTop: [] };
await classifier.classify(files, { batch: 8, top: 5 }); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, opts] of Object.entries(modes)) {
    t = now();
    const res = await classifier.classify(files, { batch: 8, top: 5, ...opts });
    times[name].push(now() - t);
    if (res.results.length !== nImages) throw new Error(`bench/cam: ${res.results.length} results`);
  }
}
await classifier.release();
const plain = median(times.plain);
console.log(`classify resnet50 224, CPU, batch 8, ${nImages} images, median of ${rounds} interleaved rounds:`);
console.log(`  plain (peer)  ${plain.toFixed(0)} ms  (${(plain / nImages).toFixed(1)} ms/image)`);
for (const name of ['cam', 'camTop']) {
  const m = median(times[name]);
  console.log(`  ${name.padEnd(12)}  ${m.toFixed(0)} ms  ${((m / plain - 1) * 100).toFixed(1)} % over plain (target < 5 %)`);
}
console.log(`  one-off: reading the classifier weight (2048×1000) from the ONNX model ${readWeightMs.toFixed(0)} ms`);

// ---- 2. overlay draw -----------------------------------------------------------------------
const CARDS = 12;
const geometry = { image: [400, 300], resized: [341, 256], left: 58, top: 16, input: [224, 224] };
let seed = 3;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const lens = (() => {
  const a = models.analyzeSpec(spec);
  const b = models.nodeBoxes(a, a.graph.featureNode);
  const f = b.field.field;
  return { global: false, node: b.path, size: f.size, min: f.min, stride: f.stride, cells: b.cells.map((c) => ({ box: c.box, smallest: c.smallest })) };
})();
const rows = files.slice(0, CARDS).map((f, i) => ({
  seq: i,
  image: f,
  name: `img${i}.jpg`,
  thumb: pathToFileURL(f).href,
  top: [0, 1, 2, 3, 4].map((k) => ({ index: k, label: `class ${k}`, prob: k === 0 ? 0.6 : 0.1 })),
  ms: 10,
  cams: { grid: [7, 7], maps: [0, 1, 2, 3, 4].map((k) => ({ class: k, values: Array.from({ length: 49 }, rand) })), geometry },
}));
const info = { model: 'resnet50', inspectable: true, weights: null, untrained: true, provider: 'cpu', providerNote: null, topK: 5 };
const status = { state: 'done', done: CARDS, total: CARDS, elapsedMs: 1000 };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'] });
const draws = [];
const peers = [];
const hovers = [];
for (let r = 0; r < rounds; r++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(writeHarness({ page: 'classify' }));
  const res = await page.evaluate(
    async ({ info, rows, status, lens }) => {
      const t0 = performance.now();
      window.__deliver({ type: 'snapshot', info: { ...info, cam: { available: true, lens } }, rows, errors: [], status, roots: [] });
      await window.__painted();
      const peer = performance.now() - t0;
      // Let the thumbnails load so the overlays draw the image too.
      await new Promise((r) => setTimeout(r, 300));
      const all = document.querySelector('.cam-all input');
      const t1 = performance.now();
      all.click();
      await window.__painted();
      const draw = performance.now() - t1;
      const canvas = document.querySelector('canvas.cam-canvas');
      const rect = canvas.getBoundingClientRect();
      const moves = [];
      for (let i = 0; i < 49; i++) {
        const x = rect.left + ((i % 7) + 0.5) * (rect.width / 7);
        const y = rect.top + (Math.floor(i / 7) + 0.5) * (rect.height / 7);
        const t2 = performance.now();
        canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        moves.push(performance.now() - t2);
      }
      moves.sort((a, b) => a - b);
      return { peer, draw, overlays: document.querySelectorAll('canvas.cam-canvas').length, hover: moves[Math.floor(moves.length / 2)], hoverMax: moves[moves.length - 1] };
    },
    { info, rows, status, lens },
  ).catch((e) => {
    throw new Error(`bench/cam: ${e.message}`);
  });
  if (res.overlays !== CARDS) throw new Error(`bench/cam: ${res.overlays} overlays drawn`);
  draws.push(res.draw);
  peers.push(res.peer);
  hovers.push(res.hover);
  await page.close();
}
await browser.close();
const draw = median(draws);
console.log(`overlay, ${CARDS} cards, 7×7 maps, 224 px canvases, headless Chromium (software), median of ${rounds}:`);
const peer = median(peers);
console.log(`  "CAM on all images" → painted ${draw.toFixed(1)} ms (${(draw / peer).toFixed(2)}× the page's render of the same 12 cards without CAM, the peer: ${peer.toFixed(1)} ms)`);
console.log(`  per overlay: ${(draw / CARDS).toFixed(2)} ms with the page's re-render, ${(Math.max(0, draw - peer) / CARDS).toFixed(2)} ms for the overlay alone (target < 16 ms)`);
console.log(`  hover: one cell change (redraw with its boxes) ${median(hovers).toFixed(2)} ms median (a 60 fps frame is 16.7 ms)`);
writeFileSync(join(work, 'done'), '');
