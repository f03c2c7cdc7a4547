// What a user sees: the command palette and the explorer's context menu, in the real workbench.
import assert from 'node:assert/strict';
import { contextMenuLabels, expandFolder, paletteLabels } from './workbench.mjs';

const CLASSIFY = 'Classify Image';

export const tests = [
  {
    name: 'command palette lists "Backbone Lens: Inspect Model…" and hides Classify Image',
    screenshot: 'palette-backbone-lens',
    async run({ page }) {
      const labels = await paletteLabels(page, 'Backbone Lens', { expect: 'Inspect Model' });
      assert.ok(labels.includes('Backbone Lens: Inspect Model…'), `palette shows: ${JSON.stringify(labels)}`);
      assert.ok(!labels.some((l) => l.includes(CLASSIFY)), `Classify Image must not be in the palette: ${JSON.stringify(labels)}`);
    },
  },
  {
    name: 'right-clicking a .png in the explorer offers Classify Image',
    screenshot: 'context-menu-png',
    async run({ page }) {
      await expandFolder(page, 'images');
      const labels = await contextMenuLabels(page, 'gradient.png');
      assert.ok(labels.includes(CLASSIFY), `menu: ${JSON.stringify(labels)}`);
    },
  },
  {
    name: 'right-clicking an upper-case .JPG offers Classify Image',
    screenshot: 'context-menu-jpg',
    async run({ page }) {
      await expandFolder(page, 'images');
      const labels = await contextMenuLabels(page, 'Photo.JPG');
      assert.ok(labels.includes(CLASSIFY), `menu: ${JSON.stringify(labels)}`);
    },
  },
  {
    name: 'right-clicking a .py file does not offer Classify Image',
    screenshot: 'context-menu-py',
    async run({ page }) {
      await expandFolder(page, 'src');
      const labels = await contextMenuLabels(page, 'train.py');
      assert.ok(labels.length > 3, `the context menu opened: ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes(CLASSIFY), `menu: ${JSON.stringify(labels)}`);
    },
  },
  {
    name: 'right-clicking a .json or .txt file does not offer Classify Image',
    screenshot: 'context-menu-txt',
    async run({ page }) {
      for (const name of ['config.json', 'notes.txt']) {
        const labels = await contextMenuLabels(page, name);
        assert.ok(labels.length > 3, `the context menu opened for ${name}: ${JSON.stringify(labels)}`);
        assert.ok(!labels.includes(CLASSIFY), `menu of ${name}: ${JSON.stringify(labels)}`);
      }
    },
  },
  {
    name: 'right-clicking a folder offers Classify Image',
    screenshot: 'context-menu-folder',
    async run({ page }) {
      const labels = await contextMenuLabels(page, 'images');
      assert.ok(labels.includes(CLASSIFY), `menu: ${JSON.stringify(labels)}`);
    },
  },
];
