// Fuzz bench: ≥ 10,000 seeded mutations per reader (.pth, .safetensors, variant files, images,
// .onnx in a real worker) and the hostile files of test/fuzz/, reporting per reader how inputs
// ended and the slowest input and peak RSS (the .onnx line adds the worker's peak RSS, read from
// /proc on Linux). Bounds: 10 s and 1 GiB per input. Exits 1 on any crash or overrun.
// Needs `npm run compile-tests` first. Run: node bench/fuzz.mjs [iterations] [seed]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const { fuzz, formatReport } = require('../out/test/fuzz/harness.js');
const { weightsTargets, variantTarget } = require('../out/test/fuzz/targets.js');
const { imageTarget, onnxTarget } = require('../out/test/fuzz/inferenceTargets.js');
const { hostileWeights, hostileSafetensors } = require('../out/test/fuzz/hostileWeights.js');
const { readWeights } = require('../out/models/index.js');

const iterations = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 12);
const fixtures = join(root, 'test', 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'bl-fuzz-bench-'));
const MAX_MS = 10_000;
const MAX_RSS = 2 ** 30;

/** Peak RSS (bytes) of a process, from /proc (VmHWM); undefined elsewhere. */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

let failed = false;
const check = (r) => {
  console.log(formatReport(r));
  if (r.crashes.length > 0) console.log(`  first crashes: ${JSON.stringify(r.crashes.slice(0, 3))}`);
  if (r.crashes.length > 0 || r.maxMs > MAX_MS || r.maxRss > MAX_RSS) failed = true;
};

try {
  for (const t of [...weightsTargets(fixtures), variantTarget(fixtures, join(root, 'test', 'workspace')), imageTarget(fixtures, join(root, 'test', 'workspace'), scratch)]) check(await fuzz(t, iterations, seed));
  const onnx = onnxTarget(join(root, 'out', 'inference', 'worker.js'), join(fixtures, 'weights', 'small.png'), scratch);
  let workerPeak = 0;
  const sample = setInterval(() => {
    const pid = onnx.client.pid;
    if (pid) workerPeak = Math.max(workerPeak, peakRss(pid) ?? 0);
  }, 200);
  const r = await fuzz(onnx, iterations, seed);
  clearInterval(sample);
  onnx.client.dispose();
  check(r);
  console.log(`  .onnx worker peak RSS ${workerPeak ? `${(workerPeak / 2 ** 20).toFixed(0)} MiB` : 'not measured (no /proc)'}`);
  if (workerPeak > MAX_RSS) failed = true;
  for (const c of [...hostileWeights, ...hostileSafetensors]) {
    const t = performance.now();
    let outcome = 'read';
    try {
      readWeights(c.bytes(), c.name);
    } catch (e) {
      outcome = e.name;
    }
    const ms = performance.now() - t;
    console.log(`hostile ${c.name}: ${outcome} in ${ms.toFixed(1)} ms, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    if (ms > MAX_MS) failed = true;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
