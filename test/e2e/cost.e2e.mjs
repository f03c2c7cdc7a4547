// Inspect Model's Memory view in the real workbench: open it under the densenet121 diagram, set
// the batch and optimizer, and check that the totals it shows are the engine's (the CLI twin's
// `stats --train --json`), with the memory_efficient saving and what fits a budget.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { inspectFromPalette, listen, shot } from './inspectHelpers.mjs';

function engineTrain(id, batch, optimizer, extra = []) {
  const out = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'stats', id, '--train', '--batch', String(batch), '--optimizer', optimizer, ...extra, '--json'], { encoding: 'utf8' });
  return JSON.parse(out).train_memory;
}

export const tests = [
  {
    name: 'Inspect Model: the Memory view shows the engine\'s training memory for densenet121 at batch 16 with Adam',
    screenshot: 'inspect-memory-densenet121',
    async run({ page }) {
      listen(page);
      const engine = engineTrain('densenet121', 16, 'adam');
      const efficient = engineTrain('densenet121', 16, 'adam', ['--set', 'memory_efficient=true']);
      const { frame } = await inspectFromPalette(page, 'densenet121');
      await frame.locator('details.cost-view > summary').click();
      const batch = frame.locator('.cost-memory vscode-text-field').first();
      await batch.locator('input').fill('16');
      await batch.locator('input').press('Enter');
      const optimizer = frame.locator('.cost-memory vscode-dropdown');
      await optimizer.click();
      await frame.locator('.cost-memory vscode-option[value="adam"]').click();
      // The view redraws with each answer: wait for the one at batch 16 with Adam.
      await frame.locator(`.cost-totals tr[data-total="saved activations"] td[data-bytes="${engine.saved_activation_bytes}"]`).waitFor({ timeout: 15_000 });
      await frame.locator('.cost-totals tr[data-total="optimizer (adam)"]').waitFor({ timeout: 15_000 });
      for (const [row, key] of [['parameters', 'params_bytes'], ['gradients', 'grads_bytes'], ['optimizer (adam)', 'optimizer_bytes'], ['total', 'total_bytes']]) {
        assert.equal(await frame.locator(`.cost-totals tr[data-total="${row}"] td`).getAttribute('data-bytes'), String(engine[key]), row);
      }
      assert.match(await frame.locator('.cost-alternative').innerText(), /With memory_efficient: true/);
      assert.equal(await frame.locator('.cost-groups tbody tr').count(), engine.per_group.filter((g) => g.depth <= 1).length);
      const fitText = await frame.locator('.cost-fit').innerText();
      const fitted = JSON.parse(execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'stats', 'densenet121', '--train', '--optimizer', 'adam', '--fit-memory', '24GiB', '--json'], { encoding: 'utf8' })).train_memory;
      assert.match(fitText, new RegExp(`fits in 24GiB: ${new Intl.NumberFormat('en-US').format(fitted.batch)}\\.`));
      assert.ok(efficient.saved_activation_bytes < engine.saved_activation_bytes);
      await shot(page, 'densenet121-memory');
      // Leave the panel as the other Inspect tests expect it: the view folded.
      await frame.locator('details.cost-view > summary').click();
    },
  },
];
