// Hostile .onnx files and images through the paths users take: the worker (a real child
// process) and the CLI (a real `backbone-lens classify`). Each ends in a typed error naming the
// file; a model that would run forever is stopped by the run's time bound and the next request
// gets a fresh worker; a hostile checkpoint fails the CLI with one line and exit code 1.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InferenceClient } from '../../../inference/client';
import { ResourceLimitError } from '../../../shared/errors';
import { decodeImage, ImageDecodeError } from '../../../inference/decodeImage';
import { modelFromOnnxFile } from '../../../inference/modelSource';
import { OnnxCheckError } from '../../../inference/onnxCheck';
import { hostileOnnx, tinyClassifier } from '../../fuzz/hostileOnnx';
import { hostileWeights } from '../../fuzz/hostileWeights';
import { fixturesDir, repoRoot } from '../fixturePaths';

const workerPath = join(repoRoot, 'out', 'inference', 'worker.js');
const cliPath = join(repoRoot, 'out', 'cli', 'main.js');
const image = join(fixturesDir, 'weights', 'small.png');

function withDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bl-hostile-'));
  return Promise.resolve(fn(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('hostile .onnx files are refused before onnxruntime opens them, naming the file', () =>
  withDir((dir) => {
    for (const c of hostileOnnx.filter((h) => !h.runtime)) {
      const file = join(dir, c.name);
      writeFileSync(file, c.bytes());
      assert.throws(() => modelFromOnnxFile(file, undefined), (e: unknown) => {
        assert.ok(e instanceof OnnxCheckError, `${c.name}: ${String(e)}`);
        assert.ok(e.message.startsWith(`${file}: `), e.message);
        assert.match(e.message, c.expect);
        return true;
      });
    }
    const ok = join(dir, 'tiny.onnx');
    writeFileSync(ok, tinyClassifier());
    assert.equal(modelFromOnnxFile(ok, undefined).origin, 'onnx-file');
  }));

test('worker: a Loop of 2^62 trips is stopped by the time bound with a typed error; the next request gets a fresh worker', () =>
  withDir(async (dir) => {
    const loop = join(dir, 'loop.onnx');
    writeFileSync(loop, (hostileOnnx.find((h) => h.name === 'loop-2e62.onnx') as { bytes: () => Uint8Array }).bytes());
    const tiny = join(dir, 'tiny.onnx');
    writeFileSync(tiny, tinyClassifier());
    const client = new InferenceClient(workerPath);
    try {
      await assert.rejects(client.classify({ paths: [image], onnx: loop, ep: 'cpu' }), (e: unknown) => {
        assert.ok(e instanceof ResourceLimitError, String(e));
        assert.equal(e.code, 'resourceLimit');
        assert.match(e.message, new RegExp(`^${loop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a step of the run took longer than its limit of 8 s`));
        return true;
      });
      const r = await client.classify({ paths: [image], onnx: tiny, ep: 'cpu' });
      assert.equal(r.results.length, 1);
      assert.equal(r.results[0].top.length, 4);
    } finally {
      client.dispose();
    }
  }));

test('CLI: a model that would run forever is stopped by the time bound: one typed line naming the file, exit code 1', () =>
  withDir((dir) => {
    const loop = join(dir, 'loop.onnx');
    writeFileSync(loop, (hostileOnnx.find((h) => h.name === 'loop-2e62.onnx') as { bytes: () => Uint8Array }).bytes());
    const r = spawnSync(process.execPath, [cliPath, 'classify', image, '--onnx', loop, '--ep', 'cpu'], { encoding: 'utf8', env: { ...process.env, BACKBONE_LENS_CACHE: dir }, timeout: 120_000 });
    assert.equal(r.signal, null, 'the CLI itself is not killed');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^backbone-lens: ${loop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a step of the run took longer than its limit of 8 s; it was stopped\n$`));
  }));

test('images: too long a side or too elongated a shape is refused from the header, before decoding', () =>
  withDir(async (dir) => {
    const sharp = (await import('sharp')).default;
    const strip = join(dir, 'strip.png');
    await sharp({ create: { width: 1, height: 1_000_000 > 30_000 ? 40_000 : 1, channels: 3, background: '#808080' } }).png().toFile(strip);
    await assert.rejects(decodeImage(strip), (e: unknown) => e instanceof ImageDecodeError && /strip\.png: 1×40000 pixels: a side longer than 30000 px/.test(e.message));
    const thin = join(dir, 'thin.png');
    await sharp({ create: { width: 6000, height: 100, channels: 3, background: '#808080' } }).png().toFile(thin);
    await assert.rejects(decodeImage(thin), (e: unknown) => e instanceof ImageDecodeError && /thin\.png: 6000×100 pixels is more elongated than 50:1/.test(e.message));
  }));

test('CLI: a hostile checkpoint ends in one typed line naming the file, exit code 1', () =>
  withDir((dir) => {
    for (const name of ['zip64-4e9-entries.pth', 'stride-0.pth', 'long4-1mb.pth']) {
      const file = join(dir, name);
      writeFileSync(file, (hostileWeights.find((c) => c.name === name) as { bytes: () => Uint8Array }).bytes());
      const r = spawnSync(process.execPath, [cliPath, 'classify', image, '--model', 'resnet18', '--weights', file, '--ep', 'cpu'], { encoding: 'utf8', env: { ...process.env, BACKBONE_LENS_CACHE: dir } });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^backbone-lens: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[: ]`));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  }));
