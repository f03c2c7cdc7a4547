// Python hovers on the fixture test/workspace/hover/models.py: numbers equal the engine's,
// and code we cannot understand gets no hover or a partial one, never a wrong number.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, resolveId, withOverrides } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { inspectArg, num, pyHover, row } from './helpers';

const py = readFileSync(join(repoRoot, 'test', 'workspace', 'hover', 'models.py'), 'utf8');
const totals = (id: string, sets: Record<string, unknown> = {}) => analyzeSpec(withOverrides(resolveId(id), sets));

test('resnet50( shows the preset totals; pretrained= changes nothing', () => {
  const h = pyHover(py, 'resnet50(pretrained');
  assert.ok(h);
  assert.equal(py.slice(h.start, h.end), 'resnet50');
  const a = totals('resnet50');
  assert.equal(num(row(h.markdown, 'Params')?.[0]), 25_557_032);
  assert.equal(num(row(h.markdown, 'Params')?.[0]), a.total.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), a.total.macs);
  assert.equal(num(row(h.markdown, 'Depth')?.[0]), 50);
  assert.match(row(h.markdown, 'Receptive field')?.[0] ?? '', /^427 px/);
  assert.deepEqual(inspectArg(h.markdown), { model: 'resnet50' });
  assert.ok(!/FLOPs/.test(row(h.markdown, 'MACs (one image)')?.[0] ?? ''));
});

test('a literal num_classes= changes the params', () => {
  for (const needle of ['models.resnext50', 'resnext50_32x4d(']) {
    const h = pyHover(py, needle);
    assert.ok(h, needle);
    assert.equal(num(row(h.markdown, 'Params')?.[0]), totals('resnext50_32x4d', { num_classes: 10 }).total.params);
    assert.notEqual(num(row(h.markdown, 'Params')?.[0]), totals('resnext50_32x4d').total.params);
    assert.deepEqual(inspectArg(h.markdown), { model: 'resnext50_32x4d', overrides: { num_classes: 10 } });
  }
});

test('torchvision.models.densenet121( and timm.create_model("resnest50d" (name or string)', () => {
  assert.equal(num(row(pyHover(py, 'densenet121')!.markdown, 'Params')?.[0]), totals('densenet121').total.params);
  for (const needle of ['timm.create_model("resnest', 'create_model("resnest', '"resnest50d"']) {
    const h = pyHover(py, needle);
    assert.ok(h, needle);
    assert.equal(num(row(h.markdown, 'Params')?.[0]), totals('resnest50d').total.params, needle);
    assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), totals('resnest50d').total.macs, needle);
  }
});

test('a variable num_classes= gives the backbone without its classifier, labelled so', () => {
  const h = pyHover(py, "create_model('seresnet50'");
  assert.ok(h);
  const a = totals('seresnet50');
  const head = a.graph.groups.find((g) => g.kind === 'head')!;
  assert.equal(num(row(h.markdown, 'Params')?.[0]), a.total.params - a.groups[head.id].params);
  assert.match(h.markdown, /without classifier/);
  assert.match(h.markdown, /`num_classes=num_ids` is not a literal/);
});

test('a ResNet imported from elsewhere than torchvision never gets torchvision\'s numbers', () => {
  // models.py: `from reid.backbones import Bottleneck, ResNet` — the user's own class.
  assert.equal(pyHover(py, 'ResNet(last_stride'), undefined);
  const local = 'class ResNet(nn.Module):\n    def __init__(self, block, num_blocks, num_classes=10):\n        pass\n\nm = ResNet(BasicBlock, [2, 2, 2, 2])\n';
  assert.equal(pyHover(local, 'ResNet(Basic'), undefined, 'a file-local class ResNet');
  assert.equal(pyHover(`from .resnet_cifar import ResNet\n${local.split('\n\n')[1]}`, 'ResNet(Basic'), undefined, 'a relative import');
  assert.equal(pyHover('from mylib import *\nm = ResNet(BasicBlock, [2, 2, 2, 2])', 'ResNet('), undefined, 'a star import');
  assert.equal(pyHover('class BasicBlock(nn.Module):\n    pass\nm = ResNet(BasicBlock, [2, 2, 2, 2])', 'ResNet('), undefined, "the file's own block class");
  assert.equal(pyHover('m = ResNet(last_stride=1, block=Bottleneck, layers=[3, 4, 6, 3])', 'ResNet'), undefined, 'last_stride is not a parameter of torchvision\'s ResNet');
});

test("torchvision's ResNet(block, layers, …), imported or unqualified, is that torchvision model", () => {
  const h = pyHover('m = ResNet(block=BasicBlock, layers=[2, 2, 2, 2])', 'ResNet');
  assert.ok(h);
  assert.equal(num(row(h.markdown, 'Params')?.[0]), totals('resnet18').total.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), totals('resnet18').total.macs);
  const tv = pyHover('from torchvision import models\nm = models.ResNet(BasicBlock, [2, 2, 2, 2], num_classes=10)', 'ResNet');
  assert.equal(num(row(tv!.markdown, 'Params')?.[0]), totals('resnet18', { num_classes: 10 }).total.params);
  assert.equal(num(row(tv!.markdown, 'MACs (one image)')?.[0]), totals('resnet18', { num_classes: 10 }).total.macs);
  const imported = pyHover('from torchvision.models.resnet import ResNet, Bottleneck\nm = ResNet(Bottleneck, [3, 4, 6, 3])', 'ResNet(');
  assert.equal(num(row(imported!.markdown, 'Params')?.[0]), 25_557_032);
});

test('nn.Conv2d with literal keyword or positional arguments: params, MACs per output pixel, RF step', () => {
  const stem = pyHover(py, 'nn.Conv2d(3, 64');
  assert.ok(stem);
  assert.equal(py.slice(stem.start, stem.end), 'nn.Conv2d');
  assert.equal(num(row(stem.markdown, 'Params')?.[0]), 64 * 3 * 7 * 7);
  assert.equal(num(row(stem.markdown, 'MACs per output pixel')?.[0]), 64 * 3 * 7 * 7);
  assert.match(row(stem.markdown, 'Receptive field step')?.[0] ?? '', /r ← r \+ 6·j, j ← 2·j/);
  const grouped = pyHover(py, 'Conv2d(256');
  assert.ok(grouped);
  assert.equal(num(row(grouped.markdown, 'Params')?.[0]), 256 * (256 / 32) * 9 + 256);
  assert.match(row(grouped.markdown, 'Params')?.[0] ?? '', /256 × \(256 \/ 32\) × 3 × 3 weight \+ 256 bias/);
  assert.equal(num(row(grouped.markdown, 'MACs per output pixel')?.[0]), 256 * (256 / 32) * 9);
});

test('a conv with variable channels shows the formula and the RF step, no channel-dependent number', () => {
  const h = pyHover(py, 'Conv2d(inplanes');
  assert.ok(h);
  const params = row(h.markdown, 'Params')?.[0] ?? '';
  assert.ok(!/\d{2,}/.test(params), `no number: ${params}`);
  assert.match(params, /`planes` × `inplanes` × 1 × 1/);
  assert.match(row(h.markdown, 'Receptive field step')?.[0] ?? '', /r ← r \+ 0·j, j ← 1·j/);
});

test('nn.Linear and nn.BatchNorm2d', () => {
  const fc = pyHover(py, 'nn.Linear');
  assert.equal(num(row(fc!.markdown, 'Params')?.[0]), 2048 * 751 + 751);
  assert.equal(num(row(fc!.markdown, 'MACs per sample')?.[0]), 2048 * 751);
  const bn = pyHover(py, 'BatchNorm2d(64');
  assert.equal(num(row(bn!.markdown, 'Params')?.[0]), 128);
  assert.equal(num(row(bn!.markdown, 'MACs per output pixel')?.[0]), 0);
  assert.equal(pyHover('nn.BatchNorm2d(64, affine=False)', 'Batch'), undefined);
});

test('nothing is shown where nothing is known', () => {
  for (const needle of ['create_model(model_name_variable', 'model_name_variable', 'my_backbone', 'build_resnet50', 'resnet101(num_classes=', 'import timm', 'from timm']) {
    assert.equal(pyHover(py, needle), undefined, needle);
  }
  const none = (src: string, needle: string) => assert.equal(pyHover(src, needle), undefined, src);
  none('m = resnet50(**cfg)', 'resnet50');
  none('m = resnet50(replace_stride_with_dilation=[False, True, True])', 'resnet50');
  none('m = resnet50(num_classes=10.5)', 'resnet50');
  none('m = timm.create_model("vit_base_patch16_224")', 'create_model');
  none('m = timm.create_model(f"resnet{depth}")', 'create_model');
  none('m = nn.Conv2d(3, 64, kernel_size=3, groups=5)', 'Conv2d');
  none('m = nn.Conv2d(3, 64)', 'Conv2d');
  none('m = nn.Conv2d(3, 64, kernel_size=3, foo=1)', 'Conv2d');
  none('m = ResNet(block=MyBlock, layers=[3, 4, 6, 3])', 'ResNet');
  none('m = ResNet(block=Bottleneck, layers=[3, 4, n, 3], last_stride=1)', 'ResNet');
  none('m = self.backbone.resnet50()', 'resnet50');
  none('m = get_models().resnet50()', 'resnet50');
  none('m = resnet50(', 'resnet50');
  none('m = resnet50(num_classes=10', 'resnet50');
  none('def resnet50(pretrained=False):', 'resnet50');
});

test('a timm name with a pretrained tag is the same architecture', () => {
  const h = pyHover("m = timm.create_model('resnet50.a1_in1k', pretrained=True)", 'create_model');
  assert.equal(num(row(h!.markdown, 'Params')?.[0]), 25_557_032);
});

test('in a long file, after a long docstring, the hover reads the call the same', () => {
  const filler = Array.from({ length: 2000 }, (_, i) => `def step_${i}(x):\n    return x * ${i}  # "quoted" 'text'\n`).join('');
  const docstring = `"""\n${'resnet50(num_classes=3)\n'.repeat(200)}"""\n`;
  const big = filler + docstring + py;
  const h = pyHover(big, 'resnet50(pretrained');
  assert.equal(num(row(h!.markdown, 'Params')?.[0]), 25_557_032);
  assert.equal(big.slice(h!.start, h!.end), 'resnet50');
  // Code inside the docstring is text, not a call.
  assert.equal(pyHover(big, 'resnet50(num_classes=3)', 1, 150), undefined);
  // Arguments running past the tokenized window count as a call left open.
  const long = `m = resnet50(num_classes=10, ${'pretrained=False, '.repeat(2000)})`;
  assert.equal(pyHover(long, 'resnet50'), undefined);
});

test("the seed-style fixture: neither the file's own class nor its shadowing factory gets a library's numbers", () => {
  const seed = readFileSync(join(repoRoot, 'test', 'workspace', 'hover', 'seed_style.py'), 'utf8');
  assert.equal(pyHover(seed, 'ResNet(last_stride=1, block'), undefined);
  assert.equal(pyHover(seed, 'resnet50(1)'), undefined);
  assert.equal(pyHover(seed, 'class ResNet', 7), undefined);
  const conv2 = pyHover(seed, 'Conv2d(planes, planes, kernel_size=3');
  assert.ok(conv2);
  assert.equal(row(conv2.markdown, 'Receptive field step'), undefined);
  assert.match(row(conv2.markdown, 'Params')?.[0] ?? '', /`planes` × `planes` × 3 × 3 weight, no bias/);
  assert.equal(num(row(pyHover(seed, 'Conv2d(3, 64')!.markdown, 'Params')?.[0]), 9408);
});
