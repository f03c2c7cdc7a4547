// The hover's Markdown: the Inspect link, escapes, tables (its numbers: test/unit/report/format.test.ts).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { codeSpan, escapeMd, inspectLink, renderHover } from '../../../extension/hover/markdown';
import { inspectArg } from './helpers';

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
