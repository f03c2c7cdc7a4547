// Item keys: what a selection, a search match and the saved page state name (a group or a layer by
// path), as typed objects. The saved state is untrusted: a page of an older version saved a string.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupKey, nodeKey, savedItemKey } from '../../../webview/inspect/itemKey';
import { EXPORTS, sourceChoices, sourceValue } from '../../../webview/inspect/choices';

describe('item keys', () => {
  it('are objects of a kind and a path', () => {
    assert.deepEqual(groupKey('layer3'), { kind: 'group', path: 'layer3' });
    assert.deepEqual(nodeKey('layer3.0.conv1'), { kind: 'node', path: 'layer3.0.conv1' });
  });
  it('read back from the saved state only when well-formed', () => {
    assert.deepEqual(savedItemKey({ kind: 'node', path: 'fc' }), { kind: 'node', path: 'fc' });
    assert.deepEqual(savedItemKey({ kind: 'group', path: '' }), { kind: 'group', path: '' });
    assert.equal(savedItemKey('g:layer3'), undefined, 'the old string scheme is dropped, not parsed');
    assert.equal(savedItemKey({ kind: 'edge', path: 'x' }), undefined);
    assert.equal(savedItemKey({ kind: 'node', path: 3 }), undefined);
    assert.equal(savedItemKey(null), undefined);
  });
});

describe('toolbar choices carry what they ask for', () => {
  it('the model picker: each option has its source; the value is only the option id', () => {
    const choices = sourceChoices([{ id: 'resnet18', family: 'resnet', description: '' }, { id: 'resnet50', family: 'resnet', description: '' }], { source: { kind: 'file', uri: 'file:///w/a.backbone.json', label: 'a.backbone.json' } });
    assert.deepEqual(choices.map((c) => c.source), [
      { kind: 'file', uri: 'file:///w/a.backbone.json', label: 'a.backbone.json' },
      { kind: 'preset', id: 'resnet18' },
      { kind: 'preset', id: 'resnet50' },
    ]);
    assert.equal(choices[1].value, sourceValue({ kind: 'preset', id: 'resnet18' }));
    assert.equal(new Set(choices.map((c) => c.value)).size, choices.length, 'option ids are unique');
  });
  it('the Export menu: every entry but the placeholder names a format and a target', () => {
    assert.equal(EXPORTS[0].request, undefined);
    for (const e of EXPORTS.slice(1)) assert.ok(e.request && ['svg', 'png', 'markdown', 'csv'].includes(e.request.format) && ['file', 'clipboard'].includes(e.request.target), e.label);
    assert.equal(new Set(EXPORTS.map((e) => e.value)).size, EXPORTS.length);
  });
});
