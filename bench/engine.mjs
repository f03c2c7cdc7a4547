// Engine benchmark. Prints figures and ratios against a peer measured in the same run:
//  1. in-process analysis of each preset and of the whole zoo (graph build + analysis,
//     memoization bypassed; targets: all presets under 150 ms cold (the first pass of a fresh
//     process) and 50 ms warm, the largest ≤ 5 ms each warm), and the Inspect quick pick's
//     entries for every preset, first call (target 100 ms);
//  2. `backbone-lens stats resnet50 --json` wall time and peak memory against the PyTorch way
//     (python3 + torchvision: build the model, count params, forward hooks for MACs);
//     target: at least 20× faster and a quarter of the memory.
// Needs `npm run build` and `npm run compile-tests` first. Run: node bench/engine.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../out/models/index.js');
const { families } = engine;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// 1. In-process analysis, fresh graph each time so no memoized result is reused.
const specs = engine.presets.map((p) => engine.resolveId(p.id));
const analyzeFresh = (spec) => engine.analyze(families[spec.family].build(spec.id, spec.knobs), spec.inputSize);
// Cold: the first pass of this process, before the JIT has seen the engine.
const coldStart = performance.now();
specs.forEach(analyzeFresh);
const cold = performance.now() - coldStart;
for (let i = 0; i < 5; i++) specs.forEach(analyzeFresh); // warm the JIT
const perPreset = specs.map((spec) => {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    analyzeFresh(spec);
    times.push(performance.now() - t);
  }
  return { id: spec.id, ms: median(times), nodes: analyzeFresh(spec).graph.nodes.length };
});
const catalogueTimes = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  specs.forEach(analyzeFresh);
  catalogueTimes.push(performance.now() - t);
}
const catalogue = median(catalogueTimes);
const memoTimes = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  specs.forEach((s) => engine.analyzeSpec(s));
  memoTimes.push(performance.now() - t);
}
const n = specs.length;
const largest = [...perPreset].sort((a, b) => b.nodes - a.nodes).slice(0, 6);
console.log(`In-process analysis of ${n} presets (median of 15, warm JIT, graph built fresh each time)`);
for (const r of largest) console.log(`  ${r.id.padEnd(24)} ${r.ms.toFixed(2).padStart(7)} ms  (${r.nodes} nodes; target 5 ms → ${(5 / r.ms).toFixed(1)}× under)`);
const slowest = [...perPreset].sort((a, b) => b.ms - a.ms)[0];
console.log(`  slowest: ${slowest.id} ${slowest.ms.toFixed(2)} ms`);
console.log(`  all ${n} presets, cold   ${cold.toFixed(1).padStart(7)} ms  target 150 ms → ${(150 / cold).toFixed(1)}× under target`);
console.log(`  all ${n} presets, warm   ${catalogue.toFixed(1).padStart(7)} ms  target 50 ms → ${(50 / catalogue).toFixed(1)}× under target`);
console.log(`  all ${n}, memoized       ${median(memoTimes).toFixed(3).padStart(7)} ms  (what the hover and the diagram pay after the first call)`);

// The Inspect quick pick, with the module the extension uses, in a fresh process (its per-session
// cache empty; loading the engine included): the rows it opens with (names and origins), then
// every preset's depth/params/MACs, which it fills in afterwards in slices.
const pickRun = spawnSync(process.execPath, ['-e', `
  const t0 = performance.now();
  const items = require('./out/extension/inspect/presetItems.js');
  const first = items.presetPickEntries((id) => items.knownPresetSummary(id) ?? 'computing');
  const opened = performance.now() - t0;
  for (const id of items.presetsWithoutSummary()) items.presetSummary(id);
  console.log(JSON.stringify({ opened, filled: performance.now() - t0, rows: first.length }));
`], { encoding: 'utf8' });
if (pickRun.status === 0) {
  const pick = JSON.parse(pickRun.stdout);
  console.log(`  quick pick opens with ${pick.rows} rows in ${pick.opened.toFixed(1)} ms (target 100 ms → ${(100 / pick.opened).toFixed(1)}× under); every preset's numbers in by ${pick.filled.toFixed(0)} ms`);
} else {
  console.log(`  quick pick: could not run (${pickRun.stderr.trim().split('\n').pop()})`);
}

// 2. CLI against PyTorch, wall time and peak RSS from GNU time (Debian package "time").
const haveTime = existsSync('/usr/bin/time');
const python = '/usr/bin/python3';
const haveTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
function measure(cmd, args, runs) {
  const walls = [];
  const rss = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    if (haveTime) {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
      const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      walls.push(wall * 1000);
      rss.push(kb / 1024);
      out = r.stdout;
    } else {
      const t = performance.now();
      out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
      walls.push(performance.now() - t);
    }
  }
  return { wallMs: median(walls), rssMiB: rss.length ? median(rss) : NaN, out };
}
const cli = measure(process.execPath, ['dist/cli.js', 'stats', 'resnet50', '--json'], 7);
const ours = JSON.parse(cli.out);
console.log('\nbackbone-lens stats resnet50 --json vs PyTorch (median of runs; wall ms, peak RSS MiB)');
console.log(`  backbone-lens  ${cli.wallMs.toFixed(0).padStart(6)} ms  ${cli.rssMiB.toFixed(1).padStart(7)} MiB   params ${ours.params}  MACs ${ours.macs}`);
if (!haveTorch) {
  console.log('  PyTorch peer not available (apt-get install python3-torch python3-torchvision); no ratio printed');
} else {
  const torch = measure(python, ['bench/torch_stats.py', 'resnet50', '224'], 3);
  const theirs = JSON.parse(torch.out);
  console.log(`  PyTorch        ${torch.wallMs.toFixed(0).padStart(6)} ms  ${torch.rssMiB.toFixed(1).padStart(7)} MiB   params ${theirs.params}  MACs ${theirs.macs}`);
  console.log(`  ratio: ${(torch.wallMs / cli.wallMs).toFixed(1)}× faster (target ≥ 20×), ${(cli.rssMiB / torch.rssMiB).toFixed(2)} of the memory (target ≤ 0.25)`);
  if (theirs.params !== ours.params || theirs.macs !== ours.macs) console.log('  WARNING: the numbers differ');
}
