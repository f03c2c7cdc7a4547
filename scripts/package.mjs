#!/usr/bin/env node
// Builds the production bundles and packages platform VSIXs, then audits each: it must hold only
// run-time files and only its own platform's onnxruntime-node and sharp binaries
// (scripts/lib/targets.mjs). Each target is staged in out/package/<target>/: the bundles, media
// and documents, a manifest whose dependencies are the two native packages, and their
// node_modules installed from the npm registry for that platform (npm install --os --cpu
// --libc, which picks sharp's @img/sharp-<platform> optional packages; onnxruntime-node carries
// every platform's binaries and the allowlist keeps one). The stage's node_modules is kept
// between runs (npm then has nothing to fetch).
//   node scripts/package.mjs [--target T | --all] [--skip-build]     (default: linux-x64)
//   npm run package:all                                              (all five)
// Writes backbone-lens-<target>-<version>.vsix in the repository root, prints sizes and contents,
// exits non-zero when an audit fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { auditContents, ignoreFileFor, runsWasm, TARGET_NAMES, targetOf, vsixName } from './lib/targets.mjs';
import { REPO_ROOT } from './lib/vscodeServer.mjs';
import { listZip } from './lib/zipList.mjs';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
const argValue = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const targets = process.argv.includes('--all') ? TARGET_NAMES : [argValue('--target') ?? 'linux-x64'];
for (const t of targets) targetOf(t);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, cwd = REPO_ROOT, env = process.env) {
  console.log(`package: $ ${[cmd, ...args].join(' ')}${cwd === REPO_ROOT ? '' : `   (in ${relative(REPO_ROOT, cwd)})`}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`package: \`${[cmd, ...args].join(' ')}\` failed with exit code ${r.status}`);
    process.exit(1);
  }
}

/** The version the lockfile pins for a package that the runtime packages depend on. */
function locked(name) {
  const v = lock.packages?.[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`package-lock.json has no node_modules/${name}`);
  return v;
}

/** Packages the bundles leave external (they must be inside the VSIX), from their require() calls. */
function externalsOfBundles() {
  const builtins = new Set(builtinModules);
  const names = new Set();
  const bundles = readdirSync(join(REPO_ROOT, 'dist'), { recursive: true }).filter((f) => f.endsWith('.js'));
  for (const bundle of bundles) {
    for (const [, spec] of readFileSync(join(REPO_ROOT, 'dist', bundle), 'utf8').matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      if (spec === 'vscode' || spec.startsWith('node:') || builtins.has(spec.split('/')[0])) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return [...names].sort();
}

function stage(target) {
  const t = targetOf(target);
  const dir = join(REPO_ROOT, 'out', 'package', target);
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) if (entry !== 'node_modules' && entry !== 'package-lock.json') rmSync(join(dir, entry), { recursive: true, force: true });
  // The shipped manifest: the bundled dependencies are inside dist/, so only the natives remain.
  const { devDependencies: _dev, scripts: _scripts, dependencies, ...manifest } = pkg;
  const natives = {
    'onnxruntime-node': dependencies['onnxruntime-node'],
    sharp: dependencies.sharp,
    ...(runsWasm(t) ? { 'onnxruntime-web': dependencies['onnxruntime-web'] } : {}),
  };
  // Their own small dependencies at the versions this repository's lockfile tested.
  const overrides = Object.fromEntries(['onnxruntime-common', 'semver', 'detect-libc', '@img/colour'].map((n) => [n, locked(n)]));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...manifest, dependencies: natives, overrides }, null, 2)}\n`);
  const nls = readdirSync(REPO_ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  for (const f of ['dist', 'media', 'l10n', ...nls, 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (existsSync(join(REPO_ROOT, f))) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  writeFileSync(join(dir, '.vscodeignore'), ignoreFileFor(target));
  run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', `--os=${t.os}`, `--cpu=${t.cpu}`, ...(t.libc ? [`--libc=${t.libc}`] : [])], dir, { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' });
  // darwin-x64 has no onnxruntime-node binary (it runs onnxruntime-web): if a later onnxruntime-node has one, ship it.
  if (!t.ort && existsSync(join(dir, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', t.os, t.cpu))) {
    throw new Error(`onnxruntime-node now ships bin/napi-v6/${t.os}/${t.cpu}: set its ort folder in scripts/lib/targets.mjs`);
  }
  return dir;
}

const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;

function summarise(out, files) {
  const groups = new Map();
  for (const f of files) {
    const parts = f.path.split('/');
    const key = parts[0] === 'node_modules' ? parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join('/') : parts.length > 1 ? `${parts[0]}/` : parts[0];
    const g = groups.get(key) ?? { files: 0, size: 0, compressed: 0 };
    g.files++; g.size += f.size; g.compressed += f.compressed;
    groups.set(key, g);
  }
  const size = statSync(out).size;
  console.log(`\nVSIX ${relative(process.cwd(), out) || out}: ${mb(size)} (${size} bytes), ${files.length} files, ${mb(files.reduce((s, f) => s + f.size, 0))} unpacked`);
  for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size)) {
    console.log(`  ${key.padEnd(40)} ${String(g.files).padStart(4)} files  ${mb(g.size).padStart(9)} unpacked  ${mb(g.compressed).padStart(9)} packed`);
  }
}

if (!process.argv.includes('--skip-build')) run(npm, ['run', 'build', '--', '--production']);
const externals = externalsOfBundles();
let failed = 0;
for (const target of targets) {
  const dir = stage(target);
  const out = join(REPO_ROOT, vsixName(pkg, target));
  run(process.execPath, [
    join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--out', out, '--no-update-package-json',
    // The README's images ship inside the VSIX (media/screenshots): its relative links stay valid there.
    '--no-rewrite-relative-links',
  ], dir);
  const files = listZip(out).filter((e) => !e.name.endsWith('/') && e.name.startsWith('extension/')).map((e) => ({ ...e, path: e.name.slice('extension/'.length) }));
  summarise(out, files);
  const problems = auditContents(target, files.map((f) => f.path), externals);
  if (problems.length > 0) {
    failed++;
    console.error(`package: ${target}: the VSIX failed its audit:\n  ${problems.join('\n  ')}`);
  } else {
    console.log(`package: ${target}: audit passed (runtime files only, ${target} binaries only${targetOf(target).ort ? '' : '; onnxruntime-node has no binary for this platform, onnxruntime-web runs as WebAssembly'})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
