// The worker protocol through a real child process: results, progress, typed errors, cancel.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InferenceClient, WorkerError } from '../../../inference/client';
import { parseWorkerRequest } from '../../../inference/protocol';
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
    const again = await client.classify({ ...req, paths: [fixturePath('image.png')] });
    assert.deepEqual(again.results[0].logits, r.results[0].logits);
    await assert.rejects(client.classify({ ...req, model: { kind: 'id', id: 'resnet50' } }), (e: unknown) => e instanceof WorkerError && e.errorName === 'WeightsMismatchError' && /does not fit resnet50/.test(e.message));
    const pendingRun = client.classify(req);
    client.cancel();
    await assert.rejects(pendingRun, /cancelled/);
    const after = await client.classify({ ...req, paths: [fixturePath('small.png')] }); // a fresh worker
    assert.equal(after.results.length, 1);
  } finally {
    client.dispose();
  }
});

test('worker requests are validated', () => {
  assert.equal(parseWorkerRequest(null), 'a request must be an object');
  assert.equal(parseWorkerRequest({ type: 'classify', id: 1, paths: 'x' }), 'classify: paths must be a list of strings');
  assert.equal(parseWorkerRequest({ type: 'classify', id: 1, paths: [], ep: 'tpu' }), 'classify: ep "tpu" is not a provider choice');
  assert.equal(parseWorkerRequest({ type: 'shutdown', id: 1 }), 'unknown request type "shutdown"');
  assert.deepEqual(parseWorkerRequest({ type: 'release', id: 2 }), { type: 'release', id: 2 });
});
