// The run watchdog (inference/bounds.ts) in a child process of its own, with a 400 ms step: a step
// that spins is stopped at its limit; one that waits (a starved or blocked process uses no CPU)
// is let run past the limit and stopped only at WAIT_FACTOR × the limit; a step that waits less
// than that and then finishes is not stopped. The overrun line names the file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { WAIT_FACTOR } from '../../../inference/bounds';

const STEP_MS = 400;
const bounds = join(__dirname, '..', '..', '..', 'inference', 'bounds.js');

/** Runs `body` (JavaScript, with `wd` armed on a 400 ms step) in a fresh Node; its exit and stderr. */
function run(body: string): { signal: NodeJS.Signals | null; status: number | null; stderr: string; ms: number } {
  const script = `const { Watchdog } = require(${JSON.stringify(bounds)});
const wd = new Watchdog('test: ');
wd.start('model.onnx', { rssBytes: 8 * 2 ** 30, stepMs: ${STEP_MS} });
${body}`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { signal: r.signal, status: r.status, stderr: r.stderr, ms: Date.now() - t0 };
}

test('a step that spins is stopped at its limit, naming the file', () => {
  const r = run('for (;;) {}');
  assert.equal(r.signal, 'SIGKILL');
  assert.match(r.stderr, /^test: model\.onnx: a step of the run took longer than its limit of 0\.4 s; it was stopped/m);
});

test(`a step that only waits is stopped at ${WAIT_FACTOR}× its limit, not at the limit`, () => {
  const r = run('setInterval(() => {}, 1000);');
  assert.equal(r.signal, 'SIGKILL');
  assert.match(r.stderr, /model\.onnx: a step of the run took longer/);
  assert.ok(r.ms >= WAIT_FACTOR * STEP_MS, `stopped after ${r.ms} ms, not before ${WAIT_FACTOR * STEP_MS} ms`);
});

test('a step that waits past its limit (a loaded machine) and then finishes is not stopped', () => {
  const r = run(`setTimeout(() => { wd.stop(); process.exit(0); }, ${2 * STEP_MS});`);
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.status, 0);
});
