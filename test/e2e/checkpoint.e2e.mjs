// The checkpoint editor as a user meets it: a .pth in the explorer opens in it (the default
// editor), the page shows the tensor table with its statistics and the recognised architecture,
// and "Inspect this architecture" opens Inspect Model on it, with the weights' colour modes (the
// statistics were done before the click: the legend names the file and does not say partial).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { webview } from './inspectHelpers.mjs';
import { SCREENSHOT_DIR, closePopups, expandFolder, explorerItem } from './workbench.mjs';

export const tests = [
  {
    name: 'a .pth from the explorer opens in the checkpoint editor: table, statistics, architecture; Inspect this architecture opens the diagram',
    screenshot: 'checkpoint-editor',
    async run({ page }) {
      await closePopups(page);
      // The first test after the workbench starts: wait until the extensions' contributions are
      // read (our activity-bar icon shows), or the file opens before its default editor is known.
      await page.locator('.activitybar .action-item a[aria-label^="Backbone Lens"]').waitFor({ timeout: 60_000 });
      await expandFolder(page, 'checkpoints');
      const row = explorerItem(page, 'resnet18_tiny.pth');
      await row.waitFor({ timeout: 60_000 });
      await row.dblclick();
      const frame = webview(page);
      await frame.locator('table.tensors tbody tr').first().waitFor({ timeout: 30_000 });
      await frame.locator('.progress.done').waitFor({ timeout: 30_000 });
      const rows = await frame.locator('table.tensors tbody tr').count();
      assert.ok(rows > 20, `${rows} tensor rows`);
      const pending = await frame.locator('table.tensors tbody td', { hasText: /^…$/ }).count();
      assert.equal(pending, 0, 'every statistic filled in');
      const arch = (await frame.locator('.arch-title').innerText()).trim();
      assert.match(arch, /resnet/i, `architecture: ${arch}`);
      await frame.locator('table.tensors tbody tr').first().click();
      await frame.locator('svg.histogram rect.bar').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'checkpoint-editor-table.png') });
      assert.doesNotMatch(arch, /not recognised/i, 'resnet18_tiny.pth is a ResNet');
      await frame.locator('#action-inspect').click();
      await page.locator('.tabs-container .tab', { hasText: /^Inspect: / }).first().waitFor({ timeout: 30_000 });
      const inspect = webview(page);
      await inspect.locator('body[data-rendered^="main:"]').waitFor({ timeout: 30_000 });
      await inspect.locator('#color-by').click();
      await inspect.locator('#color-by vscode-option[value="weightStd"]').click();
      await inspect.locator('.legend .legend-note', { hasText: 'resnet18_tiny.pth' }).waitFor({ timeout: 10_000 });
      assert.equal(await inspect.locator('.legend .legend-note.partial').count(), 0, 'the statistics were complete when Inspect opened');
      assert.ok((await inspect.locator('svg .heat').count()) > 0, 'boxes coloured by weight std');
      await inspect.locator('#color-by').click();
      await inspect.locator('#color-by vscode-option[value="weightZeros"]').click();
      await inspect.locator('.legend .legend-item', { hasText: '%' }).first().waitFor({ timeout: 10_000 });
    },
  },
];
