// `backbone-lens inspect-weights`: the JSON a script reads, and typed one-line errors for files
// that are not state dicts.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGraph, resolveVariant } from '../../../models';
import { fixturesDir, repoRoot } from '../fixturePaths';

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'out', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('inspect-weights --json: format, wrapper, prefix, the architecture as a variant that builds the file, every tensor, the keys that are not weights', () => {
  const file = join(fixturesDir, 'weights', 'recognize', 'res2net_fp16_dataparallel.pth');
  const r = cli('inspect-weights', file, '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    file: string; format: string; wrapper: string; prefix: string;
    architecture: { exact: boolean; model: string; overrides: Record<string, unknown>; differences: string[] };
    tensors: { key: string; shape: number[]; dtype: string }[]; extra_keys: string[];
  };
  assert.equal(out.file, file);
  assert.equal(out.format, 'pytorch');
  assert.equal(out.wrapper, 'model');
  assert.equal(out.prefix, 'module.');
  assert.equal(out.architecture.exact, true);
  assert.deepEqual(out.architecture.differences, []);
  assert.deepEqual(out.extra_keys, ['optimizer', 'epoch']);
  const graph = buildGraph(resolveVariant({ extends: out.architecture.model, ...out.architecture.overrides }));
  const keys = graph.nodes.flatMap((n) => n.tensors.map((t) => `module.${t.key} [${t.shape.join(',')}]`)).sort();
  assert.deepEqual(out.tensors.map((t) => `${t.key} [${t.shape.join(',')}]`).sort(), keys);
  assert.ok(out.tensors.every((t) => t.dtype === (t.key.endsWith('num_batches_tracked') ? 'int64' : 'float16')));
});

test('inspect-weights: text output names the model and the variant file', () => {
  const r = cli('inspect-weights', join(fixturesDir, 'weights', 'recognize', 'res2net_headless.pth'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /architecture: res2net50_26w_4s with layers=\[1\], base_width=6, num_classes=0 \(exact/);
  assert.match(r.stdout, /variant file: \{"extends":"res2net50_26w_4s","layers":\[1\],"base_width":6,"num_classes":0\}/);
});

for (const [name, re] of [
  ['module.pth', /module\.pth.*pickled module \(torch\.save\(model\)\).*state_dict\(\)/],
  ['legacy.pth', /legacy\.pth: this is the legacy \(pre-1\.6\) torch\.save format/],
  ['malicious.pth', /malicious\.pth.*refused to unpickle the global posix\.system.*nothing was executed/],
] as const) {
  test(`inspect-weights ${name}: one typed line naming the file and what to do, exit code 1`, () => {
    const r = cli('inspect-weights', join(fixturesDir, 'weights', name));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, re);
  });
}

test('inspect-weights: a missing file and a missing argument', () => {
  assert.match(cli('inspect-weights', '/nonexistent/x.pth').stderr, /\/nonexistent\/x\.pth: no such file/);
  assert.equal(cli('inspect-weights').code, 2);
});
