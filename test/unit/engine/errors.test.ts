// Bad input gets a typed error that names the field and what was expected.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, InputTooSmallError, InvalidConfigError, resolveId, resolveVariant, UnknownModelError, withOverrides } from '../../../models';

test('an unknown id suggests the nearest presets', () => {
  assert.throws(() => resolveId('resnet05'), (e: unknown) => {
    assert.ok(e instanceof UnknownModelError);
    assert.ok(e.suggestions.includes('resnet50'), `suggestions: ${e.suggestions.join(', ')}`);
    return true;
  });
  assert.throws(() => resolveId('densenet12'), /did you mean "densenet121"/);
});

test('a knob of the wrong type or range names its JSON path', () => {
  assert.throws(() => resolveVariant({ extends: 'resnet50', last_stride: 3 }, 'x.backbone.json'), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.path, '$.last_stride');
    assert.match(e.message, /^x\.backbone\.json: \$\.last_stride: expected one of 1, 2, got 3$/);
    return true;
  });
  assert.throws(() => resolveVariant({ extends: 'resnet50', layers: [3, 4, 'six', 3] }), /\$\.layers\[2\]: expected an integer from 1 to 200, got "six"/);
  assert.throws(() => resolveVariant({ extends: 'resnet50', layers: 4 }), /\$\.layers: expected a list of 1 to 8 integers/);
  assert.throws(() => resolveVariant({ extends: 'densenet121', compression: 0 }), /\$\.compression: expected a number in \(0, 1\]/);
  assert.throws(() => resolveVariant({ extends: 'seresnet50', se_bias: 'yes' }), /\$\.se_bias: expected true or false, got "yes"/);
});

test('an unknown knob suggests the nearest knob of that family', () => {
  assert.throws(() => resolveVariant({ extends: 'resnet50', last_strde: 1 }), /\$\.last_strde: not a knob of the ResNet family .*did you mean "last_stride"/);
  assert.throws(() => withOverrides(resolveId('res2net50_26w_4s'), { scales: '8' }), /did you mean "scale"/);
});

test('groups that do not divide the channels are refused with the layer named', () => {
  // Split attention groups its 3×3 conv by radix × cardinality = 6, which 3 input channels cannot take.
  const spec = withOverrides(resolveId('resnest50d'), { base_width: '1', cardinality: '3' });
  assert.throws(() => analyzeSpec(spec), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.message, 'layer1.0.conv2.conv: groups=6 must divide both the input channels (3) and the output channels (6)');
    return true;
  });
});

test('the basic block refuses ResNeXt widths, as torchvision does', () => {
  assert.throws(() => resolveVariant({ extends: 'resnet18', groups: 32 }), /\$\.block: the basic block supports only groups=1 and base_width=64/);
});

test('a bottleneck halved to nothing by block_reduce_first is a config error, not a builder crash', () => {
  assert.throws(() => resolveVariant({ extends: 'resnet50', base_width: 1, block_reduce_first: 2 }, 'thin.backbone.json'), (e: unknown) => {
    assert.ok(e instanceof InvalidConfigError);
    assert.match(e.message, /^thin\.backbone\.json: \$\.block_reduce_first: the first 1×1 conv of layer1's bottlenecks would have 0 channels \(width 1 \/ block_reduce_first 2\)$/);
    return true;
  });
  // The narrowest width that survives halving builds.
  assert.equal(analyzeSpec(resolveVariant({ extends: 'resnet50', base_width: 2, block_reduce_first: 2 })).graph.nodes.find((n) => n.path === 'layer1.0.conv1')?.tensors[0].shape[0], 1);
});

test('an input so small that a feature map vanishes names the layer', () => {
  assert.throws(() => analyzeSpec(resolveId('densenet121'), [16, 16]), (e: unknown) => {
    assert.ok(e instanceof InputTooSmallError);
    assert.match(e.message, /^input 16x16 is too small: at "features\.transition\d\.pool"/);
    return true;
  });
});

test('a malformed variant is refused with the JSON path', () => {
  assert.throws(() => resolveVariant([1, 2], 'a.backbone.json'), /a\.backbone\.json: \$: expected a JSON object, got \[1,2\]/);
  assert.throws(() => resolveVariant({}, 'a.backbone.json'), /a variant needs "extends"/);
  assert.throws(() => resolveVariant({ extends: 'resnet50', family: 'densenet' }), /\$\.family: "densenet" contradicts "extends": "resnet50"/);
  assert.throws(() => resolveVariant({ family: 'resnets' }), /\$\.family: expected one of .*did you mean .*"resnet"/);
  assert.throws(() => resolveVariant({ extends: 'resnet50', input_size: 'big' }), /\$\.input_size: expected an input size/);
});
