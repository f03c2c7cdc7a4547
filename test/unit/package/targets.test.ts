// The VSIX content rules of every platform target (scripts/lib/targets.mjs): what each must
// carry and what it must not, on content lists shaped like the real packages, so that all five
// are checked without building five VSIXs (npm run package:all builds them; the vsix tier builds
// and installs linux-x64).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

interface Target { os: string; cpu: string; libc: string | null; ort: string | null; sharp: string[]; lib: string }
interface TargetsModule {
  TARGETS: Record<string, Target>;
  TARGET_NAMES: string[];
  WASM_RUNTIME_FILES: string[];
  auditContents(name: string, paths: string[], externals?: string[]): string[];
  ignoreFileFor(name: string): string;
  vsixName(pkg: { name: string; version: string }, target: string): string;
}

// The scripts are ES modules; tsc would turn import() into require(), so the import is made at run time.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<TargetsModule>;
const load = (): Promise<TargetsModule> => importEsm(pathToFileURL(path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'lib', 'targets.mjs')).href);

/** A content list as `vsce package --target` produces it from a correctly staged target. */
function goodList(m: TargetsModule, name: string): string[] {
  const t = m.TARGETS[name];
  const libExt = t.lib.replace('*', '').replace(/\*$/, '');
  const ort = t.ort
    ? [`node_modules/onnxruntime-node/bin/napi-v6/${t.ort}/onnxruntime_binding.node`, `node_modules/onnxruntime-node/bin/napi-v6/${t.ort}/${t.os === 'win32' ? 'onnxruntime.dll' : t.os === 'darwin' ? 'libonnxruntime.1.dylib' : 'libonnxruntime.so.1'}`]
    : m.WASM_RUNTIME_FILES;
  return [
    'package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/cli.js', 'dist/worker.js', 'dist/prepareThread.js', 'dist/webview/inspect.js',
    'media/icon.png', 'media/walkthrough/inspect.svg', 'media/imagenet-1k-labels.txt', 'media/imagenet-1k-labels.zh-cn.txt',
    'node_modules/onnxruntime-node/package.json', 'node_modules/onnxruntime-node/dist/index.js', ...ort,
    'node_modules/onnxruntime-common/package.json', 'node_modules/onnxruntime-common/dist/cjs/index.js',
    'node_modules/sharp/package.json', 'node_modules/sharp/dist/index.cjs',
    `node_modules/@img/${t.sharp[0]}/package.json`, `node_modules/@img/${t.sharp[0]}/lib/${t.sharp[0]}-0.35.5.node`,
    ...t.sharp.slice(1).flatMap((p) => [`node_modules/@img/${p}/package.json`, `node_modules/@img/${p}/lib/libvips-cpp${libExt}`]),
    'node_modules/@img/colour/package.json', 'node_modules/detect-libc/package.json', 'node_modules/semver/package.json',
  ];
}

test('the five targets, named as the Marketplace names them', async () => {
  const m = await load();
  assert.deepEqual(m.TARGET_NAMES, ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']);
  assert.equal(m.vsixName({ name: 'backbone-lens', version: '0.2.0' }, 'darwin-arm64'), 'backbone-lens-darwin-arm64-0.2.0.vsix');
});

test('a correctly staged package of each target passes its own audit and fails every other target\'s', async () => {
  const m = await load();
  for (const name of m.TARGET_NAMES) {
    // The bundles require both onnxruntime builds; a target carries the one it runs.
    assert.deepEqual(m.auditContents(name, goodList(m, name), ['onnxruntime-node', 'onnxruntime-web', 'sharp']), [], name);
    for (const other of m.TARGET_NAMES.filter((o) => o !== name)) {
      assert.ok(m.auditContents(other, goodList(m, name)).length > 0, `${name}'s content passes ${other}'s audit`);
    }
  }
});

test('another platform\'s onnxruntime or sharp binary, a missing binding, a bundled dependency or a source map is named', async () => {
  const m = await load();
  const base = goodList(m, 'darwin-arm64');
  const audit = (paths: string[]): string[] => m.auditContents('darwin-arm64', paths);
  assert.match(audit([...base, 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node']).join('\n'), /another platform's onnxruntime binary\): node_modules\/onnxruntime-node\/bin\/napi-v6\/linux\/x64\//);
  assert.match(audit([...base, 'node_modules/@img/sharp-darwin-x64/package.json']).join('\n'), /another platform's sharp binary\): node_modules\/@img\/sharp-darwin-x64\//);
  assert.match(audit(base.filter((p) => !p.endsWith('.node') || p.includes('onnxruntime'))).join('\n'), /missing: sharp's darwin-arm64 binding/);
  assert.match(audit(base.filter((p) => !p.includes('onnxruntime_binding'))).join('\n'), /missing: node_modules\/onnxruntime-node\/bin\/napi-v6\/darwin\/arm64\/onnxruntime_binding\.node/);
  assert.match(audit([...base, 'node_modules/d3/package.json']).join('\n'), /bundled or not needed at run time\): node_modules\/d3\//);
  assert.match(audit([...base, 'node_modules/global-agent/package.json']).join('\n'), /not needed at run time\): node_modules\/global-agent\//);
  assert.match(audit([...base, 'dist/extension.js.map']).join('\n'), /source map/);
  assert.match(m.auditContents('darwin-arm64', base, ['protobufjs']).join('\n'), /require "protobufjs" at run time/);
});

test('every package carries ImageNet-1k\'s class names, English and Simplified Chinese', async () => {
  const m = await load();
  for (const name of m.TARGET_NAMES) {
    const base = goodList(m, name);
    for (const file of ['media/imagenet-1k-labels.txt', 'media/imagenet-1k-labels.zh-cn.txt']) {
      assert.match(m.auditContents(name, base.filter((p) => p !== file)).join('\n'), new RegExp(`missing: ${file.replaceAll('.', '\\.')}`), `${name}: ${file}`);
    }
    assert.ok(m.ignoreFileFor(name).split('\n').includes('!media/**'), name);
  }
});

test('darwin-x64 carries no onnxruntime-node binary (1.30 has none for Intel Macs) but onnxruntime-web\'s Node entry and WebAssembly', async () => {
  const m = await load();
  assert.equal(m.TARGETS['darwin-x64'].ort, null);
  const base = goodList(m, 'darwin-x64');
  assert.deepEqual(m.auditContents('darwin-x64', base), []);
  assert.match(m.auditContents('darwin-x64', [...base, 'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/onnxruntime_binding.node']).join('\n'), /another platform's onnxruntime binary/);
  for (const file of m.WASM_RUNTIME_FILES) {
    assert.match(m.auditContents('darwin-x64', base.filter((p) => p !== file)).join('\n'), new RegExp(`missing: ${file.replaceAll('.', '\\.')}`), file);
  }
  // Browser builds and other WebAssembly variants are not what Node loads.
  assert.match(m.auditContents('darwin-x64', [...base, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm']).join('\n'), /a build of onnxruntime-web that Node does not load/);
  assert.match(m.auditContents('darwin-x64', [...base, 'node_modules/protobufjs/package.json']).join('\n'), /not needed at run time\): node_modules\/protobufjs\//);
  assert.ok(m.ignoreFileFor('darwin-x64').split('\n').includes('!node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm'));
});

test('a target with an onnxruntime-node binary carries no onnxruntime-web, and need not', async () => {
  const m = await load();
  for (const name of m.TARGET_NAMES.filter((n) => m.TARGETS[n].ort !== null)) {
    const base = goodList(m, name);
    assert.deepEqual(m.auditContents(name, base, ['onnxruntime-web']), [], name);
    assert.match(m.auditContents(name, [...base, ...m.WASM_RUNTIME_FILES]).join('\n'), /not needed at run time\): node_modules\/onnxruntime-web\//, name);
    assert.ok(!m.ignoreFileFor(name).includes('onnxruntime-web'), name);
  }
});

test('each target\'s allowlist re-includes only its own binaries', async () => {
  const m = await load();
  for (const name of m.TARGET_NAMES) {
    const t = m.TARGETS[name];
    const lines = m.ignoreFileFor(name).split('\n');
    assert.equal(lines[1], '**', 'ignores everything first');
    const binaries = lines.filter((l) => /napi-v6|@img\/sharp-/.test(l));
    for (const l of binaries) {
      const ok = (t.ort !== null && l.includes(`napi-v6/${t.ort}/`)) || t.sharp.some((p) => l.includes(`@img/${p}/`));
      assert.ok(ok, `${name}: ${l}`);
    }
    assert.equal(lines.some((l) => l.includes('napi-v6/')), t.ort !== null, `${name}: onnxruntime binaries`);
  }
});
