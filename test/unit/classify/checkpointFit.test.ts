// The weights quick pick tells, before a pick, whether a .safetensors checkpoint fits the model
// (its header alone: keys and shapes), so that only fitting files come first.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveId, resolveVariant } from '../../../models';
import { checkpointFit, safetensorsShapes } from '../../../extension/classify/checkpointFit';
import { fixturesDir, repoRoot } from '../fixturePaths';

const weights = (f: string) => join(fixturesDir, 'weights', f);
const tiny = () => resolveVariant(JSON.parse(readFileSync(weights('resnet18_tiny.backbone.json'), 'utf8')), 'resnet18_tiny.backbone.json', 'resnet18_tiny');

test('a .safetensors header gives every key and shape without reading the tensors', async () => {
  const shapes = await safetensorsShapes(weights('resnet18_tiny.safetensors'));
  assert.ok(shapes && shapes.size > 20);
  assert.deepEqual(shapes.get('fc.weight'), [10, 128]);
});

test('fits, does not fit (saying how), or cannot tell before loading (.pth)', async () => {
  assert.deepEqual(await checkpointFit(weights('resnet18_tiny.safetensors'), tiny()), { kind: 'fits' });
  const misfit = await checkpointFit(weights('resnet18_tiny.safetensors'), resolveId('resnet18'));
  assert.equal(misfit.kind, 'misfit');
  assert.match((misfit as { why: string }).why, /^does not fit resnet18: \d+ missing, \d+ of another shape key\(s\)$/);
  // The sample workspace's fake file is not offered first for resnet50.
  const fake = await checkpointFit(join(repoRoot, 'test', 'workspace', 'classify', 'workspace-weights.safetensors'), resolveId('resnet50'));
  assert.equal(fake.kind, 'misfit');
  assert.deepEqual(await checkpointFit(weights('resnet18_tiny.pth'), tiny()), { kind: 'unknown' });
});
