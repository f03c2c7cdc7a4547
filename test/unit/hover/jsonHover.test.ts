// Variant-file hovers on test/workspace/hover/*.backbone.json: numbers equal the engine's.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, resolveId, resolveVariant } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { computeHover } from '../../../extension/hover/hoverLogic';
import { inspectArg, jsonHover, num, row, VARIANT_URI } from './helpers';

const dir = join(repoRoot, 'test', 'workspace', 'hover');
const reid = readFileSync(join(dir, 'reid.backbone.json'), 'utf8');
const dense = readFileSync(join(dir, 'dense.backbone.json'), 'utf8');
const analysisOf = (text: string) => analyzeSpec(resolveVariant(JSON.parse(text)));

test('extends (key or value) shows the variant beside its base preset', () => {
  const a = analysisOf(reid);
  for (const needle of ['"extends"', '"resnet50"']) {
    const h = jsonHover(reid, needle);
    assert.ok(h, needle);
    assert.equal(reid.slice(h.start, h.end), needle);
    const params = row(h.markdown, 'Params')!;
    assert.equal(num(params[0]), a.total.params);
    assert.equal(num(params[1]), 25_557_032);
    assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), a.total.macs);
    assert.deepEqual(inspectArg(h.markdown), { model: VARIANT_URI });
    // layers restates resnet50's value: not listed as a change.
    assert.match(h.markdown, /changes `last_stride`, `num_classes` of `resnet50`/);
  }
});

test('an entry of layers / block_config shows that stage', () => {
  const a = analysisOf(reid);
  const h = jsonHover(reid, '6, 3]', 0);
  assert.ok(h);
  assert.equal(reid.slice(h.start, h.end), '6');
  const layer3 = a.graph.groups.find((g) => g.path === 'layer3')!;
  assert.equal(num(row(h.markdown, 'Blocks')?.[0]), 6);
  assert.equal(num(row(h.markdown, 'Params')?.[0]), a.groups[layer3.id].params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')?.[0]), a.groups[layer3.id].macs);
  assert.equal(row(h.markdown, 'Output')?.[0], a.groups[layer3.id].shape.join('×'));
  assert.equal(num(row(h.markdown, 'Receptive field at its end')?.[0]), a.groups[layer3.id].rf.size);
  assert.deepEqual(inspectArg(h.markdown), { model: VARIANT_URI, path: 'layer3' });

  const d = analysisOf(dense);
  const h2 = jsonHover(dense, '36', 0);
  const block3 = d.graph.groups.find((g) => g.path === 'features.denseblock3')!;
  assert.equal(num(row(h2!.markdown, 'Blocks')?.[0]), 36);
  assert.equal(num(row(h2!.markdown, 'Params')?.[0]), d.groups[block3.id].params);
  assert.deepEqual(inspectArg(h2!.markdown), { model: VARIANT_URI, path: 'features.denseblock3' });
});

test('a knob shows the totals with it and without it (the same file minus that key)', () => {
  const h = jsonHover(reid, '"last_stride"');
  assert.ok(h);
  const withIt = analysisOf(reid);
  const rest = JSON.parse(reid) as Record<string, unknown>;
  delete rest.last_stride;
  const without = analyzeSpec(resolveVariant(rest));
  const macs = row(h.markdown, 'MACs (one image)')!;
  assert.equal(num(macs[0]), withIt.total.macs);
  assert.equal(num(macs[1]), without.total.macs);
  assert.equal(num(macs[2]), withIt.total.macs - without.total.macs);
  assert.equal(row(h.markdown, 'Feature map')?.[1], '2048×7×7');
  // Hovering the value works the same.
  const v = jsonHover(reid, '751', 0);
  assert.equal(num(row(v!.markdown, 'Params')?.[0]), withIt.total.params);
  const noClasses = JSON.parse(reid) as Record<string, unknown>;
  delete noClasses.num_classes;
  assert.equal(num(row(v!.markdown, 'Params')?.[1]), analyzeSpec(resolveVariant(noClasses)).total.params);
  assert.equal(num(row(v!.markdown, 'Params')?.[1]), analyzeSpec(resolveId('resnet50')).total.params);
});

test('no hover on name/description, on invalid JSON, on a variant that does not resolve, or outside variant files', () => {
  assert.equal(jsonHover(reid, '"name"'), undefined);
  assert.equal(jsonHover(reid, '"description"'), undefined);
  assert.equal(jsonHover(reid.replace('[3, 4, 6, 3]', '[3, 4, 6 3]'), '"extends"'), undefined);
  assert.equal(jsonHover(reid.replace('"resnet50"', '"resnet05"'), '"extends"'), undefined);
  assert.equal(jsonHover(reid.replace('"last_stride": 1', '"last_stride": 3'), '"extends"'), undefined);
  assert.equal(jsonHover('{ "extends": "resnet50", "layers": [3, 4, 6, 3] ', '"extends"'), undefined);
  const doc = { languageId: 'json', fileName: '/w/config.json', uri: 'file:///w/config.json', text: reid };
  assert.equal(computeHover(doc, reid.indexOf('"extends"') + 1), undefined);
});
