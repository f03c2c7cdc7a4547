// Workspace trust: the runner opens the sample workspace either trusted (trust disabled in the
// user settings) or in Restricted Mode, and says which through BACKBONE_LENS_EXPECT_TRUSTED.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SkipTest, test } from '../harness';
import { COMMAND_IDS, expectedTrust, ourExtension } from '../expect';

test('the workspace trust state is the one the runner set up', () => {
  const expected = expectedTrust();
  if (expected === undefined) throw new SkipTest('runner did not set BACKBONE_LENS_EXPECT_TRUSTED');
  assert.equal(vscode.workspace.isTrusted, expected);
});

test('the extension activates and registers its commands whatever the trust state', async () => {
  const ext = ourExtension();
  await ext.activate();
  assert.equal(ext.isActive, true);
  const all = new Set(await vscode.commands.getCommands(true));
  for (const id of COMMAND_IDS) assert.ok(all.has(id), `${id} missing (trusted: ${vscode.workspace.isTrusted})`);
});

test('the sample workspace is open', () => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'one workspace folder');
  assert.match(folders[0].uri.path, /test\/workspace$/);
});
