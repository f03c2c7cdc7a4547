// What Inspect Model reads when its webview names a file: only a *.json the workspace holds, one
// open in an editor, or one the user handed to the command; never /etc/passwd, /dev/zero or an
// https: URI, and its errors never quote the file. Runs in the real extension host (real
// vscode.workspace.fs and workspace folders).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { grantSource, readGrantedVariant, SourceAccessError } from '../../../extension/inspect/sourceAccess';
import { test } from '../harness';

async function refused(uri: string, why: RegExp): Promise<void> {
  await assert.rejects(readGrantedVariant(uri), (e: unknown) => {
    assert.ok(e instanceof SourceAccessError, String(e));
    assert.match(e.message, why);
    assert.doesNotMatch(e.message, /root:|secret-content/);
    return true;
  });
}

test('Inspect source access: a workspace variant file is read; system files, devices and https: are refused unread', async () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const dense = vscode.Uri.joinPath(folder.uri, 'hover', 'dense.backbone.json');
  assert.match(await readGrantedVariant(dense.toString()), /"extends": "densenet121"/);
  await refused('file:///etc/passwd', /^\/etc\/passwd: Inspect Model reads only variant files/);
  await refused('file:///dev/zero', /^\/dev\/zero: Inspect Model reads only variant files/);
  await refused('https://example.com/evil.backbone.json', /reads only variant files you opened or that the workspace holds/);
  await refused(vscode.Uri.joinPath(folder.uri, 'notes.txt').toString(), /reads only variant files \(\*\.backbone\.json or \*\.json\)/);
});

test('Inspect source access: a file outside the workspace is read only once the user handed it over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-access-'));
  try {
    const file = join(dir, 'outside.backbone.json');
    writeFileSync(file, '{"extends": "resnet18", "secret-content": 1}');
    const uri = vscode.Uri.file(file).toString();
    await refused(uri, /reads only variant files you opened or that the workspace holds/);
    grantSource(uri);
    assert.match(await readGrantedVariant(uri), /resnet18/);
    const big = join(dir, 'big.backbone.json');
    writeFileSync(big, ' '.repeat(5 << 20));
    grantSource(vscode.Uri.file(big).toString());
    await refused(vscode.Uri.file(big).toString(), /\d+ bytes is too large for a variant file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
