// Fuzz (fixed seed) of the inference readers: mutated images and .onnx files are classified or
// answered with a typed error naming the file, within the bounds (10 s and 1 GiB per
// input; the .onnx ones run in a real worker, whose memory the watchdog bounds).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatReport, fuzz } from '../../fuzz/harness';
import { imageTarget, onnxTarget } from '../../fuzz/inferenceTargets';
import { fixturesDir, repoRoot } from '../fixturePaths';

const SEED = 12;

test('fuzz images: 3000 mutated files end decoded or in a typed error naming the file', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bl-fuzz-img-'));
  try {
    const r = await fuzz(imageTarget(fixturesDir, join(repoRoot, 'test', 'workspace'), scratch), 3000, SEED);
    console.log(formatReport(r));
    assert.deepEqual(r.crashes.slice(0, 5), []);
    assert.ok(r.typed > 0 && r.accepted > 0);
    assert.ok(r.maxMs < 10_000 && r.maxRss < 2 ** 30, formatReport(r));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('fuzz .onnx: 2000 mutated models end classified or in a typed error naming the file', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bl-fuzz-onnx-'));
  const target = onnxTarget(join(repoRoot, 'out', 'inference', 'worker.js'), join(fixturesDir, 'weights', 'small.png'), scratch);
  try {
    const r = await fuzz(target, 2000, SEED);
    console.log(formatReport(r));
    assert.deepEqual(r.crashes.slice(0, 5), []);
    assert.ok(r.typed > 0 && r.accepted > 0);
    assert.ok(r.maxMs < 10_000, formatReport(r));
  } finally {
    target.client.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
});
