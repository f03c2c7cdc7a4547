// Where a called name comes from: a hover is held back for names the file defines or imports
// from somewhere other than torchvision / timm / torch.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { bindingOf, declarationsOf, fromOneOf } from '../../../extension/hover/pyImports';
import { pyHover } from './helpers';

test('imports and definitions', () => {
  const src = [
    'import torch.nn as nn',
    'import timm, torchvision',
    'from torchvision.models import resnet50, densenet121 as dn',
    'from reid.backbones import (',
    '    Bottleneck,',
    '    resnext50_32x4d,',
    ')',
    'def seresnet50(last_stride):',
    '    pass',
  ].join('\n');
  assert.deepEqual(bindingOf(src, 'nn'), { kind: 'module', module: 'torch.nn' });
  assert.deepEqual(bindingOf(src, 'timm'), { kind: 'module', module: 'timm' });
  assert.deepEqual(bindingOf(src, 'torchvision'), { kind: 'module', module: 'torchvision' });
  assert.deepEqual(bindingOf(src, 'resnet50'), { kind: 'module', module: 'torchvision.models.resnet50' });
  assert.deepEqual(bindingOf(src, 'dn'), { kind: 'module', module: 'torchvision.models.densenet121' });
  assert.deepEqual(bindingOf(src, 'resnext50_32x4d'), { kind: 'module', module: 'reid.backbones.resnext50_32x4d' });
  assert.deepEqual(bindingOf(src, 'seresnet50'), { kind: 'local' });
  assert.equal(bindingOf(src, 'resnet101'), undefined);
  assert.equal(fromOneOf(src, 'resnet101', ['torchvision']), true, 'an unbound name is given the benefit of the doubt');
  assert.equal(fromOneOf(src, 'resnext50_32x4d', ['torchvision', 'timm']), false);
});

test("the seed's own resnet50(last_stride) and names from other libraries get no preset hover", () => {
  const seed = 'def resnet50(last_stride):\n    return ResNet(last_stride=1, block=Bottleneck, layers=[3, 4, 6, 3])\n\nmodel = resnet50(1)\n';
  assert.equal(pyHover(seed, 'resnet50(1)'), undefined);
  // Nor the ResNet(…) inside it: last_stride= is not torchvision's.
  assert.equal(pyHover(seed, 'ResNet('), undefined);
  assert.equal(pyHover('from reid.backbones import resnet50\nm = resnet50()', 'resnet50()'), undefined);
  assert.equal(pyHover('from mylib import *\nm = resnet50()', 'resnet50()'), undefined);
  assert.equal(pyHover('from mylib import nn\nm = nn.Conv2d(3, 64, 3)', 'Conv2d'), undefined);
  assert.equal(pyHover('import mytimm as timm\nm = timm.create_model("resnet50")', 'create_model'), undefined);
  assert.equal(pyHover('m = resnet50(1)', 'resnet50'), undefined, 'a positional int is not a pretrained flag');
  assert.ok(pyHover('from torchvision.models import *\nm = resnet50(True)', 'resnet50('));
  assert.ok(pyHover('from torch.nn import Conv2d\nm = Conv2d(3, 64, 3)', 'Conv2d('));
});

test('the declaration lines keep every import form, multi-line ones whole', () => {
  const src = 'x = 1\nfrom a import (\n    b,\n    c as d,\n)\nimport e.f as g\n    def h(self):\nclass K(nn.Module):\ny = "import z"\n';
  const decl = declarationsOf(src);
  assert.deepEqual(bindingOf(decl, 'd'), { kind: 'module', module: 'a.c' });
  assert.deepEqual(bindingOf(decl, 'g'), { kind: 'module', module: 'e.f' });
  assert.deepEqual(bindingOf(decl, 'h'), { kind: 'local' });
  assert.deepEqual(bindingOf(decl, 'K'), { kind: 'local' });
  assert.equal(bindingOf(decl, 'z'), undefined);
});
