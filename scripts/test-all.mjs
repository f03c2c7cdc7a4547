#!/usr/bin/env node
// `npm test`: every tier, in order, each with its own summary; exits non-zero if any tier fails
// or cannot start. The last line is exactly "N passed, N failed", summed over all tiers (CI reads
// it). Test tiers contribute their test counts; the check tiers (typecheck, lint, build,
// packaging) count as one test per check. A tier whose prerequisite failed is reported as not
// run and counts as one failure.
//   node scripts/test-all.mjs [--only tier,tier]   tiers: typecheck lint build unit integration vsix e2e
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/vscodeServer.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
const MIN = 60_000;

/** How a tier's output turns into counts. */
const summaryLine = (out) => {
  const all = [...out.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  const m = all.at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};
const nodeTestSummary = (out) => {
  const pass = /^ℹ pass (\d+)/m.exec(out);
  const fail = /^ℹ fail (\d+)/m.exec(out);
  const cancelled = /^ℹ cancelled (\d+)/m.exec(out);
  if (!pass || !fail) return undefined;
  return { passed: Number(pass[1]), failed: Number(fail[1]) + Number(cancelled?.[1] ?? 0) };
};

const tiers = [
  {
    id: 'typecheck', title: 'Typecheck',
    steps: [
      ['project (tsc -p . --noEmit)', npm, ['run', 'typecheck']],
      ['pure engine (tsc -p models/tsconfig.json)', node, ['node_modules/typescript/bin/tsc', '-p', 'models/tsconfig.json']],
      ['shared protocol (tsc -p shared/tsconfig.json)', node, ['node_modules/typescript/bin/tsc', '-p', 'shared/tsconfig.json']],
    ],
  },
  { id: 'lint', title: 'Lint', steps: [['eslint', npm, ['run', 'lint']]] },
  { id: 'build', title: 'Build', steps: [['esbuild bundles', npm, ['run', 'build']]] },
  { id: 'unit', title: 'Unit tests', timeoutMs: 25 * MIN, steps: [['node --test', npm, ['run', 'test:unit'], nodeTestSummary]] },
  {
    id: 'integration', title: 'Integration tests (VS Code Server extension host)', needs: ['build'], timeoutMs: 25 * MIN,
    steps: [
      ['compile integration tests', node, ['node_modules/typescript/bin/tsc', '-p', 'test/integration/tsconfig.json']],
      ['trusted + Restricted Mode runs', node, ['test/integration/runServer.mjs'], summaryLine],
    ],
  },
  {
    id: 'vsix', title: 'VSIX package + installed-extension test', needs: ['build', 'integration:compile'], timeoutMs: 25 * MIN,
    steps: [
      ['package linux-x64 VSIX and audit it', node, ['scripts/package.mjs']],
      ['install the VSIX and test it', node, ['test/integration/runVsix.mjs'], summaryLine],
    ],
  },
  { id: 'e2e', title: 'End-to-end UI tests (workbench in headless Chromium)', needs: ['build'], timeoutMs: 25 * MIN, steps: [['palette and explorer menus', node, ['test/e2e/run.mjs'], summaryLine]] },
];

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : undefined;

/** Runs one command, streaming its output, and resolves with its exit code and output. */
function runStep(cmd, args, timeoutMs) {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    } catch (err) {
      resolve({ code: -1, out: `could not start ${cmd}: ${err.message}` });
      return;
    }
    const onChunk = (stream, target) => stream.on('data', (d) => { out += d; target.write(d); });
    onChunk(child.stdout, process.stdout);
    onChunk(child.stderr, process.stderr);
    const timer = setTimeout(() => {
      out += `\ntest-all: killed after ${timeoutMs / 1000} s`;
      console.error(`\ntest-all: ${cmd} ${args.join(' ')} ran past ${timeoutMs / 1000} s — killing it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => { out += `\n${err.message}`; });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? (signal ? 128 : -1), out }); });
  });
}

const results = [];
const failedKeys = new Set();
const started = Date.now();
for (const tier of tiers) {
  if (only && !only.has(tier.id)) continue;
  const banner = `━━ ${tier.title} `;
  console.log(`\n${banner}${'━'.repeat(Math.max(4, 96 - banner.length))}`);
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;
  const notes = [];
  const blockedBy = (tier.needs ?? []).filter((n) => failedKeys.has(n));
  if (blockedBy.length > 0) {
    failed = 1;
    notes.push(`not run: ${blockedBy.join(', ')} failed`);
    console.log(`test-all: ${tier.id} not run because ${blockedBy.join(', ')} failed`);
  } else {
    for (const [label, cmd, args, parse] of tier.steps) {
      console.log(`test-all: ${label}: ${[cmd === node ? 'node' : cmd, ...args].join(' ')}`);
      const { code, out } = await runStep(cmd, args, tier.timeoutMs ?? 4 * MIN);
      const counts = parse ? parse(out) : { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
      if (!counts) {
        failed++;
        notes.push(`${label}: exit ${code}, no test summary in its output`);
      } else {
        passed += counts.passed;
        failed += counts.failed;
        if (code !== 0 && counts.failed === 0) { failed++; notes.push(`${label}: exit ${code} with no failed test reported`); }
        if (code !== 0) notes.push(`${label}: exit ${code}`);
        if (parse && counts.passed + counts.failed === 0) { failed++; notes.push(`${label}: ran no tests`); }
      }
      if (code !== 0 && tier.id === 'integration' && label.startsWith('compile')) failedKeys.add('integration:compile');
    }
  }
  if (failed > 0) failedKeys.add(tier.id);
  const seconds = (Date.now() - t0) / 1000;
  results.push({ tier, passed, failed, seconds, notes });
  console.log(`━━ ${tier.title}: ${failed === 0 ? 'PASS' : 'FAIL'} — ${passed} passed, ${failed} failed (${seconds.toFixed(1)} s)${notes.length ? `\n   ${notes.join('\n   ')}` : ''}`);
}

console.log(`\n━━ Summary (${((Date.now() - started) / 1000).toFixed(0)} s) ${'━'.repeat(70)}`);
for (const r of results) {
  console.log(`  ${r.failed === 0 ? 'PASS' : 'FAIL'}  ${r.tier.id.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed  ${r.seconds.toFixed(1).padStart(6)} s${r.notes.length ? `  (${r.notes.join('; ')})` : ''}`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
// What scripts/make-badges.mjs turns into the README's badges: the tiers that ran, their counts, when, on which commit.
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() || null;
mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test-results', 'summary.json'), `${JSON.stringify({
  finishedAt: new Date().toISOString(), commit, all: !only, passed, failed,
  tiers: results.map((r) => ({ id: r.tier.id, passed: r.passed, failed: r.failed, seconds: Math.round(r.seconds) })),
}, null, 2)}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
