// The knobs timm's names need, and what no library builds: typed errors that name the knob and
// the families or values that accept it; unknown names suggest the nearest of the whole zoo.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, buildGraph, InputTooSmallError, InvalidConfigError, resolveId, resolveVariant, UnknownModelError, withOverrides } from '../../../models';

test('an unknown name suggests the nearest names of the whole zoo', () => {
  const suggestions = (id: string): readonly string[] => {
    try {
      resolveId(id);
    } catch (e) {
      assert.ok(e instanceof UnknownModelError, String(e));
      return e.suggestions;
    }
    assert.fail(`${id} resolved`);
  };
  assert.ok(suggestions('resnet50dd').includes('resnet50d'));
  assert.ok(suggestions('seresnext26t_32x8d').includes('seresnext26t_32x4d'));
  assert.ok(suggestions('resnest296e').includes('resnest269e'));
  assert.ok(suggestions('densenetblur121').includes('densenetblur121d'));
  assert.throws(() => resolveVariant({ extends: 'legacy_senet145' }, 'x.backbone.json'), /x\.backbone\.json: \$\.extends: .*did you mean "legacy_senet154"/);
});

test('a knob the family does not have names the families that accept it', () => {
  assert.throws(() => resolveVariant({ extends: 'res2net50_26w_4s', aa_layer: 'blurpool' }, 'r.backbone.json'), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.path, '$.aa_layer');
    assert.match(e.message, /^r\.backbone\.json: \$\.aa_layer: not a knob of the Res2Net family \(knobs: .*\); aa_layer is a knob of ResNet, ResNeXt, SENet, DenseNet$/);
    return true;
  });
  assert.throws(() => withOverrides(resolveId('densenet121'), { avg_down: 'true' }), /avg_down: not a knob of the DenseNet family .*; avg_down is a knob of ResNet, ResNeXt, SENet, Res2Net, ResNeSt$/);
  assert.throws(() => resolveVariant({ extends: 'resnest50d', norm: 'groupnorm' }), /\$\.norm: not a knob of the ResNeSt family .*; norm is a knob of ResNet, ResNeXt, SENet$/);
});

test('a value the family does not have names the families whose knob accepts it', () => {
  assert.throws(() => resolveVariant({ extends: 'densenet121', stem_type: 'deep_tiered' }, 'd.backbone.json'), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.message, 'd.backbone.json: $.stem_type: DenseNet has no stem_type "deep_tiered" (it accepts "", "deep"); "deep_tiered" is a value of stem_type in ResNet, ResNeXt, SENet, Res2Net, ResNeSt');
    return true;
  });
  assert.throws(() => withOverrides(resolveId('densenet121'), { aa_layer: 'avgpool' }), /DenseNet has no aa_layer "avgpool" \(it accepts "", "blurpool"\); "avgpool" is a value of aa_layer in ResNet, ResNeXt, SENet/);
  // A value no family has keeps the plain message.
  assert.throws(() => resolveVariant({ extends: 'resnet50', aa_layer: 'blur' }), /\$\.aa_layer: expected one of "", "avgpool", "blurpool", got "blur"$/);
});

test('combinations no library builds are refused, naming the knob', () => {
  assert.throws(() => resolveVariant({ extends: 'legacy_seresnet50', aa_layer: 'avgpool' }), /\$\.aa_layer: no anti-aliasing layer "avgpool" with legacy: true \(the Caffe SENet layout has none; the timm layout, legacy: false, accepts it\)/);
  assert.throws(() => resolveVariant({ extends: 'legacy_seresnet50', avg_down: true }), /\$\.avg_down: no avg-down shortcut with legacy: true/);
  assert.throws(() => resolveVariant({ extends: 'legacy_senet154', stem_width: 32 }), /\$\.stem_width: no deep stem of width 32 .*legacy: true/);
  assert.throws(() => resolveVariant({ extends: 'resnet50', ibn: true, norm: 'groupnorm' }), /\$\.ibn: IBN-a mixes InstanceNorm with BatchNorm/);
  assert.throws(() => resolveVariant({ extends: 'resnet50d', down_kernel_size: 3 }), /\$\.down_kernel_size: an avg-down shortcut always uses a 1×1 conv/);
  // GroupNorm's 32 groups cannot take the tiered stem's 24 channels: the layer is named.
  assert.throws(() => buildGraph(resolveVariant({ extends: 'resnet50t', norm: 'groupnorm' })), /conv1\.1: GroupNorm with 32 groups needs a channel count divisible by 32, got 24/);
});

test('the legacy SE-ResNeXt block strides its 3×3 conv, the legacy SE-ResNet block its first 1×1', () => {
  const conv = (id: string, path: string) => {
    const n = buildGraph(resolveId(id)).nodes.find((x) => x.path === path);
    assert.ok(n && n.attrs.op === 'conv', `${id} ${path}`);
    return n.attrs.op === 'conv' ? n.attrs.stride[0] : 0;
  };
  assert.equal(conv('legacy_seresnext50_32x4d', 'layer2.0.conv1'), 1);
  assert.equal(conv('legacy_seresnext50_32x4d', 'layer2.0.conv2'), 2);
  assert.equal(conv('legacy_seresnet50', 'layer2.0.conv1'), 2);
  assert.equal(conv('legacy_seresnet50', 'layer2.0.conv2'), 1);
});

test('anti-aliased names: the strided conv runs at stride 1 and the aa layer downsamples; at 197 the branches disagree as in PyTorch', () => {
  const g = buildGraph(resolveId('resnetaa50d'));
  const node = (p: string) => g.nodes.find((n) => n.path === p)!;
  const conv2 = node('layer2.0.conv2').attrs;
  assert.deepEqual(conv2.op === 'conv' ? conv2.stride : undefined, [1, 1]);
  assert.equal(node('layer2.0.aa').attrs.op, 'avgpool');
  assert.equal(node('maxpool').attrs.op, 'avgpool');
  // timm: "The size of tensor a (24) must match the size of tensor b (25)" at layer2.0 for a 197 px input.
  assert.throws(() => analyzeSpec(resolveId('resnetaa50d'), [197, 197]), (e: unknown) => e instanceof InputTooSmallError && /layer2\.0\.add/.test(e.message));
  const blur = analyzeSpec(resolveId('resnetblur50'), [224, 224]);
  // The blur filter is no parameter and no MAC; its multiply-adds are in the FLOPs ledger.
  assert.equal(blur.total.params, analyzeSpec(resolveId('resnet50'), [224, 224]).total.params);
  assert.ok((blur.total.flops.blurpool ?? 0) > 0);
  assert.equal(analyzeSpec(resolveId('resnet50'), [224, 224]).total.flops.blurpool, undefined);
});
