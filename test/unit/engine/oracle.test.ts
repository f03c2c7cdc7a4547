// Every number of the PyTorch oracle (test/oracle/oracle.py → test/fixtures/oracle/<id>.json.gz)
// equals the engine's, exactly: params, MACs, every stage's output shape at 224, 320 and 197,
// every conv/linear/BN module's output shape and MACs, state-dict shapes, and the receptive
// fields that the oracle measured independently from input gradients.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { analyze, buildGraph, InputTooSmallError, presets, resolveId, type Analysis, type Graph } from '../../../models';
import { fixturesDir } from '../fixturePaths';

interface OracleSize {
  input: number[];
  macs: number;
  logits_shape: number[];
  feature_shape: number[];
  children: Record<string, number[]>;
  modules?: Record<string, { shape: number[]; macs?: number }>;
}

interface Oracle {
  id: string;
  params: number;
  state_dict: Array<[string, number[]]>;
  sizes: Record<string, OracleSize>;
  receptive_field?: Record<string, { size: number; stride: number }>;
  size_errors?: Record<string, string>;
}

/** The node whose output PyTorch's named child produces: a node path, a group path, or the last node under a module prefix. */
function outputOf(graph: Graph, a: Analysis, name: string): { shape: readonly number[]; node: number } {
  const node = graph.nodes.find((n) => n.path === name);
  if (node) return { shape: a.nodes[node.id].shape, node: node.id };
  const group = graph.groups.find((g) => g.path === name && g.kind !== 'model');
  if (group) return { shape: a.groups[group.id].shape, node: a.groups[group.id].outputNode };
  const under = graph.nodes.filter((n) => n.path.startsWith(`${name}.`));
  assert.ok(under.length > 0, `no node or group for PyTorch module "${name}"`);
  const last = under[under.length - 1];
  return { shape: a.nodes[last.id].shape, node: last.id };
}

for (const preset of presets) {
  const file = join(fixturesDir, 'oracle', `${preset.id}.json.gz`);
  test(`${preset.id}: matches the PyTorch oracle`, () => {
    assert.ok(existsSync(file), `missing oracle fixture ${file} (run /usr/bin/python3 test/oracle/oracle.py)`);
    const oracle = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Oracle;
    const graph = buildGraph(resolveId(preset.id));
    const sizes = Object.keys(oracle.sizes);
    // A size the library itself cannot run (resnetaa* at 197: the branches disagree) is in size_errors.
    const failing = Object.keys(oracle.size_errors ?? {});
    assert.ok(sizes.length + failing.length >= 3, `oracle has ${sizes.length} input sizes`);
    for (const size of failing) assert.throws(() => analyze(graph, [Number(size), Number(size)]), InputTooSmallError, `${size} fails in PyTorch: ${oracle.size_errors?.[size]}`);

    const shapes = new Map(graph.nodes.flatMap((n) => n.tensors.map((t) => [t.key, JSON.stringify(t.shape)] as const)));
    for (const [key, shape] of oracle.state_dict) assert.equal(shapes.get(key), JSON.stringify(shape), `state-dict ${key}`);
    assert.equal(shapes.size, oracle.state_dict.length, 'state-dict entry count');

    for (const size of sizes) {
      const o = oracle.sizes[size];
      const a = analyze(graph, [o.input[1], o.input[2]]);
      assert.equal(a.total.params, oracle.params, 'params');
      assert.equal(a.total.macs, o.macs, `MACs at ${size}`);
      assert.deepEqual([...a.nodes[graph.outputNode].shape], o.logits_shape, `logits shape at ${size}`);
      assert.deepEqual([...a.featureShape], o.feature_shape, `feature shape at ${size}`);
      for (const [child, shape] of Object.entries(o.children)) {
        assert.deepEqual([...outputOf(graph, a, child).shape], shape, `${child} output at ${size}`);
      }
      for (const [path, m] of Object.entries(o.modules ?? {})) {
        const node = graph.nodes.find((n) => n.path === path);
        assert.ok(node, `module ${path} has no node`);
        assert.deepEqual([...a.nodes[node.id].shape], m.shape, `${path} output at ${size}`);
        if (m.macs !== undefined) assert.equal(a.nodes[node.id].macs, m.macs, `${path} MACs at ${size}`);
      }
    }
    if (oracle.receptive_field) {
      const a = analyze(graph, [224, 224]);
      for (const [child, rf] of Object.entries(oracle.receptive_field)) {
        const out = a.nodes[outputOf(graph, a, child).node].rf;
        assert.equal(out.size, rf.size, `receptive field of ${child}`);
        assert.equal(out.stride, rf.stride, `receptive-field stride of ${child}`);
      }
    }
  });
}
