// A deliberately tiny test runner for code that runs inside the VS Code extension host.
// It exists so that both runners (the VS Code Server in a browser, and @vscode/test-electron)
// get their results back the same way: a closing "N passed, N failed" line on the console, and a
// JSON file at the path named by BACKBONE_LENS_TEST_RESULTS (the extension host inherits the
// environment of the process that starts it), because the extension host's own stdout is not
// always visible to the runner.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type TestBody = () => void | Promise<void>;

interface RegisteredTest {
  readonly name: string;
  readonly body: TestBody;
  readonly file: string;
}

export interface TestOutcome {
  readonly name: string;
  readonly file: string;
  readonly ok: boolean;
  readonly skipped: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface SuiteResult {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outcomes: TestOutcome[];
  readonly vscodeVersion: string;
  readonly startedAt: string;
  readonly ms: number;
}

/** Thrown by a test body to mark itself skipped (e.g. a check that only applies to one mode). */
export class SkipTest extends Error {}

const registry: RegisteredTest[] = [];
let currentFile = '<unknown>';

/** Registers one test. Called at module load time by the *.test.ts files. */
export function test(name: string, body: TestBody): void {
  registry.push({ name, body, file: currentFile });
}

/** Milliseconds one test may take before it counts as failed. */
const TEST_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Loads every test file (absolute paths to compiled .js), runs the registered tests in order and
 * reports. Resolves with the result; the caller decides whether failures reject.
 */
export async function runTestFiles(suite: string, files: readonly string[]): Promise<SuiteResult> {
  // The vscode module only exists inside the extension host: require it lazily so that this file
  // can also be loaded (and its failure paths exercised) by plain Node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscodeVersion: string = (require('vscode') as typeof import('vscode')).version;
  const startedAt = new Date();
  const outcomes: TestOutcome[] = [];
  registry.length = 0;

  for (const file of files) {
    currentFile = path.basename(file);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    } catch (error) {
      outcomes.push({ name: `load ${currentFile}`, file: currentFile, ok: false, skipped: false, ms: 0, error: describeError(error) });
    }
  }
  if (files.length === 0) {
    outcomes.push({ name: 'find test files', file: suite, ok: false, skipped: false, ms: 0, error: 'no *.test.js files found' });
  }

  console.log(`[${suite}] VS Code ${vscodeVersion}, ${registry.length} tests in ${files.length} files`);
  for (const t of registry) {
    const t0 = performance.now();
    try {
      await withTimeout(Promise.resolve().then(t.body), TEST_TIMEOUT_MS, t.name);
      const ms = performance.now() - t0;
      outcomes.push({ name: t.name, file: t.file, ok: true, skipped: false, ms });
      console.log(`  ok    ${t.file} > ${t.name} (${ms.toFixed(0)} ms)`);
    } catch (error) {
      const ms = performance.now() - t0;
      if (error instanceof SkipTest) {
        outcomes.push({ name: t.name, file: t.file, ok: true, skipped: true, ms, error: error.message });
        console.log(`  skip  ${t.file} > ${t.name}: ${error.message}`);
      } else {
        outcomes.push({ name: t.name, file: t.file, ok: false, skipped: false, ms, error: describeError(error) });
        console.log(`  FAIL  ${t.file} > ${t.name}\n${indent(describeError(error))}`);
      }
    }
  }

  const result: SuiteResult = {
    suite,
    passed: outcomes.filter((o) => o.ok && !o.skipped).length,
    failed: outcomes.filter((o) => !o.ok).length,
    skipped: outcomes.filter((o) => o.skipped).length,
    outcomes,
    vscodeVersion,
    startedAt: startedAt.toISOString(),
    ms: Date.now() - startedAt.getTime(),
  };
  const resultsFile = process.env.BACKBONE_LENS_TEST_RESULTS;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
  }
  console.log(`${result.passed} passed, ${result.failed} failed`);
  return result;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `        ${l}`).join('\n');
}

/** The compiled *.test.js files of one directory, sorted so that runs are reproducible. */
/** The *.test.js files of `dir`; BACKBONE_LENS_TEST_FILES=view,manifest runs only those (while iterating). */
export function testFilesIn(dir: string): string[] {
  const only = process.env.BACKBONE_LENS_TEST_FILES?.split(',').filter((f) => f !== '');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js') && (!only || only.includes(f.slice(0, -'.test.js'.length)))).sort().map((f) => path.join(dir, f));
}

/** The extensionTestsPath contract: resolve when every test passed, reject otherwise. */
export async function runAndReject(suite: string, files: readonly string[]): Promise<void> {
  const result = await runTestFiles(suite, files);
  if (result.failed > 0) throw new Error(`${suite}: ${result.failed} of ${result.passed + result.failed} tests failed`);
}
