// The Memory view's and Latency mode's host side: the webview's cost requests are validated,
// memory answers are the engine's numbers (with the fit and DenseNet's memory_efficient
// alternative), and a profile's nodes are summed onto the graph's nodes and groups.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { buildGraph, resolveId, withOverrides } from '../../../models';
import { fitBatch, trainMemory } from '../../../models/analysis/trainMemory';
import { latencyData, memoryData, variantOf } from '../../../extension/inspect/cost';
import { resolveConfig } from '../../../extension/inspect/modelData';
import { inspectHostServes } from '../../../shared/protocol/inspect';
import { accepted } from '../shared/protocolCheck';

const parseWebviewMessage = (m: unknown): unknown => accepted(inspectHostServes, m);
import type { ProfileResult } from '../../../inference/profile';

const noFiles = async (): Promise<string> => {
  throw new Error('no files here');
};

test('cost requests from the webview are validated', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'trainMemory', slot: 'main', batch: 8, optimizer: 'adam', budget: ' 24GiB ' }), { type: 'trainMemory', slot: 'main', batch: 8, optimizer: 'adam', budget: '24GiB' });
  assert.deepEqual(parseWebviewMessage({ type: 'profile', slot: 'main', batch: 1, runs: 10 }), { type: 'profile', slot: 'main', batch: 1, runs: 10 });
  for (const bad of [
    { type: 'trainMemory', slot: 'main', batch: 0, optimizer: 'adam' },
    { type: 'trainMemory', slot: 'main', batch: 8, optimizer: 'lion' },
    { type: 'trainMemory', slot: 'side', batch: 8, optimizer: 'sgd' },
    { type: 'trainMemory', slot: 'main', batch: 8, optimizer: 'sgd', budget: 'x'.repeat(100) },
    { type: 'profile', slot: 'main', batch: 1000, runs: 10 },
    { type: 'profile', slot: 'main', batch: 1, runs: 1.5 },
  ]) assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
});

test('memory answers are the engine\'s: totals, per group, the fit, and the memory_efficient alternative', async () => {
  const r = await resolveConfig({ source: { kind: 'preset', id: 'densenet121' } }, noFiles);
  const m = memoryData(r, { slot: 'main', batch: 8, optimizer: 'adam', budget: '24GiB' });
  const engine = trainMemory(r.analysis.graph, [224, 224], 8, 'adam');
  assert.equal(m.report.saved_activation_bytes, engine.savedActivationBytes);
  assert.equal(m.report.total_bytes, engine.totalBytes);
  assert.deepEqual(m.groupSaved, engine.groupSaved);
  const fit = fitBatch(r.analysis.graph, [224, 224], 'adam', 24 * 2 ** 30);
  assert.ok(fit.fits);
  assert.deepEqual(m.fit, { budget: '24GiB', budgetBytes: 24 * 2 ** 30, batch: fit.batch });
  const efficient = trainMemory(buildGraph(withOverrides(resolveId('densenet121'), { memory_efficient: true })), [224, 224], 8, 'adam');
  assert.deepEqual(m.alternative, { knob: 'memory_efficient', value: true, savedActivationBytes: efficient.savedActivationBytes, totalBytes: efficient.totalBytes });
  const resnet = await resolveConfig({ source: { kind: 'preset', id: 'resnet50' } }, noFiles);
  assert.equal(memoryData(resnet, { slot: 'main', batch: 2, optimizer: 'sgd' }).alternative, undefined);
});

test('a profile is summed onto nodes and group subtrees; the worker variant rebuilds the same spec', async () => {
  const r = await resolveConfig({ source: { kind: 'preset', id: 'resnet18' }, knobs: { last_stride: 1 } }, noFiles);
  const p = {
    provider: 'cpu', batch: 1, input: [224, 224], runs: 3, total_ms: 10, kernel_ms: 6, profiled_wall_ms: 11, unprofiled_wall_ms: 10, profiler_overhead: 0.1,
    nodes: [
      { path: 'relu', op: 'Conv', onnx_name: 'relu_nchwc', ms: 1 },
      { path: 'relu', op: 'ReorderOutput', onnx_name: 'ReorderOutput_token_1', ms: 0.5 },
      { path: 'layer2.0.act1', op: 'Conv', onnx_name: 'layer2.0.act1_nchwc', ms: 4.5 },
    ],
    groups: [], fallbacks: [], weights: 'random', model: 'resnet18',
  } as unknown as ProfileResult;
  const l = latencyData(r, p);
  const g = r.analysis.graph;
  const at = (path: string) => g.groups.findIndex((x) => x.path === path);
  assert.equal(l.nodeMs[g.nodes.findIndex((n) => n.path === 'relu')], 1.5);
  assert.equal(l.groupMs[at('stem')], 1.5);
  assert.equal(l.groupMs[at('layer2')], 4.5);
  assert.equal(l.groupMs[at('layer2.0')], 4.5);
  assert.equal(l.groupMs[0], 6);
  assert.ok(r.spec);
  const v = variantOf(r.spec);
  assert.equal(v.family, 'resnet');
  assert.equal(v.last_stride, 1);
});
