// The weights quick pick tells, before a pick, whether a checkpoint (.safetensors or .pth) fits
// the model, and which model of the zoo it is when it does not: the engine recognises its keys
// and shapes, read without decoding any tensor.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveId, resolveVariant } from '../../../models';
import { checkpointFit } from '../../../extension/classify/checkpointFit';
import { fixturesDir, repoRoot } from '../fixturePaths';

const weights = (f: string) => join(fixturesDir, 'weights', f);
const tiny = () => resolveVariant(JSON.parse(readFileSync(weights('resnet18_tiny.backbone.json'), 'utf8')), 'resnet18_tiny.backbone.json', 'resnet18_tiny');

test('a .safetensors or .pth checkpoint that fits the model says what it is', async () => {
  for (const f of ['resnet18_tiny.safetensors', 'resnet18_tiny.pth']) {
    assert.deepEqual(await checkpointFit(weights(f), tiny()), { kind: 'fits', what: 'resnet18 with layers=[1,1], num_classes=10' }, f);
  }
});

test('a checkpoint of another model is named as that model, with the overrides that build it', async () => {
  const other = await checkpointFit(weights('resnet18_tiny.pth'), resolveId('resnet50'));
  assert.deepEqual(other, { kind: 'other', what: 'resnet18 with layers=[1,1], num_classes=10', model: 'resnet18', overrides: { layers: [1, 1], num_classes: 10 } });
  const wrapped = await checkpointFit(weights(join('recognize', 'res2net_fp16_dataparallel.pth')), resolveId('resnet50'));
  assert.equal(wrapped.kind, 'other');
  assert.equal((wrapped as { model: string }).model, 'res2net50_26w_4s');
});

test('a file the zoo has no architecture for, or that cannot be read, is not offered first', async () => {
  const fake = await checkpointFit(join(repoRoot, 'test', 'workspace', 'classify', 'workspace-weights.safetensors'), resolveId('resnet50'));
  assert.equal(fake.kind, 'misfit');
  const hostile = await checkpointFit(weights('malicious.pth'), resolveId('resnet50'));
  assert.equal(hostile.kind, 'misfit');
  assert.match((hostile as { why: string }).why, /refused to unpickle the global posix\.system/);
});
