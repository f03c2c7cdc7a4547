#!/usr/bin/env node
// Activation benchmark in the real extension host (VS Code Server 1.96.4): over several fresh
// hosts, times `getExtension(...).activate()` of the built extension (dist/extension.js, so run
// `npm run build` first; `--production` for the shipped bundle) against a built-in peer extension
// activated in the same host, and reports whether activation loaded any native module.
// Prints figures and ratios; asserts nothing about time (target: under 50 ms).
//   node bench/activation.mjs [--runs N]
import { join } from 'node:path';
import {
  REPO_ROOT, ensureVscodeServer, launchBrowser, makeProfile, remoteUri, requireBuilt, runExtensionTests,
} from '../scripts/lib/vscodeServer.mjs';

const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
const TARGET_MS = 50;

requireBuilt(['dist/extension.js']);
const install = ensureVscodeServer();
const browser = await launchBrowser();
const samples = [];
try {
  for (let i = 0; i < runs; i++) {
    const profile = makeProfile('bench', { userSettings: { 'security.workspace.trust.enabled': false } });
    const run = await runExtensionTests(install, browser, {
      label: `activation ${i + 1}/${runs}`,
      profile,
      payload: (server) => [
        ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
        ['extensionTestsPath', remoteUri(server, join(REPO_ROOT, 'bench', 'activation-probe.cjs'))],
      ],
    });
    profile.cleanup();
    if (!run.result?.ours || run.result.ours.error) throw new Error(`run ${i + 1} gave no measurement: ${run.problem ?? JSON.stringify(run.result)}`);
    samples.push(run.result);
    const { ours, peer } = run.result;
    console.log(`run ${i + 1}: Backbone Lens ${ours.ms.toFixed(1)} ms (${ours.modulesLoaded} modules)  |  peer ${peer.id} ${peer.ms?.toFixed(1) ?? '?'} ms`);
  }
} finally {
  await browser.close();
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ours = median(samples.map((s) => s.ours.ms));
const peerSamples = samples.map((s) => s.peer.ms).filter((x) => typeof x === 'number');
const peer = peerSamples.length ? median(peerSamples) : undefined;
const native = samples.some((s) => s.nativeAfterOurs.onnxruntimeInRequireCache || s.nativeAfterOurs.sharedObjects.some((so) => /onnxruntime/.test(so)));
const newNodeFiles = new Set(samples.flatMap((s) => s.nativeAfterOurs.nodeFiles.filter((f) => !s.nativeBefore.nodeFiles.includes(f))));

console.log(`\nactivation of ${samples[0].ours.id} in VS Code ${samples[0].vscodeVersion}'s extension host, median of ${runs} fresh hosts:`);
console.log(`  Backbone Lens:        ${ours.toFixed(1)} ms  (target < ${TARGET_MS} ms: ${ours < TARGET_MS ? 'met' : 'NOT met'}; ${(ours / TARGET_MS).toFixed(2)}× the target)`);
if (peer !== undefined) console.log(`  peer ${samples[0].peer.id}: ${peer.toFixed(1)} ms  (Backbone Lens / peer = ${(ours / peer).toFixed(2)})`);
console.log(`  native modules loaded by activation: ${native || newNodeFiles.size ? `YES ${[...newNodeFiles].join(', ')}` : 'none (onnxruntime stays out of the host)'}`);
