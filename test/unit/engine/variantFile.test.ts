// The one variant-file reader (models/variantFile.ts): JSON with comments everywhere, syntax
// errors as file:line:column, one file-name → model-id rule in any case. Every surface (CLI,
// hover, Inspect, Classify, the worker) goes through it; the CLI and hover halves are pinned here
// through their entry points.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadVariantFile } from '../../../cli/loadModel';
import { computeHover } from '../../../extension/hover/hoverLogic';
import { isVariantFileName, lineColumn, readVariantText, resolveVariantFile, VariantFileError, variantIdOf, VariantSyntaxError } from '../../../models';

const COMMENTED = `// a re-ID backbone
{
  /* the base */ "extends": "resnet50",
  "last_stride": 1 // stride 16 at the end
}
`;

test('comments are accepted: the same spec as the plain JSON', () => {
  const spec = readVariantText(COMMENTED, 'reid.backbone.json');
  assert.equal(spec.id, 'reid');
  assert.equal(spec.knobs.last_stride, 1);
  assert.deepEqual(spec, readVariantText('{"extends": "resnet50", "last_stride": 1}', 'reid.backbone.json'));
});

test('the CLI and the hover read comments too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-variant-'));
  const file = join(dir, 'reid.backbone.json');
  writeFileSync(file, COMMENTED);
  assert.equal(loadVariantFile(file).knobs.last_stride, 1);
  const h = computeHover({ languageId: 'json', fileName: file, uri: 'file:///w/reid.backbone.json', text: COMMENTED }, COMMENTED.indexOf('"extends"') + 1);
  assert.ok(h, 'a commented variant gets a hover');
  assert.match(h.markdown, /\*\*reid\*\*/);
});

test('syntax errors name the file, line and column (1-based), never an offset', () => {
  assert.deepEqual(lineColumn('a\nbc\nd', 4), { line: 2, column: 3 });
  const cases: [string, number, number, RegExp][] = [
    ['{\n  "extends": "resnet50",\n}', 3, 1, /a trailing comma before "\}"/],
    ['{\n  "extends": "resnet50" // c\n  "layers": [3, 4, 6, 3]\n}', 3, 3, /expected ","/],
    ['{"extends": "resnet50", "layers": [3, 4, 6, 3,]}', 1, 47, /a trailing comma before "\]"/],
    ['', 1, 1, /the file is empty/],
    ['{"extends": "resnet50"} {}', 1, 25, /unexpected text after the JSON value/],
    ['{"extends": "resnet50" /* open', 1, 24, /a comment that is never closed/],
  ];
  for (const [text, line, column, detail] of cases) {
    assert.throws(() => readVariantText(text, 'dir/my.backbone.json'), (e: unknown) => {
      assert.ok(e instanceof VariantSyntaxError, text);
      assert.ok(e instanceof VariantFileError);
      assert.equal(e.file, 'dir/my.backbone.json');
      assert.deepEqual([e.line, e.column], [line, column], text);
      assert.match(e.detail, detail, text);
      assert.ok(e.message.startsWith(`dir/my.backbone.json:${line}:${column}: invalid JSON: `), e.message);
      assert.doesNotMatch(e.message, /offset|position/);
      return true;
    });
  }
});

test('a byte-order mark is dropped before the positions are counted', () => {
  assert.equal(readVariantText('\uFEFF{"extends": "resnet18"}', 'bom.backbone.json').id, 'resnet18');
  assert.throws(() => readVariantText('\uFEFF{\n,}', 'bom.backbone.json'), (e: Error) => e.message.startsWith('bom.backbone.json:2:1: '));
});

test('one file-name → model-id rule: folders dropped, .backbone.json or .json stripped in any case', () => {
  const cases: [string, string][] = [
    ['reid.backbone.json', 'reid'],
    ['configs/ReID.Backbone.JSON', 'ReID'],
    ['C:\\work\\wide.json', 'wide'],
    ['/abs/path/x.JSON', 'x'],
    ['plain', 'plain'],
  ];
  for (const [file, id] of cases) {
    assert.equal(variantIdOf(file), id, file);
    // A variant that overrides a knob and has no name is called after its file, on every path.
    assert.equal(readVariantText('{"extends": "resnet50", "last_stride": 1}', file).id, id, file);
    assert.equal(resolveVariantFile({ extends: 'resnet50', last_stride: 1 }, file).id, id, file);
  }
  // A name wins; a variant that only restates its base keeps the base's id.
  assert.equal(readVariantText('{"extends": "resnet50", "name": "mine", "last_stride": 1}', 'reid.backbone.json').id, 'mine');
  assert.equal(readVariantText('{"extends": "resnet50"}', 'reid.backbone.json').id, 'resnet50');
  assert.ok(isVariantFileName('a/B.BACKBONE.json'));
  assert.ok(!isVariantFileName('config.json'));
});
