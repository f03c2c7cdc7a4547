// Training memory equals what PyTorch measures (test/oracle/train_memory.py →
// test/fixtures/train-memory/<id>.json): for every preset (DenseNet also with
// memory_efficient), the saved-activation bytes at batch 2 and 8 in total and per stem, stage,
// block, transition, module and head; the parameter bytes; and each optimizer's state bytes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGraph, presets, resolveId, withOverrides, type Graph } from '../../../models';
import { fitBatch, optimizerKinds, parseMemorySize, trainMemory, type OptimizerKind } from '../../../models/analysis/trainMemory';
import { fixturesDir } from '../fixturePaths';

interface Fixture {
  id: string;
  input: [number, number];
  params_bytes: number;
  optimizer_bytes: Record<OptimizerKind, number>;
  configs: Record<string, { source: string; batches: Record<string, { saved_activation_bytes: number; per_module: Record<string, number> }> }>;
}

const load = (id: string): Fixture => JSON.parse(readFileSync(join(fixturesDir, 'train-memory', `${id}.json`), 'utf8')) as Fixture;

function graphFor(id: string, config: string): Graph {
  const spec = resolveId(id);
  return buildGraph(config === 'memory_efficient' ? withOverrides(spec, { memory_efficient: 'true' }) : spec);
}

/** The group a PyTorch module path belongs to: its node's group, the group of that path, or the same for its parent module. */
function groupOfModule(graph: Graph, path: string): number {
  for (let p = path; ; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    if (p === '') return 0;
    const node = graph.nodes.find((n) => n.path === p);
    if (node) return node.group;
    const group = graph.groups.find((g) => g.path === p && g.kind !== 'model');
    if (group) return group.id;
    const under = graph.nodes.filter((n) => n.path.startsWith(`${p}.`));
    if (under.length > 0 && under.every((n) => n.group === under[0].group)) return under[0].group;
  }
}

/** Subtree sums per group of PyTorch's per-module bytes. */
function oracleGroups(graph: Graph, perModule: Record<string, number>): { subtree: number[]; direct: number[] } {
  const subtree = graph.groups.map(() => 0);
  const direct = graph.groups.map(() => 0);
  for (const [path, bytes] of Object.entries(perModule)) {
    const g = groupOfModule(graph, path);
    direct[g] += bytes;
    for (let x: number | undefined = g; x !== undefined; x = graph.groups[x].parent) subtree[x] += bytes;
  }
  return { subtree, direct };
}

for (const preset of presets) {
  test(`${preset.id}: training memory equals PyTorch's (saved activations at batch 2 and 8, params, optimizer state)`, () => {
    const fx = load(preset.id);
    for (const [config, entry] of Object.entries(fx.configs)) {
      const graph = graphFor(preset.id, config);
      for (const [batchText, expected] of Object.entries(entry.batches)) {
        const batch = Number(batchText);
        const m = trainMemory(graph, fx.input, batch, 'sgd');
        const where = `${preset.id} ${config} batch ${batch}`;
        assert.equal(m.savedActivationBytes, expected.saved_activation_bytes, `${where}: saved activation bytes`);
        const { subtree, direct } = oracleGroups(graph, expected.per_module);
        for (const group of graph.groups) {
          if (group.kind === 'model' || group.kind === 'head') continue;
          assert.equal(m.groupSaved[group.id], subtree[group.id], `${where}: saved bytes of ${group.kind} "${group.path}"`);
        }
        // The head and what PyTorch runs in the model's own forward (DenseNet's functional ReLU) together.
        const head = graph.groups.find((g) => g.kind === 'head');
        assert.ok(head);
        const oursDirect = graph.groups[0].nodes.reduce((s, id) => s + m.nodeSaved[id], 0);
        assert.equal(m.groupSaved[head.id] + oursDirect, subtree[head.id] + direct[0], `${where}: saved bytes of the head`);
      }
      if (config !== 'default') continue;
      const m = trainMemory(graph, fx.input, 2, 'sgd');
      assert.equal(m.paramsBytes, fx.params_bytes, `${preset.id}: params bytes`);
      assert.equal(m.gradsBytes, fx.params_bytes, `${preset.id}: grads bytes`);
      for (const opt of optimizerKinds) assert.equal(trainMemory(graph, fx.input, 2, opt).optimizerBytes, fx.optimizer_bytes[opt], `${preset.id}: ${opt} state bytes`);
    }
  });
}

test('memory_efficient changes only the saved activations of DenseNet, and lowers them', () => {
  const plain = graphFor('densenet121', 'default');
  const efficient = graphFor('densenet121', 'memory_efficient');
  const a = trainMemory(plain, [224, 224], 8, 'adam');
  const b = trainMemory(efficient, [224, 224], 8, 'adam');
  assert.equal(a.paramsBytes, b.paramsBytes);
  assert.equal(a.optimizerBytes, b.optimizerBytes);
  assert.ok(b.savedActivationBytes < a.savedActivationBytes / 1.5, `${b.savedActivationBytes} vs ${a.savedActivationBytes}`);
  assert.deepEqual(efficient.nodes.map((n) => n.path), plain.nodes.map((n) => n.path));
});

test('the total is params + grads + optimizer state + saved activations, linear in the batch', () => {
  const graph = graphFor('resnet50', 'default');
  const m = trainMemory(graph, [224, 224], 4, 'adamw');
  assert.equal(m.totalBytes, m.paramsBytes + m.gradsBytes + m.optimizerBytes + m.savedActivationBytes);
  const m1 = trainMemory(graph, [224, 224], 1, 'adamw').savedActivationBytes;
  const m2 = trainMemory(graph, [224, 224], 2, 'adamw').savedActivationBytes;
  assert.equal(m.savedActivationBytes, m1 + 3 * (m2 - m1));
  assert.equal(m.nodeSaved.reduce((s, v) => s + v, 0), m.savedActivationBytes);
});

test('fitBatch finds the largest batch within the budget', () => {
  const graph = graphFor('resnet50', 'default');
  const budget = parseMemorySize('24GiB', 'budget');
  assert.equal(budget, 24 * 2 ** 30);
  const fit = fitBatch(graph, [224, 224], 'sgd-momentum', budget);
  assert.ok(fit.fits);
  assert.ok(fit.memory.totalBytes <= budget);
  assert.ok(trainMemory(graph, [224, 224], fit.batch + 1, 'sgd-momentum').totalBytes > budget);
  const none = fitBatch(graph, [224, 224], 'adam', parseMemorySize('100MB', 'budget'));
  assert.equal(none.fits, false);
});

test('ResNeSt cannot train at batch 1 (BatchNorm on a 1×1 map), and the error says so', () => {
  const graph = graphFor('resnest50d', 'default');
  assert.throws(() => trainMemory(graph, [224, 224], 1, 'sgd'), /conv2\.bn1.*1×1.*batch of 2 or more/);
  assert.equal(trainMemory(graph, [224, 224], 2, 'sgd').minBatch, 2);
});

test('an op whose training memory is not modelled gives a typed error, not a number', () => {
  const graph = buildGraph(withOverrides(resolveId('resnet50'), { ibn: 'true' }));
  assert.throws(() => trainMemory(graph, [224, 224], 2, 'sgd'), /training memory unknown: InstanceNorm/);
});

test('memory sizes parse with binary and decimal units and refuse nonsense', () => {
  assert.equal(parseMemorySize('512MiB', 'x'), 512 * 2 ** 20);
  assert.equal(parseMemorySize('16 GB', 'x'), 16e9);
  assert.equal(parseMemorySize('1000', 'x'), 1000);
  assert.throws(() => parseMemorySize('lots', '--fit-memory'), /--fit-memory: expected a size/);
  assert.throws(() => parseMemorySize('0GiB', '--fit-memory'), /positive/);
});
