// Search by path: which items match, and where Enter / Shift+Enter go (cycling, exact match first).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSpec, resolveId } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import { nextMatch, searchMatches } from '../../../webview/inspect/search';

const resnet18 = (() => {
  const spec = resolveId('resnet18');
  return toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id: 'resnet18' } });
})();

describe('search by path', () => {
  it('matches groups then nodes, case-insensitively', () => {
    const keys = searchMatches(resnet18, ' Layer2.1 ');
    assert.deepEqual(keys[0], { kind: 'group', path: 'layer2.1' });
    assert.ok(keys.some((k) => k.kind === 'node' && k.path === 'layer2.1.conv2'));
    assert.ok(keys.every((k) => k.path.startsWith('layer2.1')));
    assert.deepEqual(searchMatches(resnet18, '  '), []);
  });
  it('Enter cycles forward, Shift+Enter backward, wrapping at both ends', () => {
    const keys = searchMatches(resnet18, 'conv2');
    const n = keys.length;
    assert.ok(n >= 8, `resnet18 has a conv2 per block (${n})`);
    let c = -1;
    const seen: number[] = [];
    for (let i = 0; i < n + 1; i++) seen.push((c = nextMatch(keys, 'conv2', c, 1)));
    assert.deepEqual(seen, [...Array.from({ length: n }, (_, i) => i), 0]);
    assert.equal(nextMatch(keys, 'conv2', 0, -1), n - 1);
    assert.equal(nextMatch(keys, 'conv2', -1, -1), n - 1);
  });
  it('starts at the exact path match', () => {
    const keys = searchMatches(resnet18, 'layer1.0');
    assert.deepEqual(keys[nextMatch(keys, 'layer1.0', -1, 1)], { kind: 'group', path: 'layer1.0' });
    const convs = searchMatches(resnet18, 'layer1.0.conv');
    assert.equal(nextMatch(convs, 'layer1.0.conv', -1, 1), 0);
    assert.equal(nextMatch([], 'x', -1, 1), -1);
  });
});
