// Hovers on the user's own classes and factories: the interpreter's numbers, equal to PyTorch's
// (test/fixtures/python/oracle.json); a local class never gets a library's numbers.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, resolveId } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { num, pyHover, row } from './helpers';

const folder = join(repoRoot, 'test', 'fixtures', 'python');
const oracle = JSON.parse(readFileSync(join(folder, 'oracle.json'), 'utf8')) as { models: Array<{ file: string; target: string; args: object; params: number; forward: { macs?: number } }> };
const expected = (file: string, target: string) => oracle.models.find((m) => m.file === file && m.target === target && Object.keys(m.args).length === 0)!;
const source = (file: string) => readFileSync(join(folder, file), 'utf8');

test('a module-level instantiation through a factory (`net = ResNet18()`) at the file\'s input size', () => {
  const h = pyHover(source('cifar_resnet.py'), 'ResNet18()', 1, 1);
  assert.ok(h);
  const o = expected('cifar_resnet.py', 'ResNet18');
  assert.equal(num(row(h.markdown, 'Params')?.[0]), o.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), o.forward.macs);
  assert.equal(row(h.markdown, 'Feature map')?.[0], '512×4×4');
  assert.match(h.markdown, /input 3×32×32 px/);
});

test("a file-local CIFAR ResNet(BasicBlock, [2, 2, 2, 2]) is not torchvision's resnet18", () => {
  const src = `${source('cifar_resnet.py')}\nmodel = ResNet(BasicBlock, [2, 2, 2, 2])\n`;
  const h = pyHover(src, 'ResNet(BasicBlock, [2, 2, 2, 2])');
  assert.ok(h);
  assert.equal(num(row(h.markdown, 'Params')?.[0]), expected('cifar_resnet.py', 'ResNet18').params);
  assert.notEqual(num(row(h.markdown, 'Params')?.[0]), analyzeSpec(resolveId('resnet18')).total.params);
});

test('a factory call inside the file, `class X(nn.Module)` with defaults, and the reason when forward is unknown', () => {
  const reid = source('seed_reid_resnet.py');
  const cls = pyHover(reid, 'class ResNet', 7);
  assert.equal(num(row(cls!.markdown, 'Params')?.[0]), expected('seed_reid_resnet.py', 'ResNet').params);
  assert.equal(num(row(cls!.markdown, 'MACs (one image)')?.[0]), expected('seed_reid_resnet.py', 'ResNet').forward.macs);
  assert.equal(row(cls!.markdown, 'Feature map')?.[0], '2048×14×14', 'last_stride=1 keeps stride 16');
  const needsArgs = pyHover(reid, 'class BasicBlock', 7);
  assert.match(needsArgs!.markdown, /`BasicBlock\(\)` needs `inplanes`/);
  assert.equal(row(needsArgs!.markdown, 'Params'), undefined);
  const nl = `${source('reid_ibn_se_nonlocal.py')}\nm = build_model_nl()\n`;
  const h = pyHover(nl, 'm = build_model_nl()', 5);
  assert.ok(h);
  assert.equal(row(h.markdown, 'MACs (one image)'), undefined);
  assert.match(h.markdown, /unknown, because line 59: `self\.g\(x\)\.view` cannot be followed: view\(1, 256, -1\)/);
  assert.match(h.markdown, /\(in `base\.NL_2\.0`\)/);
});

test('no interpreter hover where the callee is not the file\'s own model code', () => {
  const src = `${source('cifar_resnet.py')}\nx = torch.randn(1, 3, 32, 32)\n`;
  assert.equal(pyHover(src, 'randn'), undefined);
  assert.equal(pyHover(src, 'print(y.size'), undefined);
  // Inside a def, a call whose arguments are the function's parameters says nothing on its own.
  assert.equal(pyHover(source('cifar_resnet.py'), 'block(self.in_planes'), undefined);
});

test('a class imported from another file of the workspace is read there (relative and absolute imports)', async () => {
  const { computeHover } = await import('../../../extension/hover/hoverLogic');
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const root = join(folder, 'project').split('\\').join('/');
  const file = `${root}/train.py`;
  const text = read(file)!;
  const h = computeHover({ languageId: 'python', fileName: file, uri: `file://${file}`, text, workspace: { root, read } }, text.indexOf('Baseline(num_classes') + 2);
  const o = oracle.models.find((m) => m.file === 'project/train.py' && m.target === 'model')!;
  assert.ok(h);
  assert.equal(num(row(h.markdown, 'Params')?.[0]), o.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), o.forward.macs);
  assert.match(h.markdown, /class Baseline of baseline\.py, line 8/);
  // Without the workspace the import is not followed: no numbers.
  assert.equal(computeHover({ languageId: 'python', fileName: file, uri: `file://${file}`, text }, text.indexOf('Baseline(num_classes') + 2), undefined);
});
