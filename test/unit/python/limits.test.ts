// Bad input and constructs outside the subset: each is reported with its line and construct, in
// bounded time, never as a number.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MAX_SOURCE_CHARS, PyBudgetError, PySourceError, PyUnsupportedError, buildTarget, fromJson, inputFromMarker, loadModule } from '../../../models/python';

const header = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

function build(body: string, target = 'Net', args: Record<string, unknown> = {}, input: [number, number] = [32, 32]) {
  const mod = loadModule({ name: 'model.py', text: header + body });
  return buildTarget(mod, target, new Map(Object.entries(args).map(([k, v]) => [k, fromJson(v)])), input);
}

const net = (init: string, forward = '        return self.conv(x)\n') => `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${init}    def forward(self, x):\n${forward}`;

test('a runaway loop stops at the step budget with a clear message', () => {
  const t0 = Date.now();
  assert.throws(() => build(net('        n = 0\n        while True:\n            n += 1\n        self.conv = nn.Conv2d(3, 8, 3)\n')), (e: unknown) => e instanceof PyBudgetError && /step budget/.test(e.message) && e.line === 8);
  assert.throws(() => build(net('        for i in range(10**9):\n            pass\n        self.conv = nn.Conv2d(3, 8, 3)\n')), (e: unknown) => e instanceof PyUnsupportedError && /1,000,000,000 values/.test(e.why));
  assert.ok(Date.now() - t0 < 20_000, 'bounded time');
});

test('deep recursion stops at the recursion limit', () => {
  const src = `def f(n):\n    return f(n + 1)\n\n${net('        self.conv = nn.Conv2d(3, f(0), 3)\n')}`;
  assert.throws(() => build(src), (e: unknown) => e instanceof PyBudgetError && /recursion/.test(e.why));
});

test('syntax errors and half-typed code are reported, not guessed', () => {
  assert.throws(() => build(net('        self.conv = nn.Conv2d(3, 8,\n')), PyUnsupportedError);
  assert.throws(() => build(net('        self.conv = nn.Conv2d(3, 8, 3) +* 2\n')), (e: unknown) => e instanceof PyUnsupportedError && e.line === 7);
});

test('binary files and files over the size limit are refused by name', () => {
  assert.throws(() => loadModule({ name: 'weights.py', text: 'PK\u0003\u0004\u0000\u0000garbage' }), (e: unknown) => e instanceof PySourceError && /weights\.py/.test(e.message) && /NUL/.test(e.message));
  assert.throws(() => loadModule({ name: 'big.py', text: '#'.repeat(MAX_SOURCE_CHARS + 1) }), (e: unknown) => e instanceof PySourceError && /over the/.test(e.message));
});

test('an op outside the layer graph: forward unknown with its line; parameters stay exact', () => {
  const m = build(net('        self.conv = nn.Conv2d(3, 8, 3)\n        self.act = nn.GELU()\n', '        x = self.conv(x)\n        x = torch.einsum("nchw->nchw", x)\n        return x\n'));
  assert.equal(m.params, 8 * 3 * 9 + 8);
  assert.equal(m.analysis, undefined);
  assert.equal(m.forwardError?.line, 11);
  assert.equal(m.forwardError?.construct, 'torch.einsum("nchw->nchw", x)');
  assert.match(m.forwardError?.short ?? '', /^line 11: `torch\.einsum\("nchw->nchw", x\)` `torch\.einsum` is not understood/);
  const gelu = build(net('        self.conv = nn.Conv2d(3, 8, 3)\n        self.act = nn.GELU()\n', '        return self.act(self.conv(x))\n'));
  assert.equal(gelu.params, 224);
  assert.match(gelu.forwardError?.why ?? '', /nn\.GELU .* not in the layer graph/);
});

test('a forward that fits another input size says so and where; params stay exact', () => {
  const src = net('        self.conv = nn.Conv2d(3, 8, 3, padding=1)\n        self.fc = nn.Linear(8 * 4 * 4, 10)\n', '        x = F.avg_pool2d(self.conv(x), 8)\n        x = x.view(x.size(0), -1)\n        return self.fc(x)\n');
  const fits = build(src, 'Net', {}, [32, 32]);
  assert.equal(fits.forwardError, undefined);
  assert.equal(fits.analysis?.total.macs, 8 * 27 * 32 * 32 + 128 * 10);
  const wrong = build(src, 'Net', {}, [224, 224]);
  assert.equal(wrong.params, 224 + 1290);
  assert.equal(wrong.forwardError?.line, 12);
  assert.match(wrong.forwardError?.why ?? '', /nn\.Linear\(128, 10\)\) gets a tensor of shape \[1, 6272\]: this forward fits another input size/);
});

test('names the file does not define or import are reported, and so is a star import', () => {
  assert.throws(() => build(net('        self.conv = make_conv(3, 8)\n')), (e: unknown) => e instanceof PyUnsupportedError && e.construct === 'make_conv' && /not defined/.test(e.why));
  assert.throws(() => build(`from .layers import *\n${net('        self.conv = make_conv(3, 8)\n')}`), (e: unknown) => e instanceof PyUnsupportedError && /from \.layers import \*/.test(e.why));
  assert.throws(() => build(`from .layers import make_conv\n${net('        self.conv = make_conv(3, 8)\n')}`), (e: unknown) => e instanceof PyUnsupportedError && /not found in the workspace/.test(e.why));
});

test('a layer PyTorch would refuse to build is refused (groups must divide the channels)', () => {
  assert.throws(() => build(net('        self.conv = nn.Conv2d(6, 8, 3, groups=4)\n')), (e: unknown) => e instanceof PyUnsupportedError && /groups=4 must divide/.test(e.why));
});

test('the input marker', () => {
  assert.deepEqual(inputFromMarker('# backbone-lens: input 32x32\n'), [32, 32]);
  assert.deepEqual(inputFromMarker('x = 1  # backbone-lens: input 256 x 128'), [256, 128]);
  assert.deepEqual(inputFromMarker('# backbone-lens: input 64'), [64, 64]);
  assert.deepEqual(inputFromMarker('# nothing', [320, 320]), [320, 320]);
});
