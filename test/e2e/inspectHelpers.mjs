// Shared helpers of the Inspect Model end-to-end tests (inspect*.e2e.mjs): open a model from the
// palette, reach the webview's document, search and hover, switch themes, keep screenshots, and
// the engine's numbers from the CLI twin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { closePopups, paletteLabels } from './workbench.mjs';

export const SHOTS = join(REPO_ROOT, 'test-results', 'inspect');
mkdirSync(SHOTS, { recursive: true });

/** The engine's numbers for a model, from `backbone-lens stats --json` (the CLI twin). */
export function engineStats(id, depth = 'layer') {
  const out = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'stats', id, '--json', '--depth', depth], { encoding: 'utf8' });
  return JSON.parse(out);
}

export const fmtInt = (n) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
/** The receptive field in the words of models/report/format.ts (integers grouped like every count). */
export const fmtRf = (rf) => (rf.size === null ? 'global (whole image)' : `${fmtInt(rf.size)} px (smallest path ${fmtInt(rf.min)} px, stride ${fmtInt(rf.stride)})${rf.global_context ? ', gated by global context' : ''}`);

/** The webview's document: the newest webview iframe, then its active frame. */
export function webview(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/**
 * Palette → "Backbone Lens: Inspect Model…" → quick pick → the preset with exactly this id.
 * `command` and `pickTitle` are the command's title and the quick pick's, in the display language.
 */
export async function inspectFromPalette(page, id, { command = 'Inspect Model…', pickTitle = 'Inspect Model' } = {}) {
  const input = page.locator('.quick-input-widget input[type="text"]');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${id}$`) }) }).first();
  // On a loaded machine the palette's Enter is now and then lost (focus still moving from a
  // webview), the pick can close again as a webview takes the focus, and the filter typed first
  // can meet a list that is still being replaced (the pick fills its rows in slices). Any of
  // these: start again from the palette, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await closePopups(page);
      const labels = await paletteLabels(page, `Backbone Lens: ${command.replace(/…$/, '')}`, { expect: command.replace(/…$/, '') });
      assert.ok(labels.includes(`Backbone Lens: ${command}`), `palette: ${JSON.stringify(labels)}`);
      await page.keyboard.press('Enter');
      // The quick pick replaces the palette: wait for its title.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: pickTitle }).waitFor({ timeout: 8_000 });
      await input.fill('', { timeout: 5_000 });
      await input.pressSequentially(id, { delay: 10, timeout: 10_000 });
      await row.waitFor({ timeout: 15_000 });
      break;
    } catch (err) {
      if (attempt >= 4) {
        const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
        throw new Error(`${err.message}\nthe pick's filter reads "${await input.inputValue({ timeout: 1_000 }).catch(() => '(no input)')}"; its rows: ${JSON.stringify(rows)}`);
      }
    }
  }
  // The pick opens at once; each preset's depth/params/MACs arrive in slices after that.
  let description = await row.innerText();
  for (let waited = 0; /computing depth/.test(description) && waited < 15_000; waited += 100) {
    await page.waitForTimeout(100);
    description = await row.innerText();
  }
  await row.click();
  const frame = webview(page);
  await frame.locator(`body[data-rendered^="main:${id}:"]`).waitFor({ timeout: 30_000 });
  return { frame, description };
}

/**
 * Finds an item by path with the search box (Enter reveals, selects and centres it), hovers its
 * box and returns the tooltip's rows.
 */
export async function hoverPath(frame, path) {
  const search = frame.locator('#search input');
  await search.fill(path);
  await search.press('Enter');
  const box = frame.locator('g.item.selected').first();
  await box.waitFor({ timeout: 5_000 });
  await frame.locator('.status', { hasText: 'match' }).waitFor({ timeout: 5_000 });
  await box.hover();
  const tip = frame.locator('.tooltip:not([hidden])');
  await tip.waitFor({ timeout: 5_000 });
  const rows = {};
  for (const td of await tip.locator('td[data-stat]').all()) rows[await td.getAttribute('data-stat')] = (await td.innerText()).trim();
  return { title: (await tip.locator('.tt-title').innerText()).trim(), rows };
}

export function assertMatchesEngine(rows, engineRow, what) {
  assert.equal(rows.output, engineRow.output_shape.join('×'), `${what}: output shape`);
  assert.equal(rows.params, fmtInt(engineRow.params), `${what}: params`);
  assert.equal(rows.macs, fmtInt(engineRow.macs), `${what}: MACs`);
  assert.equal(rows['receptive field'], fmtRf(engineRow.rf), `${what}: receptive field`);
}

export const visibleKinds = async (frame, kind) => frame.locator(`g.box.kind-${kind}, g.frame.kind-${kind}`).count();

/** Clicks the +/− toggle of a group box found by its title text. */
export async function toggleGroup(frame, kind, title) {
  const box = frame.locator(`g.item.kind-${kind}`).filter({ has: frame.locator('text', { hasText: title }) }).first();
  await box.locator('text.toggle').click();
}

export async function setTheme(page, name) {
  await closePopups(page);
  await paletteLabels(page, 'Preferences: Color Theme', { expect: 'Color Theme' });
  const row = (label) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row('Preferences: Color Theme').click();
  // The theme picker replaces the palette; filter its rows (the list is virtual) by the name.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  await page.locator('.quick-input-widget input[type="text"]').pressSequentially(name, { delay: 10 });
  await row(name).waitFor({ timeout: 10_000 });
  await row(name).click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  await page.waitForTimeout(800);
}

export async function shot(page, name) {
  await page.mouse.move(2, 2);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Console errors from any frame (the webview's included), collected for the whole run. */
export const consoleErrors = [];
let listening = false;
export function listen(page) {
  if (listening) return;
  listening = true;
  page.on('console', (m) => {
    const url = m.location()?.url ?? '';
    if (m.type() === 'error' && /webview|inspect\.js|vscode-cdn|vscode-resource/.test(url + m.text())) consoleErrors.push(`${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
}

/** Export menu → `label` → the simple save dialog → `file`; resolves when the file is on disk. */
export async function exportToFile(page, frame, label, file) {
  await closePopups(page);
  await frame.locator('#export').click();
  await frame.locator('vscode-option', { hasText: label }).click();
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: 10_000 });
  // The simple save dialog fills in its default path asynchronously: replace it only once it is there.
  const name = file.split('/').pop();
  await page.waitForFunction((n) => document.querySelector('.quick-input-widget input[type="text"]')?.value.endsWith(`/${n}`), name, { timeout: 10_000 });
  await input.fill(file);
  await page.waitForTimeout(300);
  await input.press('Enter');
  const deadline = Date.now() + 15_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) assert.fail(`export "${label}" did not write ${file}`);
    await page.waitForTimeout(200);
  }
  await frame.locator('.status', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  return readFileSync(file, 'utf8');
}

