// The worker protocol through a real child process: results, progress, typed errors, cancel.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InferenceClient } from '../../../inference/client';
import { workerServes } from '../../../inference/protocol';
import { CancelledError, InvalidMessageError, RemoteError } from '../../../shared/errors';
import { parse } from '../../../shared/validate';
import { repoRoot } from '../fixturePaths';
import { fixturePath, manifest, maxAbsDiff } from '../onnx/fixtures';

const workerPath = join(repoRoot, 'out', 'inference', 'worker.js');

test('worker: classify with progress, the session reused, errors typed, cancel kills it', async () => {
  const m = manifest.models.find((x) => x.name === 'seresnet50_tiny') ?? manifest.models[0];
  const client = new InferenceClient(workerPath);
  try {
    const variant = JSON.parse(readFileSync(fixturePath(m.variant), 'utf8'));
    const progress: number[] = [];
    const req = { paths: [fixturePath('image.png'), fixturePath('small.png')], model: { kind: 'variant' as const, variant, source: m.variant }, weights: fixturePath(m.pth), ep: 'cpu' as const, logits: true, batch: 1, cacheDir: null };
    const r = await client.classify(req, (done) => progress.push(done));
    assert.deepEqual(progress, [1, 2]);
    assert.equal(r.provider, 'cpu');
    assert.ok(maxAbsDiff(r.results[0].logits as number[], m.logits) <= 1e-4);
    // A request the worker cannot accept is answered with its own code (and the worker goes on).
    await assert.rejects(client.classify({ ...req, ep: 'tpu' as never }), (e: unknown) => e instanceof InvalidMessageError && /^classify: ep: /.test(e.message));
    const again = await client.classify({ ...req, paths: [fixturePath('image.png')] });
    assert.deepEqual(again.results[0].logits, r.results[0].logits);
    await assert.rejects(client.classify({ ...req, model: { kind: 'id', id: 'resnet50' } }), (e: unknown) => e instanceof RemoteError && e.code === 'weightsMismatch' && /does not fit resnet50/.test(e.message));
    const pendingRun = client.classify(req);
    client.cancel();
    await assert.rejects(pendingRun, (e: unknown) => e instanceof CancelledError && e.code === 'cancelled');
    const after = await client.classify({ ...req, paths: [fixturePath('small.png')] }); // a fresh worker
    assert.equal(after.results.length, 1);
  } finally {
    client.dispose();
  }
});

test('worker: random weights are written by the worker, bounded, reused, and refused beside a weights file', async () => {
  const m = manifest.models.find((x) => x.name === 'seresnet50_tiny') ?? manifest.models[0];
  const cacheDir = mkdtempSync(join(tmpdir(), 'bl-random-'));
  const client = new InferenceClient(workerPath);
  try {
    const variant = JSON.parse(readFileSync(fixturePath(m.variant), 'utf8'));
    const req = { paths: [fixturePath('image.png')], model: { kind: 'variant' as const, variant, source: m.variant }, randomWeights: true, ep: 'cpu' as const, logits: true, cacheDir };
    const a = await client.classify(req);
    const written = readdirSync(join(cacheDir, 'random'));
    assert.equal(written.length, 1, `one file: ${written.join(', ')}`);
    assert.match(written[0], /^random-.*\.safetensors$/);
    assert.ok((a.results[0].logits as number[]).every(Number.isFinite));
    // Same architecture, same seed: the file is reused and the numbers repeat.
    const b = await client.classify(req);
    assert.deepEqual(b.results[0].logits, a.results[0].logits);
    assert.deepEqual(readdirSync(join(cacheDir, 'random')), written);
    await assert.rejects(client.classify({ ...req, weights: fixturePath(m.pth) }), (e: unknown) => e instanceof RemoteError && e.code === 'modelSource' && /random weights replace the weights file/.test(e.message));
    // resnet50 with a million classes would take 8 GB: refused before anything is allocated or written.
    await assert.rejects(client.classify({ ...req, model: { kind: 'id', id: 'resnet50' }, sets: { num_classes: '1000000' } }), (e: unknown) => e instanceof RemoteError && e.code === 'randomWeights' && /more than the \d+ bytes allowed/.test(e.message));
    assert.deepEqual(readdirSync(join(cacheDir, 'random')), written, 'no partial file left');
  } finally {
    client.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

// Table: each malformed classify request and the field its problem names.
const badClassify: [unknown, RegExp][] = [
  [null, /^Invalid type/],
  [{ paths: 'x' }, /^paths: /],
  [{ paths: [42] }, /^paths\.0: /],
  [{ paths: [''] }, /^paths\.0: /],
  [{ paths: [], ep: 'tpu' }, /^ep: /],
  [{ paths: [], precision: 'int4' }, /^precision: /],
  [{ paths: [], top: 0 }, /^top: /],
  [{ paths: [], batch: 1.5 }, /^batch: /],
  [{ paths: [], camClass: -1 }, /^camClass: /],
  [{ paths: [], cam: 'yes' }, /^cam: /],
  [{ paths: [], cacheDir: 3 }, /^cacheDir: /],
  [{ paths: [], sets: { layers: 3 } }, /^sets\.layers: /],
  [{ paths: [], sets: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, '1'])) }, /^sets: /],
  [{ paths: [], model: { kind: 'url', id: 'x' } }, /^model\.kind: /],
  [{ paths: [], model: { kind: 'id', id: '' } }, /^model\.id: /],
  [{ paths: [], weights: 'w'.repeat(4097) }, /^weights: /],
  [{ paths: [], randomWeights: 'yes' }, /^randomWeights: /],
];

test('worker requests are validated (table)', () => {
  for (const [raw, problem] of badClassify) {
    const r = parse(workerServes.requests.classify, raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (!r.ok) assert.match(r.problem, problem, JSON.stringify(raw));
  }
  const ok = { paths: ['/a.png'], model: { kind: 'variant', variant: { family: 'resnet' }, source: 'a.json' }, precision: 'int8', cacheDir: null, sets: { layers: '[1,1,1,1]' } };
  assert.deepEqual(parse(workerServes.requests.classify, ok), { ok: true, value: ok });
  assert.deepEqual(parse(workerServes.requests.release, {}), { ok: true, value: {} });
});
