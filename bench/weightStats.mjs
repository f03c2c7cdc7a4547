// Checkpoint statistics benchmark (issue 14). On a resnet50-shaped checkpoint of random float32
// weights (~100 MB, written here as .safetensors and, where PyTorch is present, as a torch.save
// .pth of the same tensors), prints:
//  1. the table: open the file and index it (keys, shapes, dtypes; what the checkpoint editor shows
//     first), target < 1 s for 100 MB;
//  2. statistics (mean, std, min, max, zeros, NaN/Inf, histogram, BatchNorm health) streamed tensor
//     by tensor from the file, in MB/s of stored bytes, against a bare pass over the same bytes
//     (read each tensor the same way and sum it as float32): target ≥ 500 MB/s;
//  3. the largest resident memory growth while streaming, against the largest tensor.
// The large-file check: --model resnext101_32x32d (1.87 GB of float32) --no-pth shows that the
// table comes first and memory stays bounded by the largest tensor on a 1.7 GB-class checkpoint.
// Needs `npm run compile-tests` first. Run: node bench/weightStats.mjs [--model <preset>] [--no-pth] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSafetensors } from './lib/safetensors.mjs';

const { values: opts } = parseArgs({ options: { model: { type: 'string', default: 'resnet50' }, 'no-pth': { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } } });

const require = createRequire(import.meta.url);
const engine = require('../out/models/index.js');
const { openWeightsFile } = require('../out/inference/weightsFile.js');

const MB = 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function randomTensors(modelId) {
  const graph = engine.buildGraph(engine.resolveId(modelId));
  let seed = 14;
  const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const out = [];
  for (const node of graph.nodes) {
    for (const t of node.tensors) {
      if (t.dtype !== 'float32') continue;
      const n = t.shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = t.key.endsWith('running_var') ? Math.abs(rand()) : rand() * 0.05;
      out.push([t.key, [...t.shape], data]);
    }
  }
  return out;
}

function table(path) {
  const f = openWeightsFile(path);
  try {
    const index = engine.indexWeights(f, path);
    return index.tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: engine.TORCH_DTYPE_NAMES[t.storedDtype], params: t.shape.reduce((a, b) => a * b, 1) }));
  } finally {
    f.close();
  }
}

function stats(path) {
  const f = openWeightsFile(path);
  let peak = 0;
  const base = process.memoryUsage().rss;
  try {
    const stream = new engine.StatsStream(engine.indexWeights(f, path));
    while (stream.step() !== undefined) peak = Math.max(peak, process.memoryUsage().rss - base);
    return { bytes: stream.totalBytes, peak };
  } finally {
    f.close();
  }
}

function bare(path) {
  const f = openWeightsFile(path);
  let bytes = 0;
  let sink = 0;
  try {
    for (const t of engine.indexWeights(f, path).tensors) {
      const w = t.read();
      const d = w.data;
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i];
      sink += s;
      bytes += engine.storedBytesOf(t);
    }
  } finally {
    f.close();
  }
  return { bytes, sink };
}

const dir = mkdtempSync(join(tmpdir(), 'bl-weightstats-'));
try {
  const tensors = randomTensors(opts.model);
  const largest = Math.max(...tensors.map(([, , d]) => d.byteLength));
  const files = [join(dir, `${opts.model}.safetensors`)];
  writeSafetensors(files[0], tensors);
  tensors.length = 0; // the file holds them now: keep the bench's own memory out of the figures
  const pth = join(dir, `${opts.model}.pth`);
  const py = opts['no-pth'] ? { status: 1, stderr: 'skipped (--no-pth)' } : spawnSync('/usr/bin/python3', ['-c', 'import sys,torch,json,struct\nfrom collections import OrderedDict\nd=open(sys.argv[1],"rb").read();n=struct.unpack("<Q",d[:8])[0];h=json.loads(d[8:8+n]);b=d[8+n:]\nsd=OrderedDict((k,torch.frombuffer(bytearray(b[v["data_offsets"][0]:v["data_offsets"][1]]),dtype=torch.float32).reshape(v["shape"])) for k,v in h.items())\ntorch.save(sd,sys.argv[2])', files[0], pth], { encoding: 'utf8' });
  if (py.status === 0) files.push(pth);
  else console.log(`(no .pth: PyTorch is not usable here: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()})`);
  for (const path of files) {
    const size = statSync(path).size;
    const tableMs = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      table(path);
      tableMs.push(performance.now() - t);
    }
    const bareRuns = [];
    const statRuns = [];
    const bareCpu = [];
    const statCpu = [];
    let peak = 0;
    // Wall time and this process's CPU time (user + system): on a shared machine the CPU figure is the steadier one.
    const timed = (f) => {
      const t = performance.now();
      const c = process.cpuUsage();
      const r = f();
      const u = process.cpuUsage(c);
      return { r, wall: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 };
    };
    for (let i = 0; i < Number(opts.runs); i++) {
      const b = timed(() => bare(path));
      bareRuns.push(b.r.bytes / MB / b.wall);
      bareCpu.push(b.r.bytes / MB / b.cpu);
      const s = timed(() => stats(path));
      statRuns.push(s.r.bytes / MB / s.wall);
      statCpu.push(s.r.bytes / MB / s.cpu);
      peak = Math.max(peak, s.r.peak);
    }
    const name = path.endsWith('.pth') ? '.pth' : '.safetensors';
    console.log(`${name} ${(size / MB).toFixed(1)} MB, ${table(path).length} tensors`);
    console.log(`  table (open + index): ${median(tableMs).toFixed(1)} ms (target < 1000 ms)`);
    console.log(`  statistics: ${median(statRuns).toFixed(0)} MB/s wall, ${median(statCpu).toFixed(0)} MB/s of CPU time (target ≥ 500 MB/s)`);
    console.log(`  bare pass (read + float32 sum): ${median(bareRuns).toFixed(0)} MB/s wall, ${median(bareCpu).toFixed(0)} MB/s of CPU time; statistics / bare: ${(median(statCpu) / median(bareCpu)).toFixed(2)} (CPU time)`);
    console.log(`  resident growth while streaming: ${(peak / MB).toFixed(0)} MB; largest tensor ${(largest / MB).toFixed(1)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
