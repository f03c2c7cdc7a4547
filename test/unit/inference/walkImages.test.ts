// The one image walker, which the host (Classify Image, the receptive-field image pick) and the
// CLI use; the worker classifies the files it is sent and walks nothing.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { walkImages } from '../../../inference/walkImages';
import { repoRoot } from '../fixturePaths';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bl-walk-'));
  for (const d of ['sub', 'sub/deeper', '.hidden', 'node_modules']) mkdirSync(join(dir, d));
  for (const f of ['b.png', 'a.JPG', 'notes.txt', 'sub/c.webp', 'sub/deeper/d.png', '.hidden/e.png', 'node_modules/f.png']) writeFileSync(join(dir, f), '');
  return dir;
}

test('folders are walked in sorted order, skipping hidden folders and node_modules; files as named', async () => {
  const dir = tree();
  const r = await walkImages([dir, join(dir, 'b.png')]);
  assert.deepEqual(r.files, [join(dir, 'a.JPG'), join(dir, 'b.png'), join(dir, 'sub', 'c.webp'), join(dir, 'sub', 'deeper', 'd.png')]);
  assert.deepEqual(r.folders, [dir]);
  assert.deepEqual(r.errors, []);
  assert.equal(r.truncated, false);
});

test('a named non-image or a missing path is reported, not skipped or decoded', async () => {
  const dir = tree();
  const r = await walkImages([join(dir, 'notes.txt'), join(dir, 'gone.png')]);
  assert.deepEqual(r.files, []);
  assert.deepEqual(r.errors, [
    { image: join(dir, 'notes.txt'), code: 'imagePath', message: 'not an image file (png, jpeg, webp, tiff, gif, bmp, avif, heic)' },
    { image: join(dir, 'gone.png'), code: 'imagePath', message: 'no such file or folder' },
  ]);
});

test('depth and count limits say what they left out, naming the limit', async () => {
  const dir = tree();
  const shallow = await walkImages([dir], { maxDepth: 1 });
  assert.deepEqual(shallow.errors, [{ image: join(dir, 'sub', 'deeper'), code: 'imagePath', message: 'not searched: deeper than 1 folders' }]);
  const few = await walkImages([dir], { maxFiles: 2, limitName: 'backboneLens.classify.maxImages' });
  assert.deepEqual(few.files, [join(dir, 'a.JPG'), join(dir, 'b.png')]);
  assert.equal(few.truncated, true);
  assert.deepEqual(few.errors, [{ image: dir, code: 'imagePath', message: 'stopped after 2 images (backboneLens.classify.maxImages); the rest were not classified' }]);
});

test('the walk speaks the configured language (the worker gets the display language\'s bundle); English otherwise', async () => {
  const dir = tree();
  const zh = JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  try {
    l10n.config({ contents: zh });
    const r = await walkImages([join(dir, 'gone.png'), join(dir, 'notes.txt')]);
    assert.deepEqual(r.errors.map((e) => e.message), [zh['no such file or folder'], zh['not an image file (png, jpeg, webp, tiff, gif, bmp, avif, heic)']]);
    assert.ok(r.errors.every((e) => e.code === 'imagePath'));
  } finally {
    l10n.config({ contents: {} });
  }
  const en = await walkImages([join(dir, 'gone.png')]);
  assert.equal(en.errors[0].message, 'no such file or folder');
});
