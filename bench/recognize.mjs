// Recognition benchmark: a resnet50 state dict (torchvision's 320 tensors, 25.6 M parameters) as
// .safetensors (the engine's random weights) and as torch.save .pth (written by PyTorch when
// /usr/bin/python3 has torch), each: the bytes read from disk, the tensor list read without
// decoding (indexWeights over the bytes in memory), the full read with every tensor decoded (readWeights), and
// recognition of the architecture from the list, first call in this process (cold) and warm.
// Target: recognition < 50 ms after reading. Peer in the same run: torch.load of the same .pth in
// Python (the interpreter and torch already imported). Ratios printed.
// Needs `npm run compile-tests` first. Run: node bench/recognize.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const engine = require('../out/models/index.js');
const { ensureRandomWeights } = require('../out/inference/randomWeights.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs) {
  const ms = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), out };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-recognize-'));
try {
  const files = [await ensureRandomWeights(engine.resolveId('resnet50'), dir)];
  const pth = join(dir, 'resnet50.pth');
  const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, time, torch, torchvision
torch.manual_seed(0)
torch.save(torchvision.models.resnet50().state_dict(), sys.argv[1])
torch.load(sys.argv[1])
ms = []
for _ in range(5):
    t = time.perf_counter(); torch.load(sys.argv[1]); ms.append((time.perf_counter() - t) * 1000)
print(sorted(ms)[2])
`, pth], { encoding: 'utf8' });
  const torchLoadMs = py.status === 0 ? Number(py.stdout.trim()) : undefined;
  if (torchLoadMs !== undefined) files.push(pth);
  else console.log(`(no PyTorch peer: ${py.stderr.trim().split('\n').pop()})`);

  let first = true;
  for (const file of files) {
    const name = file.endsWith('.pth') ? 'resnet50.pth (torch.save)' : 'resnet50.safetensors';
    const disk = time(() => new Uint8Array(readFileSync(file)), 3);
    const bytes = disk.out;
    const entries = time(() => engine.tensorEntries(engine.indexWeights(engine.memorySource(bytes), file)), 5);
    const full = time(() => engine.readWeights(bytes, file), 3);
    const coldT = performance.now();
    const r = engine.recognizeArchitecture(entries.out);
    const cold = performance.now() - coldT;
    const warm = time(() => engine.recognizeArchitecture(entries.out), 20);
    console.log(`\n${name}: ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${entries.out.length} tensors → ${r.model}${r.exact ? ' (exact)' : ` (not exact: ${r.differences.length} differences)`}`);
    console.log(`  read from disk            ${disk.ms.toFixed(1).padStart(8)} ms`);
    console.log(`  tensor list (no decoding) ${entries.ms.toFixed(1).padStart(8)} ms`);
    console.log(`  full read (decoded)       ${full.ms.toFixed(1).padStart(8)} ms`);
    console.log(`  recognition, ${first ? 'cold' : 'cold*'}         ${cold.toFixed(1).padStart(8)} ms   (target < 50 ms)`);
    console.log(`  recognition, warm         ${warm.ms.toFixed(1).padStart(8)} ms   (target < 50 ms)`);
    console.log(`  recognition / tensor list ${(warm.ms / entries.ms).toFixed(2).padStart(8)}×`);
    console.log(`  recognition / full read   ${(warm.ms / full.ms).toFixed(3).padStart(8)}×`);
    if (file === pth && torchLoadMs !== undefined) {
      console.log(`  torch.load (peer)         ${torchLoadMs.toFixed(1).padStart(8)} ms`);
      console.log(`  tensor list + recognition vs torch.load: ${((entries.ms + warm.ms) / torchLoadMs).toFixed(3)}×`);
    }
    first = false;
  }
  console.log('\n(cold* = first recognition of this file in the process; the graph memo may already hold resnet50)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
