// The static interpreter against PyTorch: every model of test/fixtures/python/corpus.json, built
// from its Python source without running it, has exactly the oracle's parameters, module tree,
// MACs at the file's input size and output shape of every module (oracle.json, written by
// test/oracle/pycode_oracle.py with torch). A forward the oracle could not run must be unknown here.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PyUnsupportedError, buildTarget, fromJson, inputFromMarker, loadModule } from '../../../models/python';
import { workspaceImports } from '../../../models/python/imports';
import { notebookSource } from '../../../models/python/notebook';
import { repoRoot } from '../fixturePaths';

interface OracleModel {
  file: string;
  target: string;
  args: Record<string, unknown>;
  input: [number, number];
  params: number;
  modules: Array<{ path: string; type: string; params: number }>;
  forward: { macs: number; output: number[]; shapes: Record<string, number[]> } | { error: string };
  /** PyTorch itself refused to build the model with these arguments. */
  init_error?: string;
}

/** What corpus.json expects the interpreter to report instead of numbers. */
interface CorpusEntry {
  forwardUnknown?: { line: number; construct: string; in: string };
  initUnknown?: { line: number };
}

const folder = join(repoRoot, 'test', 'fixtures', 'python');
const oracle = JSON.parse(readFileSync(join(folder, 'oracle.json'), 'utf8')) as { models: OracleModel[] };
const corpus = JSON.parse(readFileSync(join(folder, 'corpus.json'), 'utf8')) as { models: CorpusEntry[] };

/** A file of the corpus folder (the workspace of these tests), or undefined. */
function readCorpusFile(path: string): string | undefined {
  try {
    return readFileSync(join(folder, path), 'utf8');
  } catch {
    return undefined;
  }
}

function build(o: OracleModel) {
  const raw = readFileSync(join(folder, o.file), 'utf8');
  const text = o.file.endsWith('.ipynb') ? notebookSource(raw, o.file).text : raw;
  const mod = loadModule({ name: o.file, text }, workspaceImports('', readCorpusFile, loadModule).resolve);
  const kwargs = new Map(Object.entries(o.args).map(([k, v]) => [k, fromJson(v)]));
  return { model: buildTarget(mod, o.target, kwargs, inputFromMarker(text)), text };
}

test('the oracle was written from this corpus', () => {
  assert.equal(oracle.models.length, corpus.models.length);
});

oracle.models.forEach((o, i) => {
  const expect = corpus.models[i];
  const label = `${o.file}:${o.target}${Object.keys(o.args).length ? ` ${JSON.stringify(o.args)}` : ''}`;
  if (o.init_error !== undefined) {
    test(`${label}: PyTorch refuses to build it (${o.init_error}); the interpreter reports the construct, no numbers`, () => {
      assert.throws(() => build(o), (e: unknown) => e instanceof PyUnsupportedError && e.line === expect.initUnknown?.line && e.construct.startsWith('raise') && /PyTorch would raise/.test(e.why));
    });
    return;
  }
  test(`${label}: params, module tree, MACs and every module's output shape equal PyTorch`, () => {
    const { model, text } = build(o);
    assert.deepEqual(inputFromMarker(text), o.input, 'the input size is read as the oracle reads it');
    assert.equal(model.params, o.params, 'params');
    assert.deepEqual(model.modules.map((m) => ({ path: m.path, type: m.type, params: m.params })), o.modules, 'named_modules: paths, types, params');
    if (expect.forwardUnknown) {
      // PyTorch runs this forward; the interpreter does not understand a construct in it: it says
      // which and where, and gives no MACs — the parameters above stay exact.
      assert.equal(model.analysis, undefined);
      assert.equal(model.forwardError?.line, expect.forwardUnknown.line, model.forwardError?.message);
      assert.equal(model.forwardError?.construct, expect.forwardUnknown.construct);
      assert.equal(model.forwardStoppedIn, expect.forwardUnknown.in);
      return;
    }
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
});
