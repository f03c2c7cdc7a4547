// Classify Image as a user runs it: right-click the sample workspace's `classify` folder →
// Classify Image → (no weights configured) the weights quick pick → the explicit "Random
// weights (untrained)" choice → the results view: a card per image with top-k bars, model,
// provider and time, the corrupt image named, every result marked untrained. Screenshot kept in
// test-results/classify/ (scripts/update-screenshots.mjs copies it into the README's images).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { clickContextMenuEntry, closePopups, paletteLabels, pickRandomWeights } from './workbench.mjs';

const SHOTS = join(REPO_ROOT, 'test-results', 'classify');
const webview = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

export const tests = [
  {
    name: 'Classify Image: explorer folder → weights quick pick → random (untrained) → results view with cards, bars, provider, errors',
    screenshot: 'classify-results',
    async run({ page }) {
      mkdirSync(SHOTS, { recursive: true });
      const errors = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /classify\.js|Content Security Policy/.test(m.text() + (m.location()?.url ?? ''))) errors.push(m.text());
      });
      await clickContextMenuEntry(page, 'classify', 'Classify Image');
      // No weights configured for resnet50: the quick pick offers what was found, Browse… and random weights.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Weights for resnet50' }).waitFor({ timeout: 30_000 });
      const labels = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).join('\n');
      assert.match(labels, /Browse…/, labels);
      assert.match(labels, /Random weights \(untrained\) — numbers are meaningless/, labels);
      // The sample's fake checkpoint is listed with what it is, and not highlighted first.
      assert.match(labels, /workspace-weights\.safetensors[\s\S]*(does not fit resnet50|not a readable \.safetensors file|not a safetensors file, or a corrupt one)/, labels);
      const first = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first().innerText()).trim();
      assert.doesNotMatch(first, /workspace-weights/, `highlighted first: ${first}`);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'weights-quick-pick.png') });
      await pickRandomWeights(page);

      const frame = webview(page);
      // Random resnet50 weights are written and exported on first use: allow for a cold cache.
      await frame.locator('.status.done, .status.failed').waitFor({ timeout: 50_000 });
      const status = await frame.locator('.status').innerText();
      assert.match(status, /^Done: 3 of 4 images classified, 1 error/, status);
      // Model preparation apart from the per-image inference time.
      assert.match(await frame.locator('.meta.timing').innerText(), /^model preparation [\d.]+ (ms|s) \(once\) · inference [\d.]+ (ms|s) per image$/);
      assert.equal(await frame.locator('article.card').count(), 3, 'a card per decodable image');
      assert.equal(await frame.locator('article.card').first().locator('.class-row').count(), 5, 'top 5 per image');
      assert.equal(await frame.locator('.badge.untrained').count(), 1);
      assert.match(await frame.locator('.warning').innerText(), /meaningless/);
      const foot = await frame.locator('.card-foot').first().innerText();
      assert.match(foot, /^resnet50 \(untrained\) · random weights · (cpu|cuda|webgpu|dml|coreml) · [\d.]+ (ms|s) per image$/, foot);
      assert.match(await frame.locator('.errors').innerText(), /corrupt\.png/);
      // The thumbnails load through asWebviewUri under the strict CSP.
      await frame.locator('article.card img').first().waitFor({ timeout: 10_000 });
      const loaded = await frame.locator('article.card img').evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);
      assert.ok(loaded >= 2, `thumbnails loaded: ${loaded}`);
      await page.mouse.move(2, 2);
      await page.waitForTimeout(500);
      const shot = join(SHOTS, 'classify-results-dark.png');
      await page.screenshot({ path: shot });
      // Refresh the README's committed screenshot only on request, so a test run never edits tracked files.
      assert.deepEqual(errors, [], 'no CSP or script errors from the results webview');
      // "Inspect model" opens the diagram of the model that produced the numbers.
      await frame.locator('vscode-button', { hasText: 'Inspect model' }).click();
      await page.locator('.tabs-container .tab', { hasText: 'Inspect: resnet50' }).waitFor({ timeout: 30_000 });
      // Leave the workbench as we found it.
      await closePopups(page);
      await paletteLabels(page, 'View: Close All Editors', { expect: 'Close All Editors' });
      await page.keyboard.press('Enter');
    },
  },
];
