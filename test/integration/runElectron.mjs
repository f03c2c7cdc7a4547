#!/usr/bin/env node
// Runner B: the same integration suite in a desktop VS Code through @vscode/test-electron 2.5.2
// (the last line that runs on Node 20). For machines that have a desktop VS Code: set
// VSCODE_EXECUTABLE to its binary, or let test-electron download one (VSCODE_VERSION, default
// 1.96.4, the version the VS Code Server runner uses). Not run in CI here: these machines reach
// only the npm registry, so the download fails. Expects `npm run build` and the test compilation.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, SAMPLE_WORKSPACE, requireBuilt } from '../../scripts/lib/vscodeServer.mjs';

const version = process.env.VSCODE_VERSION || '1.96.4';
const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;

async function runOnce(label, { trusted }) {
  const root = mkdtempSync(join(tmpdir(), 'backbone-lens-electron-'));
  const resultsFile = join(root, 'results.json');
  let exitError;
  try {
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'integration', 'suite', 'index.js'),
      extensionTestsEnv: { BACKBONE_LENS_TEST_RESULTS: resultsFile, BACKBONE_LENS_EXPECT_TRUSTED: String(trusted) },
      launchArgs: [
        SAMPLE_WORKSPACE,
        '--disable-extensions', // other installed extensions; the development extension still loads
        '--user-data-dir', join(root, 'user-data'),
        '--extensions-dir', join(root, 'extensions'),
        ...(trusted ? ['--disable-workspace-trust'] : []),
        '--skip-welcome', '--skip-release-notes', '--disable-gpu',
      ],
    });
  } catch (err) {
    exitError = err;
  }
  const result = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  rmSync(root, { recursive: true, force: true });
  console.log(`\n${label}${result ? ` (VS Code ${result.vscodeVersion})` : ''}`);
  let passed = 0;
  let failed = 0;
  for (const o of result?.outcomes ?? []) {
    if (o.skipped) console.log(`  skip  ${o.file} > ${o.name}: ${o.error}`);
    else if (o.ok) { passed++; console.log(`  ok    ${o.file} > ${o.name}`); }
    else { failed++; console.log(`  FAIL  ${o.file} > ${o.name}\n        ${o.error}`); }
  }
  if (!result || (exitError && failed === 0)) {
    console.log(`  ERROR ${exitError ? exitError.message ?? exitError : 'no results were written'}`);
    failed = Math.max(failed, 1);
  }
  return { passed, failed };
}

let passed = 0;
let failed = 0;
try {
  requireBuilt(['dist/extension.js', 'out/test/integration/suite/index.js']);
  for (const [label, opts] of [['integration, desktop VS Code (trusted)', { trusted: true }], ['integration, desktop VS Code (Restricted Mode)', { trusted: false }]]) {
    const c = await runOnce(label, opts);
    passed += c.passed;
    failed += c.failed;
  }
} catch (err) {
  console.error(`\ndesktop integration tests could not run: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
