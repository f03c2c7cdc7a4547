// Inspect Model → select a group → "Show receptive field on an image…" → pick a workspace image
// → a panel draws layer3's 14 × 14 grid over the network's crop of the image; hovering the
// centre cell gives the engine's boxes (267 px field, smallest path 11 px) as `rf --node layer3`
// prints them; the whole-image view keeps the image's aspect ratio; no CSP or script errors.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { consoleErrors, inspectFromPalette, listen, SHOTS } from './inspectHelpers.mjs';
import { closePopups, paletteLabels } from './workbench.mjs';

export const tests = [
  {
    name: 'Inspect Model: "Show receptive field on an image…" draws the node grid on a workspace image and a cell\'s receptive-field boxes',
    screenshot: 'inspect-rf-lens',
    async run({ page }) {
      listen(page);
      const errorsBefore = consoleErrors.length;
      const { frame } = await inspectFromPalette(page, 'resnet50');
      const search = frame.locator('#search input');
      await search.fill('layer3');
      await search.press('Enter');
      const button = frame.locator('.details button.rf-lens');
      await button.waitFor({ timeout: 10_000 });
      await button.click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Show the receptive field on which image?' }).waitFor({ timeout: 20_000 });
      await page.locator('.quick-input-widget input[type="text"]').pressSequentially('classify/image.png', { delay: 10 });
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'classify/image.png' }).first().click();

      await page.locator('.tabs-container .tab', { hasText: 'Receptive field: layer3 on image.png' }).waitFor({ timeout: 20_000 });
      const lens = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      const canvas = lens.locator('canvas.lens-canvas');
      await canvas.waitFor({ timeout: 20_000 });
      assert.match(await lens.locator('.lens-caption').innerText(), /^layer3\.5\.act3: 14×14 grid on the 224×224 input; receptive field 267 px \(smallest path 11 px, stride 16, effective padding 133 px\)\./);
      const box = await canvas.boundingBox();
      assert.ok(Math.abs(box.width - box.height) < 2, `the crop view is square: ${box.width}×${box.height}`);
      await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2 + 2);
      await lens.locator('.lens-caption', { hasText: 'Cell (7, 7)' }).waitFor({ timeout: 5_000 });
      assert.match(await lens.locator('.lens-caption').innerText(), /Cell \(7, 7\): box \[-21, -21, 246, 246\], smallest path \[107, 107, 118, 118\]/);
      const painted = await canvas.evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (c.width * c.height);
      });
      assert.ok(painted > 0.9, `the image is drawn under the grid: ${painted}`);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'rf-lens-layer3.png') });
      await lens.locator('.lens-controls select').selectOption('image');
      await page.waitForTimeout(200);
      const whole = await canvas.boundingBox();
      assert.ok(whole.width > whole.height + 10, `image.png (90 × 75) drawn whole: ${whole.width}×${whole.height}`);
      assert.deepEqual(consoleErrors.slice(errorsBefore), [], 'no CSP or script errors');

      await closePopups(page);
      await paletteLabels(page, 'View: Close All Editors', { expect: 'Close All Editors' });
      await page.keyboard.press('Enter');
    },
  },
];
