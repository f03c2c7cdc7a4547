// The Backbone Lens view in the real workbench: its activity-bar icon opens it, the catalogue's
// families expand to presets with the engine's depth, params and MACs (the CLI twin's numbers),
// the title bar's filter narrows the catalogue, and clicking a preset opens its diagram.
import assert from 'node:assert/strict';
import { engineStats, fmtInt, shot, webview } from './inspectHelpers.mjs';
import { closePopups } from './workbench.mjs';

/** A row of the Backbone Lens view's tree, by its label. */
function viewRow(page, label) {
  return page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
}

async function expand(page, label, timeout = 20_000) {
  const row = viewRow(page, label);
  await row.waitFor({ timeout });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.waitForFunction((l) => [...document.querySelectorAll('.part.sidebar .monaco-list-row')]
    .some((r) => r.querySelector('.label-name')?.textContent === l && r.getAttribute('aria-expanded') === 'true'), label);
}

export const tests = [
  {
    name: 'Backbone Lens view: the activity-bar icon opens the catalogue; resnet50 shows the engine\'s numbers; the filter narrows it; a click inspects',
    screenshot: 'models-view',
    async run({ page }) {
      await closePopups(page);
      const engine = engineStats('resnet50', 'stage');
      await page.locator('.activitybar .action-item a[aria-label^="Backbone Lens"]').click();
      // The first click activates the extension (onView:), which takes a while on a loaded machine.
      await expand(page, 'Catalogue', 50_000);
      const resnetFamily = page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^ResNet \(\d+\)$/ }).first();
      await resnetFamily.waitFor({ timeout: 20_000 });
      await expand(page, (await resnetFamily.innerText()).trim());
      const row = viewRow(page, 'resnet50');
      await row.waitFor({ timeout: 20_000 });
      const description = (await row.locator('.label-description').innerText()).trim();
      const millions = (engine.params / 1e6).toFixed(2);
      assert.equal(description, `depth ${engine.depth} · ${millions} M params · ${(engine.macs / 1e9).toFixed(2)} G MACs`, `resnet50's row (params ${fmtInt(engine.params)})`);
      await shot(page, 'models-view-catalogue');

      // The view title's filter: only ResNeXt-101 presets are left.
      await page.locator('.part.sidebar .actions-container a[aria-label^="Filter the Catalogue"]').first().click();
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ timeout: 10_000 });
      await input.pressSequentially('resnext101', { delay: 10 });
      await input.press('Enter');
      await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^ResNeXt \(\d+ of \d+\)$/ }).first().waitFor({ timeout: 20_000 });
      const presets = (await page.locator('.part.sidebar .monaco-list-row[aria-level="3"] .label-name').allInnerTexts()).map((t) => t.trim());
      assert.ok(presets.length > 0 && presets.every((id) => id.includes('resnext101')), `filtered: ${presets.join(', ')}`);
      await shot(page, 'models-view-filtered');
      await page.locator('.part.sidebar .actions-container a[aria-label^="Clear the Catalogue Filter"]').first().click();
      // Unfiltered, the families are new tree items again (collapsed): a click on a preset opens its diagram.
      await resnetFamily.waitFor({ timeout: 20_000 });
      await expand(page, (await resnetFamily.innerText()).trim());
      await row.click();
      await webview(page).locator('body[data-rendered^="main:resnet50:"]').waitFor({ timeout: 30_000 });
      await shot(page, 'models-view-inspect');
    },
  },
];
