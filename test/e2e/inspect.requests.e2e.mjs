// Inspect Model as a new user drives it (issue #11): a new request wins over a panel sitting in a
// background tab (palette and a variant file's editor-title button), an invalid variant says so in
// the panel and with a message, labels come back after zooming out and in (and are all in the
// SVG export), Enter / Shift+Enter cycle through search matches, and what is typed right after a
// dropdown change is kept.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_WORKSPACE } from '../../scripts/lib/vscodeServer.mjs';
import { exportToFile, inspectFromPalette, listen, shot, webview } from './inspectHelpers.mjs';
import { closePopups, explorerItem, paletteLabels } from './workbench.mjs';

const OUT = mkdtempSync(join(tmpdir(), 'bl-e2e-requests-'));

/** Opens a workspace file in an editor from the explorer, which sends the Inspect panel to the background. */
async function openFromExplorer(page, name) {
  await closePopups(page);
  const row = explorerItem(page, name);
  await row.waitFor({ timeout: 20_000 });
  await row.dblclick();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

/** "View: Close All Editors" from the palette (the Inspect panel included). */
async function closeAllEditors(page) {
  await paletteLabels(page, 'View: Close All Editors', { expect: 'Close All Editors' });
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^View: Close All Editors$/ }) }).first().click();
  await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

const headerId = async (frame) => (await frame.locator('.summary .model-id').first().innerText()).trim();

/** The notification toasts' texts. */
const toasts = async (page) => (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).map((t) => t.trim());

/** Boxes and frames in the DOM without their label (drawn while zoomed out and never relabelled). */
const unlabelled = (frame) => frame.locator('.pane-main g.box.item').evaluateAll((els) => els.filter((e) => !e.querySelector('text.title')).length);
const unlabelledFrames = (frame) => frame.locator('.pane-main g.frame.item').evaluateAll((els) => els.filter((e) => !e.querySelector('text.frame-title')).length);

/** The main diagram's zoom transform, from the viewport's transform attribute. */
async function transformOf(frame) {
  const t = await frame.locator('.pane-main g.viewport').getAttribute('transform');
  const m = /translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(t ?? '');
  return m ? { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) } : { x: 0, y: 0, k: 1 };
}
const zoomOf = async (frame) => (await transformOf(frame)).k;

/** The largest scroll offset of any element of the page (the page must never shift). */
const maxScroll = (frame) => frame.locator('body').evaluate(() => Math.max(0, ...[document.scrollingElement, ...document.querySelectorAll('*')].map((e) => Math.max(e?.scrollTop ?? 0, e?.scrollLeft ?? 0))));

export const tests = [
  {
    name: 'Inspect request over a background panel: the palette pick wins and stays',
    screenshot: 'inspect-request-background',
    async run({ page }) {
      listen(page);
      await inspectFromPalette(page, 'resnet50');
      await openFromExplorer(page, 'notes.txt');
      const { frame } = await inspectFromPalette(page, 'densenet121');
      // The page of a background panel reloads when revealed and sends its saved state (resnet50):
      // the request must still be what is shown a while later.
      await page.waitForTimeout(2_000);
      assert.equal(await headerId(frame), 'densenet121');
      assert.match(await frame.locator('body').getAttribute('data-rendered'), /^main:densenet121:/);
      await page.locator('.tab', { hasText: 'Inspect: densenet121' }).first().waitFor({ timeout: 5_000 });
    },
  },
  {
    name: 'Inspect request from a variant file: valid wins over the background panel; invalid shows an error in the panel and a message',
    screenshot: 'inspect-request-variant',
    async run({ page }) {
      listen(page);
      const good = join(SAMPLE_WORKSPACE, 'e2e-good.backbone.json');
      const bad = join(SAMPLE_WORKSPACE, 'e2e-bad.backbone.json');
      writeFileSync(good, '{ "extends": "resnet18", "name": "e2e-good", "num_classes": 10 }\n');
      writeFileSync(bad, '{ "extends": "resnet50", "last_stride": 3 }\n');
      try {
        await inspectFromPalette(page, 'resnet50');
        const inspectButton = page.locator('.editor-actions .action-label[aria-label^="Inspect Model"]').first();
        await openFromExplorer(page, 'e2e-good.backbone.json');
        await inspectButton.click();
        const frame = webview(page);
        await frame.locator('body[data-rendered^="main:e2e-good:"]').waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1_500);
        assert.equal(await headerId(frame), 'e2e-good', 'the variant file stays shown');
        await openFromExplorer(page, 'e2e-bad.backbone.json');
        await inspectButton.click();
        const banner = frame.locator('.pane-main .error-banner:not([hidden])');
        await banner.waitFor({ timeout: 20_000 });
        assert.match(await banner.innerText(), /last_stride: expected one of 1, 2, got 3/);
        await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'last_stride' }).first().waitFor({ timeout: 10_000 });
        assert.ok((await toasts(page)).some((t) => /Inspect Model: .*last_stride: expected one of 1, 2, got 3/.test(t)), `toasts: ${await toasts(page)}`);
        await shot(page, 'inspect-invalid-variant');
        // The editor's own validation (the bundled schema) says it in the CLI's words.
        await openFromExplorer(page, 'e2e-bad.backbone.json');
        await page.keyboard.press('Control+Shift+M');
        const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'last_stride' }).first();
        await problem.waitFor({ timeout: 20_000 });
        assert.match(await problem.innerText(), /last_stride: expected one of 1, 2/);
        assert.doesNotMatch(await page.locator('.markers-panel').innerText(), /Value is not accepted/);
        await page.keyboard.press('Control+Shift+M');
      } finally {
        rmSync(good, { force: true });
        rmSync(bad, { force: true });
        await closePopups(page);
        await closeAllEditors(page);
      }
    },
  },
  {
    name: 'Inspect labels: boxes drawn while zoomed out get their labels back when zoomed in, and every label is in the SVG export',
    screenshot: 'inspect-labels-zoom',
    async run({ page }) {
      listen(page);
      const { frame } = await inspectFromPalette(page, 'densenet201');
      await frame.locator('vscode-button[title="Expand every group"]').click();
      const svg = frame.locator('.pane-main svg.diagram');
      await svg.focus();
      // Fit on this tall graph keeps labels readable (fit to width).
      assert.ok((await zoomOf(frame)) >= 0.4, `Fit leaves the labels readable (zoom ${await zoomOf(frame)})`);
      assert.equal(await unlabelled(frame), 0, 'labels drawn at the fitted zoom');
      // Far out (no labels at all), then back in: what came into view meanwhile must be labelled.
      for (let i = 0; i < 8; i++) await svg.press('-');
      await page.waitForTimeout(300);
      for (let i = 0; i < 8; i++) await svg.press('+');
      await page.waitForTimeout(300);
      assert.ok((await frame.locator('.pane-main g.box.item').count()) > 5, 'boxes in view');
      assert.equal(await unlabelled(frame), 0, 'every box in the DOM has its label');
      assert.equal(await unlabelledFrames(frame), 0, 'every frame in the DOM has its title');
      for (let i = 0; i < 8; i++) await svg.press('-');
      await page.waitForTimeout(300);
      const text = await exportToFile(page, frame, 'Save SVG…', join(OUT, 'densenet201.svg'));
      // A layer box is <g data-id="nN"><rect/><text>title</text>…</g> (the export drops classes).
      const boxes = text.split('<g ').filter((seg) => /^[^>]*data-id="n\d+"/.test(seg));
      assert.ok(boxes.length > 700, `the export holds every layer box (${boxes.length})`);
      assert.deepEqual(boxes.filter((seg) => !seg.includes('<text')).map((seg) => seg.slice(0, 80)), [], 'each box of the export has its label');
    },
  },
  {
    name: 'Inspect scroll and zoom: the wheel pans, Ctrl+wheel zooms, the overview moves the view, the page never shifts',
    screenshot: 'inspect-wheel-overview',
    async run({ page }) {
      listen(page);
      const { frame } = await inspectFromPalette(page, 'densenet201');
      await frame.locator('vscode-button[title="Expand every group"]').click();
      await page.waitForTimeout(300);
      const svg = frame.locator('.pane-main svg.diagram');
      const box = await svg.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const t0 = await transformOf(frame);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(300);
      const t1 = await transformOf(frame);
      assert.equal(t1.k, t0.k, 'the wheel does not zoom');
      assert.ok(t1.y < t0.y - 100, `the wheel scrolls down (${t0.y} → ${t1.y})`);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      await page.waitForTimeout(300);
      assert.ok((await transformOf(frame)).k > t1.k, 'Ctrl+wheel zooms in');
      // The overview of this tall graph: a click near its bottom shows the head.
      const overview = frame.locator('.pane-main svg.overview');
      await overview.waitFor({ state: 'visible', timeout: 5_000 });
      const o = await overview.boundingBox();
      await page.mouse.click(o.x + o.width / 2, o.y + o.height - 2);
      await frame.locator('.pane-main g.item.kind-head').first().waitFor({ timeout: 5_000 });
      await svg.focus();
      await svg.press('0');
      await page.waitForTimeout(200);
      assert.equal(await maxScroll(frame), 0, 'nothing in the page scrolled (no shift)');
      await shot(page, 'densenet201-expanded-overview');
    },
  },
  {
    name: 'Inspect search: Enter and Shift+Enter cycle through the matches',
    screenshot: 'inspect-search-cycle',
    async run({ page }) {
      listen(page);
      const { frame } = await inspectFromPalette(page, 'resnet18');
      const search = frame.locator('#search input');
      await search.fill('conv2');
      const status = frame.locator('.status');
      const seen = [];
      for (let i = 0; i < 3; i++) {
        await search.press('Enter');
        await frame.locator('.status', { hasText: `(${i + 1}/` }).waitFor({ timeout: 5_000 });
        seen.push((await frame.locator('.details h2').innerText()).trim());
      }
      assert.equal(new Set(seen).size, 3, `three different matches: ${seen}`);
      await search.press('Shift+Enter');
      await frame.locator('.status', { hasText: '(2/' }).waitFor({ timeout: 5_000 });
      assert.equal((await frame.locator('.details h2').innerText()).trim(), seen[1], 'Shift+Enter goes back');
      assert.match(await status.innerText(), /^\d+ matches for "conv2" \(2\/\d+\)$/);
    },
  },
  {
    name: 'Inspect controls: what is typed right after a dropdown change is kept (input size, search)',
    screenshot: 'inspect-typing-after-dropdown',
    async run({ page }) {
      listen(page);
      const { frame } = await inspectFromPalette(page, 'resnet50');
      await frame.locator('#model-picker').click();
      await frame.locator('#model-picker vscode-option[value="preset:resnet18"]').click();
      // Straight away, before the new model has arrived: the input size field.
      const input = frame.locator('#input-size input');
      await input.click();
      await input.press('Control+a');
      await input.pressSequentially('320', { delay: 15 });
      await input.press('Enter');
      await frame.locator('body[data-rendered^="main:resnet18:"]').waitFor({ timeout: 20_000 });
      await frame.locator('[data-total="input"] b', { hasText: '3×320×320' }).waitFor({ timeout: 20_000 });
      assert.equal(await input.inputValue(), '320×320');
      await frame.locator('#color-by').click();
      await frame.locator('#color-by vscode-option[value="params"]').click();
      const search = frame.locator('#search input');
      await search.click();
      await search.press('Control+a');
      await search.pressSequentially('layer2.1.conv2', { delay: 15 });
      assert.equal(await search.inputValue(), 'layer2.1.conv2');
      await search.press('Enter');
      await frame.locator('.details h2', { hasText: /^layer2\.1\.conv2$/ }).waitFor({ timeout: 5_000 });
    },
  },
];

tests.push(
  {
    name: 'Inspect accessibility: focus starts on the diagram, knob fields carry their names, the toolbar wraps as groups, frame titles keep their names',
    screenshot: 'inspect-a11y',
    async run({ page }) {
      listen(page);
      const { frame } = await inspectFromPalette(page, 'resnet50');
      await page.waitForTimeout(300);
      assert.equal(await frame.locator('body').evaluate(() => document.activeElement?.tagName.toLowerCase()), 'svg', 'the diagram has the focus');
      // The side pane's breakdown: every share whole ("100.0 %", not "100."), nothing cut off.
      const shares = await frame.locator('.details table.breakdown .pct-text').allInnerTexts();
      assert.ok(shares.length >= 6 && shares.every((t) => /^(\d+\.\d|< 0\.1) %$/.test(t.trim())), `shares: ${shares}`);
      const overflow = await frame.locator('.details').evaluate((e) => e.scrollWidth - e.clientWidth);
      assert.ok(overflow <= 0, `the side pane does not overflow sideways (${overflow} px)`);
      const clipped = await frame.locator('.details table.breakdown td').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).length);
      assert.equal(clipped, 0, 'no breakdown cell is clipped');
      await frame.locator('details.knobs > summary').first().click();
      for (const name of ['base_width', 'groups', 'layers']) {
        await frame.getByRole('textbox', { name, exact: true }).first().waitFor({ timeout: 5_000 });
        assert.equal(await frame.getByRole('textbox', { name, exact: true }).count(), 1, `one text field named "${name}": ${await frame.locator('.toolbar details.knobs').first().ariaSnapshot()}`);
      }
      await frame.locator('details.knobs > summary').first().click();
      // The explorer is open beside the panel: Export stays on the row of the other actions.
      const top = async (sel) => Math.round((await frame.locator(sel).first().boundingBox()).y);
      const [exportTop, fitTop] = [await top('#export'), await top('vscode-button[title="Fit to view (0)"]')];
      assert.ok(Math.abs(exportTop - fitTop) < 10, `Export on the same row as Fit (${exportTop} vs ${fitTop})`);
      await frame.locator('vscode-button[title="Expand every group"]').click();
      await page.waitForTimeout(300);
      const titles = await frame.locator('.pane-main text.frame-title').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      assert.ok(titles.length > 3, `frame titles: ${titles.length}`);
      assert.deepEqual(titles.filter((t) => t.endsWith('…')), [], 'no frame title is cut');
      await frame.locator('vscode-button[title="Collapse to stages"]').click();
    },
  },
);

/** Relative luminance (WCAG) of a computed CSS colour "rgb(r, g, b)" / "color(srgb r g b)". */
function luminance(css) {
  let rgb;
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css);
  if (m) rgb = [m[1], m[2], m[3]].map((v) => Number(v) / 255);
  const c = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
  if (c) rgb = [c[1], c[2], c[3]].map(Number);
  assert.ok(rgb, `a colour: ${css}`);
  const lin = rgb.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

tests.push({
  name: 'Inspect colour legend: five swatches with strictly ordered lightness in light, dark and both high-contrast themes',
  screenshot: 'inspect-legend-themes',
  async run({ page }) {
    listen(page);
    const { setTheme } = await import('./inspectHelpers.mjs');
    const report = [];
    try {
      for (const theme of ['Light Modern', 'Light High Contrast', 'Dark High Contrast', 'Dark Modern']) {
        await setTheme(page, theme);
        const frame = webview(page);
        await frame.locator('.legend .swatch').nth(4).waitFor({ timeout: 10_000 });
        const colours = await frame.locator('.legend .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
        const bg = await frame.locator('body').evaluate(() => getComputedStyle(document.body).backgroundColor);
        const l = colours.map(luminance);
        const light = luminance(bg) > 0.5;
        // Away from the background, step by step: darker on a light theme, lighter on a dark one.
        const steps = l.slice(1).map((v, i) => (light ? l[i] - v : v - l[i]));
        report.push(`${theme}: ${l.map((v) => v.toFixed(3)).join(' ')}`);
        assert.ok(steps.every((s) => s > 0.01), `${theme}: each bin differs from the last (${report.at(-1)})`);
      }
    } finally {
      await setTheme(page, 'Dark Modern');
    }
  },
});
