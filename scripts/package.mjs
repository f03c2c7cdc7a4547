#!/usr/bin/env node
// Builds the production bundles and packages the linux-x64 VSIX, then audits it: it must hold
// only run-time files (see .vscodeignore) and everything the extension needs. Prints the size
// and a summary of the contents. Exits non-zero when the audit fails.
//   node scripts/package.mjs [--out FILE] [--skip-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './lib/vscodeServer.mjs';
import { listZip } from './lib/zipList.mjs';

const TARGET = 'linux-x64';
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(REPO_ROOT, `${pkg.name}-${TARGET}-${pkg.version}.vsix`);

function run(cmd, args) {
  console.log(`package: $ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: \`${[cmd, ...args].join(' ')}\` failed with exit code ${r.status}`);
    process.exit(1);
  }
}

if (!process.argv.includes('--skip-build')) run('npm', ['run', 'build', '--', '--production']);

const hasLicense = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(join(REPO_ROOT, f)));
run(process.execPath, [
  join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package',
  '--target', TARGET, '--out', out, '--no-update-package-json',
  // Without a repository URL vsce cannot rewrite README's relative image links to absolute ones;
  // the images ship inside the VSIX (media/screenshots), so the relative links stay valid there.
  ...(pkg.repository ? [] : ['--allow-missing-repository', '--no-rewrite-relative-links']),
  ...(hasLicense ? [] : ['--skip-license']),
]);

// --- audit -------------------------------------------------------------------------------
const entries = listZip(out).filter((e) => !e.name.endsWith('/'));
const files = entries.filter((e) => e.name.startsWith('extension/')).map((e) => ({ ...e, path: e.name.slice('extension/'.length) }));
const problems = [];

const required = [
  'package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'dist/extension.js', 'dist/cli.js', 'dist/worker.js', 'dist/prepareThread.js',
  'node_modules/onnxruntime-node/package.json', 'node_modules/onnxruntime-node/dist/index.js',
  'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
  'node_modules/onnxruntime-common/package.json', 'node_modules/onnxruntime-common/dist/cjs/index.js',
  'node_modules/sharp/package.json', 'node_modules/@img/sharp-linux-x64/package.json', 'node_modules/@img/sharp-libvips-linux-x64/package.json',
];
for (const r of required) if (!files.some((f) => f.path === r)) problems.push(`missing: ${r}`);
for (const main of [pkg.main]) {
  const p = main.replace(/^\.\//, '');
  if (!files.some((f) => f.path === p)) problems.push(`missing the manifest's main: ${p}`);
}

// Every module the bundles leave external (native modules) must be inside the VSIX.
const builtins = new Set(builtinModules);
const bundles = readdirSync(join(REPO_ROOT, 'dist'), { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => join(REPO_ROOT, 'dist', f));
for (const bundle of bundles) {
  for (const [, spec] of readFileSync(bundle, 'utf8').matchAll(/\brequire\(\s*["']([^"'.\/][^"']*)["']\s*\)/g)) {
    if (spec === 'vscode' || spec.startsWith('node:') || builtins.has(spec.split('/')[0])) continue;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!files.some((f) => f.path === `node_modules/${name}/package.json`)) {
      problems.push(`${relative(REPO_ROOT, bundle)} requires "${spec}" at run time, but the VSIX has no node_modules/${name} (allow it in .vscodeignore)`);
    }
  }
}

const forbidden = [
  [/\.map$/, 'source map'],
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript source or declaration'],
  [/^(models|extension|webview|cli|test|scripts|bench|out|\.ci|\.github)\//, 'source, test or tool folder'],
  [/^node_modules\/onnxruntime-node\/bin\/napi-v6\/(?!linux\/x64\/)/, 'another platform\'s binary'],
  [/^node_modules\/(?!(onnxruntime-(node|common)|sharp|@img\/(sharp-linux-x64|sharp-libvips-linux-x64|colour)|detect-libc|semver)\/)/, 'a dependency that is bundled or not needed at run time'],
  [/^node_modules\/@img\/sharp-(?!(libvips-)?linux-x64\/)/, 'another platform\'s sharp binary'],
  [/^node_modules\/onnxruntime-common\/dist\/esm\//, 'the ESM copy of onnxruntime-common (the host loads CommonJS)'],
  [/(^|\/)(tsconfig[^/]*\.json|eslint\.config\.\w+|\.npmrc|package-lock\.json|\.vscodeignore)$/, 'tool configuration'],
];
for (const f of files) {
  for (const [re, why] of forbidden) if (re.test(f.path)) { problems.push(`forbidden (${why}): ${f.path}`); break; }
}

// --- summary -----------------------------------------------------------------------------
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const groups = new Map();
for (const f of files) {
  const parts = f.path.split('/');
  const key = parts[0] === 'node_modules' ? parts.slice(0, 2).join('/') : parts.length > 1 ? `${parts[0]}/` : parts[0];
  const g = groups.get(key) ?? { files: 0, size: 0, compressed: 0 };
  g.files++; g.size += f.size; g.compressed += f.compressed;
  groups.set(key, g);
}
const vsixSize = statSync(out).size;
console.log(`\nVSIX ${relative(process.cwd(), out) || out}: ${mb(vsixSize)} (${vsixSize} bytes), ${files.length} files, ${mb(files.reduce((s, f) => s + f.size, 0))} unpacked`);
for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size)) {
  console.log(`  ${key.padEnd(34)} ${String(g.files).padStart(4)} files  ${mb(g.size).padStart(9)} unpacked  ${mb(g.compressed).padStart(9)} packed`);
}
const biggest = [...files].sort((a, b) => b.size - a.size).slice(0, 5);
console.log(`  largest: ${biggest.map((f) => `${f.path} (${mb(f.size)})`).join(', ')}`);

if (problems.length > 0) {
  console.error(`\npackage: the VSIX failed its audit:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('package: audit passed (runtime files only, linux-x64 binaries only)');
