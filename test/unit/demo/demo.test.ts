// The demo workspace `npm start` opens (demo/): its variant files are valid variants, its images
// are there, and it is not the tests' fixture folder.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, resolveVariant } from '../../../models';
import { repoRoot } from '../fixturePaths';

const demo = join(repoRoot, 'demo');

test('every demo variant file resolves to a model the engine analyses', () => {
  const files = readdirSync(join(demo, 'models')).filter((f) => f.endsWith('.backbone.json'));
  assert.ok(files.length >= 2, `variant files: ${files}`);
  for (const f of files) {
    const spec = resolveVariant(JSON.parse(readFileSync(join(demo, 'models', f), 'utf8')), f, f.replace(/\.backbone\.json$/, ''));
    assert.ok(analyzeSpec(spec).total.params > 0, f);
  }
  const reid = resolveVariant(JSON.parse(readFileSync(join(demo, 'models', 'reid-resnet50.backbone.json'), 'utf8')), 'reid', 'reid');
  assert.deepEqual(reid.inputSize, [256, 128]);
});

test('the demo has images, a note of what to try, and npm start opens it', () => {
  const images = readdirSync(join(demo, 'images'), { recursive: true }).map(String).filter((f) => /\.(png|jpe?g)$/i.test(f));
  assert.ok(images.length >= 4, `images: ${images}`);
  assert.match(readFileSync(join(demo, 'README.md'), 'utf8'), /Things to try/);
  assert.match(readFileSync(join(repoRoot, 'scripts', 'start.mjs'), 'utf8'), /DEMO_WORKSPACE/);
});
