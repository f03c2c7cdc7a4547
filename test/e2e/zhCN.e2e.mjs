// The product in Chinese: a workbench whose display language is zh-cn (argv.json + an installed
// language pack, scripts/lib/displayLanguage.mjs) shows the extension's manifest, hovers and
// diagram in Chinese, with the engine's exact numbers unchanged.
import assert from 'node:assert/strict';
import { closePopups, expandFolder, explorerItem, paletteLabels } from './workbench.mjs';
import { engineStats, fmtInt, inspectFromPalette } from './inspectHelpers.mjs';

export const locale = 'zh-cn';

const zh = JSON.parse((await import('node:fs')).readFileSync(new URL('../../l10n/bundle.l10n.zh-cn.json', import.meta.url), 'utf8'));
const nls = JSON.parse((await import('node:fs')).readFileSync(new URL('../../package.nls.zh-cn.json', import.meta.url), 'utf8'));
/** The zh-cn text of an English source string (the bundle is the translation the product uses). */
const t = (english, ...args) => {
  const text = zh[english];
  assert.ok(typeof text === 'string', `no zh-cn translation of "${english}"`);
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
};

export const tests = [
  {
    name: 'zh-cn: the command palette lists "Backbone Lens: 查看模型…"',
    screenshot: 'zh-cn-palette',
    async run({ page }) {
      const title = nls['command.inspectModel.title'];
      assert.equal(title, '查看模型…');
      const labels = await paletteLabels(page, 'Backbone Lens', { expect: title });
      assert.ok(labels.includes(`Backbone Lens: ${title}`), `palette shows: ${JSON.stringify(labels)}`);
      // The palette shows the rows that fit: ask for the other command by its own title.
      const weights = nls['command.chooseWeights.title'];
      const more = await paletteLabels(page, `Backbone Lens: ${weights.replace(/…$/, '')}`, { expect: weights });
      assert.ok(more.includes(`Backbone Lens: ${weights}`), `palette shows: ${JSON.stringify(more)}`);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'zh-cn: the hover on torchvision.models.resnet50(...) is in Chinese with the engine\'s numbers',
    screenshot: 'zh-cn-hover',
    async run({ page }) {
      const engine = engineStats('resnet50', 'stage');
      await closePopups(page);
      await expandFolder(page, 'src');
      await explorerItem(page, 'train.py').click();
      // `torchvision.models.resnet50` is one token: hover the middle of the word "resnet50" in it.
      const line = page.locator('.monaco-editor .view-line', { hasText: 'resnet50(' }).first();
      await line.waitFor({ timeout: 20_000 });
      // The editor lays its lines out after it opens: measure until the word has a size on screen.
      let at;
      for (let i = 0; i < 50 && !at; i++) {
        at = await line.evaluate((el) => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const i = n.textContent.indexOf('resnet50');
            if (i < 0) continue;
            const r = document.createRange();
            r.setStart(n, i + 3);
            r.setEnd(n, i + 5);
            const b = r.getBoundingClientRect();
            if (b.width === 0) return undefined;
            return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
          }
          return undefined;
        });
        if (!at) await page.waitForTimeout(100);
      }
      assert.ok(at, 'the word resnet50 is on screen');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: t('Params') });
      // The Python hover provider registers with the extension's activation: hover until it answers.
      // The cursor on the word, then "Show or Focus Hover" (Ctrl+K Ctrl+I), as a keyboard user asks.
      await page.mouse.click(at.x, at.y);
      for (let i = 0; i < 15 && (await hover.count()) === 0; i++) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await page.waitForTimeout(1500);
      }
      const text = await hover.first().innerText();
      for (const label of [t('Params'), t('MACs (one image)'), t('Depth'), t('Feature map'), t('Receptive field'), t('Inspect in diagram')]) {
        assert.ok(text.includes(label), `hover has "${label}": ${text}`);
      }
      assert.ok(text.includes(t('input {0} px', '3×224×224')), text);
      assert.ok(text.includes(fmtInt(engine.params)), `hover has the exact params ${fmtInt(engine.params)}: ${text}`);
      const rf = engine.receptive_field;
      assert.ok(text.includes(`${fmtInt(rf.size)} px (${t('smallest path')} ${fmtInt(rf.min)} px, ${t('stride')} ${fmtInt(rf.stride)})`), `hover has the receptive field: ${text}`);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'zh-cn: Inspect Model opens resnet50 with a Chinese quick pick, toolbar, header, frames and tooltip',
    screenshot: 'zh-cn-diagram',
    async run({ page }) {
      const engine = engineStats('resnet50', 'stage');
      await closePopups(page);
      const { frame } = await inspectFromPalette(page, 'resnet50', { command: nls['command.inspectModel.title'], pickTitle: t('Inspect Model: pick a backbone') });
      assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-cn');
      // Toolbar and header in Chinese; the numbers exactly the engine's, grouped as in English.
      await frame.locator(`vscode-button[title="${t('Expand every group')}"]`).waitFor({ timeout: 5_000 });
      const params = frame.locator('[data-total="params"]');
      assert.equal(await params.getAttribute('title'), fmtInt(engine.params));
      assert.match(await params.innerText(), new RegExp(`^${t('params')} `));
      // Find (the search box) reveals layer3.2: its stage opens as a frame with the translated
      // label, the status line counts the match in Chinese, the tooltip has Chinese rows.
      const search = frame.locator('#search input');
      await search.fill('layer3.2');
      await search.press('Enter');
      // "“layer3.2”有 11 个匹配项 (1/11)": the block and its layers, counted in Chinese.
      const matches = new RegExp(t('{0} matches for "{1}"', 'NUM', 'layer3.2').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('NUM', '\\d+'));
      await frame.locator('.status', { hasText: matches }).waitFor({ timeout: 5_000 });
      const frames = await frame.locator('.pane-main text.frame-title').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      assert.ok(frames.some((f) => f.startsWith(t('Stage {0} ({1})', 3, 'layer3'))), `frame titles: ${JSON.stringify(frames)}`);
      const box = frame.locator('g.item.selected').first();
      await box.hover();
      const tip = frame.locator('.tooltip:not([hidden])');
      await tip.waitFor({ timeout: 5_000 });
      assert.equal((await tip.locator('.tt-title').innerText()).trim(), t('Block {0}', 2));
      const tipText = await tip.innerText();
      for (const label of [t('Output'), t('Params'), t('Receptive field'), t('Depth')]) assert.ok(tipText.includes(label), `tooltip has "${label}": ${tipText}`);
      // The numbers are the engine's, as in English (zh-cn groups digits as en does).
      const block = engineStats('resnet50', 'block').nodes.find((n) => n.path === 'layer3.2');
      assert.equal(await tip.locator('td[data-stat="params"]').innerText(), fmtInt(block.params));
      // The receptive field's words are translated; its numbers and units are the engine's.
      assert.equal(await tip.locator('td[data-stat="receptive field"]').innerText(), `${fmtInt(block.rf.size)} px (${t('smallest path')} ${fmtInt(block.rf.min)} px, ${t('stride')} ${fmtInt(block.rf.stride)})`);
    },
  },
];
