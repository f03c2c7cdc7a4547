// What-it-costs benchmark. Prints figures and ratios against a peer measured in the same run:
//  1. training-memory analysis of each preset, warm (JIT warm, the graph and its shapes
//     memoized as every surface has them), fresh (a new graph each time: build + shapes + the
//     saved-tensor ledger) against the plain stats analysis of the same fresh graph (the peer);
//     target: < 5 ms warm for any preset;
//  2. `backbone-lens profile resnet50 --runs 10` end to end (export cached after the first run),
//     its wall time against the session.run calls it makes (10 profiled, 10 not: the peer, timed
//     inside the same command), and the profiler's overhead; target: < 5 s on 2 cores.
// Needs `npm run build` and `npm run compile-tests` first. Run: node bench/cost.mjs
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../out/models/index.js');
const { trainMemory } = require('../out/models/analysis/trainMemory.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timeIt = (fn, n) => {
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
};

// 1. Training memory per preset.
const rows = engine.presets.map((p) => {
  const spec = engine.resolveId(p.id);
  const graph = engine.buildGraph(spec);
  for (let i = 0; i < 20; i++) trainMemory(graph, spec.inputSize, 32 + (i % 3), 'adam');
  const warm = timeIt(() => trainMemory(graph, spec.inputSize, 32, 'adam'), 50);
  const fresh = timeIt(() => trainMemory(engine.families[spec.family].build(spec.id, spec.knobs), spec.inputSize, 32, 'adam'), 10);
  const peer = timeIt(() => engine.analyze(engine.families[spec.family].build(spec.id, spec.knobs), spec.inputSize), 10);
  return { id: p.id, warm, fresh, peer };
});
console.log('training memory (batch 32, Adam): warm ms / fresh ms / fresh stats analysis ms (peer) / ratio');
for (const r of rows) console.log(`  ${r.id.padEnd(20)} ${r.warm.toFixed(3).padStart(7)}  ${r.fresh.toFixed(2).padStart(7)}  ${r.peer.toFixed(2).padStart(7)}  ${(r.fresh / r.peer).toFixed(2)}×`);
const worst = rows.reduce((a, b) => (b.warm > a.warm ? b : a));
console.log(`  slowest warm: ${worst.id} ${worst.warm.toFixed(3)} ms (target 5 ms)`);

// 2. Profiling resnet50, 10 runs, through the CLI as a user runs it.
const cli = ['dist/cli.js', 'profile', 'resnet50', '--ep', 'cpu', '--runs', '10', '--json'];
spawnSync(process.execPath, cli, { encoding: 'utf8' }); // first run: random weights + export into the cache
const t0 = performance.now();
const out = spawnSync(process.execPath, cli, { encoding: 'utf8' });
const wall = performance.now() - t0;
if (out.status !== 0) throw new Error(`profile failed: ${out.stderr}`);
const p = JSON.parse(out.stdout);
const nodeSum = p.nodes.reduce((s, n) => s + n.ms, 0);
console.log(`profile resnet50 (10 runs, cpu, batch 1): ${(wall / 1000).toFixed(2)} s end to end (target 5 s)`);
console.log(`  median run ${p.total_ms.toFixed(2)} ms; nodes sum to ${nodeSum.toFixed(2)} ms = ${((100 * nodeSum) / p.total_ms).toFixed(1)} % of it`);
console.log(`  profiler overhead ${(100 * p.profiler_overhead).toFixed(1)} % (session.run ${p.profiled_wall_ms.toFixed(2)} ms profiled vs ${p.unprofiled_wall_ms.toFixed(2)} ms not, same session)`);
console.log(`  command / the 20 session.run calls it makes: ${(wall / (10 * (p.profiled_wall_ms + p.unprofiled_wall_ms))).toFixed(2)}×`);
