// One export wording for every panel. The copies disagreed ("SVG copied to the clipboard" in
// Inspect, "Copied 3 results as CSV." in the results, "Saved <relative path>" vs "Saved … to
// <absolute path>."): every panel now says what it exported and where it went, the same way.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { copiedMessage, counted, savedMessage } from '../../../extension/panels/exportMessages';

test('exports say what and where, the same way in every panel', () => {
  assert.equal(copiedMessage('the SVG'), 'Copied the SVG to the clipboard.');
  assert.equal(copiedMessage(`${counted(3, 'result')} as CSV`), 'Copied 3 results as CSV to the clipboard.');
  assert.equal(savedMessage('the Markdown table', 'stats/resnet50-stats.md'), 'Saved the Markdown table to stats/resnet50-stats.md.');
  assert.equal(savedMessage(`${counted(1, 'result')} and ${counted(2, 'error')} as JSON`, '/data/classification-resnet50.json'), 'Saved 1 result and 2 errors as JSON to /data/classification-resnet50.json.');
});
