#!/usr/bin/env node
// The packaged extension, installed: installs the VSIX into a fresh extensions directory of the
// VS Code Server (code-server --install-extension), then runs the integration suite plus the
// installed/ checks with extensionTestsPath only — no extensionDevelopmentPath pointing at the
// repository — so the extension under test is the one unpacked from the VSIX.
//   node test/integration/runVsix.mjs [path/to/file.vsix]   (default: the one scripts/package.mjs writes)
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXTENSION_ID, REPO_ROOT, ensureVscodeServer, hardTimeout, installVsix, launchBrowser, makeProfile, remoteUri, reportRun,
  requireBuilt, runExtensionTests,
} from '../../scripts/lib/vscodeServer.mjs';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const vsix = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(REPO_ROOT, `${pkg.name}-linux-x64-${pkg.version}.vsix`);
const verbose = process.argv.includes('--verbose');
const cancelTimeout = hardTimeout(20 * 60_000, 'VSIX install test');

let passed = 0;
let failed = 0;
let browser;
try {
  requireBuilt(['out/test/integration/installed/index.js', relativeToRepo(vsix)]);
  const install = ensureVscodeServer();
  const profile = makeProfile('vsix', { userSettings: { 'security.workspace.trust.enabled': false } });
  console.log(`vsix: installing ${vsix} into ${profile.extensionsDir}`);
  const t0 = Date.now();
  const output = installVsix(install, vsix, profile.extensionsDir, profile.userDataDir);
  console.log(`vsix: ${output.trim().split('\n').filter((l) => /install/i.test(l)).join(' | ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const installed = readdirSync(profile.extensionsDir).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1) throw new Error(`expected one ${EXTENSION_ID}-* folder in ${profile.extensionsDir}, found: ${readdirSync(profile.extensionsDir).join(', ') || 'none'}`);

  // Extension tests need some development location; an empty folder loads no extension, so the
  // only Backbone Lens in the host is the installed one.
  const emptyDevelopmentPath = join(profile.root, 'no-development-extension');
  mkdirSync(emptyDevelopmentPath);
  browser = await launchBrowser();
  const run = await runExtensionTests(install, browser, {
    label: `installed VSIX (${installed[0]})`,
    profile,
    verbose,
    env: { BACKBONE_LENS_EXPECT_TRUSTED: 'true', BACKBONE_LENS_EXPECT_EXTENSIONS_DIR: profile.extensionsDir },
    payload: (server) => [
      ['extensionDevelopmentPath', remoteUri(server, emptyDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server, `${REPO_ROOT}/out/test/integration/installed/index.js`)],
    ],
  });
  const counts = reportRun(run);
  passed += counts.passed;
  failed += counts.failed;
  if (counts.failed === 0) profile.cleanup();
  else console.log(`  (profile kept for inspection: ${profile.root})`);
} catch (err) {
  console.error(`\nVSIX install test could not run: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
} finally {
  await browser?.close().catch(() => {});
  cancelTimeout();
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function relativeToRepo(p) {
  return p.startsWith(REPO_ROOT + '/') ? p.slice(REPO_ROOT.length + 1) : p;
}
