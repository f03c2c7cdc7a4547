// What `npm start` gives a user beyond the extension: Quick Open (Ctrl+P) finds workspace files,
// which needs ripgrep in the VS Code Server (linked by scripts/lib/vscodeServer.mjs linkRipgrep).
import assert from 'node:assert/strict';
import { closePopups } from './workbench.mjs';

export const tests = [
  {
    name: 'Quick Open (Ctrl+P) finds a workspace file (ripgrep is in the VS Code Server)',
    screenshot: 'quick-open',
    async run({ page }) {
      await closePopups(page);
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ timeout: 10_000 });
      await input.pressSequentially('seed_style', { delay: 20 });
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'seed_style.py' }).first();
      await row.waitFor({ timeout: 15_000 });
      assert.match(await row.innerText(), /seed_style\.py/);
      await page.keyboard.press('Escape');
    },
  },
];
