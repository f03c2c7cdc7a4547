// Static-interpreter benchmark: interpreting a model file (parse + __init__ + forward + analysis)
// and the model hover on long files. Target: under 30 ms warm for a ~300-line file; hover p95
// under 20 ms on 5,000- and 20,000-line files. Peer measured in the same run: the engine building
// and analyzing the same network from its preset (resnet50), without memoization.
// Needs `npm run compile-tests` first. Run: node bench/python.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const py = require('../out/models/python/index.js');
const engine = require('../out/models/index.js');
const { computeHover } = require('../out/extension/hover/hoverLogic.js');

const RUNS = 60;
const fixture = (name) => readFileSync(join(root, 'test', 'fixtures', 'python', name), 'utf8');

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}
function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

// 1. Interpret torchvision_style.py:resnet50 (the same network as the resnet50 preset).
const tv = fixture('torchvision_style.py');
const lines = tv.split('\n').length;
const interpret = (text) => {
  const mod = py.loadModule({ name: 'torchvision_style.py', text });
  const m = py.buildTarget(mod, 'resnet50', new Map(), [224, 224]);
  if (m.params !== 25_557_032 || m.analysis.total.macs !== 4_089_184_256) throw new Error('wrong numbers');
};
for (let i = 0; i < 5; i++) interpret(tv);
const same = [];
const edited = [];
for (let i = 0; i < RUNS; i++) same.push(time(() => interpret(tv)));
for (let i = 0; i < RUNS; i++) {
  const t = `${tv}\n${' '.repeat((i % 7) + 1)}`;
  edited.push(time(() => interpret(t)));
}
const peerRuns = [];
const spec = engine.resolveId('resnet50');
for (let i = 0; i < RUNS; i++) peerRuns.push(time(() => engine.analyze(engine.families.resnet.build(spec.id, spec.knobs), [224, 224])));
const s1 = stats(same);
const e1 = stats(edited);
const p1 = stats(peerRuns);
const f = (ms) => ms.toFixed(2).padStart(8);
console.log(`Static interpreter in Node ${process.version}; ${RUNS} runs; ms`);
console.log(`interpret ${lines}-line file (resnet50): mean ${f(s1.mean)} p95 ${f(s1.p95)} | after an edit: mean ${f(e1.mean)} p95 ${f(e1.p95)} | target 30 ms → ${(30 / Math.max(s1.p95, e1.p95)).toFixed(1)}× | peer (preset build + analyze) mean ${f(p1.mean)} → interpreter/peer ${(e1.mean / p1.mean).toFixed(1)}×`);

// 2. The model hover on long files: filler code, then cifar_resnet.py; the document edited before every hover.
const cifar = fixture('cifar_resnet.py');
for (const total of [5000, 20000]) {
  const fillerLines = total - cifar.split('\n').length;
  const filler = Array.from({ length: Math.ceil(fillerLines / 3) }, (_, i) => `def step_${i}(x, y=${i}):\n    z = x * y  # line ${i}\n    return z + ${i}\n`).join('');
  const text = filler + cifar;
  const offset = text.lastIndexOf('net = ResNet18()') + 8;
  const doc = (t) => ({ languageId: 'python', fileName: '/w/long.py', uri: 'file:///w/long.py', text: t });
  const cold = time(() => computeHover(doc(text), offset));
  const shown = computeHover(doc(text), offset) !== undefined;
  const warm = [];
  const edit = [];
  // Separate loops: the caches hold the last text, so alternating would measure edits twice.
  for (let i = 0; i < 40; i++) warm.push(time(() => computeHover(doc(text), offset)));
  for (let i = 0; i < 40; i++) {
    const t = `${text}${' '.repeat((i % 7) + 1)}`;
    edit.push(time(() => computeHover(doc(t), offset)));
  }
  const w = stats(warm);
  const e = stats(edit);
  console.log(`hover on ResNet18() in a ${text.split('\n').length}-line file: shown ${shown}, cold ${f(cold)} | unchanged p95 ${f(w.p95)} | edited p95 ${f(e.p95)} | target 20 ms → ${(20 / Math.max(w.p95, e.p95)).toFixed(1)}×`);
}
console.log(`load average while measuring: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (other processes inflate the times)`);
