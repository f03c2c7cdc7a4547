#!/usr/bin/env node
// `npm run l10n:export`: writes the English runtime bundle (package.json's `l10n` folder,
// bundle.l10n.json): `vscode-l10n-dev export` of the folders named here, then the zoo's preset
// descriptions. The extractor finds only literal `l10n.t('…')` calls; the descriptions are data
// (models/zoo/*.ts) that presetDescription() translates when a surface shows one, so this script
// adds each of them as a key of its own, after the extracted strings.
// test/unit/l10n/completeness.test.ts expects exactly these keys.
//   node scripts/l10n-export.mjs ./extension ./inference …   (the folders to extract from)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('usage: node scripts/l10n-export.mjs <folder>…');
  process.exit(2);
}

/** Every preset's description, in zoo order: models/presets.ts bundled in memory and run (the zoo is pure data). */
async function zooDescriptions() {
  const { outputFiles } = await esbuild.build({ entryPoints: ['models/presets.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, require);
  return module.exports.presets.map((p) => p.description);
}

const { l10n = '.' } = JSON.parse(readFileSync('package.json', 'utf8'));
const pkg = require.resolve('@vscode/l10n-dev/package.json');
const cli = join(dirname(pkg), require(pkg).bin['vscode-l10n-dev']);
const exported = spawnSync(process.execPath, [cli, 'export', '--outDir', l10n, ...folders], { stdio: 'inherit' });
if (exported.status !== 0) process.exit(exported.status ?? 1);

const out = join(l10n, 'bundle.l10n.json');
const bundle = JSON.parse(readFileSync(out, 'utf8'));
const extracted = Object.keys(bundle).length;
for (const d of await zooDescriptions()) bundle[d] ??= d;
writeFileSync(out, JSON.stringify(bundle, undefined, 2));
console.log(`${out}: ${extracted} extracted strings and ${Object.keys(bundle).length - extracted} preset descriptions`);
