// linkRipgrep: the VS Code Server's @vscode/ripgrep/bin/rg comes from the machine's own rg (the
// package's download from GitHub is not reachable), or a message says how to get it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../fixturePaths';

/** Runs linkRipgrep (an ES module of the scripts) in a child Node with a stand-in for `command -v rg`. */
function link(vscode: string, rg: string): string {
  const lib = pathToFileURL(join(repoRoot, 'scripts', 'lib', 'vscodeServer.mjs')).href;
  const code = `const { linkRipgrep } = await import(${JSON.stringify(lib)}); console.log(linkRipgrep({ vscode: ${JSON.stringify(vscode)} }, () => ${JSON.stringify(rg)}));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).trim();
}

test('links the machine rg into the server, once; says what to install when there is none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-rg-'));
  try {
    const fakeRg = join(dir, 'rg');
    writeFileSync(fakeRg, '#!/bin/sh\n');
    const vscode = join(dir, 'vscode');
    assert.match(link(vscode, ''), /not found .* Install ripgrep/);
    assert.match(link(vscode, fakeRg), /^ripgrep: linked /);
    const target = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    assert.ok(lstatSync(target).isSymbolicLink() && readlinkSync(target) === fakeRg);
    assert.equal(link(vscode, '/nowhere/rg'), `ripgrep: ${target}`, 'an existing rg is kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
