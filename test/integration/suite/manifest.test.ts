// The manifest, as the real extension host loaded it: menus, activation events, trust.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from '../harness';
import { COMMAND_IDS, ourExtension } from '../expect';
import { evaluateWhen } from '../whenClause';

interface MenuEntry { command: string; when?: string; group?: string }

function menu(name: string): MenuEntry[] {
  return ourExtension().packageJSON.contributes?.menus?.[name] ?? [];
}

function classifyEntry(): MenuEntry {
  const entries = menu('explorer/context').filter((e) => e.command === 'backboneLens.classifyImage');
  assert.equal(entries.length, 1, 'exactly one explorer/context entry for classifyImage');
  assert.ok(entries[0].when, 'the explorer/context entry has a when-clause');
  return entries[0];
}

/** The context keys VS Code sets for a file or folder in the explorer. */
function explorerContext(name: string, isFolder: boolean): Record<string, string | boolean> {
  return {
    explorerResourceIsFolder: isFolder,
    resourceFilename: name,
    resourceExtname: isFolder ? '' : path.extname(name),
    resourceLangId: '',
    isWorkspaceTrusted: true,
  };
}

const imageNames = [
  'cat.png', 'cat.PNG', 'dog.jpg', 'DOG.JPG', 'photo.jpeg', 'Photo.JpEg', 'x.webp', 'x.WEBP',
  'scan.bmp', 'scan.tif', 'scan.TIFF', 'scan.tiff', 'anim.gif', 'anim.GIF', 'my.holiday.png',
];
const otherNames = [
  'train.py', 'notes.txt', 'config.json', 'model.onnx', 'weights.pth', 'README.md', 'png',
  'image.png.txt', 'archive.jpg.zip', 'x.svg', 'Makefile', '.png.bak', 'x.jpgg', 'x.tiff2',
];

test('classifyImage shows in the explorer for every image extension, any case', () => {
  const { when } = classifyEntry();
  const wrong = imageNames.filter((n) => !evaluateWhen(when!, explorerContext(n, false)));
  assert.deepEqual(wrong, [], `when-clause "${when}" rejects images: ${wrong.join(', ')}`);
});

test('classifyImage does not show for non-image files', () => {
  const { when } = classifyEntry();
  const wrong = otherNames.filter((n) => evaluateWhen(when!, explorerContext(n, false)));
  assert.deepEqual(wrong, [], `when-clause "${when}" accepts non-images: ${wrong.join(', ')}`);
});

test('classifyImage shows for folders', () => {
  const { when } = classifyEntry();
  for (const folder of ['images', 'data.v2', 'src']) {
    assert.equal(evaluateWhen(when!, explorerContext(folder, true)), true, `folder ${folder}`);
  }
});

test('classifyImage is hidden from the command palette, inspectModel is not', () => {
  const palette = menu('commandPalette');
  const classify = palette.find((e) => e.command === 'backboneLens.classifyImage');
  assert.equal(classify?.when, 'false');
  const inspect = palette.find((e) => e.command === 'backboneLens.inspectModel');
  assert.ok(!inspect || (inspect.when !== undefined && inspect.when !== 'false'), 'inspectModel stays in the palette');
});

test('activation events contain neither * nor onStartupFinished', () => {
  const events: string[] = ourExtension().packageJSON.activationEvents ?? [];
  assert.ok(!events.includes('*'), 'activationEvents contains *');
  assert.ok(!events.includes('onStartupFinished'), 'activationEvents contains onStartupFinished');
});

test('untrusted workspaces are supported in limited mode, with a description', () => {
  const trust = ourExtension().packageJSON.capabilities?.untrustedWorkspaces;
  assert.equal(trust?.supported, 'limited');
  assert.equal(typeof trust?.description, 'string');
  assert.ok(trust.description.length > 10);
});

test('every command id is contributed with the Backbone Lens category', () => {
  const commands: { command: string; category?: string }[] = ourExtension().packageJSON.contributes?.commands ?? [];
  for (const id of COMMAND_IDS) {
    const c = commands.find((x) => x.command === id);
    assert.ok(c, `${id} is not contributed`);
    assert.equal(c.category, 'Backbone Lens');
  }
});
