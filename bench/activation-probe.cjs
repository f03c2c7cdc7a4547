// Runs inside the extension host (extensionTestsPath contract) for bench/activation.mjs: times
// the activation of Backbone Lens and of a built-in peer extension in the same host, and records
// whether any native module got loaded. Writes JSON to BACKBONE_LENS_TEST_RESULTS.
const fs = require('node:fs');
const vscode = require('vscode');

const OURS = 'backbone-lens.backbone-lens';
// A small built-in extension that also activates on demand (on its commands): the peer.
const PEER = 'vscode.references-view';

function nativeState() {
  const nodeFiles = Object.keys(require.cache).filter((k) => k.endsWith('.node'));
  const shared = (process.report.getReport().sharedObjects || []).filter((so) => /onnxruntime|libvips|\.node$/.test(so));
  return { onnxruntimeInRequireCache: Object.keys(require.cache).some((k) => /onnxruntime/i.test(k)), nodeFiles, sharedObjects: shared };
}

async function timeActivation(id) {
  const ext = vscode.extensions.getExtension(id);
  if (!ext) return { id, error: 'not found' };
  const wasActive = ext.isActive;
  const modulesBefore = Object.keys(require.cache).length;
  const t0 = performance.now();
  await ext.activate();
  const ms = performance.now() - t0;
  return { id, ms, wasActive, modulesLoaded: Object.keys(require.cache).length - modulesBefore };
}

exports.run = async function run() {
  // Let the host finish its own start-up (built-in extensions activating on startup) so that the
  // figures measure the extensions, not a queue.
  await new Promise((r) => setTimeout(r, Number(process.env.BACKBONE_LENS_BENCH_SETTLE_MS || 3000)));
  const before = nativeState();
  const ours = await timeActivation(OURS);
  const afterOurs = nativeState();
  const peer = await timeActivation(PEER);
  const result = { passed: 1, failed: 0, vscodeVersion: vscode.version, ours, peer, nativeBefore: before, nativeAfterOurs: afterOurs };
  if (process.env.BACKBONE_LENS_TEST_RESULTS) fs.writeFileSync(process.env.BACKBONE_LENS_TEST_RESULTS, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
};
