// Inspect opened from a checkpoint colours its diagram by the weights' statistics: each layer's
// value is its `.weight` tensor's, each group's pools its conv and linear layers' weights (checked
// here against numbers computed directly from the fixtures' tensors, not from the streamed
// statistics), partial statistics give no group a value of a part, the schemas refuse what is not
// a statistic, and the weight colour modes are offered only for a model that has them.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { architectureOf, checkpointWeights, statsData } from '../../../extension/checkpoint/checkpointData';
import { resolveConfig } from '../../../extension/inspect/modelData';
import { attachWeightStats } from '../../../extension/inspect/weightStats';
import { indexWeights, memorySource, StatsStream, type Recognition, type WeightsIndex } from '../../../models';
import { checkpointWeightsSchema, type CheckpointWeights, type ModelData } from '../../../shared/protocol/inspect';
import type { StatsData } from '../../../shared/protocol/checkpoint';
import { inspectPageServes } from '../../../shared/protocol/inspectPage';
import { parse } from '../../../shared/validate';
import { effectiveMetric, makeScale, metricChoices, metricValue, modelValues, weightLegendNote } from '../../../webview/inspect/metrics';
import { statRows } from '../../../webview/inspect/tooltip';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'weights');
const noFiles = async (): Promise<string> => {
  throw new Error('no files here');
};

interface Opened {
  index: WeightsIndex;
  r: Recognition;
  stats: Map<number, StatsData>;
}

function open(name: string): Opened {
  const index = indexWeights(memorySource(new Uint8Array(readFileSync(join(dir, name)))), name);
  const { recognition } = architectureOf(index);
  assert.ok(recognition.model !== null, `${name} is recognised`);
  const stats = new Map<number, StatsData>();
  const stream = new StatsStream(index);
  for (let s = stream.step(); s; s = stream.step()) stats.set(s.position, statsData(s.stats));
  return { index, r: recognition, stats };
}

/** The Inspect model of the recognised architecture, with `w` attached (as the panel does). */
async function inspected(o: Opened, w: CheckpointWeights): Promise<ModelData> {
  const resolved = await resolveConfig({ source: { kind: 'preset', id: o.r.model }, knobs: { ...o.r.overrides } }, noFiles);
  return attachWeightStats(resolved.data, resolved.analysis.graph, w);
}

/** The finite values of the file's tensor for a model key, straight from the reader. */
function valuesOf(o: Opened, key: string): Float32Array {
  const t = o.index.tensors.find((x) => x.key === o.r.prefix + key);
  assert.ok(t, key);
  return t.read().data as Float32Array;
}

/** Population std of the finite values and the zero count, two passes in float64: the reference. */
function reference(arrays: readonly Float32Array[]): { std: number | null; zeros: number; count: number } {
  let n = 0;
  let sum = 0;
  let zeros = 0;
  let count = 0;
  for (const a of arrays) {
    count += a.length;
    for (const x of a) {
      if (x === 0) zeros++;
      if (!Number.isFinite(x)) continue;
      n++;
      sum += x;
    }
  }
  if (n === 0) return { std: null, zeros, count };
  const mean = sum / n;
  let ss = 0;
  for (const a of arrays) for (const x of a) if (Number.isFinite(x)) ss += (x - mean) ** 2;
  return { std: Math.sqrt(ss / n), zeros, count };
}

const close = (got: number | null, want: number | null, what: string): void => {
  if (want === null) return assert.equal(got, null, what);
  assert.ok(got !== null && Math.abs(got - want) <= 1e-9 * Math.max(1e-12, Math.abs(want)), `${what}: ${got} vs ${want}`);
};

/** Every conv and linear node of a group's subtree. */
function pooledNodes(d: ModelData, g: number): number[] {
  const out = d.groups[g].nodes.filter((i) => d.nodes[i].attrs.op === 'conv' || d.nodes[i].attrs.op === 'linear');
  for (const c of d.groups[g].children) out.push(...pooledNodes(d, c));
  return out;
}

for (const file of ['resnet18_tiny.safetensors', 'densenet121_tiny.wrapped.pth']) {
  describe(`weight statistics of ${file} on Inspect's model`, () => {
    const o = open(file);
    const w = checkpointWeights(o.index, o.r, o.stats, file, `file:///w/${file}`, true);

    it('passes only the model\'s .weight tensors, keyed without the prefix, complete once streamed', () => {
      assert.equal(w.partial, false);
      assert.ok(Object.keys(w.tensors).length > 0);
      for (const key of Object.keys(w.tensors)) {
        assert.ok(key.endsWith('.weight'), key);
        assert.ok(o.index.tensors.some((t) => t.key === o.r.prefix + key), key);
      }
      assert.ok(parse(checkpointWeightsSchema, JSON.parse(JSON.stringify(w))).ok);
    });

    it('a layer has its .weight tensor\'s std and zeros; a layer without weights has none', async () => {
      const d = await inspected(o, w);
      let layers = 0;
      d.nodes.forEach((n) => {
        const key = `${n.path}.weight`;
        if (!(key in w.tensors)) return assert.equal(n.weights, undefined, n.path);
        layers++;
        const want = reference([valuesOf(o, key)]);
        assert.ok(n.weights, n.path);
        close(n.weights.std, want.std, `${n.path} std`);
        assert.equal(n.weights.zeros, want.zeros, `${n.path} zeros`);
        assert.equal(n.weights.count, want.count, `${n.path} count`);
      });
      assert.ok(d.nodes.some((n) => n.attrs.op === 'relu' && n.weights === undefined));
      assert.deepEqual(d.weightStats, { file, partial: false, layers, expected: layers });
    });

    it('a group pools its conv and linear weights: the std of them all, the zeros over their elements', async () => {
      const d = await inspected(o, w);
      let checked = 0;
      d.groups.forEach((g, i) => {
        const nodes = pooledNodes(d, i);
        if (nodes.length === 0) return assert.equal(g.weights, undefined, g.path);
        const want = reference(nodes.map((n) => valuesOf(o, `${d.nodes[n].path}.weight`)));
        assert.ok(g.weights, g.path);
        close(g.weights.std, want.std, `${g.path || 'model'} std`);
        assert.equal(g.weights.zeros, want.zeros, `${g.path} zeros`);
        assert.equal(g.weights.count, want.count, `${g.path} count`);
        // Not the mean of the layers' stds (they differ layer to layer).
        checked++;
      });
      assert.ok(checked > 3);
      // The colour values are these numbers.
      const block = d.groups.findIndex((g) => g.kind === 'block');
      assert.equal(metricValue(d.groups[block], 'weightStd'), d.groups[block].weights!.std);
      assert.equal(metricValue(d.groups[block], 'weightZeros'), d.groups[block].weights!.zeros / d.groups[block].weights!.count);
    });

    it('partial statistics: streamed layers have theirs, and a group has a value only when all its conv and linear layers do', async () => {
      const half = new Map([...o.stats].filter(([position]) => position < o.index.tensors.length / 2));
      const pw = checkpointWeights(o.index, o.r, half, file, `file:///w/${file}`, false);
      assert.equal(pw.partial, true);
      const full = await inspected(o, w);
      const d = await inspected(o, pw);
      assert.ok(d.weightStats && d.weightStats.partial && d.weightStats.layers < d.weightStats.expected && d.weightStats.layers > 0);
      d.nodes.forEach((n, i) => assert.deepEqual(n.weights, `${n.path}.weight` in pw.tensors ? full.nodes[i].weights : undefined, n.path));
      let some = 0;
      let none = 0;
      d.groups.forEach((g, i) => {
        const nodes = pooledNodes(d, i);
        const all = nodes.length > 0 && nodes.every((n) => `${d.nodes[n].path}.weight` in pw.tensors);
        assert.deepEqual(g.weights, all ? full.groups[i].weights : undefined, g.path);
        if (all) some++;
        else none++;
      });
      assert.ok(some > 0 && none > 0, `${some} groups with values, ${none} without`);
      assert.match(weightLegendNote('weightStd', d), /partial/);
      assert.doesNotMatch(weightLegendNote('weightStd', full), /partial/);
    });

    it('the page takes the model with its weight statistics unchanged', async () => {
      const d = await inspected(o, w);
      const sent = JSON.parse(JSON.stringify({ slot: 'main', data: d }));
      const got = parse(inspectPageServes.notifications.model, sent);
      assert.ok(got.ok, got.ok ? '' : got.problem);
      assert.deepEqual(got.value, sent);
    });
  });
}

describe('weight statistics: what is refused', () => {
  it('a layer whose weight has another shape (a knob edited in the page) gets none', async () => {
    const o = open('resnet18_tiny.safetensors');
    const w = checkpointWeights(o.index, o.r, o.stats, 'resnet18_tiny.safetensors', 'file:///w/resnet18_tiny.safetensors', true);
    const resolved = await resolveConfig({ source: { kind: 'preset', id: o.r.model }, knobs: { ...o.r.overrides, num_classes: 7 } }, noFiles);
    const d = attachWeightStats(resolved.data, resolved.analysis.graph, w);
    assert.equal(d.nodes.find((n) => n.path === 'fc')!.weights, undefined);
    assert.ok(d.nodes.find((n) => n.path === 'conv1')!.weights);
    assert.equal(d.groups[0].weights, undefined, 'the model lacks fc: no value for the whole');
    assert.ok(d.weightStats && !d.weightStats.partial && d.weightStats.layers === d.weightStats.expected - 1);
    assert.match(weightLegendNote('weightZeros', d), /of this shape/);
  });

  it('the command\'s weights argument: counts within the tensor, a mean and std exactly when an element is finite', () => {
    const t = { shape: [2, 3], mean: 0.1, std: 0.5, zeros: 1, nonfinite: 0 };
    const ok = (tensors: Record<string, unknown>) => parse(checkpointWeightsSchema, { file: 'a.pth', checkpoint: 'file:///w/a.pth', partial: false, tensors }).ok;
    assert.ok(ok({ 'conv1.weight': t }));
    assert.ok(ok({ 'conv1.weight': { ...t, nonfinite: 6, zeros: 0, mean: null, std: null } }));
    const bad: [string, unknown][] = [
      ['more zeros than elements', { ...t, zeros: 7 }],
      ['zeros and non-finite past the elements', { ...t, zeros: 3, nonfinite: 4 }],
      ['a negative std', { ...t, std: -0.1 }],
      ['a NaN mean', { ...t, mean: Number.NaN }],
      ['an infinite std', { ...t, std: Number.POSITIVE_INFINITY }],
      ['a std without a mean', { ...t, mean: null }],
      ['no std although elements are finite', { ...t, mean: null, std: null }],
      ['a std although no element is finite', { ...t, nonfinite: 6, zeros: 0 }],
      ['a fractional count', { ...t, zeros: 0.5 }],
      ['a shape of fractions', { ...t, shape: [1.5] }],
    ];
    for (const [what, s] of bad) assert.equal(ok({ 'conv1.weight': s }), false, what);
    assert.equal(ok({ '': t }), false, 'an empty key');
    assert.equal(parse(checkpointWeightsSchema, { file: 'a.pth', tensors: {} }).ok, false, 'no partial flag');
  });

  it('the page refuses weight statistics that are not ones', async () => {
    const o = open('resnet18_tiny.safetensors');
    const d = await inspected(o, checkpointWeights(o.index, o.r, o.stats, 'resnet18_tiny.safetensors', 'file:///w/resnet18_tiny.safetensors', true));
    const good = JSON.parse(JSON.stringify({ slot: 'main', data: d }));
    const conv = d.nodes.findIndex((n) => n.path === 'conv1');
    const broken: [string, (m: { data: Record<string, unknown> & { nodes: Record<string, unknown>[]; groups: Record<string, unknown>[] } }) => void][] = [
      ['more zeros than weights', (m) => (m.data.nodes[conv].weights = { std: 0.1, zeros: 11, count: 10 })],
      ['a negative std', (m) => (m.data.nodes[conv].weights = { std: -1, zeros: 0, count: 10 })],
      ['a std that is not a number', (m) => (m.data.groups[1].weights = { std: 'big', zeros: 0, count: 10 })],
      ['a fractional zero count', (m) => (m.data.groups[1].weights = { std: 0.1, zeros: 0.5, count: 10 })],
      ['more layers with statistics than with weights', (m) => (m.data.weightStats = { file: 'a', partial: false, layers: 5, expected: 4 })],
      ['partial that is not a boolean', (m) => (m.data.weightStats = { file: 'a', partial: 'yes', layers: 1, expected: 4 })],
    ];
    for (const [what, edit] of broken) {
      const m = JSON.parse(JSON.stringify(good));
      edit(m);
      assert.equal(parse(inspectPageServes.notifications.model, m).ok, false, what);
    }
  });
});

describe('the weight colour modes', () => {
  it('are offered only for a model with weight statistics', async () => {
    const plain = (await resolveConfig({ source: { kind: 'preset', id: 'resnet18' } }, noFiles)).data;
    const values = (d?: ModelData) => metricChoices(d).map((c) => c.value);
    for (const d of [undefined, plain]) {
      assert.ok(!values(d).includes('weightStd') && !values(d).includes('weightZeros'));
      assert.equal(effectiveMetric('weightStd', d), 'none');
      assert.equal(effectiveMetric('macs', d), 'macs');
      assert.equal(weightLegendNote('weightStd', d), '');
    }
    const o = open('resnet18_tiny.safetensors');
    const d = await inspected(o, checkpointWeights(o.index, o.r, o.stats, 'resnet18_tiny.safetensors', 'file:///w/resnet18_tiny.safetensors', true));
    assert.ok(values(d).includes('weightStd') && values(d).includes('weightZeros'));
    assert.equal(values(d).at(-1), 'none');
    assert.equal(effectiveMetric('weightZeros', d), 'weightZeros');
    assert.equal(weightLegendNote('macs', d), '');
    // The bins are fixed on the model's values, their labels in the report's formats.
    const std = makeScale(modelValues(d, 'weightStd'), 'weightStd');
    assert.ok(std.edges.every((e) => Number.isFinite(e) && e > 0));
    assert.match(std.label(0.01234567), /^0\.01235$/);
    const zeros = makeScale(modelValues(d, 'weightZeros'), 'weightZeros');
    assert.match(zeros.label(0.25), /^25\.0 %$/);
  });

  it('zero is a value: no zero weights, or a zero std, is the lowest bin', () => {
    const zeros = makeScale([0, 0.1, 0.5, null], 'weightZeros');
    assert.equal(zeros.bin(0), 0);
    assert.equal(zeros.bin(0.5), 4);
    assert.equal(zeros.bin(null), -1);
    assert.equal(zeros.edges[0], 0);
    const std = makeScale([0, 0.01, 1, null], 'weightStd');
    assert.equal(std.bin(0), 0);
    assert.equal(std.bin(0.01), 0);
    assert.equal(std.bin(1), 4);
    assert.equal(std.edges[0], 0);
    // Other metrics keep zero as "none".
    assert.equal(makeScale([0, 10, 100], 'macs').bin(0), -1);
  });

  it('the hover and side pane show a layer\'s weight std and zeros, and a group\'s pooled ones', async () => {
    const o = open('resnet18_tiny.safetensors');
    const d = await inspected(o, checkpointWeights(o.index, o.r, o.stats, 'resnet18_tiny.safetensors', 'file:///w/resnet18_tiny.safetensors', true));
    const conv = d.nodes.findIndex((n) => n.path === 'conv1');
    const rows = Object.fromEntries(statRows(d, { kind: 'node', index: conv }).map(([k, v]) => [k, v]));
    const w = d.nodes[conv].weights!;
    assert.ok('Weight std' in rows && 'Zero weights' in rows);
    assert.match(rows['Zero weights'], new RegExp(`\\(${w.zeros} of ${w.count.toLocaleString('en-US')}\\)$`));
    const relu = d.nodes.findIndex((n) => n.attrs.op === 'relu');
    assert.ok(!statRows(d, { kind: 'node', index: relu }).some(([, , id]) => id === 'weight std'));
    assert.ok(statRows(d, { kind: 'group', index: 1 }).some(([k]) => k === 'Weight std (conv, linear)'));
    const plain = (await resolveConfig({ source: { kind: 'preset', id: 'resnet18' } }, noFiles)).data;
    assert.ok(!statRows(plain, { kind: 'node', index: 1 }).some(([, , id]) => id === 'weight std' || id === 'zero weights'));
  });
});
