// Hovers on every name of the zoo, spelled as its libraries spell it: timm.create_model("<name>"),
// timm.models.<name>(…), torchvision.models.<name>(…) — and no torchvision hover for a name that
// only timm builds.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeSpec, presets, resolveId } from '../../../models';
import { num, pyHover, row } from './helpers';

test('timm.create_model("<name>") shows each preset\'s totals (all 94 names)', () => {
  assert.ok(presets.length >= 94, `${presets.length} presets`);
  for (const p of presets) {
    const src = `import timm\nm = timm.create_model("${p.id}", pretrained=True)\n`;
    const h = pyHover(src, 'create_model');
    assert.ok(h, p.id);
    const a = analyzeSpec(resolveId(p.id));
    assert.equal(num(row(h.markdown, 'Params')?.[0]), a.total.params, p.id);
    assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), a.total.macs, p.id);
  }
});

test('timm.create_model("resnet50d") has timm\'s resnet50d numbers', () => {
  const h = pyHover('import timm\nm = timm.create_model("resnet50d")\n', 'create_model');
  assert.ok(h);
  // timm 1.0: sum(p.numel() for p in timm.create_model("resnet50d").parameters()); conv + linear MACs at 224.
  assert.equal(num(row(h.markdown, 'Params')?.[0]), 25_576_264);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), 4_328_824_832);
});

test('timm.models.<name>( and torchvision.models.<name>( hover where that library builds the name', () => {
  for (const [src, needle] of [
    ['import timm\nm = timm.models.resnest200e()\n', 'resnest200e'],
    ['from timm.models import seresnextaa101d_32x8d\nm = seresnextaa101d_32x8d()\n', 'seresnextaa101d_32x8d()'],
    ['import torchvision\nm = torchvision.models.wide_resnet101_2(weights=None)\n', 'wide_resnet101_2'],
    ['from torchvision import models\nm = models.resnext101_64x4d()\n', 'resnext101_64x4d'],
  ] as const) {
    const h = pyHover(src, needle);
    assert.ok(h, src);
  }
  const shared = pyHover('import torchvision\nm = torchvision.models.densenet121()\n', 'densenet121');
  assert.match(shared?.markdown ?? '', /torchvision and timm build the same architecture/);
  for (const [src, needle] of [
    ['import torchvision\nm = torchvision.models.resnet50d()\n', 'resnet50d'],
    ['from torchvision.models import resnest50d\nm = resnest50d()\n', 'resnest50d()'],
    ['from torchvision import models\nm = models.seresnet50()\n', 'seresnet50'],
  ] as const) {
    assert.equal(pyHover(src, needle), undefined, src);
  }
});
