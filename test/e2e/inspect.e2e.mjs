// Inspect Model in the real workbench: run the command from the palette, pick a preset, check the
// diagram (stages, blocks, dense blocks, transitions), hover a box and compare the tooltip with the
// engine's numbers (from the CLI twin's JSON), and keep screenshots in the dark and light themes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  SHOTS, assertMatchesEngine, consoleErrors, engineStats, fmtInt, hoverPath, inspectFromPalette, listen, setTheme, shot, toggleGroup, visibleKinds,
} from './inspectHelpers.mjs';
import { SCREENSHOT_DIR } from './workbench.mjs';

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
