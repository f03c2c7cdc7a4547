// Classify at int8 precision (inference/int8Model.ts) and the timing it reports, through
// classifyFiles (the CLI's path) and the CLI itself: the quantized model is cached beside the fp32
// export, --compare-fp32 reports agreement, preparation is timed apart from inference, and the
// combinations that cannot work are refused with the reason.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { classifyFiles, prepareModel, prepareModelAt } from '../../../inference/classify';
import { workerServes } from '../../../inference/protocol';
import { parse } from '../../../shared/validate';
import { buildGraph, exportOnnx, fitWeights, readWeights } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { fixtureBytes, fixturePath, manifest, variantOf } from '../onnx/fixtures';

const cliPath = join(repoRoot, 'out', 'cli', 'main.js');
const m = manifest.models.find((x) => x.name === 'resnet18_tiny') ?? manifest.models[0];

test('int8: quantized once, then found in the cache beside the fp32 export; the result says int8 and compares with fp32', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bl-int8-'));
  const opts = { spec: variantOf(m), weights: fixturePath(m.safetensors), ep: 'cpu' as const, cacheDir, precision: 'int8' as const };
  const first = await prepareModelAt(opts);
  assert.equal(first.precision, 'int8');
  assert.equal(first.origin, 'exported');
  const second = await prepareModelAt(opts);
  assert.equal(second.origin, 'cache');
  assert.equal(second.cachePath, first.cachePath);
  assert.match(String(second.cachePath), /\.int8\.[^/\\]+\.onnx$/);
  assert.equal(readdirSync(join(cacheDir, 'onnx')).length, 2, 'the fp32 export and its int8 form');

  const r = await classifyFiles([fixturePath('image.png'), fixturePath('small.png')], { ...opts, compareFp32: true, logits: true });
  assert.equal(r.precision, 'int8');
  assert.equal(r.results.length, 2);
  const c = r.compare_fp32;
  assert.ok(c, 'compare_fp32 reported');
  assert.equal(c.images, 2);
  assert.ok(c.top1_agreement >= 0 && c.top1_agreement <= 1);
  // The int8 logits differ from fp32's, but not wildly (fixture logits are O(1)).
  const scale = Math.max(...m.logits.map(Math.abs));
  assert.ok(c.max_logit_diff > 0 && c.max_logit_diff < 0.2 * scale, `max |Δ| ${c.max_logit_diff} against max |logit| ${scale}`);
  for (const k of ['prepare_ms', 'session_ms', 'inference_ms', 'per_image_ms'] as const) assert.ok(Number.isFinite(r.timing[k]) && r.timing[k] >= 0, k);
  assert.ok(Math.abs(r.timing.per_image_ms * 2 - r.timing.inference_ms) < 1e-6);
});

test('fp32 results say fp32 and carry no comparison; asking to compare without int8 is refused', async () => {
  const r = await classifyFiles([fixturePath('image.png')], { spec: variantOf(m), weights: fixturePath(m.pth), ep: 'cpu', cacheDir: null });
  assert.equal(r.precision, 'fp32');
  assert.equal(r.compare_fp32, undefined);
  await assert.rejects(classifyFiles([fixturePath('image.png')], { spec: variantOf(m), weights: fixturePath(m.pth), cacheDir: null, compareFp32: true }), /comparing with fp32 needs int8/);
});

test('int8 refuses a given .onnx file, naming it (it is not ours to rewrite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-int8-onnx-'));
  const graph = buildGraph(variantOf(m));
  const file = join(dir, 'user.onnx');
  writeFileSync(file, exportOnnx(graph, fitWeights(graph, readWeights(fixtureBytes(m.pth), m.pth), m.pth)));
  await assert.rejects(prepareModelAt({ onnx: file, precision: 'int8' }, prepareModel({ onnx: file })), (e: Error) => e.message.includes(file) && /int8 precision needs weights/.test(e.message));
});

test('the worker protocol accepts fp32 and int8 and names any other precision', () => {
  assert.deepEqual(parse(workerServes.requests.classify, { paths: [], precision: 'int8' }), { ok: true, value: { paths: [], precision: 'int8' } });
  assert.deepEqual(parse(workerServes.requests.classify, { paths: [], precision: 'int4' }), { ok: false, problem: 'precision: Invalid type: Expected ("fp32" | "int8") but received "int4"' });
});

test('the CLI: --precision int8 --compare-fp32 prints the agreement and the timing; bad combinations exit 2 with the reason', () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'bl-int8-cli-'));
  const env = { ...process.env, BACKBONE_LENS_CACHE: cacheHome };
  const run = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env });
  const variant = fixturePath(m.variant);
  const ok = run('classify', fixturePath('image.png'), '--model', variant, '--weights', fixturePath(m.safetensors), '--ep', 'cpu', '--precision', 'int8', '--compare-fp32', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  const json = JSON.parse(ok.stdout) as { precision: string; timing: Record<string, number>; compare_fp32: { images: number } };
  assert.equal(json.precision, 'int8');
  assert.equal(json.compare_fp32.images, 1);
  assert.deepEqual(Object.keys(json.timing), ['prepare_ms', 'session_ms', 'inference_ms', 'per_image_ms']);
  const text = run('classify', fixturePath('image.png'), '--model', variant, '--weights', fixturePath(m.safetensors), '--ep', 'cpu', '--precision', 'int8', '--compare-fp32');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /\(int8\) on cpu/);
  assert.match(text.stdout, /against fp32: top-1 agreement \d+\.\d % of 1 image, largest logit difference/);
  assert.match(text.stdout, /model preparation \d+ ms \+ session \d+ ms; inference \d+ ms/);
  const bad = run('classify', fixturePath('image.png'), '--model', variant, '--weights', fixturePath(m.pth), '--precision', 'fp16');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--precision must be one of fp32, int8, got "fp16"/);
  const noInt8 = run('classify', fixturePath('image.png'), '--model', variant, '--weights', fixturePath(m.pth), '--compare-fp32');
  assert.equal(noInt8.status, 2);
  assert.match(noInt8.stderr, /--compare-fp32 .* needs --precision int8/);
});
