// The extension under test is the one installed from the VSIX, and the VSIX carried what the
// runtime needs (onnxruntime-node for linux-x64 only) and nothing it should not.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { test } from '../harness';
import { ourExtension } from '../expect';

function expectedExtensionsDir(): string {
  const dir = process.env.BACKBONE_LENS_EXPECT_EXTENSIONS_DIR;
  assert.ok(dir, 'the runner must set BACKBONE_LENS_EXPECT_EXTENSIONS_DIR');
  return fs.realpathSync(dir);
}

test('the extension is loaded from the extensions directory, not a development path', async () => {
  const ext = ourExtension();
  await ext.activate();
  const extensionPath = fs.realpathSync(ext.extensionPath);
  const dir = expectedExtensionsDir();
  assert.ok(extensionPath.startsWith(dir + path.sep), `${extensionPath} is not inside ${dir}`);
  assert.equal(fs.existsSync(path.join(extensionPath, 'tsconfig.json')), false, 'sources were packaged');
});

test('the VSIX carries onnxruntime-node for linux-x64 and no other platform', () => {
  const root = path.join(ourExtension().extensionPath, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  assert.ok(fs.existsSync(path.join(root, 'linux', 'x64', 'onnxruntime_binding.node')), 'linux/x64 binding missing');
  const platforms = fs.readdirSync(root);
  assert.deepEqual(platforms, ['linux']);
  assert.deepEqual(fs.readdirSync(path.join(root, 'linux')), ['x64']);
});

test('the packaged onnxruntime-node loads in a child process (never in the host)', () => {
  const ortPath = path.join(ourExtension().extensionPath, 'node_modules', 'onnxruntime-node');
  const out = execFileSync(process.execPath, ['-e', `const o = require(${JSON.stringify(ortPath)});
    console.log(JSON.stringify(o.listSupportedBackends().map((b) => b.name)))`], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const backends: string[] = JSON.parse(out.trim().split('\n').pop() ?? '[]');
  assert.ok(backends.includes('cpu'), `backends: ${backends.join(', ')}`);
});

test('the packaged sharp loads in a child process and decodes a sample image', () => {
  const sharpPath = path.join(ourExtension().extensionPath, 'node_modules', 'sharp');
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const image = path.join(folder.uri.fsPath, 'images', 'gradient.png');
  const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(sharpPath)})(${JSON.stringify(image)}).metadata()
    .then((m) => console.log(JSON.stringify({ width: m.width, height: m.height, format: m.format })))`], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.deepEqual(JSON.parse(out.trim().split('\n').pop() ?? '{}'), { width: 32, height: 32, format: 'png' });
});

test('the VSIX holds no sources, tests, source maps or bundled-only dependencies', () => {
  const root = ourExtension().extensionPath;
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) { walk(full); continue; }
      if (rel.endsWith('.map') || (rel.endsWith('.ts') && !rel.endsWith('.d.ts'))) offenders.push(rel);
    }
  };
  walk(root);
  for (const top of ['models', 'extension', 'webview', 'cli', 'test', 'scripts', 'out', 'bench', 'node_modules/d3', 'node_modules/@vscode/webview-ui-toolkit']) {
    if (fs.existsSync(path.join(root, top))) offenders.push(top + '/');
  }
  assert.deepEqual(offenders, []);
});
