// Inspect Model in the real workbench, the parts a user reaches without the mouse or across a
// session: keyboard navigation (focus, arrows, Enter opens a group and shows its details), the
// panel restored by its serializer after a window reload (same model, same expansion), export of
// the stats table and of the diagram through the save dialog (numbers equal the CLI's; the SVG
// decodes as an image), compare (Δ params equal the engine's difference; stages line up), and a
// screenshot in the Dark High Contrast theme. Runs after inspect.e2e.mjs (file order).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  consoleErrors, engineStats, exportToFile, fmtInt, inspectFromPalette, listen, setTheme, shot, toggleGroup, webview,
} from './inspectHelpers.mjs';
import { closePopups, paletteLabels } from './workbench.mjs';

const OUT = mkdtempSync(join(tmpdir(), 'bl-e2e-export-'));

/** The node of the CLI's JSON at `path`. */
function cliNode(stats, path) {
  const n = stats.nodes.find((x) => x.path === path);
  assert.ok(n, `the CLI reports ${path}`);
  return n;
}

/** Focuses the main diagram and presses ArrowDown until the focused item is `label` (the SVG's aria-label follows the focus). */
async function focusByArrows(frame, label, max = 40) {
  const svg = frame.locator('.pane-main svg.diagram');
  for (let i = 0; i < max; i++) {
    if ((await svg.getAttribute('aria-label')) === label) return;
    await svg.press('ArrowDown');
  }
  assert.fail(`ArrowDown never reached "${label}" (at "${await svg.getAttribute('aria-label')}")`);
}

const detailsTitle = async (frame) => (await frame.locator('.details h2').innerText()).trim();

/** The stats table of the details pane as { label: value }. */
async function detailsStats(frame) {
  const out = {};
  for (const tr of await frame.locator('.details table.stats tr').all()) out[(await tr.locator('th').innerText()).trim()] = (await tr.locator('td').innerText()).trim();
  return out;
}

/** Rows of a Markdown table by their first cell (indentation removed). */
function markdownRows(md) {
  const rows = new Map();
  for (const line of md.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| ---') || line.startsWith('| path')) continue;
    const cells = line.slice(2, -2).split(' | ').map((c) => c.replace(/&nbsp;/g, '').trim());
    rows.set(cells[0], cells);
  }
  return rows;
}

/** Cells of the compare table's row whose first cell is `name`. */
async function compareRow(frame, name) {
  const row = frame.locator('table.compare tbody tr').filter({ has: frame.locator('td:first-child', { hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) }) });
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim());
}

const signed = (d) => `${d > 0 ? '+' : d < 0 ? '−' : ''}${fmtInt(Math.abs(d))}`;

export const tests = [
  {
    name: 'Inspect Model keyboard: arrows move the focus, Enter opens a stage and shows its details',
    screenshot: 'inspect-keyboard',
    async run({ page }) {
      listen(page);
      const cli = engineStats('resnet50', 'block');
      const { frame } = await inspectFromPalette(page, 'resnet50');
      await frame.locator('vscode-button[title="Collapse to stages"]').click();
      await focusByArrows(frame, 'Stage 3 (layer3)');
      assert.equal(await frame.locator('g.item.focused').count(), 1, 'one focused box');
      await frame.locator('.pane-main svg.diagram').press('Enter');
      await frame.locator('g.box.kind-block').first().waitFor({ timeout: 5_000 });
      assert.equal(await frame.locator('g.box.kind-block').count(), 6, 'Enter opened stage 3: six blocks');
      assert.equal(await detailsTitle(frame), 'Stage 3 (layer3)');
      const stats = await detailsStats(frame);
      assert.equal(stats.Params, fmtInt(cliNode(cli, 'layer3').params), 'details: params of layer3');
      assert.equal(stats.MACs, fmtInt(cliNode(cli, 'layer3').macs), 'details: MACs of layer3');
      // Down into the first block; Enter opens it and selects it.
      await focusByArrows(frame, 'Block 0');
      await frame.locator('.pane-main svg.diagram').press('Enter');
      await frame.locator('g.box.op-conv').first().waitFor({ timeout: 5_000 });
      assert.equal(await detailsTitle(frame), 'Block 0');
      assert.equal((await detailsStats(frame)).Params, fmtInt(cliNode(cli, 'layer3.0').params), 'details: params of layer3.0');
      // ← closes the focused (open) block again.
      await frame.locator('.pane-main svg.diagram').press('ArrowLeft');
      await page.waitForTimeout(200);
      assert.equal(await frame.locator('g.frame.kind-block').count(), 0, '← closed the block');
      await shot(page, 'resnet50-keyboard');
    },
  },
  {
    name: 'Inspect Model after a window reload: the serializer restores the panel with the same model, expansion and selection',
    screenshot: 'inspect-reload',
    async run({ page }) {
      listen(page);
      let frame = webview(page);
      const before = { title: await detailsTitle(frame), blocks: await frame.locator('g.box.kind-block').count() };
      assert.ok(before.blocks > 0, 'stage 3 open before the reload');
      // "Developer: Reload Window", as a user reloads: the workbench saves its state (the
      // webview's included) on the way out, which a bare page reload does not wait for.
      await closePopups(page);
      await paletteLabels(page, 'Developer: Reload Window', { expect: 'Reload Window' });
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Developer: Reload Window$/ }) }).first().click();
      await page.waitForEvent('load', { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      frame = webview(page);
      await frame.locator('body[data-rendered^="main:resnet50:"]').waitFor({ timeout: 45_000 });
      await page.locator('.tab', { hasText: 'Inspect: resnet50' }).first().waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('g.box.kind-block').count(), before.blocks, 'the same groups are open');
      assert.equal(await detailsTitle(frame), before.title, 'the same item is selected');
      assert.equal((await frame.locator('[data-total="params"] b').innerText()).trim(), '25.56 M');
      await shot(page, 'resnet50-after-reload');
    },
  },
  {
    name: 'Inspect Model export: the Markdown table has the CLI numbers; the SVG is a valid image',
    screenshot: 'inspect-export',
    async run({ page }) {
      listen(page);
      const cli = engineStats('resnet50', 'block');
      const { frame } = await inspectFromPalette(page, 'resnet50');
      const md = await exportToFile(page, frame, 'Save table (Markdown)…', join(OUT, 'resnet50-stats.md'));
      assert.match(md, /^# resnet50 at 224×224\n\ndepth 50 · 25,557,032 params · 4,089,184,256 MACs/);
      assert.doesNotMatch(md, /&nbsp;/, 'no HTML entities for indentation');
      const rows = markdownRows(md);
      for (const path of ['stem', 'layer2', 'layer3', 'layer3.0', 'layer4.2', 'head']) {
        const n = cliNode(cli, path);
        const r = rows.get(path);
        assert.ok(r, `the table has a row for ${path}`);
        assert.deepEqual([r[2], r[3], r[4]], [n.output_shape.join('×'), fmtInt(n.params), fmtInt(n.macs)], `${path}: output, params, MACs`);
      }
      const svg = await exportToFile(page, frame, 'Save SVG…', join(OUT, 'resnet50.svg'));
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok((svg.match(/<rect/g) ?? []).length >= 7, 'boxes in the SVG');
      assert.ok(svg.includes('Stage 3 (layer3)'), 'labels in the SVG');
      // A caption (title, totals, legend); no expand glyphs; and a confirmation like every save.
      assert.ok(svg.includes('resnet50 — ') && svg.includes(`${fmtInt(cli.params)} params`), 'title and totals in the SVG');
      assert.doesNotMatch(svg, />[+−]<\/text>/, 'no +/− glyphs in the export');
      await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Inspect Model: Saved .*resnet50\.svg/ }).first().waitFor({ timeout: 10_000 });
      // It decodes as an image (a standalone page, no workbench CSP).
      const probe = await page.context().browser().newPage();
      try {
        const size = await probe.evaluate(async (text) => {
          const img = new Image();
          img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
          await img.decode();
          return [img.naturalWidth, img.naturalHeight];
        }, svg);
        assert.ok(size[0] > 100 && size[1] > 100, `the SVG decodes (${size.join('×')})`);
      } finally {
        await probe.close();
      }
    },
  },
  {
    name: 'Inspect Model compare: resnet50 vs resnext50_32x4d, Δ params equal the engine difference, the stages line up, the table fits, expansion and Collapse act on both panes',
    screenshot: 'inspect-compare',
    async run({ page }) {
      listen(page);
      const a = engineStats('resnet50', 'stage');
      const b = engineStats('resnext50_32x4d', 'stage');
      const { frame } = await inspectFromPalette(page, 'resnet50');
      await frame.locator('vscode-button[title="Collapse to stages"]').click();
      await frame.locator('#compare').click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Compare with' }).waitFor({ timeout: 20_000 });
      await page.locator('.quick-input-widget input[type="text"]').pressSequentially('resnext50_32x4d', { delay: 10 });
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^resnext50_32x4d$/ }) }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      await frame.locator('body[data-rendered^="compare:resnext50_32x4d:"]').waitFor({ timeout: 30_000 });
      const total = await compareRow(frame, 'Total');
      assert.equal(total[1], fmtInt(a.params));
      assert.equal(total[2], fmtInt(b.params));
      assert.ok(total[3].startsWith(`${signed(b.params - a.params)} (`), `Δ params ${total[3]} = ${signed(b.params - a.params)}`);
      assert.ok(total[6].startsWith(`${signed(b.macs - a.macs)} (`), `Δ MACs ${total[6]} = ${signed(b.macs - a.macs)}`);
      const s3 = await compareRow(frame, 'Stage 3 (layer3)');
      const d3 = cliNode(b, 'layer3').params - cliNode(a, 'layer3').params;
      assert.ok(s3[3].startsWith(`${signed(d3)} (`), `stage 3 Δ params ${s3[3]} = ${signed(d3)}`);
      // Stage by stage alignment: the same height on screen for stem, stages and head.
      const tops = async (pane) => frame.locator(`.pane-${pane} g.box.kind-stem, .pane-${pane} g.box.kind-stage, .pane-${pane} g.box.kind-head`)
        .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      const [ta, tb] = [await tops('main'), await tops('compare')];
      assert.equal(ta.length, 6);
      assert.deepEqual(tb, ta, 'stem, stages and head line up');
      // The Δ table fits the panel (or its own box scrolls): no column is cut off.
      const fit = await frame.locator('.compare-host').evaluate((host) => ({ table: host.querySelector('table.compare').scrollWidth, host: host.clientWidth }));
      assert.ok(fit.table <= fit.host, `the compare table (${fit.table} px) fits its pane (${fit.host} px)`);
      // Expansion follows from one pane to the other: stage 3 opens in both. The panes are small,
      // so most boxes are culled from the DOM; each pane's overview draws every closed box (one
      // sub-path each) and so counts them.
      const closedBoxes = (pane) => frame.locator(`.pane-${pane} .overview-boxes`).evaluate((p) => (p.getAttribute('d') ?? '').split('M').length - 1);
      const before = { main: await closedBoxes('main'), compare: await closedBoxes('compare') };
      assert.ok(before.main > 0 && before.compare > 0, `the overviews are drawn (${JSON.stringify(before)})`);
      const stage3 = frame.locator('.pane-main g.item.kind-stage').filter({ has: frame.locator('text', { hasText: 'Stage 3 (layer3)' }) }).first();
      // Dispatched, not clicked: in a 1280 px window the compare panes put stage 3 under the table.
      await stage3.locator('text.toggle').dispatchEvent('click');
      const opened = async () => ({ main: await closedBoxes('main') - before.main, compare: await closedBoxes('compare') - before.compare });
      for (let i = 0; i < 50 && (await opened()).compare === 0; i++) await page.waitForTimeout(100);
      // Stage 3's box becomes an open frame holding 6 blocks: 5 more closed boxes in each pane.
      assert.deepEqual(await opened(), { main: 5, compare: 5 }, 'resnet50 and resnext50_32x4d both show the 6 blocks of stage 3');
      await shot(page, 'compare-resnet50-resnext50');
      // The toolbar acts on both panes while comparing.
      await frame.locator('vscode-button[title="Collapse to stages"]').click();
      for (let i = 0; i < 50 && (await opened()).compare !== 0; i++) await page.waitForTimeout(100);
      assert.deepEqual(await opened(), { main: 0, compare: 0 }, 'Collapse closed stage 3 in both panes');
      await frame.locator('#close-compare').click();
      await frame.locator('.pane-compare[hidden]').waitFor({ state: 'attached', timeout: 5_000 });
      // The side pane is back on the main model (or its selection), not the closed comparison.
      let side = '';
      for (let i = 0; i < 50 && /resnext50_32x4d/.test((side = await frame.locator('.details').innerText())); i++) await page.waitForTimeout(100);
      assert.doesNotMatch(side, /resnext50_32x4d/, `the side pane after Close compare: ${side.slice(0, 200)}`);
    },
  },
  {
    name: 'Inspect Model in Dark High Contrast: screenshot, and no console errors from the webview',
    screenshot: 'inspect-high-contrast',
    async run({ page }) {
      listen(page);
      await setTheme(page, 'Dark High Contrast');
      try {
        const { frame } = await inspectFromPalette(page, 'densenet121');
        await toggleGroup(frame, 'stage', 'Dense block 1');
        await frame.locator('g.box.kind-block').first().waitFor();
        await frame.locator('g.box.kind-block').first().click();
        await shot(page, 'densenet121-high-contrast');
      } finally {
        await setTheme(page, 'Dark Modern');
      }
      assert.deepEqual(consoleErrors, [], 'no console errors');
    },
  },
];
