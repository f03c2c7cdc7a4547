// Inspect Model in the real workbench: run the command from the palette, pick a preset, check the
// diagram (stages, blocks, dense blocks, transitions), hover a box and compare the tooltip with the
// engine's numbers (from the CLI twin's JSON), and keep screenshots in the dark and light themes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/vscodeServer.mjs';
import { SCREENSHOT_DIR, closePopups, paletteLabels } from './workbench.mjs';

const SHOTS = join(REPO_ROOT, 'test-results', 'inspect');
mkdirSync(SHOTS, { recursive: true });

/** The engine's numbers for a model, from `backbone-lens stats --json` (the CLI twin). */
function engineStats(id) {
  const out = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'stats', id, '--json', '--depth', 'layer'], { encoding: 'utf8' });
  return JSON.parse(out);
}

const fmtInt = (n) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
const fmtRf = (rf) => (rf.size === null ? 'global (whole image)' : `${rf.size} px (smallest path ${rf.min} px, stride ${rf.stride})${rf.global_context ? ', gated by global context' : ''}`);

/** The webview's document: the newest webview iframe, then its active frame. */
function webview(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Palette → "Backbone Lens: Inspect Model…" → quick pick → the preset with exactly this id. */
async function inspectFromPalette(page, id) {
  await closePopups(page);
  const labels = await paletteLabels(page, 'Backbone Lens: Inspect Model', { expect: 'Inspect Model' });
  assert.ok(labels.includes('Backbone Lens: Inspect Model…'), `palette: ${JSON.stringify(labels)}`);
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input[type="text"]');
  // The quick pick replaces the palette: wait for its title.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Inspect Model' }).waitFor({ timeout: 20_000 });
  await input.pressSequentially(id, { delay: 10 });
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${id}$`) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  const description = await row.innerText();
  await row.click();
  const frame = webview(page);
  await frame.locator(`body[data-rendered^="main:${id}:"]`).waitFor({ timeout: 30_000 });
  return { frame, description };
}

/**
 * Finds an item by path with the search box (Enter reveals, selects and centres it), hovers its
 * box and returns the tooltip's rows.
 */
async function hoverPath(frame, path) {
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

function assertMatchesEngine(rows, engineRow, what) {
  assert.equal(rows.output, engineRow.output_shape.join('×'), `${what}: output shape`);
  assert.equal(rows.params, fmtInt(engineRow.params), `${what}: params`);
  assert.equal(rows.macs, fmtInt(engineRow.macs), `${what}: MACs`);
  assert.equal(rows['receptive field'], fmtRf(engineRow.rf), `${what}: receptive field`);
}

const visibleKinds = async (frame, kind) => frame.locator(`g.box.kind-${kind}, g.frame.kind-${kind}`).count();

/** Clicks the +/− toggle of a group box found by its title text. */
async function toggleGroup(frame, kind, title) {
  const box = frame.locator(`g.item.kind-${kind}`).filter({ has: frame.locator('text', { hasText: title }) }).first();
  await box.locator('text.toggle').click();
}

async function setTheme(page, name) {
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

async function shot(page, name) {
  await page.mouse.move(2, 2);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Console errors from any frame (the webview's included), collected for the whole run. */
const consoleErrors = [];
let listening = false;
function listen(page) {
  if (listening) return;
  listening = true;
  page.on('console', (m) => {
    const url = m.location()?.url ?? '';
    if (m.type() === 'error' && /webview|inspect\.js|vscode-cdn|vscode-resource/.test(url + m.text())) consoleErrors.push(`${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
}

export const tests = [
  {
    name: 'Inspect Model: resnet50 from the palette shows 4 stages; stage 3 expands to 6 blocks; hover shows the engine numbers',
    screenshot: 'inspect-resnet50',
    async run({ page }) {
      listen(page);
      const engine = engineStats('resnet50');
      const { frame, description } = await inspectFromPalette(page, 'resnet50');
      assert.match(description, /depth 50 · 25\.56 M params · 4\.09 G MACs/, `quick pick description: ${description}`);
      assert.equal(await visibleKinds(frame, 'stage'), 4, 'four stages');
      assert.equal(await visibleKinds(frame, 'block'), 0, 'collapsed to stages at first');
      await shot(page, 'resnet50-dark-collapsed');
      // Header totals are the engine's.
      assert.equal((await frame.locator('[data-total="params"] b').innerText()).trim(), '25.56 M');
      assert.equal(await frame.locator('[data-total="params"]').getAttribute('title'), fmtInt(engine.params));
      // Expand stage 3.
      await toggleGroup(frame, 'stage', 'Stage 3 (layer3)');
      await frame.locator('g.box.kind-block').first().waitFor();
      assert.equal(await visibleKinds(frame, 'block'), 6, 'stage 3 shows 6 blocks');
      const { title, rows } = await hoverPath(frame, 'layer3.2');
      assert.equal(title, 'Block 2');
      assertMatchesEngine(rows, engine.nodes.find((n) => n.path === 'layer3.2'), 'layer3.2');
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SHOTS, 'resnet50-dark-stage3-hover.png') });
      // Expand that block to its layers, then hover a conv.
      await toggleGroup(frame, 'block', 'Block 2');
      assert.equal(await frame.locator('g.box.op-conv').count(), 3, 'an identity bottleneck shows its three convs');
      const conv = await hoverPath(frame, 'layer3.2.conv2');
      assertMatchesEngine(conv.rows, engine.nodes.find((n) => n.path === 'layer3.2.conv2'), 'layer3.2.conv2');
      await shot(page, 'resnet50-dark-block-layers');
    },
  },
  {
    name: 'Inspect Model: densenet121 shows 4 dense blocks and 3 transitions with the engine numbers',
    screenshot: 'inspect-densenet121',
    async run({ page }) {
      listen(page);
      const engine = engineStats('densenet121');
      const { frame } = await inspectFromPalette(page, 'densenet121');
      assert.equal(await visibleKinds(frame, 'stage'), 4, 'four dense blocks');
      assert.equal(await visibleKinds(frame, 'transition'), 3, 'three transitions');
      const t = await hoverPath(frame, 'features.transition2');
      assertMatchesEngine(t.rows, engine.nodes.find((n) => n.path === 'features.transition2'), 'transition2');
      const b = await hoverPath(frame, 'features.denseblock3');
      assertMatchesEngine(b.rows, engine.nodes.find((n) => n.path === 'features.denseblock3'), 'denseblock3');
      await shot(page, 'densenet121-dark');
    },
  },
  {
    name: 'Inspect Model: resnest50d split attention, hover numbers match the engine',
    screenshot: 'inspect-resnest50d',
    async run({ page }) {
      listen(page);
      const engine = engineStats('resnest50d');
      const { frame } = await inspectFromPalette(page, 'resnest50d');
      assert.equal(await visibleKinds(frame, 'stage'), 4);
      const sa = await hoverPath(frame, 'layer1.0.conv2.rsoftmax');
      assertMatchesEngine(sa.rows, engine.nodes.find((n) => n.path === 'layer1.0.conv2.rsoftmax'), 'rsoftmax');
      await shot(page, 'resnest50d-dark-split-attention');
      const stage = await hoverPath(frame, 'layer2');
      assertMatchesEngine(stage.rows, engine.nodes.find((n) => n.path === 'layer2'), 'layer2');
    },
  },
  {
    name: 'Inspect Model: light theme screenshots, and no console errors from the webview',
    screenshot: 'inspect-light',
    async run({ page }) {
      listen(page);
      await setTheme(page, 'Light Modern');
      for (const id of ['resnet50', 'densenet121', 'resnest50d']) {
        const { frame } = await inspectFromPalette(page, id);
        await toggleGroup(frame, 'stage', id === 'densenet121' ? 'Dense block 1' : 'Stage 1 (layer1)');
        await frame.locator('g.box.kind-block').first().waitFor();
        await shot(page, `${id}-light`);
      }
      await setTheme(page, 'Dark Modern');
      assert.deepEqual(consoleErrors, [], 'no console errors');
    },
  },
];

export { SCREENSHOT_DIR };
