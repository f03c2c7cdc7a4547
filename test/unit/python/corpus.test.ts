// The static interpreter against PyTorch: every model of test/fixtures/python/corpus.json, built
// from its Python source without running it, has exactly the oracle's parameters, module tree,
// MACs at the file's input size and output shape of every module (oracle.json, written by
// test/oracle/pycode_oracle.py with torch). A forward the oracle could not run must be unknown here.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTarget, fromJson, inputFromMarker, loadModule } from '../../../models/python';
import { repoRoot } from '../fixturePaths';

interface OracleModel {
  file: string;
  target: string;
  args: Record<string, unknown>;
  input: [number, number];
  params: number;
  modules: Array<{ path: string; type: string; params: number }>;
  forward: { macs: number; output: number[]; shapes: Record<string, number[]> } | { error: string };
}

const folder = join(repoRoot, 'test', 'fixtures', 'python');
const oracle = JSON.parse(readFileSync(join(folder, 'oracle.json'), 'utf8')) as { models: OracleModel[] };

function build(o: OracleModel) {
  const text = readFileSync(join(folder, o.file), 'utf8');
  const mod = loadModule({ name: o.file, text });
  const kwargs = new Map(Object.entries(o.args).map(([k, v]) => [k, fromJson(v)]));
  return { model: buildTarget(mod, o.target, kwargs, inputFromMarker(text)), text };
}

test('the corpus covers every file of the folder that defines a model', () => {
  assert.ok(oracle.models.length >= 10);
});

for (const o of oracle.models) {
  const label = `${o.file}:${o.target}${Object.keys(o.args).length ? ` ${JSON.stringify(o.args)}` : ''}`;
  test(`${label}: params, module tree, MACs and every module's output shape equal PyTorch`, () => {
    const { model, text } = build(o);
    assert.deepEqual(inputFromMarker(text), o.input, 'the input size is read as the oracle reads it');
    assert.equal(model.params, o.params, 'params');
    assert.deepEqual(model.modules.map((m) => ({ path: m.path, type: m.type, params: m.params })), o.modules, 'named_modules: paths, types, params');
    if ('error' in o.forward) {
      assert.ok(model.forwardError, `PyTorch's forward fails (${o.forward.error}): the interpreter must not give MACs`);
      assert.equal(model.analysis, undefined);
      return;
    }
    assert.equal(model.forwardError, undefined, model.forwardError?.message);
    assert.ok(model.analysis && model.shapes);
    assert.equal(model.analysis.total.macs, o.forward.macs, 'MACs');
    assert.equal(model.analysis.total.params + (model.unusedParams ?? 0), o.params);
    const out = model.analysis.nodes[model.analysis.graph.outputNode].shape;
    assert.deepEqual([1, ...out], o.forward.output, 'output shape');
    for (const [path, shape] of Object.entries(o.forward.shapes)) assert.deepEqual(model.shapes.get(path), shape, `output shape of \`${path || '(model)'}\``);
    assert.equal(model.shapes.size, Object.keys(o.forward.shapes).length, 'the same modules are called');
  });
}
