// Classify Image results survive "Developer: Reload Window": the panel's serializer restores it
// from the webview's saved state (model, weights, provider, untrained flag, every card and
// error) and gives the webview its image folders back, so the thumbnails load again. Runs after
// classify.e2e.mjs (file order), whose "Random weights (untrained)" choice is remembered for the
// session; run alone (--grep) it makes that choice itself.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { clickContextMenuEntry, closePopups, paletteLabels, pickRandomWeightsIfAsked } from './workbench.mjs';

const SHOTS = join(REPO_ROOT, 'test-results', 'classify');
const webview = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

/** What the results view shows: the header, the status line and each card's text, in order. */
async function visible(frame) {
  const cards = frame.locator('article.card');
  const out = { title: await frame.locator('.header .title').innerText(), meta: await frame.locator('.header .meta:not(.timing)').innerText(), status: await frame.locator('.status').innerText(), cards: [] };
  for (let i = 0; i < (await cards.count()); i++) {
    const c = cards.nth(i);
    out.cards.push({ image: await c.getAttribute('data-image'), text: await c.innerText() });
  }
  out.errors = await frame.locator('.errors').innerText();
  return out;
}

async function loadedThumbnails(frame) {
  await frame.locator('article.card img').first().waitFor({ timeout: 10_000 });
  for (let i = 0; i < 20; i++) {
    const n = await frame.locator('article.card img').evaluateAll((imgs) => imgs.filter((img) => img.complete && img.naturalWidth > 0).length);
    if (n >= 2) return n;
    await new Promise((r) => setTimeout(r, 250));
  }
  return frame.locator('article.card img').evaluateAll((imgs) => imgs.filter((img) => img.complete && img.naturalWidth > 0).length);
}

export const tests = [
  {
    name: 'Classify Image after a window reload: the serializer restores the results view with the same cards, errors and thumbnails',
    screenshot: 'classify-reload',
    async run({ page }) {
      mkdirSync(SHOTS, { recursive: true });
      await clickContextMenuEntry(page, 'classify', 'Classify Image');
      let frame = webview(page);
      await pickRandomWeightsIfAsked(page, frame);
      await frame.locator('.status.done, .status.failed').waitFor({ timeout: 40_000 });
      const before = await visible(frame);
      assert.match(before.status, /^Done: 3 of 4 images classified, 1 error/, before.status);
      assert.equal(before.cards.length, 3, 'a card per decodable image');
      assert.match(before.title, /^resnet50\s*untrained/, before.title);
      assert.match(before.errors, /corrupt\.png/);
      await page.locator('.tabs-container .tab', { hasText: 'Classify: classify' }).first().waitFor({ timeout: 10_000 });
      // Let the page save its state (setState runs with each render) before the reload.
      await page.waitForTimeout(500);

      // "Developer: Reload Window", as a user reloads (the workbench saves webview state on the way out).
      await closePopups(page);
      await paletteLabels(page, 'Developer: Reload Window', { expect: 'Reload Window' });
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Developer: Reload Window$/ }) }).first().click();
      await page.waitForEvent('load', { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

      await page.locator('.tabs-container .tab', { hasText: 'Classify: classify' }).first().waitFor({ timeout: 30_000 });
      frame = webview(page);
      await frame.locator('.status.done').waitFor({ timeout: 45_000 });
      const after = await visible(frame);
      assert.deepEqual(after, before, 'the same header, status, cards and errors');
      assert.equal(await frame.locator('.badge.untrained').count(), 1, 'still marked untrained');
      assert.match(await frame.locator('.warning').innerText(), /meaningless/);
      const loaded = await loadedThumbnails(frame);
      assert.ok(loaded >= 2, `thumbnails load again (the image folder is a resource root again): ${loaded}`);
      await page.mouse.move(2, 2);
      await page.screenshot({ path: join(SHOTS, 'classify-after-reload.png') });

      await closePopups(page);
      await paletteLabels(page, 'View: Close All Editors', { expect: 'Close All Editors' });
      await page.keyboard.press('Enter');
    },
  },
];
