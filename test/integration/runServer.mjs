#!/usr/bin/env node
// Runner A: the integration suite inside the extension host of a real VS Code Server (1.96.4),
// driven by a headless Chromium. Two runs over the sample workspace: trusted (workspace trust
// disabled in the user settings) and Restricted Mode (trust enabled, folder never trusted).
// Expects `npm run build` and the test compilation to have run. Exits non-zero on any failure,
// on a failure to start, and after a hard timeout.
import {
  REPO_ROOT, ensureVscodeServer, hardTimeout, launchBrowser, makeProfile, remoteUri, reportRun, requireBuilt, runExtensionTests,
} from '../../scripts/lib/vscodeServer.mjs';

const verbose = process.argv.includes('--verbose');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const cancelTimeout = hardTimeout(20 * 60_000, 'integration tests');

const modes = [
  { label: 'integration (trusted workspace)', trusted: true, settings: { 'security.workspace.trust.enabled': false } },
  {
    label: 'integration (Restricted Mode)', trusted: false,
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' },
  },
].filter((m) => !only || (only === 'trusted') === m.trusted);

let passed = 0;
let failed = 0;
let browser;
try {
  requireBuilt(['dist/extension.js', 'out/test/integration/suite/index.js']);
  const install = ensureVscodeServer();
  browser = await launchBrowser();
  for (const mode of modes) {
    const profile = makeProfile('it', { userSettings: mode.settings });
    const run = await runExtensionTests(install, browser, {
      label: mode.label,
      profile,
      verbose,
      env: { BACKBONE_LENS_EXPECT_TRUSTED: String(mode.trusted) },
      payload: (server) => [
        ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
        ['extensionTestsPath', remoteUri(server, `${REPO_ROOT}/out/test/integration/suite/index.js`)],
      ],
    });
    const counts = reportRun(run);
    passed += counts.passed;
    failed += counts.failed;
    if (counts.failed === 0) profile.cleanup();
    else console.log(`  (profile kept for inspection: ${profile.root})`);
  }
} catch (err) {
  console.error(`\nintegration tests could not run: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
} finally {
  await browser?.close().catch(() => {});
  cancelTimeout();
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
