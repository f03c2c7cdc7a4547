// Hand-checked numbers for the analysis passes: the FLOPs ledger, receptive fields, activation
// memory and aggregation.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, resolveId, statsReport } from '../../../models';

test('receptive field calibration from the conventions note: resnet50 427 px, Caffe layout 483 px, both stride 32', () => {
  const tv = analyzeSpec(resolveId('resnet50')).receptiveField;
  assert.deepEqual({ size: tv.size, stride: tv.stride }, { size: 427, stride: 32 });
  const caffe = analyzeSpec(resolveId('legacy_seresnet50')).receptiveField;
  assert.deepEqual({ size: caffe.size, stride: caffe.stride, globalContext: caffe.globalContext }, { size: 483, stride: 32, globalContext: true });
});

test('merging paths report the smallest path too (Res2Net, DenseNet)', () => {
  const r2 = analyzeSpec(resolveId('res2net50_26w_4s')).receptiveField;
  assert.ok(r2.min !== null && r2.size !== null && r2.min < r2.size);
  const dn = analyzeSpec(resolveId('densenet121')).receptiveField;
  // The smallest path skips every dense layer: stem 7×7/2 + 3×3/2 max pool + three 2×2/2 transitions.
  assert.equal(dn.min, 7 + 2 * 2 + 1 * 4 + 1 * 8 + 1 * 16);
});

test('the FLOPs ledger of the resnet18 stem, counted by hand', () => {
  const a = analyzeSpec(resolveId('resnet18'));
  const stem = a.groups[a.graph.groups.findIndex((g) => g.path === 'stem')];
  const conv = 64 * 112 * 112;
  const pooled = 64 * 56 * 56;
  assert.deepEqual(stem.flops, { batchnorm: 2 * conv, relu: conv, maxpool: 8 * pooled });
  assert.equal(stem.macs, conv * 3 * 7 * 7);
  assert.equal(stem.params, 64 * 3 * 49 + 2 * 64);
  // Activation memory: fp32 bytes of conv, bn, relu and pool outputs.
  assert.equal(stem.activationBytes, 4 * (3 * conv + pooled));
});

test('groups aggregate their children exactly', () => {
  const a = analyzeSpec(resolveId('resnest50d'));
  for (const g of a.graph.groups) {
    const s = a.groups[g.id];
    const nodeSum = g.nodes.reduce((t, n) => t + a.nodes[n].params, 0) + g.children.reduce((t, c) => t + a.groups[c].params, 0);
    assert.equal(s.params, nodeSum, g.path);
  }
  assert.equal(a.total.params, a.nodes.reduce((t, n) => t + n.params, 0));
  assert.equal(a.total.macs, a.nodes.reduce((t, n) => t + n.macs, 0));
});

test('the report lists stages, blocks or every layer', () => {
  const spec = resolveId('densenet121');
  const a = analyzeSpec(spec);
  const stages = statsReport(spec, a, 'stage').nodes;
  assert.deepEqual(stages.map((n) => n.op), ['stem', 'stage', 'transition', 'stage', 'transition', 'stage', 'transition', 'stage', 'module', 'head']);
  const blocks = statsReport(spec, a, 'block').nodes;
  assert.equal(blocks.filter((n) => n.op === 'block').length, 6 + 12 + 24 + 16);
  const layers = statsReport(spec, a, 'layer').nodes;
  assert.equal(layers.filter((n) => n.kind === 'layer').length, a.graph.nodes.length - 1);
});
