// Finding the call under the cursor and reading literal arguments.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { callAt } from '../../../extension/hover/pyCalls';
import { tokenizePython } from '../../../extension/hover/pyTokens';
import { offsetOf } from './helpers';

const call = (src: string, needle: string, delta = 1) => callAt(tokenizePython(src), offsetOf(src, needle, delta));

test('a dotted callee is found from any of its segments', () => {
  const src = 'm = torchvision.models.resnet50(weights=None)';
  for (const needle of ['torchvision', 'models', 'resnet50']) {
    const c = call(src, needle);
    assert.deepEqual(c?.callee, ['torchvision', 'models', 'resnet50']);
    assert.equal(src.slice(c!.hoverStart, c!.hoverEnd), 'torchvision.models.resnet50');
  }
});

test('literal arguments: ints, tuples, lists, booleans, strings, names; anything else is unknown', () => {
  const c = call('nn.Conv2d(3, 64, kernel_size=(7, 7), stride=-2, bias=False, padding="same", block=models.Bottleneck, x=a + 1, y=1.5, z=[3, 4])', 'Conv2d');
  assert.ok(c?.args);
  const byKey = Object.fromEntries(c.args.map((a, i) => [a.keyword ?? String(i), a.value]));
  assert.deepEqual(byKey['0'], { kind: 'int', value: 3 });
  assert.deepEqual(byKey.kernel_size, { kind: 'tuple', items: [{ kind: 'int', value: 7 }, { kind: 'int', value: 7 }] });
  assert.deepEqual(byKey.stride, { kind: 'int', value: -2 });
  assert.deepEqual(byKey.bias, { kind: 'bool', value: false });
  assert.deepEqual(byKey.padding, { kind: 'str', value: 'same' });
  assert.deepEqual(byKey.block, { kind: 'name', dotted: 'models.Bottleneck' });
  assert.deepEqual(byKey.x, { kind: 'unknown' });
  assert.deepEqual(byKey.y, { kind: 'float' });
  assert.deepEqual(byKey.z, { kind: 'list', items: [{ kind: 'int', value: 3 }, { kind: 'int', value: 4 }] });
  assert.equal(c.args.find((a) => a.keyword === 'x')?.text, 'a + 1');
});

test('a call split over lines, with comments, is read whole', () => {
  const c = call('m = ResNet(\n    last_stride=1,  # re-ID\n    block=Bottleneck,\n    layers=[3, 4, 6, 3],\n)', 'ResNet');
  assert.equal(c?.args?.length, 3);
});

test('half-typed calls have no arguments (not a guess)', () => {
  assert.equal(call('m = resnet50(num_classes=\n', 'resnet50')?.args, undefined);
  assert.equal(call('m = resnet50(num_classes=10\ndef f():\n    return g(1)', 'resnet50')?.args, undefined);
  assert.equal(call('m = resnet50(num_classes=10]', 'resnet50')?.args, undefined);
  assert.equal(call("m = create_model('resnet50\n", 'create_model')?.args, undefined);
  assert.equal(call('m = f(a=1, 2)', 'f(')?.args, undefined);
});

test('definitions and names that are not called are not calls', () => {
  assert.equal(call('def resnet50(pretrained=False):\n    pass', 'resnet50'), undefined);
  assert.equal(call('class ResNet(nn.Module):\n    pass', 'ResNet'), undefined);
  assert.equal(call('x = resnet50', 'resnet50'), undefined);
  assert.equal(call('# resnet50(10)', 'resnet50'), undefined);
});

test('a callee hanging off an expression is flagged', () => {
  assert.deepEqual(call('self.resnet50(x)', 'resnet50')?.callee, ['self', 'resnet50']);
  assert.equal(call('get().resnet50(x)', 'resnet50')?.qualifierUnknown, true);
});

test('the string argument of create_model is part of the call', () => {
  const src = 'timm.create_model("resnest50d", pretrained=True)';
  const c = call(src, '"resnest50d"');
  assert.equal(c?.onFirstArgString, true);
  assert.deepEqual(c?.callee, ['timm', 'create_model']);
  assert.equal(src.slice(c!.hoverStart, c!.hoverEnd), '"resnest50d"');
  const k = call('create_model(model_name="seresnet50")', '"seresnet50"');
  assert.deepEqual(k?.callee, ['create_model']);
});
