#!/usr/bin/env node
// Checks `npm start` end to end and refreshes the README screenshot: runs scripts/start.mjs,
// opens the URL it prints in headless Chromium, shows the explorer's context menu on a sample
// image, and saves media/screenshots/workbench.png.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, launchBrowser } from './lib/vscodeServer.mjs';
import { contextMenuLabels, expandFolder, explorerItem } from '../test/e2e/workbench.mjs';

const out = join(REPO_ROOT, 'media', 'screenshots', 'workbench.png');
const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BACKBONE_LENS_USE_SERVER: '1' } });
let stdout = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no URL from npm start after 180 s:\n${stdout}`)), 180_000);
  child.stdout.on('data', (d) => {
    stdout += d;
    process.stdout.write(d);
    const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(stdout);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  child.on('exit', (code) => reject(new Error(`npm start exited (code ${code}) before printing a URL`)));
});
const browser = await launchBrowser();
let code = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await explorerItem(page, 'images').waitFor({ timeout: 60_000 });
  await expandFolder(page, 'images');
  await page.waitForTimeout(3000);
  const labels = await contextMenuLabels(page, 'landscape.jpg');
  if (!labels.includes('Classify Image')) throw new Error(`the extension's menu item is missing: ${labels.join(', ')}`);
  mkdirSync(join(REPO_ROOT, 'media', 'screenshots'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot: ${out}`);
} catch (err) {
  console.error(`screenshot: failed: ${err.stack ?? err}`);
  code = 1;
} finally {
  await browser.close();
  child.kill('SIGINT');
}
await new Promise((r) => child.once('exit', r));
process.exit(code);
