// The extension activates in a real extension host, registers its commands, and keeps
// onnxruntime-node out of the host process (DESIGN.md: inference lives in a child process).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../harness';
import { COMMAND_IDS, ourExtension } from '../expect';

test('the extension is present and activates', async () => {
  const ext = ourExtension();
  await ext.activate();
  assert.equal(ext.isActive, true);
});

test('both commands are registered', async () => {
  await ourExtension().activate();
  const all = new Set(await vscode.commands.getCommands(true));
  for (const id of COMMAND_IDS) assert.ok(all.has(id), `command ${id} is not registered`);
});

test('every contributed command is registered after activation', async () => {
  const ext = ourExtension();
  await ext.activate();
  const contributed: { command: string }[] = ext.packageJSON.contributes?.commands ?? [];
  assert.ok(contributed.length >= COMMAND_IDS.length);
  const all = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.map((c) => c.command).filter((id) => !all.has(id));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});

/** The native modules the extension ships (onnxruntime-node, sharp with libvips). */
const OUR_NATIVE = /onnxruntime|[\\/]sharp[\\/]|@img[\\/]sharp|libvips/i;

test('activation loads no native module (onnxruntime and sharp stay out of the host)', async () => {
  await ourExtension().activate();
  const cached = Object.keys(require.cache).filter((k) => OUR_NATIVE.test(k));
  assert.deepEqual(cached, [], `native modules in require.cache: ${cached.join(', ')}`);
  // Shared objects mapped into this process: catches a .node binary loaded by any route.
  const report = process.report?.getReport() as { sharedObjects?: string[] } | undefined;
  const shared = (report?.sharedObjects ?? []).filter((so) => OUR_NATIVE.test(so));
  assert.deepEqual(shared, [], `native shared objects loaded: ${shared.join(', ')}`);
});

test('the main bundle named by the manifest exists in the extension folder', async () => {
  const ext = ourExtension();
  const main = vscode.Uri.joinPath(ext.extensionUri, ext.packageJSON.main as string);
  const stat = await vscode.workspace.fs.stat(main);
  assert.equal(stat.type, vscode.FileType.File);
  assert.ok(stat.size > 0, `${main.fsPath} is empty`);
});
