// classifyFiles (what the CLI and the worker run) end to end: decode → preprocess → ONNX from
// the weights file → onnxruntime, against PyTorch's logits for the same image file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { classifyFiles, ModelPreparer, prepareModel, topK, type ClassifyOptions } from '../../../inference/classify';
import { decodeImage } from '../../../inference/decodeImage';
import { labelsFor } from '../../../inference/modelSource';
import { gpuCandidates, ProviderError } from '../../../inference/session';
import { repoRoot } from '../fixturePaths';
import { fixturePath, manifest, maxAbsDiff, variantOf } from '../onnx/fixtures';

const TOLERANCE = 1e-4;
const cacheDir = mkdtempSync(join(tmpdir(), 'bl-cache-'));
const cliPath = join(repoRoot, 'out', 'cli', 'main.js');

for (const m of manifest.models) {
  test(`classifyFiles(${m.name}, ${m.pth}): logits of image.png equal PyTorch's within ${TOLERANCE} (decode + preprocessing + model)`, async () => {
    const r = await classifyFiles([fixturePath('image.png')], { spec: variantOf(m), weights: fixturePath(m.pth), logits: true, ep: 'cpu', cacheDir });
    assert.deepEqual(r.errors, []);
    assert.equal(r.provider, 'cpu');
    const logits = r.results[0].logits as number[];
    const diff = maxAbsDiff(logits, m.logits);
    assert.ok(diff <= TOLERANCE, `max |Δ| ${diff}`);
    assert.equal(r.results[0].top[0].index, m.logits.indexOf(Math.max(...m.logits)));
  });
}

test('the CLI: classify --json from a .safetensors file, with a folder holding a broken image and a hidden folder', () => {
  const m = manifest.models.find((x) => x.name === 'res2net50_tiny') ?? manifest.models[0];
  const dir = mkdtempSync(join(tmpdir(), 'bl-images-'));
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, '.hidden'));
  copyFileSync(fixturePath('image.png'), join(dir, 'a.png'));
  copyFileSync(fixturePath('small.png'), join(dir, 'sub', 'b.png'));
  copyFileSync(fixturePath('small.png'), join(dir, '.hidden', 'c.png'));
  writeFileSync(join(dir, 'broken.jpg'), 'this is not a JPEG');
  writeFileSync(join(dir, 'notes.txt'), 'not an image extension: not walked');
  const r = spawnSync(process.execPath, [cliPath, 'classify', dir, '--model', fixturePath(m.variant), '--weights', fixturePath(m.safetensors), '--json', '--logits', '--top', '3', '--batch', '2', '--ep', 'cpu'], {
    encoding: 'utf8',
    env: { ...process.env, BACKBONE_LENS_CACHE: cacheDir },
  });
  assert.equal(r.status, 1, r.stderr); // one image failed
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['model', 'provider', 'preprocessing', 'results', 'errors', 'fallbacks', 'precision', 'timing']); // nothing removed
  assert.equal(j.model, m.name);
  assert.equal(j.provider, 'cpu');
  assert.deepEqual(j.fallbacks, []); // --ep cpu: nothing tried before
  assert.deepEqual(j.results.map((x: { image: string }) => x.image), [join(dir, 'a.png'), join(dir, 'sub', 'b.png')]);
  assert.deepEqual(Object.keys(j.results[0]), ['image', 'top', 'logits']);
  assert.deepEqual(Object.keys(j.results[0].top[0]), ['index', 'label', 'prob']);
  assert.equal(j.results[0].top.length, 3);
  assert.ok(maxAbsDiff(j.results[0].logits, m.logits) <= TOLERANCE);
  assert.equal(j.errors.length, 1);
  assert.equal(j.errors[0].image, join(dir, 'broken.jpg'));
  assert.match(j.errors[0].message, /^not a readable image/);
  // The decoder's typed error code travels from the preparation thread with the message.
  assert.equal(j.errors[0].code, 'imageDecode');
});

test('the CLI: export-onnx writes a model onnxruntime runs; bad arguments are usage errors', async () => {
  const m = manifest.models.find((x) => x.name === 'densenet121_tiny') ?? manifest.models[0];
  const out = join(mkdtempSync(join(tmpdir(), 'bl-export-')), 'm.onnx');
  const r = spawnSync(process.execPath, [cliPath, 'export-onnx', fixturePath(m.variant), '--weights', fixturePath(m.pth), '-o', out], { encoding: 'utf8', env: { ...process.env, BACKBONE_LENS_CACHE: cacheDir } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /m\.onnx: densenet121_tiny, .* MiB, ONNX opset 17/);
  const s = await ort.InferenceSession.create(new Uint8Array(readFileSync(out)));
  assert.deepEqual(s.outputMetadata[0], { name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 10] });
  await s.release();

  const usage = spawnSync(process.execPath, [cliPath, 'classify', 'x.png', '--weights', 'w.pth'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--weights needs --model/);
  const badEp = spawnSync(process.execPath, [cliPath, 'classify', 'x.png', '--model', 'resnet18', '--weights', 'w.pth', '--ep', 'tpu'], { encoding: 'utf8' });
  assert.equal(badEp.status, 2);
  assert.match(badEp.stderr, /--ep must be one of auto, cpu, webgpu, cuda, dml, coreml, got "tpu"/);
  const wrong = spawnSync(process.execPath, [cliPath, 'classify', fixturePath('image.png'), '--model', 'resnet50', '--weights', fixturePath('resnet18_tiny.pth')], { encoding: 'utf8', env: { ...process.env, BACKBONE_LENS_CACHE: cacheDir } });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /^backbone-lens: .*resnet18_tiny\.pth: does not fit resnet50: \d+ missing: /);
});

test('exports are cached by the weights\' content hash and the architecture', () => {
  const m = manifest.models[0];
  const dir = mkdtempSync(join(tmpdir(), 'bl-cache2-'));
  const first = prepareModel({ spec: variantOf(m), weights: fixturePath(m.pth), cacheDir: dir });
  const second = prepareModel({ spec: variantOf(m), weights: fixturePath(m.pth), cacheDir: dir });
  assert.equal(first.origin, 'exported');
  assert.equal(second.origin, 'cache');
  assert.equal(second.onnx, first.cachePath);
  const safetensors = prepareModel({ spec: variantOf(m), weights: fixturePath(m.safetensors), cacheDir: dir });
  assert.equal(safetensors.origin, 'exported'); // other bytes, other key (same numbers, though)
  assert.notEqual(safetensors.cachePath, first.cachePath);
});

test('--ep: a named provider that cannot start says so; auto reports the provider it used', async () => {
  const m = manifest.models[0];
  const opts = { spec: variantOf(m), weights: fixturePath(m.pth), cacheDir };
  const auto = await classifyFiles([fixturePath('small.png')], { ...opts, ep: 'auto' });
  assert.ok(['cpu', 'webgpu', 'cuda', 'dml', 'coreml'].includes(auto.provider));
  // The providers tried before the one that ran, in the order auto tries them, each with a reason.
  const candidates = gpuCandidates();
  const ran = auto.provider === 'cpu' ? candidates.length : candidates.indexOf(auto.provider);
  assert.deepEqual(auto.fallbacks.map((f) => f.provider), candidates.slice(0, ran));
  for (const f of auto.fallbacks) assert.ok(f.reason.length > 0 && !f.reason.includes('could not start'), JSON.stringify(f));
  const named = await classifyFiles([fixturePath('small.png')], { ...opts, ep: 'cpu' });
  assert.deepEqual(named.fallbacks, []);
  // CoreML exists only on macOS: elsewhere asking for it must fail loudly, not fall back.
  if (process.platform !== 'darwin') {
    // The error names the provider and why; how to fall back is each shell's own wording.
    await assert.rejects(classifyFiles([fixturePath('small.png')], { ...opts, ep: 'coreml' }), (e: unknown) => e instanceof ProviderError && e.code === 'provider' && /^execution provider "coreml" could not start: /.test(e.message) && !e.message.includes('--ep'));
    const cli = spawnSync(process.execPath, [cliPath, 'classify', fixturePath('small.png'), '--model', fixturePath(m.variant), '--weights', fixturePath(m.pth), '--ep', 'coreml'], { encoding: 'utf8', env: { ...process.env, BACKBONE_LENS_CACHE: cacheDir } });
    assert.equal(cli.status, 1, cli.stderr);
    assert.match(cli.stderr, /^backbone-lens: execution provider "coreml" could not start: .* \(use --ep auto to fall back to the CPU\)\n$/);
  }
});

test('decoding: greyscale and alpha become RGB, EXIF orientation is applied, WebP/TIFF/GIF decode, limits hold', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-decode-'));
  const rgb = await decodeImage(fixturePath('small.png'));
  const raw = Buffer.from(rgb.data);
  const input = { raw: { width: rgb.width, height: rgb.height, channels: 3 as const } };
  await sharp(raw, input).webp({ lossless: true }).toFile(join(dir, 'x.webp'));
  await sharp(raw, input).tiff({ compression: 'lzw' }).toFile(join(dir, 'x.tiff'));
  for (const f of ['x.webp', 'x.tiff']) assert.deepEqual(Buffer.from((await decodeImage(join(dir, f))).data), raw, f);
  await sharp(raw, input).gif().toFile(join(dir, 'x.gif'));
  const gif = await decodeImage(join(dir, 'x.gif')); // palette-quantised: same size, RGB
  assert.deepEqual([gif.width, gif.height, gif.data.length], [rgb.width, rgb.height, rgb.data.length]);

  const grey = Buffer.from(Array.from({ length: 12 }, (_, i) => i * 20));
  await sharp(grey, { raw: { width: 4, height: 3, channels: 1 } }).png().toFile(join(dir, 'g.png'));
  const g = await decodeImage(join(dir, 'g.png'));
  assert.deepEqual(Array.from(g.data.subarray(0, 6)), [0, 0, 0, 20, 20, 20]);

  const rgba = Buffer.from(Array.from({ length: 4 * 4 }, (_, i) => (i % 4 === 3 ? 0 : 50 + i)));
  await sharp(rgba, { raw: { width: 2, height: 2, channels: 4 } }).png().toFile(join(dir, 'a.png'));
  const a = await decodeImage(join(dir, 'a.png'));
  assert.deepEqual(Array.from(a.data), [50, 51, 52, 54, 55, 56, 58, 59, 60, 62, 63, 64]); // alpha dropped, colours kept

  await sharp(Buffer.alloc(4 * 2 * 3, 128), { raw: { width: 4, height: 2, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toFile(join(dir, 'rot.jpg'));
  const rot = await decodeImage(join(dir, 'rot.jpg'));
  assert.deepEqual([rot.width, rot.height], [2, 4]);

  await assert.rejects(decodeImage(fixturePath('image.png'), 1000), /image\.png: 90×75 pixels exceeds the limit of 1000 pixels \(a guard against decompression bombs\)/);
  writeFileSync(join(dir, 'v.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  await assert.rejects(decodeImage(join(dir, 'v.svg')), /v\.svg: svg images are not supported/);
  await assert.rejects(decodeImage(join(dir, 'none.png')), /none\.png: no such file/);
});

test('top-k: softmax probabilities, ImageNet names for 1000 classes', () => {
  const t = topK([1, 3, 2], 2, ['a', 'b', 'c']);
  assert.deepEqual(t.map((x) => x.index), [1, 2]);
  const z = Math.exp(1) + Math.exp(3) + Math.exp(2);
  assert.ok(Math.abs(t[0].prob - Math.exp(3) / z) < 1e-12);
  const names = labelsFor(1000);
  assert.deepEqual([names[0], names[1], names[999]].map((n) => typeof n), ['string', 'string', 'string']);
  assert.equal(names[0], 'tench');
  assert.equal(labelsFor(10)[3], 'class 3');
});

test('the worker\'s model memo: a second request on the same weights does not read them again; a changed file or architecture does', () => {
  const m = manifest.models[0];
  const dir = mkdtempSync(join(tmpdir(), 'bl-memo-'));
  const weights = join(dir, 'w.pth');
  copyFileSync(fixturePath(m.pth), weights);
  const reads: string[] = [];
  const preparer = new ModelPreparer((o: ClassifyOptions) => {
    reads.push(o.weights ?? o.onnx ?? '');
    return prepareModel(o);
  });
  const opts: ClassifyOptions = { spec: variantOf(m), weights, cacheDir: join(dir, 'cache') };
  const first = preparer.get(opts);
  const second = preparer.get({ ...opts, spec: variantOf(m) }); // an equal spec, as each request parses its own
  assert.equal(reads.length, 1);
  assert.equal(preparer.prepared, 1);
  assert.equal(second, first);

  // Another architecture on the same file is another model.
  const other = manifest.models.find((x) => x.name !== m.name);
  if (other) assert.throws(() => preparer.get({ ...opts, spec: variantOf(other) }));
  assert.equal(reads.length, other ? 2 : 1);

  // A rewritten file (new mtime) is read again: its export comes from the cache this time.
  const later = new Date(Date.now() + 60_000);
  utimesSync(weights, later, later);
  const third = preparer.get(opts);
  assert.equal(reads.length, other ? 3 : 2);
  assert.equal(third.origin, 'cache');
  preparer.get(opts);
  assert.equal(reads.length, other ? 3 : 2);

  // A missing file is never remembered: each request says so.
  assert.throws(() => preparer.get({ ...opts, weights: join(dir, 'gone.pth') }), /no such file/);
  assert.throws(() => preparer.get({ ...opts, weights: join(dir, 'gone.pth') }), /no such file/);
  assert.equal(reads.length, other ? 5 : 4);
});
