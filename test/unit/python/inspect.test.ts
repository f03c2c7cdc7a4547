// Inspect Model on the user's Python: which definitions get a CodeLens, and the diagram data the
// panel receives (the same graph and numbers as the hover and the CLI).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../../extension/inspect/modelData';
import { inspectableClasses } from '../../../extension/inspect/pythonLenses';
import { repoRoot } from '../fixturePaths';

const folder = join(repoRoot, 'test', 'fixtures', 'python');
const oracle = JSON.parse(readFileSync(join(folder, 'oracle.json'), 'utf8')) as { models: Array<{ file: string; target: string; args: object; params: number; forward: { macs: number } }> };

test('a lens above each class that builds with its defaults and each factory that builds without arguments', () => {
  const text = readFileSync(join(folder, 'seed_reid_resnet.py'), 'utf8');
  const lenses = inspectableClasses(text, 'seed_reid_resnet.py');
  assert.deepEqual(lenses.map((l) => l.name), ['ResNet', 'resnet18', 'resnet101'], 'BasicBlock/Bottleneck need arguments; resnet50 needs last_stride');
  assert.equal(text.split('\n')[lenses[0].line - 1], 'class ResNet(nn.Module):');
  const cifar = inspectableClasses(readFileSync(join(folder, 'cifar_resnet.py'), 'utf8'), 'cifar_resnet.py');
  assert.deepEqual(cifar.map((l) => l.name), ['ResNet18', 'ResNet34', 'ResNet50', 'ResNet101'], 'ResNet and its blocks need arguments');
});

test('the panel gets the graph of a factory at the file\'s input size, and the line that stops a forward', async () => {
  const uri = 'file:///w/cifar_resnet.py';
  const read = async () => readFileSync(join(folder, 'cifar_resnet.py'), 'utf8');
  const r = await resolveConfig({ source: { kind: 'python', uri, target: 'ResNet18', label: 'cifar_resnet.py' } }, read);
  const o = oracle.models.find((m) => m.file === 'cifar_resnet.py' && m.target === 'ResNet18')!;
  assert.equal(r.data.totals.params, o.params);
  assert.equal(r.data.totals.macs, o.forward.macs);
  assert.deepEqual(r.data.input, [32, 32]);
  assert.ok(r.data.groups.some((g) => g.path === 'layer2.1' && g.kind === 'block'));
  assert.ok(r.data.nodes.some((n) => n.path === 'layer2.0.shortcut.0' && n.attrs.op === 'conv'));
  await assert.rejects(
    resolveConfig({ source: { kind: 'python', uri, target: 'ResNet18', label: 'cifar_resnet.py' }, input: [224, 224] }, read),
    /cifar_resnet\.py: the diagram of `ResNet18` needs its forward, and line 102: .*fits another input size.* 11,173,962 parameters are exact/,
  );
});

test('the protocol carries a Python source and the diagram → source selection, and nothing malformed', async () => {
  const { inspectHostServes, parseModelConfig } = await import('../../../shared/protocol/inspect');
  const { accepted } = await import('../shared/protocolCheck');
  const parseWebviewMessage = (m: unknown): unknown => accepted(inspectHostServes, m);
  const source = { kind: 'python', uri: 'file:///w/m.py', target: 'ResNet18', label: 'm.py' };
  assert.deepEqual(parseModelConfig({ source }), { source });
  assert.equal(parseModelConfig({ source: { ...source, target: 'x; rm -rf' } }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'selected', path: 'layer1.0.conv1' }), { type: 'selected', path: 'layer1.0.conv1' });
  assert.equal(parseWebviewMessage({ type: 'selected', path: 1 }), undefined);
});

test('the diagram data maps every module to the line that builds it', async () => {
  const read = async () => readFileSync(join(folder, 'cifar_resnet.py'), 'utf8');
  const r = await resolveConfig({ source: { kind: 'python', uri: 'file:///w/cifar_resnet.py', target: 'ResNet18', label: 'cifar_resnet.py' } }, read);
  const lines = r.data.sourceLines!;
  const text = readFileSync(join(folder, 'cifar_resnet.py'), 'utf8').split('\n');
  assert.match(text[lines['layer1.0.conv1'] - 1], /self\.conv1 = nn\.Conv2d\($/);
  assert.match(text[lines['layer1.0'] - 1], /^class BasicBlock\(nn\.Module\):/);
  assert.match(text[lines.linear - 1], /self\.linear = nn\.Linear/);
});

test('the class hover links to the diagram of that class', async () => {
  const { computeHover } = await import('../../../extension/hover/hoverLogic');
  const text = readFileSync(join(folder, 'seed_reid_resnet.py'), 'utf8');
  const h = computeHover({ languageId: 'python', fileName: '/w/seed_reid_resnet.py', uri: 'file:///w/seed_reid_resnet.py', text }, text.indexOf('class ResNet') + 7);
  const m = /\(command:backboneLens\.inspectModel\?([^ )]+)/.exec(h?.markdown ?? '');
  assert.ok(m);
  assert.deepEqual(JSON.parse(decodeURIComponent(m[1])), [{ model: 'file:///w/seed_reid_resnet.py', python: 'ResNet' }]);
});
