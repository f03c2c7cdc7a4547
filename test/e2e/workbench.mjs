// Shared set-up for the end-to-end tests: a VS Code Server with the extension loaded from the
// repository (development path payload, no tests path), the sample workspace open in headless
// Chromium, and helpers that drive the workbench the way a user does.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO_ROOT, ensureVscodeServer, launchBrowser, linkRipgrep, makeProfile, remoteUri, startServer, workbenchUrl,
} from '../../scripts/lib/vscodeServer.mjs';
import { setDisplayLanguage } from '../../scripts/lib/displayLanguage.mjs';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'e2e');

/**
 * Starts everything; throws loudly when the server, the browser or the workbench cannot start.
 * `locale` (e.g. 'zh-cn') sets the display language (scripts/lib/displayLanguage.mjs); English without it.
 */
export async function openWorkbench({ verbose = false, locale } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const install = ensureVscodeServer();
  // Quick Open needs ripgrep, as `npm start` sets it up (a machine without rg: the Quick Open test says so).
  const rg = linkRipgrep(install);
  if (verbose) console.log(rg);
  const profile = makeProfile(locale ? `e2e-${locale}` : 'e2e', { userSettings: { 'security.workspace.trust.enabled': false, 'workbench.colorTheme': 'Default Dark Modern' } });
  if (locale) setDisplayLanguage(profile, locale);
  const server = await startServer(install, profile, { echo: verbose });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const url = workbenchUrl(server, { payload: [['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)]] });
    await page.goto(url, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer shows the sample workspace's top-level entries once the remote file system is up.
    await explorerItem(page, 'images').waitFor({ timeout: 60_000 });
    await server.waitForLine(/Loading development extension at/, 60_000, 'the development extension to load');
    return {
      page,
      server,
      async close() {
        await browser.close().catch(() => {});
        await server.stop();
        profile.cleanup();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw new Error(`the workbench did not open: ${err.message}\n--- server log (last 30 lines) ---\n${server.lines.slice(-30).join('\n')}`);
  }
}

/** A row of the explorer tree, by its label. */
export function explorerItem(page, name) {
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) });
}

/** Closes an open context menu or quick input, so the next click reaches the workbench. */
export async function closePopups(page) {
  for (let i = 0; i < 3; i++) {
    const open = (await page.locator('.context-view .monaco-menu').count()) > 0 || (await page.locator('.quick-input-widget:visible').count()) > 0;
    if (!open) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
}

/** Expands a folder in the explorer (no-op when already expanded). */
export async function expandFolder(page, name) {
  await closePopups(page);
  const row = explorerItem(page, name);
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.waitForFunction((n) => [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')]
    .some((r) => r.querySelector('.label-name')?.textContent === n && r.getAttribute('aria-expanded') === 'true'), name);
}

/** Right-clicks an explorer row and returns the labels of the context menu's items. */
export async function contextMenuLabels(page, name) {
  await closePopups(page);
  const row = explorerItem(page, name);
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  // Items render once; give the menu a moment to settle so the screenshot shows all of it.
  await page.waitForTimeout(200);
  return (await menu.locator('.action-item .action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/**
 * Right-clicks an explorer row and clicks the context-menu entry `label`. Retries: the entry
 * appears only once the workbench has read the extension's contributions.
 */
export async function clickContextMenuEntry(page, name, label) {
  const row = explorerItem(page, name);
  await row.waitFor({ timeout: 20_000 });
  const entry = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRe(label)}$`) });
  for (let i = 0; i < 30; i++) {
    await closePopups(page);
    await row.click({ button: 'right' });
    await page.locator('.context-view .monaco-menu').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(200);
    if ((await entry.count()) > 0) break;
    await page.waitForTimeout(800);
  }
  await entry.click();
}

/**
 * Opens the command palette, types `text`, and returns the labels listed. Retries for a while:
 * contributed commands appear only once the extension host has registered the extension.
 */
export async function paletteLabels(page, text, { expect, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]');
    try {
      await input.waitFor({ timeout: 10_000 });
    } catch (err) {
      // F1 pressed while a webview held the focus can be lost: focus the workbench and ask again.
      if (Date.now() > deadline) throw err;
      await page.locator('.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
      continue;
    }
    await input.press('Control+a');
    await input.pressSequentially(`>${text}`, { delay: 10 });
    await page.waitForTimeout(400);
    const labels = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts())
      .map((t) => t.split('\n')[0].trim());
    if (!expect || labels.some((l) => l.includes(expect)) || Date.now() > deadline) return labels;
    await page.waitForTimeout(1000);
  }
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Picks "Random weights" in the open weights quick pick (by typing, then clicking the row). */
export async function pickRandomWeights(page) {
  await page.locator('.quick-input-widget input[type="text"]').pressSequentially('Random weights', { delay: 10 });
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Random weights' }).first().click();
}

/**
 * After Classify Image: picks random weights if the weights quick pick shows (it shows only while
 * this session has not chosen them yet), else goes on once the results view (`frame`) shows a status.
 */
export async function pickRandomWeightsIfAsked(page, frame, model = 'resnet50') {
  const pick = page.locator('.quick-input-widget .quick-input-title', { hasText: `Weights for ${model}` });
  const quiet = (p) => p.catch(() => {});
  await Promise.race([quiet(pick.waitFor({ timeout: 30_000 })), quiet(frame.locator('.status').waitFor({ timeout: 30_000 }))]);
  if (await pick.isVisible()) await pickRandomWeights(page);
}
