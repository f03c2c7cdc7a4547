// The pages validate what their host sends (shared/protocol/inspectPage.ts): every model the
// host can send — each preset, with knobs changed, at another input size, and a model read from
// Python — passes the page's schema unchanged, so a page never drops a real model; and a model
// with a broken field is refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../../extension/inspect/modelData';
import { presets } from '../../../models';
import { memoryData } from '../../../extension/inspect/cost';
import { inspectHostAnswers } from '../../../shared/protocol/inspect';
import { inspectPageServes } from '../../../shared/protocol/inspectPage';
import { parse } from '../../../shared/validate';
import { repoRoot } from '../fixturePaths';

const noFiles = async (): Promise<string> => {
  throw new Error('no files here');
};
const modelMessage = inspectPageServes.notifications.model;

test('every model the host sends passes the page schema unchanged', async () => {
  const configs = [
    ...presets.map((p) => ({ source: { kind: 'preset' as const, id: p.id } })),
    { source: { kind: 'preset' as const, id: 'resnet50' }, input: [320, 256] as [number, number], knobs: { last_stride: 1 } },
  ];
  for (const config of configs) {
    const r = await resolveConfig(config, noFiles);
    const sent = JSON.parse(JSON.stringify({ slot: 'main', data: r.data, focus: 'layer1' }));
    const got = parse(modelMessage, sent);
    assert.ok(got.ok, `${r.data.id}: ${got.ok ? '' : got.problem}`);
    assert.deepEqual(got.value, sent, r.data.id);
  }
  const folder = join(repoRoot, 'test', 'fixtures', 'python');
  const py = await resolveConfig({ source: { kind: 'python', uri: 'file:///w/cifar_resnet.py', target: 'ResNet18', label: 'cifar_resnet.py' } }, async () => readFileSync(join(folder, 'cifar_resnet.py'), 'utf8'));
  const sent = JSON.parse(JSON.stringify({ slot: 'compare', data: py.data }));
  const got = parse(modelMessage, sent);
  assert.ok(got.ok, got.ok ? '' : got.problem);
  assert.deepEqual(got.value, sent);
});

test('the Memory view\'s answers pass the page schema unchanged', async () => {
  for (const id of ['densenet121', 'resnet50']) {
    const r = await resolveConfig({ source: { kind: 'preset', id } }, noFiles);
    const sent = JSON.parse(JSON.stringify(memoryData(r, { slot: 'main', batch: 8, optimizer: 'adam', budget: '24GiB' })));
    const got = parse(inspectHostAnswers.results.trainMemory, sent);
    assert.ok(got.ok, `${id}: ${got.ok ? '' : got.problem}`);
    assert.deepEqual(got.value, sent, id);
  }
});

test('a model with a broken field is refused, naming it', async () => {
  const r = await resolveConfig({ source: { kind: 'preset', id: 'resnet18' } }, noFiles);
  const good = JSON.parse(JSON.stringify({ slot: 'main', data: r.data }));
  const broken: [string, (m: { data: Record<string, unknown> & { nodes: Record<string, unknown>[]; groups: Record<string, unknown>[] } }) => void, RegExp][] = [
    ['a node with an unknown op', (m) => (m.data.nodes[1].attrs = { op: 'eval' }), /^data\.nodes\.1\.attrs\.op: /],
    ['negative params', (m) => (m.data.nodes[1].params = -1), /^data\.nodes\.1\.params: /],
    ['a fractional MAC count', (m) => (m.data.groups[0].macs = 1.5), /^data\.groups\.0\.macs: /],
    ['an unknown group kind', (m) => (m.data.groups[1].kind = 'layer'), /^data\.groups\.1\.kind: /],
    ['a source of another kind', (m) => (m.data.source = { kind: 'url', id: 'x' }), /^data\.source\.kind: /],
    ['no totals', (m) => delete m.data.totals, /^data\.totals: /],
  ];
  for (const [what, edit, problem] of broken) {
    const m = structuredClone(good);
    edit(m);
    const got = parse(modelMessage, m);
    assert.equal(got.ok, false, what);
    if (!got.ok) assert.match(got.problem, problem, what);
  }
  assert.equal(parse(modelMessage, { ...good, slot: 'side' }).ok, false);
});
