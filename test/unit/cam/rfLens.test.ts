// The receptive-field lens (Inspect → "Show receptive field on an image…"): what the host sends
// for a node (the engine's boxes), and both sides' message validators.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lensData } from '../../../extension/inspect/rfLensData';
import { inspectHostServes } from '../../../shared/protocol/inspect';
import { accepted } from '../shared/protocolCheck';

const parseWebviewMessage = (m: unknown): unknown => accepted(inspectHostServes, m);
import { lensHostAnswers, lensHostServes } from '../../../shared/protocol/rfLens';
import { parseOrUndefined } from '../../../shared/validate';
import { analyzeSpec, resolveId } from '../../../models';

describe('receptive-field lens', () => {
  it('resnet50 layer3 at 224: the 14 × 14 grid with the engine boxes (rf --node layer3)', () => {
    const spec = resolveId('resnet50');
    const l = lensData(spec.id, analyzeSpec(spec), 'layer3', 'https://x/img.png', 'img.png');
    assert.ok(typeof l !== 'string' && !l.field.global);
    assert.equal(l.node, 'layer3.5.act3');
    assert.deepEqual(l.grid, [14, 14]);
    assert.equal(l.field.cells.length, 196);
    assert.deepEqual(l.field.cells[7 * 14 + 7], { box: [-21, -21, 246, 246], smallest: [107, 107, 118, 118] });
    assert.deepEqual(parseOrUndefined(lensHostAnswers.results.lens, l), l);
  });
  it('a gated node is global with the reason; an unknown path says so', () => {
    const spec = resolveId('resnest50d');
    const a = analyzeSpec(spec);
    const l = lensData(spec.id, a, 'layer2', 'u', 'n');
    assert.ok(typeof l !== 'string' && l.field.global && /global-context gate/.test(l.field.reason));
    assert.equal(lensData(spec.id, a, 'layer9', 'u', 'n'), 'resnest50d has no node or group "layer9"');
  });
  it('validators: only well-formed messages pass, on both sides', () => {
    const size = lensHostServes.requests.geometry;
    assert.deepEqual(parseOrUndefined(size, { width: 90, height: 75 }), { width: 90, height: 75 });
    for (const bad of [{ width: 0, height: 75 }, { width: 1.5, height: 75 }, { width: 90 }, { width: 1 << 17, height: 1 }, null, 'imageSize']) assert.equal(parseOrUndefined(size, bad), undefined, JSON.stringify(bad));
    const geometry = { image: [90, 75], resized: [81, 68], left: 10, top: 4, input: [60, 60] };
    assert.deepEqual(parseOrUndefined(lensHostAnswers.results.geometry, geometry), geometry);
    assert.equal(parseOrUndefined(lensHostAnswers.results.geometry, { ...geometry, left: 'x' }), undefined);
    assert.equal(parseOrUndefined(lensHostAnswers.results.geometry, { ...geometry, input: [60] }), undefined);
    const spec = resolveId('resnet18');
    const l = lensData(spec.id, analyzeSpec(spec), 'layer4', 'u', 'n');
    assert.ok(typeof l !== 'string' && !l.field.global);
    assert.equal(parseOrUndefined(lensHostAnswers.results.lens, { ...l, field: { ...l.field, cells: l.field.cells.slice(1) } }), undefined);
    assert.equal(parseOrUndefined(lensHostAnswers.results.lens, { ...l, field: { ...l.field, cells: [{ box: [0, 0, 1], smallest: [0, 0, 1, 1] }] } }), undefined);
    assert.equal(parseOrUndefined(lensHostAnswers.results.lens, { ...l, imageUri: 7 }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'showReceptiveField', slot: 'main', path: 'layer3' }), { type: 'showReceptiveField', slot: 'main', path: 'layer3' });
    assert.equal(parseWebviewMessage({ type: 'showReceptiveField', slot: 'side', path: 'layer3' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'showReceptiveField', slot: 'main', path: '' }), undefined);
  });
});
