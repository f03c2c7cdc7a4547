// Number formatting and the Inspect link.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { codeSpan, escapeMd, inspectLink, int, macs, rf, renderHover } from '../../../extension/hover/format';
import { inspectArg } from './helpers';

test('integers are grouped the same on every locale; MACs carry a magnitude', () => {
  assert.equal(int(25557032), '25,557,032');
  assert.equal(int(999), '999');
  assert.equal(int(-1000), '−1,000');
  assert.equal(macs(4089184256), '4,089,184,256 (4.09 G)');
  assert.equal(macs(512), '512');
});

test('receptive fields state their unit and the global cases', () => {
  assert.equal(rf({ size: 427, min: 11, stride: 32, padding: 213, minPadding: 5, global: false, globalContext: false }), '427 px (smallest path 11 px, stride 32)');
  assert.match(rf({ size: 487, min: 43, stride: 32, padding: 0, minPadding: 0, global: false, globalContext: true }), /global context/);
  assert.match(rf({ size: null, min: null, stride: null, padding: null, minPadding: null, global: true, globalContext: false }), /whole image/);
});

test('the Inspect link carries the target as JSON', () => {
  const md = inspectLink({ model: 'file:///w/a b.backbone.json', path: 'layer3' });
  assert.deepEqual(inspectArg(md), { model: 'file:///w/a b.backbone.json', path: 'layer3' });
  assert.ok(!/\s/.test(md.slice(md.indexOf('command:'), md.indexOf(' "'))), 'the command URI has no raw spaces');
});

test('user text is escaped; code spans carry no escapes', () => {
  assert.equal(escapeMd('a|b*c_[d]'), 'a\\|b\\*c\\_\\[d\\]');
  assert.equal(codeSpan('x`y'), "`x'y`");
});

test('tables escape pipes in cells', () => {
  const md = renderHover({ title: 't', header: ['h'], rows: [['a', 'x | y']] });
  assert.ok(md.includes('| a | x \\| y |'));
});
