// Measured latency through the real extension host: the Measure Latency command runs the
// profile request in the inference worker (a child process of the extension host, never
// onnxruntime in the host itself) and resolves with every kernel charged to a graph node.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../expect';
import { test } from '../harness';

const MEASURE = 'backboneLens.measureLatency';

interface Profile {
  provider: string;
  batch: number;
  input: [number, number];
  runs: number;
  total_ms: number;
  kernel_ms: number;
  profiler_overhead: number;
  nodes: { path: string; op: string; ms: number }[];
  groups: { path: string; kind: string; ms: number; macs: number; gflops: number }[];
}

test('measureLatency: the profile request runs in the worker and maps every kernel to the graph', async () => {
  await ourExtension().activate();
  const r = await vscode.commands.executeCommand<Profile | { error: string }>(MEASURE, { model: 'resnet18', input: [64, 64], batch: 2, runs: 2, ep: 'cpu' });
  assert.ok(r && !('error' in r), `a profile, got ${JSON.stringify(r).slice(0, 300)}`);
  assert.equal(r.provider, 'cpu');
  assert.deepEqual([r.batch, r.input, r.runs], [2, [64, 64], 2]);
  assert.ok(r.nodes.length > 10);
  assert.ok(r.nodes.every((n) => /^(conv1|bn1|relu|maxpool|layer[1-4]\.\d\.[a-z0-9_.]+|avgpool|flatten|fc)$/.test(n.path)), `graph paths: ${r.nodes.map((n) => n.path).join(', ')}`);
  const sum = r.nodes.reduce((s, n) => s + n.ms, 0);
  assert.ok(Math.abs(sum - r.kernel_ms) < 1e-6 && r.kernel_ms <= r.total_ms + 1e-6);
  const stages = r.groups.filter((g) => g.kind === 'stage');
  assert.deepEqual(stages.map((g) => g.path), ['layer1', 'layer2', 'layer3', 'layer4']);
  assert.ok(stages.every((g) => g.macs > 0 && g.ms > 0 && g.gflops > 0));
});

test('measureLatency: a bad argument resolves with an error and does not throw', async () => {
  await ourExtension().activate();
  const r = await vscode.commands.executeCommand<{ error?: string }>(MEASURE, { model: 'resnet05' });
  assert.match(r?.error ?? '', /^Measure Latency: unknown model "resnet05"/);
  const s = await vscode.commands.executeCommand<{ error?: string }>(MEASURE, 42);
  assert.match(s?.error ?? '', /expected \{ model/);
});
