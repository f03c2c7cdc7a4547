// Measured latency: onnxruntime's profile mapped back onto the graph. A synthetic trace checks
// the name mapping (fusions, NCHWc layout, sub-ops, inserted conversions) and the per-group
// sums with MACs; a real profile through the worker checks that every kernel onnxruntime ran is
// charged to a graph node and that the nodes add up to the run.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, buildGraph, resolveId, resolveVariant } from '../../../models';
import { InferenceClient } from '../../../inference/client';
import { RemoteError } from '../../../shared/errors';
import { parse } from '../../../shared/validate';
import { breakdown, median, medianRunIndex, nodeOfName, parseProfile } from '../../../inference/profileMap';
import { workerServes } from '../../../inference/protocol';
import { repoRoot } from '../fixturePaths';

const workerPath = join(repoRoot, 'out', 'inference', 'worker.js');

const ev = (name: string, op: string, ts: number, dur: number) => ({ cat: 'Node', name: `${name}_kernel_time`, ts, dur, args: { op_name: op } });

test('onnxruntime node names map back to graph nodes', () => {
  const graph = buildGraph(resolveId('resnest50d'));
  const byPath = new Map(graph.nodes.map((n) => [n.path, n.id]));
  const path = (name: string) => {
    const id = nodeOfName(name, byPath);
    return id === undefined ? undefined : graph.nodes[id].path;
  };
  assert.equal(path('layer1.0.bn3_nchwc'), 'layer1.0.bn3');
  assert.equal(path('layer1.0.conv2.split.1/GatherSliceToSplitFusion'), 'layer1.0.conv2.split.1');
  assert.equal(path('layer1.0.conv2.rsoftmax.softmax'), 'layer1.0.conv2.rsoftmax');
  assert.equal(path('act1_nchwc'), 'act1');
  assert.equal(path('ReorderInput_token_50'), undefined);
  assert.equal(path('Reshape_token_3'), undefined);
});

test('a profile splits into runs, kernels are charged to nodes and summed per group with MACs', () => {
  const graph = buildGraph(resolveId('resnet18'));
  const a = analyze(graph, [224, 224]);
  const trace = [
    { cat: 'Session', name: 'model_loading_array', ts: 0, dur: 10, args: {} },
    { cat: 'Session', name: 'model_run', ts: 100, dur: 1000, args: {} },
    ev('ReorderInput', 'ReorderInput', 101, 10),
    ev('relu_nchwc', 'Conv', 120, 300),
    ev('ReorderOutput_token_4', 'ReorderOutput', 430, 20),
    ev('maxpool', 'MaxPool', 460, 100),
    ev('layer1.0.act1_nchwc', 'Conv', 600, 400),
    { cat: 'Session', name: 'model_run', ts: 2000, dur: 500, args: {} },
    ev('relu_nchwc', 'Conv', 2010, 100),
  ];
  const runs = parseProfile(trace, 'trace');
  assert.equal(runs.length, 2);
  assert.deepEqual(runs.map((r) => r.kernels.length), [5, 1]);
  assert.equal(medianRunIndex(runs), 1);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  const b = breakdown(graph, a, runs[0], 4);
  assert.equal(b.unmapped_ms, 0);
  assert.ok(Math.abs(b.kernel_ms - 0.83) < 1e-9);
  // ReorderInput feeds the next node (the stem's fused conv); ReorderOutput goes with the one before.
  assert.deepEqual(b.nodes.map((n) => n.path), ['relu', 'relu', 'relu', 'maxpool', 'layer1.0.act1']);
  const stem = b.groups.find((g) => g.path === 'stem');
  assert.ok(stem);
  assert.ok(Math.abs(stem.ms - 0.43) < 1e-9);
  assert.equal(stem.macs, a.groups[graph.groups.findIndex((g) => g.path === 'stem')].macs * 4);
  assert.ok(Math.abs(stem.gflops - (2 * stem.macs) / 0.43e-3 / 1e9) < 1e-6);
  assert.throws(() => parseProfile({}, 'p.json'), /p\.json: not an onnxruntime profile/);
  assert.throws(() => parseProfile([], 'p.json'), /no model_run/);
});

test('worker: profile a model; every kernel is charged to a graph node and the nodes add up to the run', async () => {
  const variant = { extends: 'resnet18', layers: [1, 1, 1, 1], num_classes: 10 };
  const spec = resolveVariant(variant, 'tiny.backbone.json', 'tiny');
  const cacheDir = mkdtempSync(join(tmpdir(), 'bl-profile-test-'));
  const client = new InferenceClient(workerPath);
  try {
    const r = await client.profile({ model: { kind: 'variant', variant, source: 'tiny.backbone.json' }, ep: 'cpu', batch: 2, input: [64, 64], runs: 3, cacheDir });
    assert.equal(r.provider, 'cpu');
    assert.deepEqual([r.batch, r.input, r.runs, r.weights], [2, [64, 64], 3, 'random']);
    const graph = buildGraph(spec);
    const paths = new Set(graph.nodes.map((n) => n.path));
    assert.ok(r.nodes.length > 0);
    for (const n of r.nodes) assert.ok(paths.has(n.path), `${n.onnx_name} charged to ${n.path}, not a graph node`);
    const nodeSum = r.nodes.reduce((s, n) => s + n.ms, 0);
    assert.ok(Math.abs(nodeSum - r.kernel_ms) < 1e-6);
    assert.ok(r.kernel_ms <= r.total_ms + 1e-6, `kernels ${r.kernel_ms} ms within the run ${r.total_ms} ms`);
    const top = r.groups.filter((g) => !g.path.includes('.'));
    assert.ok(Math.abs(top.reduce((s, g) => s + g.ms, 0) - nodeSum) < 1e-6);
    const a = analyze(graph, [64, 64]);
    for (const g of r.groups) assert.equal(g.macs, a.groups[graph.groups.findIndex((x) => x.path === g.path)].macs * 2, g.path);
    assert.ok(r.unprofiled_wall_ms > 0 && Number.isFinite(r.profiler_overhead));
    // A request whose batch would hold more activations than a profile may take is refused before anything is allocated.
    await assert.rejects(client.profile({ model: { kind: 'id', id: 'resnet50' }, ep: 'cpu', batch: 256, input: [2048, 2048], cacheDir }), (e: unknown) => e instanceof RemoteError && e.code === 'profile' && /^resnet50: batch 256 at 2048×2048 would hold up to \d+ MiB of activations, more than the 8 GiB a profile may take/.test(e.message));
    await assert.rejects(client.profile({ model: { kind: 'id', id: 'densenet121' }, ep: 'cpu', input: [4, 4], cacheDir }), (e: unknown) => e instanceof RemoteError && e.code === 'inputTooSmall' && /too small/.test(e.message));
  } finally {
    client.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('profile requests are validated', () => {
  const base = { model: { kind: 'id', id: 'resnet50' } };
  const problem = (raw: unknown): string => {
    const r = parse(workerServes.requests.profile, raw);
    return r.ok ? 'accepted' : r.problem;
  };
  assert.match(problem({ ...base, model: 3 }), /^model: /);
  assert.equal(problem({ ...base, runs: 0 }), 'runs: Invalid value: Expected >=1 but received 0');
  assert.equal(problem({ ...base, runs: 101 }), 'runs: Invalid value: Expected <=100 but received 101');
  assert.equal(problem({ ...base, batch: 1e6 }), 'batch: Invalid value: Expected <=256 but received 1000000');
  assert.match(problem({ ...base, input: [224] }), /^input\.1: /);
  assert.match(problem({ ...base, input: [224, 4096] }), /^input\.1: Invalid value: Expected <=2048/);
  assert.match(problem({ ...base, ep: 'tpu' }), /^ep: /);
  assert.deepEqual(parse(workerServes.requests.profile, base), { ok: true, value: base });
});
