// The Backbone Lens view's catalogue section, its filter, the recent-run record and the "ago" labels.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { presets } from '../../../models';
import { parseRecentRun } from '../../../extension/classify/recentRun';
import { catalogue, matchesFilter } from '../../../extension/view/catalogue';
import { presetSummary } from '../../../extension/inspect/presetItems';
import { ago } from '../../../extension/view/nodes';

test('unfiltered, the catalogue lists every preset once, under its own family, in zoo order', () => {
  const families = catalogue();
  const ids = families.flatMap((f) => f.presets.map((p) => p.id));
  assert.equal(ids.length, presets.length);
  assert.equal(new Set(ids).size, presets.length);
  for (const f of families) {
    assert.deepEqual(f.presets.map((p) => p.id), presets.filter((p) => p.family === f.family).map((p) => p.id), f.family);
    assert.match(f.label, new RegExp(`\\(${f.presets.length}\\)$`));
  }
});

test('a filter matches the id, the engine\'s numbers and the description, every word, any case', () => {
  const only = (filter: string): string[] => catalogue(filter).flatMap((f) => f.presets.map((p) => p.id));
  assert.ok(only('RESNEXT50').includes('resnext50_32x4d'));
  assert.ok(only('resnext50').every((id) => id.includes('resnext50')));
  // resnet50's params as the summary prints them: found by its number.
  const params = /([\d.]+ M) params/.exec(presetSummary('resnet50'))![1];
  assert.ok(only(params).includes('resnet50'), `"${params}" finds resnet50`);
  assert.ok(only('densenet torchvision').every((id) => id.startsWith('densenet')));
  assert.deepEqual(only('no-such-backbone'), []);
  const filtered = catalogue('densenet');
  assert.deepEqual(filtered.map((f) => f.family), ['densenet']);
  assert.match(filtered[0].label, /^DenseNet \(\d+ of \d+\)$/);
});

test('matchesFilter requires every word', () => {
  const p = { id: 'resnet50', summary: 'depth 50 · 25.56 M params · 4.09 G MACs', detail: 'ResNet-50 · torchvision and timm' };
  assert.equal(matchesFilter(p, 'resnet 25.56'), true);
  assert.equal(matchesFilter(p, 'resnet densenet'), false);
  assert.equal(matchesFilter(p, '  '), true);
});

test('a stored recent run is read back only when every field is well-formed', () => {
  const good = { label: 'photos', model: 'resnet50', paths: ['/w/photos'], classified: 3, errors: 0, state: 'done', untrained: false, provider: 'cpu', finishedAt: 1_700_000_000_000 };
  assert.deepEqual(parseRecentRun(good), good);
  for (const bad of [null, 'x', { ...good, paths: [] }, { ...good, paths: [1] }, { ...good, state: 'running' }, { ...good, classified: -1 }, { ...good, classified: 1.5 }, { ...good, provider: 3 }, { ...good, finishedAt: Number.NaN }, { ...good, untrained: 'no' }]) {
    assert.equal(parseRecentRun(bad), undefined, JSON.stringify(bad));
  }
});

test('how long ago a run ended', () => {
  const now = 10_000_000_000;
  assert.equal(ago(now - 5_000, now), 'just now');
  assert.equal(ago(now - 3 * 60_000, now), '3 min ago');
  assert.equal(ago(now - 2 * 3_600_000, now), '2 h ago');
  assert.equal(ago(now - 5 * 86_400_000, now), '5 d ago');
  assert.equal(ago(now + 60_000, now), 'just now');
});
