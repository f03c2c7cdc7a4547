// onnxruntime's WebAssembly build (onnxruntime-web's Node entry), which runs where onnxruntime-node
// has no binary (darwin-x64): forced here with BACKBONE_LENS_ORT_RUNTIME=wasm, which must be set
// before anything loads onnxruntime (node --test runs each file in a process of its own). The
// same models, the same PyTorch logits, the same typed errors.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { boundsFor, WASM_STEP_FACTOR } from '../../../inference/bounds';
import { classifyFiles } from '../../../inference/classify';
import { profileModel } from '../../../inference/profile';
import { cpuExecutionProvider, gpuCandidates, ORT_RUNTIME_ENV, ortRuntime, plannedOrtRuntime, ProviderError, RuntimeUnavailableError } from '../../../inference/session';
import { resolveId } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { fixturePath, manifest, maxAbsDiff, variantOf } from '../onnx/fixtures';

process.env[ORT_RUNTIME_ENV] = 'wasm';

/** The native build's tolerance (classify.test.ts): WebAssembly's kernels sum in another order, not less exactly. */
const TOLERANCE = 1e-4;
const cacheDir = mkdtempSync(join(tmpdir(), 'bl-wasm-'));
const cliPath = join(repoRoot, 'out', 'cli', 'main.js');

test('the runtime is the WebAssembly build, its CPU provider is "wasm", and its steps get WASM_STEP_FACTOR × the time', () => {
  assert.equal(plannedOrtRuntime(), 'wasm');
  assert.equal(ortRuntime(), 'wasm');
  assert.equal(cpuExecutionProvider(), 'wasm');
  assert.equal(boundsFor(0).stepMs, boundsFor(0, 'native').stepMs * WASM_STEP_FACTOR);
  assert.equal(boundsFor(0).rssBytes, boundsFor(0, 'native').rssBytes);
});

for (const m of manifest.models) {
  test(`WebAssembly: classifyFiles(${m.name}) equals PyTorch's logits within ${TOLERANCE}`, async () => {
    const r = await classifyFiles([fixturePath('image.png')], { spec: variantOf(m), weights: fixturePath(m.pth), logits: true, ep: 'cpu', cacheDir });
    assert.deepEqual(r.errors, []);
    assert.equal(r.provider, 'cpu');
    const diff = maxAbsDiff(r.results[0].logits as number[], m.logits);
    assert.ok(diff <= TOLERANCE, `max |Δ| ${diff}`);
  });
}

const m = manifest.models[0];
const opts = { spec: variantOf(m), weights: fixturePath(m.pth), cacheDir };

test('WebAssembly: auto runs on the CPU and says why each GPU provider was not tried; a named GPU provider is a ProviderError', async () => {
  const auto = await classifyFiles([fixturePath('small.png')], { ...opts, ep: 'auto' });
  assert.equal(auto.provider, 'cpu');
  assert.deepEqual(auto.fallbacks.map((f) => f.provider), gpuCandidates());
  for (const f of auto.fallbacks) assert.equal(f.reason, `onnxruntime runs as WebAssembly here, on the CPU only (${ORT_RUNTIME_ENV}=wasm)`);
  await assert.rejects(classifyFiles([fixturePath('small.png')], { ...opts, ep: 'cuda' }), (e: unknown) => e instanceof ProviderError && e.provider === 'cuda' && /WebAssembly/.test(e.message));
});

test('WebAssembly: int8 quantizes (its calibration runs on the WebAssembly CPU provider) and agrees with fp32 on the fixture', async () => {
  const r = await classifyFiles([fixturePath('image.png'), fixturePath('small.png')], { ...opts, ep: 'cpu', precision: 'int8', compareFp32: true, cacheDir: mkdtempSync(join(tmpdir(), 'bl-wasm-int8-')) });
  assert.deepEqual(r.errors, []);
  assert.equal(r.precision, 'int8');
  const c = r.compare_fp32;
  assert.ok(c, 'compare_fp32 reported');
  assert.equal(c.images, 2);
  // The bound precision.test.ts holds the native build's int8 to (fixture logits are O(1)).
  const scale = Math.max(...m.logits.map(Math.abs));
  assert.ok(c.max_logit_diff > 0 && c.max_logit_diff < 0.2 * scale, `max |Δ| ${c.max_logit_diff} against max |logit| ${scale}`);
});

test('WebAssembly: per-layer latency needs the native profiler, and says so as a typed error', async () => {
  await assert.rejects(profileModel({ spec: resolveId('resnet18'), runs: 1, cacheDir: null }), (e: unknown) => e instanceof RuntimeUnavailableError && /native onnxruntime's profiler/.test(e.message));
});

test('WebAssembly: the CLI classifies with it when the variable is set', () => {
  const r = spawnSync(process.execPath, [cliPath, 'classify', fixturePath('image.png'), '--model', fixturePath(m.variant), '--weights', fixturePath(m.pth), '--json', '--logits'], {
    encoding: 'utf8',
    env: { ...process.env, [ORT_RUNTIME_ENV]: 'wasm', BACKBONE_LENS_CACHE: cacheDir },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { provider: string; fallbacks: { reason: string }[]; results: { logits: number[] }[] };
  assert.equal(out.provider, 'cpu');
  assert.ok(out.fallbacks.every((f) => f.reason.includes('WebAssembly')));
  assert.ok(maxAbsDiff(out.results[0].logits, m.logits) <= TOLERANCE);
});
