#!/usr/bin/env node
// End-to-end UI tests: drive the real VS Code workbench (VS Code Server 1.96.4 + headless
// Chromium) with the extension loaded, run every test/e2e/*.e2e.mjs, and keep a screenshot of
// each test (pass or fail) in test-results/e2e/. Fails loudly when anything cannot start. A file
// that exports `locale` (e.g. 'zh-cn') runs in a workbench of its own in that display language.
//   node test/e2e/run.mjs [--verbose] [--grep TEXT]
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hardTimeout, requireBuilt } from '../../scripts/lib/vscodeServer.mjs';
import { SCREENSHOT_DIR, openWorkbench } from './workbench.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const verbose = process.argv.includes('--verbose');
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
const cancelTimeout = hardTimeout(20 * 60_000, 'e2e tests');
const TEST_TIMEOUT_MS = 120_000;

let passed = 0;
let failed = 0;
let workbench;
try {
  requireBuilt(['dist/extension.js']);
  const files = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort();
  const suites = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(join(here, f)).href);
    suites.push({ file: f, tests: mod.tests.filter((t) => !grep || t.name.includes(grep)), locale: mod.locale });
  }
  const total = suites.reduce((n, s) => n + s.tests.length, 0);
  if (total === 0) throw new Error(grep ? `no e2e test matches --grep ${grep}` : 'no e2e tests found');
  // English first (no locale), then one workbench per other display language.
  // (Array.sort puts undefined last without asking the comparator: English is put first by hand.)
  const used = new Set(suites.filter((s) => s.tests.length > 0).map((s) => s.locale));
  const locales = [...(used.has(undefined) ? [undefined] : []), ...[...used].filter((l) => l !== undefined).sort()];
  for (const locale of locales) {
    const group = suites.filter((s) => s.locale === locale && s.tests.length > 0);
    await workbench?.close().catch(() => {});
    const t0 = Date.now();
    workbench = await openWorkbench({ verbose, locale });
    console.log(`e2e: workbench${locale ? ` (${locale})` : ''} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${group.reduce((n, s) => n + s.tests.length, 0)} tests in ${group.length} files`);
    await runGroup(group);
  }
  console.log(`e2e: screenshots in ${SCREENSHOT_DIR}`);
} catch (err) {
  console.error(`\ne2e tests could not run: ${err.stack ?? err}`);
  failed = Math.max(failed, 1);
} finally {
  await workbench?.close().catch(() => {});
  cancelTimeout();
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

async function runGroup(group) {
  for (const { file, tests } of group) {
    for (const t of tests) {
      const started = Date.now();
      let error;
      try {
        let timer;
        await Promise.race([
          t.run(workbench),
          new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS); }),
        ]).finally(() => clearTimeout(timer));
      } catch (err) {
        error = err;
      }
      const shot = join(SCREENSHOT_DIR, `${t.screenshot ?? t.name.replace(/\W+/g, '-')}${error ? '-FAILED' : ''}.png`);
      await workbench.page.screenshot({ path: shot }).catch((e) => console.log(`  (screenshot failed: ${e.message})`));
      const ms = Date.now() - started;
      if (error) {
        failed++;
        console.log(`  FAIL  ${file} > ${t.name} (${ms} ms)\n        ${String(error.stack ?? error).split('\n').join('\n        ')}\n        screenshot: ${shot}`);
      } else {
        passed++;
        console.log(`  ok    ${file} > ${t.name} (${ms} ms)`);
      }
    }
  }
}
