// Single-layer numbers come from the engine and follow its conventions: they equal the numbers
// of the same layers inside the presets.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, resolveId } from '../../../models';
import { batchNormStats, convStats, linearStats } from '../../../extension/hover/layerStats';

const conv = (o: Partial<Parameters<typeof convStats>[0]>) =>
  convStats({ inChannels: 64, outChannels: 64, kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: false, ...o });

test('a conv: params = weight (+ bias), MACs per output pixel = out × in/groups × kh × kw', () => {
  assert.deepEqual(conv({}), { params: 36864, weightParams: 36864, biasParams: 0, macsPerPixel: 36864, rfGrowth: [2, 2], jumpFactor: [1, 1] });
  const g = conv({ inChannels: 256, outChannels: 256, groups: 32, bias: true, stride: [2, 2] });
  assert.equal(g?.weightParams, 256 * (256 / 32) * 9);
  assert.equal(g?.biasParams, 256);
  assert.equal(g?.macsPerPixel, 256 * (256 / 32) * 9);
  assert.deepEqual(g?.jumpFactor, [2, 2]);
});

test('dilation and non-square kernels give per-dimension receptive-field steps', () => {
  assert.deepEqual(conv({ dilation: [2, 2], padding: [2, 2] })?.rfGrowth, [4, 4]);
  const r = conv({ kernel: [1, 7], padding: [0, 3], stride: [2, 1] });
  assert.deepEqual(r?.rfGrowth, [0, 6]);
  assert.deepEqual(r?.jumpFactor, [2, 1]);
  assert.equal(r?.macsPerPixel, 64 * 64 * 7);
});

test('padding "same" and "valid" change neither params nor MACs per output pixel', () => {
  assert.equal(conv({ padding: 'same' })?.macsPerPixel, 36864);
  assert.equal(conv({ padding: 'valid', kernel: [7, 7] })?.params, 64 * 64 * 49);
  assert.equal(conv({ padding: 'same', stride: [2, 2] }), undefined, 'PyTorch rejects padding="same" with stride 2');
});

test('arguments PyTorch rejects give no numbers', () => {
  assert.equal(conv({ groups: 3 }), undefined);
  assert.equal(conv({ outChannels: 0 }), undefined);
  assert.equal(conv({ kernel: [0, 3] }), undefined);
  assert.equal(conv({ padding: [-1, 0] }), undefined);
  assert.equal(linearStats(0, 10, true), undefined);
  assert.equal(batchNormStats(0), undefined);
});

test('equal to the same layers inside resnet50 (conv, bn, fc)', () => {
  const a = analyzeSpec(resolveId('resnet50'));
  const node = (path: string) => {
    const i = a.graph.nodes.findIndex((n) => n.path === path);
    assert.ok(i >= 0, path);
    return a.nodes[i];
  };
  const stem = node('conv1');
  const c = conv({ inChannels: 3, outChannels: 64, kernel: [7, 7], stride: [2, 2], padding: [3, 3] });
  assert.equal(c?.params, stem.params);
  assert.equal(c?.macsPerPixel, stem.macs / (stem.shape[1] * stem.shape[2]));
  const c2 = node('layer3.0.conv2');
  assert.equal(conv({ inChannels: 256, outChannels: 256, stride: [2, 2] })?.macsPerPixel, c2.macs / (c2.shape[1] * c2.shape[2]));
  assert.equal(linearStats(2048, 1000, true)?.params, node('fc').params);
  assert.equal(linearStats(2048, 1000, true)?.macs, node('fc').macs);
  assert.equal(batchNormStats(64)?.params, node('bn1').params);
});

test('linear and batchnorm', () => {
  assert.deepEqual(linearStats(2048, 1000, true), { params: 2049000, weightParams: 2048000, biasParams: 1000, macs: 2048000 });
  assert.deepEqual(linearStats(512, 10, false), { params: 5120, weightParams: 5120, biasParams: 0, macs: 5120 });
  assert.deepEqual(batchNormStats(64), { params: 128, bufferElements: 129, macsPerPixel: 0, flopsPerElement: 2 });
});
