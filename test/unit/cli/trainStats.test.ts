// `stats --train` as a user runs it: the JSON shape of the contract, equal to the engine (which
// test/unit/engine/trainMemory.test.ts checks against PyTorch), --fit-memory and its errors.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGraph, resolveId, withOverrides } from '../../../models';
import { trainMemory } from '../../../models/analysis/trainMemory';
import { repoRoot } from '../fixturePaths';

const cliPath = join(repoRoot, 'out', 'cli', 'main.js');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('stats --train --json gives train_memory with every field, equal to the engine', () => {
  const r = cli('stats', 'densenet121', '--train', '--batch', '8', '--optimizer', 'adam', '--json');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout).train_memory;
  const m = trainMemory(buildGraph(resolveId('densenet121')), [224, 224], 8, 'adam');
  assert.equal(t.batch, 8);
  assert.equal(t.dtype, 'float32');
  assert.equal(t.optimizer, 'adam');
  assert.equal(t.params_bytes, 7978856 * 4);
  assert.equal(t.grads_bytes, t.params_bytes);
  assert.equal(t.optimizer_bytes, m.optimizerBytes);
  assert.equal(t.saved_activation_bytes, m.savedActivationBytes);
  assert.equal(t.total_bytes, t.params_bytes + t.grads_bytes + t.optimizer_bytes + t.saved_activation_bytes);
  const stages = t.per_group.filter((g: { depth: number }) => g.depth === 0);
  assert.equal(stages.reduce((s: number, g: { saved_activation_bytes: number }) => s + g.saved_activation_bytes, 0), t.saved_activation_bytes);
  const block = t.per_group.find((g: { path: string }) => g.path === 'features.denseblock3.denselayer24');
  assert.deepEqual(Object.keys(block), ['path', 'kind', 'label', 'depth', 'saved_activation_bytes']);
  assert.equal(t.per_node.reduce((s: number, n: { saved_activation_bytes: number }) => s + n.saved_activation_bytes, 0), t.saved_activation_bytes);
});

test('stats --train --set memory_efficient=true shows the checkpointing saving', () => {
  const plain = JSON.parse(cli('stats', 'densenet121', '--train', '--batch', '8', '--json').stdout).train_memory;
  const r = cli('stats', 'densenet121', '--train', '--batch', '8', '--set', 'memory_efficient=true', '--json');
  assert.equal(r.code, 0, r.stderr);
  const efficient = JSON.parse(r.stdout).train_memory;
  const expected = trainMemory(buildGraph(withOverrides(resolveId('densenet121'), { memory_efficient: 'true' })), [224, 224], 8, 'sgd-momentum');
  assert.equal(efficient.saved_activation_bytes, expected.savedActivationBytes);
  assert.ok(efficient.saved_activation_bytes < plain.saved_activation_bytes);
});

test('stats --train --fit-memory reports the largest batch that fits, and exits 1 when none does', () => {
  const r = cli('stats', 'resnet50', '--train', '--fit-memory', '24GiB', '--json');
  assert.equal(r.code, 0, r.stderr);
  const t = JSON.parse(r.stdout).train_memory;
  assert.deepEqual(t.fit, { budget_bytes: 24 * 2 ** 30, fits: true });
  assert.ok(t.total_bytes <= 24 * 2 ** 30);
  const next = trainMemory(buildGraph(resolveId('resnet50')), [224, 224], t.batch + 1, 'sgd-momentum');
  assert.ok(next.totalBytes > 24 * 2 ** 30);
  const text = cli('stats', 'resnet50', '--train', '--fit-memory', '24GiB');
  assert.match(text.stdout, new RegExp(`up to batch ${t.batch}`));
  const none = cli('stats', 'resnet152', '--train', '--fit-memory', '200MB');
  assert.equal(none.code, 1);
  assert.match(none.stdout, /no: even batch 1 needs/);
});

test('stats --train refuses bad flags with usage errors', () => {
  assert.match(cli('stats', 'resnet50', '--train', '--optimizer', 'lion').stderr, /--optimizer must be one of sgd, sgd-momentum, adam, adamw/);
  assert.equal(cli('stats', 'resnet50', '--batch', '4').code, 2);
  assert.match(cli('stats', 'resnet50', '--batch', '4').stderr, /add --train/);
  assert.match(cli('stats', 'resnet50', '--train', '--batch', '0').stderr, /--batch must be a positive integer/);
  assert.match(cli('stats', 'resnet50', '--train', '--batch', '4', '--fit-memory', '1GiB').stderr, /not both/);
  const r = cli('stats', 'resnest50d', '--train', '--batch', '1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /batch of 2 or more/);
});
