// `backbone-lens stats file.py:Name` as a user runs it (a child process): the interpreter's numbers,
// equal to the PyTorch oracle (test/fixtures/python/oracle.json); errors name the file and the line.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../fixturePaths';

const cliPath = join(repoRoot, 'out', 'cli', 'main.js');
const folder = join(repoRoot, 'test', 'fixtures', 'python');
const oracle = JSON.parse(readFileSync(join(folder, 'oracle.json'), 'utf8')) as { models: Array<{ file: string; target: string; args: object; params: number; forward: { macs: number; output: number[] } }> };

function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const find = (file: string, target: string, args: object = {}) => oracle.models.find((m) => m.file === file && m.target === target && JSON.stringify(m.args) === JSON.stringify(args))!;

test('stats model.py:Factory --json equals PyTorch (params, MACs at the file\'s 32x32, output)', () => {
  const r = cli(folder, 'stats', 'cifar_resnet.py:ResNet50', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { params: number; macs: number; input: number[]; output_shape: number[]; modules: Array<{ path: string; params: number }> };
  const o = find('cifar_resnet.py', 'ResNet50');
  assert.deepEqual([j.params, j.macs, j.input], [o.params, o.forward.macs, [3, 32, 32]]);
  assert.deepEqual([1, ...j.output_shape], o.forward.output);
  assert.equal(j.modules[0].params, o.params);
});

test('--args passes keyword arguments; a package file follows its relative imports', () => {
  const r = cli(folder, 'stats', 'project/reid/modeling/baseline.py:Baseline', '--args', '{"num_classes": 1041}', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { params: number; macs: number; params_not_called: number };
  const o = find('project/reid/modeling/baseline.py', 'Baseline', { num_classes: 1041 });
  assert.deepEqual([j.params, j.macs], [o.params, o.forward.macs]);
  assert.equal(j.params_not_called, 512 * 1041, 'the training-only classifier');
});

test('a notebook: its cells read together', () => {
  const r = cli(folder, 'stats', 'se_cifar_notebook.ipynb:Net');
  assert.equal(r.code, 0, r.stderr);
  const o = find('se_cifar_notebook.ipynb', 'Net');
  assert.match(r.stdout, new RegExp(`params +${o.params.toLocaleString('en-US')} `));
  assert.match(r.stdout, new RegExp(`MACs +${o.forward.macs.toLocaleString('en-US')} `));
});

test('--input that the forward does not fit: exact params, MACs unknown with the line', () => {
  const r = cli(folder, 'stats', 'cifar_resnet.py:ResNet18', '--input', '224', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { params: number; macs: number | null; unknown: { line: number; why: string } };
  assert.equal(j.params, find('cifar_resnet.py', 'ResNet18').params);
  assert.equal(j.macs, null);
  assert.equal(j.unknown.line, 102, 'self.linear(out) gets 512×7×7 features');
  assert.match(j.unknown.why, /fits another input size/);
});

test('errors: no such class, bad --args, no such file', () => {
  const missing = cli(folder, 'stats', 'cifar_resnet.py:ResNet999');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cifar_resnet\.py.*has no class, function or model `ResNet999`/);
  const bad = cli(folder, 'stats', 'cifar_resnet.py:ResNet18', '--args', '[1, 2]');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--args must be a JSON object/);
  const nofile = cli(folder, 'stats', 'nope.py:Net');
  assert.equal(nofile.code, 1);
  assert.match(nofile.stderr, /nope\.py: no such file/);
});
