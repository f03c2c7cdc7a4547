// Class activation maps in the Classify Image results, as a user sees them: classify the sample
// workspace's `classify` folder (random resnet50 weights, chosen in the quick pick unless this
// session already did) → "Class activation maps on all images" draws an overlay on each card →
// hovering a grid cell names its receptive field (resnet50's 427 px box, smallest path 11 px) →
// a card's own toggle hides its overlay → "all" off hides every overlay; whole-image view; no
// CSP or script errors. Screenshots in test-results/classify/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { clickContextMenuEntry, closePopups, paletteLabels, pickRandomWeightsIfAsked } from './workbench.mjs';

const SHOTS = join(REPO_ROOT, 'test-results', 'classify');
const webview = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

/** Non-transparent pixels of each overlay canvas (the drawn map), read from the page. */
const paintedPixels = (frame) =>
  frame.locator('canvas.cam-canvas').evaluateAll((canvases) =>
    canvases.map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    }),
  );

export const tests = [
  {
    name: 'Classify Image CAM overlay: the all-images toggle draws a map per card, a cell hover names its receptive field, per-image and all toggles hide them',
    screenshot: 'classify-cam',
    async run({ page }) {
      mkdirSync(SHOTS, { recursive: true });
      const errors = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /classify\.js|Content Security Policy|SecurityError/.test(m.text() + (m.location()?.url ?? ''))) errors.push(m.text());
      });
      await clickContextMenuEntry(page, 'classify', 'Classify Image');
      const frame = webview(page);
      await pickRandomWeightsIfAsked(page, frame);
      // The earlier run's tab is reused: wait for this run to start in it, then to end.
      await frame.locator('.status.running').waitFor({ timeout: 30_000 });
      await frame.locator('.status.done, .status.failed').waitFor({ timeout: 50_000 });
      assert.match(await frame.locator('.status').innerText(), /^Done: 3 of 4 images classified, 1 error/);
      assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Classify:' }).count(), 1, 'one results tab for both runs');
      assert.equal(await frame.locator('canvas.cam-canvas').count(), 0, 'no overlay until asked for');

      const all = frame.locator('.cam-all input[type="checkbox"]');
      assert.equal(await all.isDisabled(), false, 'resnet50 has a global-pool + linear head: CAM is available');
      await all.check();
      await frame.locator('canvas.cam-canvas').nth(2).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('article.card canvas.cam-canvas').count(), 3, 'an overlay on each of the three cards');
      const painted = await paintedPixels(frame);
      assert.ok(painted.every((n) => n > 1000), `every overlay is drawn: ${painted}`);
      assert.match(await frame.locator('.cam-caption').first().innerText(), /^CAM of .+ \(class \d+\), 7×7 grid, raw Σ W·F from -?[\d.]+ to -?[\d.]+/);

      // Hover the centre cell of the first overlay: the caption gives the engine's boxes.
      const canvas = frame.locator('canvas.cam-canvas').first();
      const box = await canvas.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await frame.locator('.cam-caption', { hasText: 'Cell (3, 3)' }).first().waitFor({ timeout: 5_000 });
      const caption = await frame.locator('.cam-caption').first().innerText();
      assert.match(caption, /receptive field 427 px: input box \[-117, -117, 310, 310\]; smallest path 11 px: \[91, 91, 102, 102\]/, caption);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, 'classify-cam-hover.png') });

      // One card's own toggle hides its overlay only.
      await frame.locator('article.card').first().locator('.cam-toggle input').uncheck();
      await page.waitForTimeout(200);
      assert.equal(await frame.locator('article.card').first().locator('canvas.cam-canvas').count(), 0);
      assert.equal(await frame.locator('canvas.cam-canvas').count(), 2);
      // The whole-image view keeps the overlays, now over the image (its aspect ratio, not the square crop).
      await frame.locator('.cam-view select').selectOption('image');
      await page.waitForTimeout(200);
      const sizes = await frame.locator('canvas.cam-canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.height]));
      assert.equal(sizes.length, 2);
      assert.ok(sizes.some(([w, h]) => w !== h), `an image that is not square is drawn whole: ${JSON.stringify(sizes)}`);
      await page.screenshot({ path: join(SHOTS, 'classify-cam-whole-image.png') });
      // "All" off hides every overlay.
      await all.uncheck();
      await page.waitForTimeout(200);
      assert.equal(await frame.locator('canvas.cam-canvas').count(), 0);
      assert.deepEqual(errors, [], 'no CSP or script errors from the results webview');

      await closePopups(page);
      await paletteLabels(page, 'View: Close All Editors', { expect: 'Close All Editors' });
      await page.keyboard.press('Enter');
    },
  },
];
