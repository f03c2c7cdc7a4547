// The official ResNeSt layout's constructs: sequence slicing (`x.shape[:2]`), Python's sum() of
// tensors, torch.nn.modules.utils._pair, and rSoftMax's view → transpose → softmax → reshape,
// which becomes the graph's rsoftmax node. The grouped view is usable only along that path:
// anything else on it is reported with its line, never computed on a shape it does not have.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { PyUnsupportedError, buildTarget, loadModule } from '../../../models/python';

const header = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.nn.modules.utils import _pair\n';
const build = (body: string) => buildTarget(loadModule({ name: 'model.py', text: header + body }), 'Net', new Map(), [8, 8]);

const gate = (forward: string) => `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=_pair(1))
        self.fc = nn.Conv2d(4, 8, 1)
    def forward(self, x):
        x = self.conv(x)
        batch, rchannel = x.shape[:2]
        splits = torch.split(x, rchannel // 2, dim=1)
        gap = F.adaptive_avg_pool2d(sum(splits), 1)
        atten = self.fc(gap)
${forward}`;

test('split attention in the official layout builds: slices, sum() of splits, _pair, rSoftMax', () => {
  const m = build(gate(`        atten = atten.view(batch, 1, 2, -1).transpose(1, 2)
        atten = F.softmax(atten, dim=1).reshape(batch, -1).view(batch, -1, 1, 1)
        a = torch.split(atten, rchannel // 2, dim=1)
        return sum([w * s for (w, s) in zip(a, splits)])
`));
  assert.equal(m.params, 8 * 3 * 9 + 8 + (8 * 4 + 8));
  const a = m.analysis;
  assert.ok(a, m.forwardError?.short);
  const ops = a.graph.nodes.map((n) => n.attrs.op);
  assert.equal(ops.filter((o) => o === 'rsoftmax').length, 1);
  const rs = a.graph.nodes.find((n) => n.attrs.op === 'rsoftmax')!;
  assert.deepEqual(rs.attrs, { op: 'rsoftmax', radix: 2, cardinality: 1 });
  assert.deepEqual(a.featureShape.slice(0, 1), [4]);
});

for (const [what, forward, why] of [
  ['a conv on the grouped view', '        return self.fc(atten.view(batch, 1, 2, -1))\n', /calls nn\.Conv2d with arguments other than one tensor/],
  ['a softmax over another dim', '        return F.softmax(atten.view(batch, 1, 2, -1).transpose(1, 2), dim=2)\n', /rSoftMax pattern/],
  ['a reshape before the softmax', '        return atten.view(batch, 1, 2, -1).reshape(batch, -1)\n', /only rSoftMax's transpose/],
] as const) {
  test(`the grouped view is reported, not computed: ${what}`, () => {
    const m = build(gate(forward));
    assert.equal(m.analysis, undefined);
    assert.ok(m.forwardError, 'the forward is reported');
    assert.match(m.forwardError.short, why);
    assert.ok(m.forwardError.line !== undefined && m.forwardError.line > 0);
  });
}

test('slices follow Python: negative bounds, steps, empty results', () => {
  const m = buildTarget(
    loadModule({ name: 'model.py', text: `${header}sizes = [8, 16, 32, 64]\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Conv2d(3, sum(sizes[1:]), 1)\n        self.b = nn.Conv2d(3, sizes[-1:][0] + len(sizes[5:]), 1)\n        self.c = nn.Conv2d(3, sizes[::-1][0] + sizes[::2][1], 1)\n    def forward(self, x):\n        return self.a(x)\n` }),
    'Net',
    new Map(),
    [8, 8],
  );
  assert.equal(m.params, (3 * 112 + 112) + (3 * 64 + 64) + (3 * 96 + 96));
  const zeroStep = `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Conv2d(3, [1, 2][::0][0], 1)\n    def forward(self, x):\n        return self.a(x)\n`;
  assert.throws(() => build(zeroStep), (e: unknown) => e instanceof PyUnsupportedError && /slice step of zero/.test(e.why));
});
