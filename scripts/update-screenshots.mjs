#!/usr/bin/env node
// Refreshes the README's screenshots (media/screenshots/) from the last e2e run's, which every
// run of `node test/e2e/run.mjs` (or `npm test`) keeps under test-results/. Run it after a green
// e2e run; it fails, naming the file, when one is missing (a test that did not run).
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/vscodeServer.mjs';

/** README image ← the e2e screenshot it shows. */
const IMAGES = {
  'inspect-resnet50-dark.png': 'test-results/inspect/resnet50-dark-stage3-hover.png',
  'inspect-resnest50d-light.png': 'test-results/inspect/resnest50d-light.png',
  'inspect-compare.png': 'test-results/inspect/compare-resnet50-resnext50.png',
  'classify.png': 'test-results/classify/classify-results-dark.png',
  'classify-cam.png': 'test-results/classify/classify-cam-hover.png',
  'checkpoint-editor.png': 'test-results/e2e/checkpoint-editor-table.png',
  'models-view.png': 'test-results/e2e/models-view.png',
};

const missing = Object.values(IMAGES).filter((from) => !existsSync(join(REPO_ROOT, from)));
if (missing.length > 0) {
  console.error(`update-screenshots: run the e2e tests first; missing: ${missing.join(', ')}`);
  process.exit(1);
}
for (const [to, from] of Object.entries(IMAGES)) {
  copyFileSync(join(REPO_ROOT, from), join(REPO_ROOT, 'media', 'screenshots', to));
  console.log(`update-screenshots: media/screenshots/${to} ← ${from}`);
}
