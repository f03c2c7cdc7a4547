// Knobs change the graph the way the papers and the seed's code say.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, buildGraph, resolveId, resolveVariant, withOverrides } from '../../../models';

const keysOf = (spec: ReturnType<typeof resolveId>) => new Map(buildGraph(spec).nodes.flatMap((n) => n.tensors.map((t) => [t.key, t.shape.join('x')] as const)));

test('last_stride=1 (the seed\'s re-ID ResNet) keeps a 16× feature map and the same params', () => {
  const base = analyzeSpec(resolveId('resnet50'));
  const reid = analyzeSpec(resolveVariant({ extends: 'resnet50', last_stride: 1 }));
  assert.deepEqual([...reid.featureShape], [2048, 14, 14]);
  assert.equal(reid.total.params, base.total.params);
  assert.equal(reid.receptiveField.stride, 16);
});

test('IBN-a splits bn1 of stages 1-3 into InstanceNorm and BatchNorm halves (IBN-Net key names)', () => {
  const keys = keysOf(resolveVariant({ extends: 'resnet50', ibn: true }));
  assert.equal(keys.get('layer1.0.bn1.IN.weight'), '32');
  assert.equal(keys.get('layer1.0.bn1.BN.running_var'), '32');
  assert.equal(keys.get('layer3.5.bn1.IN.bias'), '128');
  assert.equal(keys.get('layer4.0.bn1.weight'), '512');
  assert.equal(keys.has('layer4.0.bn1.IN.weight'), false);
  // Learnable affine parameters are as many as BatchNorm's, so params are unchanged.
  assert.equal(analyzeSpec(resolveVariant({ extends: 'resnet50', ibn: true })).total.params, 25557032);
});

test('se_bias=false is the seed\'s bias-free SELayer; reduction changes the gate width', () => {
  const timm = analyzeSpec(resolveId('seresnet50'));
  const seed = analyzeSpec(resolveVariant({ extends: 'seresnet50', se_bias: false }));
  // One bias per gate channel: C/16 + C per block, summed over the 16 blocks.
  const biases = [256, 512, 1024, 2048].reduce((s, c, i) => s + [3, 4, 6, 3][i] * (c / 16 + c), 0);
  assert.equal(timm.total.params - seed.total.params, biases);
  const keys = keysOf(resolveVariant({ extends: 'seresnet50', reduction: 8 }));
  assert.equal(keys.get('layer1.0.se.fc1.weight'), '32x256x1x1');
});

test('depth follows the papers: 121 for DenseNet-121, 50 for ResNeSt-50 with its deep stem counted once', () => {
  assert.equal(analyzeSpec(resolveId('densenet121')).total.depth, 121);
  assert.equal(analyzeSpec(resolveId('resnest50d')).total.depth, 50);
  assert.equal(analyzeSpec(resolveId('res2net101_26w_4s')).total.depth, 101);
  assert.equal(analyzeSpec(resolveId('resnet18')).total.depth, 18);
});

test('DenseNet compression and growth change the channel arithmetic', () => {
  const a = analyzeSpec(resolveVariant({ extends: 'densenet121', compression: 1 }));
  // Without compression the 1024 channels of block 4 become 64 + 32 × (6+12+24+16) = 1920.
  assert.deepEqual([...a.featureShape], [1920, 7, 7]);
  const g = analyzeSpec(resolveVariant({ extends: 'densenet121', growth_rate: 12, num_init_features: 24 }));
  assert.equal(g.featureShape[0], Math.floor((Math.floor((Math.floor((24 + 72) / 2) + 144) / 2) + 288) / 2) + 192);
});

test('overrides are recorded and the id marks a modified preset', () => {
  const spec = withOverrides(resolveId('resnext50_32x4d'), { groups: '64', base_width: '2' });
  assert.deepEqual(spec.overrides, { groups: 64, base_width: 2 });
  assert.equal(spec.id, 'resnext50_32x4d*');
});
