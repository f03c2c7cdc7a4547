// One esbuild script for every bundle: the extension host (Node, CommonJS), the CLI (Node,
// CommonJS, with a shebang) and one browser bundle per webview. Native modules stay external:
// esbuild cannot bundle .node binaries, and onnxruntime-node is loaded only in a child process.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// sharp (image decoding) loads a platform binary (@img/sharp-<platform>) the same way, and
// onnxruntime-web (the WebAssembly build, where onnxruntime-node has no binary) loads its .wasm
// and its Emscripten glue from beside its own entry, so it stays in node_modules too.
const nativeExternals = ['onnxruntime-node', 'onnxruntime-web', 'sharp'];

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    entryPoints: { extension: 'extension/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nativeExternals],
  },
  {
    entryPoints: { cli: 'cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativeExternals,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The inference worker: a child process (child_process.fork) that owns onnxruntime-node.
    // prepareThread: the worker_threads script that the worker and the CLI start to decode and
    // preprocess images beside onnxruntime's runs (inference/preparePool.ts).
    entryPoints: { worker: 'inference/worker.ts', prepareThread: 'inference/prepareThread.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nativeExternals,
  },
  {
    entryPoints: { 'webview/inspect': 'webview/inspect/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: { 'webview/classify': 'webview/classify/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: { 'webview/rfLens': 'webview/rfLens/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: { 'webview/checkpoint': 'webview/checkpoint/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

const common = {
  bundle: true,
  // jsonc-parser's "main" is a UMD build whose internal require()s esbuild cannot follow; its ESM
  // build bundles cleanly. The engine's variant reader uses it, so every bundle may.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  outdir: 'dist',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const existing = targets.filter((t) => Object.values(t.entryPoints).every((p) => existsSync(p)));
if (existing.length !== targets.length) {
  const missing = targets.flatMap((t) => Object.values(t.entryPoints)).filter((p) => !existsSync(p));
  console.error(`build: missing entry points: ${missing.join(', ')}`);
  process.exit(1);
}

if (watch) {
  const contexts = await Promise.all(existing.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching for changes');
} else {
  const started = performance.now();
  await Promise.all(existing.map((t) => esbuild.build({ ...common, ...t })));
  chmodSync('dist/cli.js', 0o755);
  console.log(`build: ${existing.length} bundles in ${Math.round(performance.now() - started)} ms${production ? ' (production)' : ''}`);
}
