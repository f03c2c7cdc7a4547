// Starting a real VS Code (the VS Code Server from code-server 4.96.4) and a headless Chromium
// on this machine. Shared by the integration runner, the VSIX test, the e2e tests, `npm start`
// and the activation benchmark. Every failure to start throws with the server's log attached:
// a harness that cannot start must never look like a passing one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_WORKSPACE = join(REPO_ROOT, 'test', 'workspace');
/** What `npm start` opens: a demo workspace for people, apart from the tests' fixture folder. */
export const DEMO_WORKSPACE = join(REPO_ROOT, 'demo');
export const EXTENSION_ID = 'backbone-lens.backbone-lens';

/** Flags for Debian's Chromium in a container without a GPU or a desktop session. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Runs scripts/install-vscode-server.sh (idempotent, cached) and returns the install layout. */
export function ensureVscodeServer() {
  const script = join(REPO_ROOT, 'scripts', 'install-vscode-server.sh');
  const r = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`install-vscode-server.sh failed with exit code ${r.status}`);
  const dir = r.stdout.trim().split('\n').pop();
  const codeServer = join(dir, 'node_modules', 'code-server');
  const vscode = join(codeServer, 'lib', 'vscode');
  const serverMain = join(vscode, 'out', 'server-main.js');
  if (!existsSync(serverMain)) throw new Error(`VS Code Server install in ${dir} has no ${serverMain}`);
  const version = JSON.parse(readFileSync(join(vscode, 'package.json'), 'utf8')).version;
  return { dir, codeServer, vscode, version, serverMain, codeServerEntry: join(codeServer, 'out', 'node', 'entry.js') };
}

/** A free TCP port on the loopback interface (preferred first, when it is free). */
export function freePort(preferred = 0) {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (err) => {
      if (preferred !== 0) freePort(0).then(resolvePort, reject);
      else reject(err);
    });
    srv.listen(preferred, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Fresh temporary directories for one server run; removed by cleanup(). */
export function makeProfile(prefix, { userSettings = {}, extensionsDir } = {}) {
  const root = mkdtempSync(join(tmpdir(), `backbone-lens-${prefix}-`));
  const profile = {
    root,
    serverDataDir: join(root, 'server-data'),
    userDataDir: join(root, 'user-data'),
    extensionsDir: extensionsDir ?? join(root, 'extensions'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const d of [profile.serverDataDir, profile.userDataDir, profile.extensionsDir]) mkdirSync(d, { recursive: true });
  // The web workbench served by the server keeps its user settings on the server side (a
  // code-server patch): in <user-data-dir>/User/. Write them to the server-data dir too, the
  // upstream location, so that either layout sees them.
  const settings = JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    ...userSettings,
  }, null, 2);
  for (const base of [profile.userDataDir, join(profile.serverDataDir, 'data')]) {
    mkdirSync(join(base, 'User'), { recursive: true });
    writeFileSync(join(base, 'User', 'settings.json'), settings);
  }
  return profile;
}

/**
 * Starts server-main.js on 127.0.0.1. Resolves once the server listens; throws (with its log) if
 * it exits or does not listen within startTimeoutMs.
 */
export async function startServer(install, profile, { port, env = {}, startTimeoutMs = 60_000, echo = false } = {}) {
  const p = port ?? await freePort();
  const args = [
    install.serverMain, '--host', '127.0.0.1', '--port', String(p), '--without-connection-token',
    '--accept-server-license-terms', '--server-data-dir', profile.serverDataDir, '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir, '--telemetry-level', 'off', '--log', 'info',
  ];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const waiters = new Set();
  let exit;
  const onData = (stream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop();
      for (const line of parts) {
        lines.push(line);
        if (echo) console.log(`[server] ${line}`);
        for (const w of waiters) w.check(line);
      }
    });
  };
  onData(proc.stdout);
  onData(proc.stderr);
  const exited = new Promise((res) => proc.once('exit', (code, signal) => {
    exit = { code, signal };
    for (const w of waiters) w.fail(new Error(`VS Code Server exited (code ${code}, signal ${signal})`));
    res(exit);
  }));

  /** Waits for a log line matching re (also one already logged); returns the match. */
  const waitForLine = (re, timeoutMs, what = String(re)) => new Promise((res, rej) => {
    const already = lines.find((l) => re.test(l));
    if (already) return res(re.exec(already));
    if (exit) return rej(new Error(`VS Code Server exited (code ${exit.code}) before: ${what}`));
    const timer = setTimeout(() => { waiters.delete(w); rej(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const w = {
      check: (line) => { const m = re.exec(line); if (m) { clearTimeout(timer); waiters.delete(w); res(m); } },
      fail: (err) => { clearTimeout(timer); waiters.delete(w); rej(err); },
    };
    waiters.add(w);
  });

  const server = {
    port: p,
    origin: `http://127.0.0.1:${p}`,
    proc,
    lines,
    waitForLine,
    log: () => lines.join('\n'),
    async stop() {
      if (exit) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
  try {
    await waitForLine(/Extension host agent listening on|Web UI available at|Server bound to/, startTimeoutMs, 'the server to listen');
  } catch (err) {
    await server.stop();
    throw new Error(`VS Code Server did not start: ${err.message}\n--- server log ---\n${server.log()}`);
  }
  return server;
}

/** vscode-remote URI of an absolute path on the server, as the workbench payload expects. */
export function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL opening `folder`, with an optional payload ([key, value] pairs). */
export function workbenchUrl(server, { folder = SAMPLE_WORKSPACE, payload } = {}) {
  let url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Headless Chromium via playwright-core. Throws a precise error when it cannot start. */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH)`);
  }
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    throw new Error(`Chromium at ${executablePath} did not start: ${err.message}`);
  }
}

/** Installs a VSIX into an extensions directory with the code-server CLI. */
export function installVsix(install, vsixPath, extensionsDir, userDataDir) {
  const r = spawnSync(process.execPath, [install.codeServerEntry, '--install-extension', vsixPath, '--force',
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(userDataDir, 'config'), XDG_DATA_HOME: join(userDataDir, 'data') },
    timeout: 180_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${output}`);
  return output;
}

/**
 * One extension-test run: a fresh server, the workbench opened with `payload` (pairs, or a function
 * of the started server returning them) in a new page, and
 * the test results read back from the JSON file the in-host harness writes. Never resolves with
 * a pass unless that file says so and the extension host exited with code 0.
 */
export async function runExtensionTests(install, browser, { label, profile, payload, env = {}, timeoutMs = 180_000, verbose = false }) {
  const resultsFile = join(profile.root, 'results.json');
  const started = Date.now();
  const server = await startServer(install, profile, { env: { ...env, BACKBONE_LENS_TEST_RESULTS: resultsFile }, echo: verbose });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  let exitCode;
  let problem;
  try {
    await page.goto(workbenchUrl(server, { payload: typeof payload === 'function' ? payload(server) : payload }), { timeout: 60_000 });
    const m = await server.waitForLine(/Extension Host Process exited with code:? (-?\d+)/, timeoutMs, 'the extension host to exit after the tests');
    exitCode = Number(m[1]);
  } catch (err) {
    problem = err.message;
  }
  let result;
  if (existsSync(resultsFile)) {
    result = JSON.parse(readFileSync(resultsFile, 'utf8'));
  }
  await page.close().catch(() => {});
  await server.stop();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!result) {
    problem ??= `the extension host exited with code ${exitCode} without writing ${resultsFile}`;
  } else if (exitCode !== 0 && result.failed === 0) {
    problem = `all tests passed but the extension host exited with code ${exitCode}`;
  }
  if (problem) {
    const interesting = consoleLines.filter((l) => /\[(integration|installed-vsix)\]|FAIL|Error|passed, /i.test(l)).slice(-40);
    problem += `\n--- server log (last 40 lines) ---\n${server.lines.slice(-40).join('\n')}` +
      `\n--- workbench console (relevant lines) ---\n${interesting.join('\n')}`;
  }
  return { label, result, exitCode, problem, seconds, profileRoot: profile.root };
}

/** Prints one run's outcomes; returns { passed, failed } (a run that could not report counts as one failure). */
export function reportRun(run) {
  const { label, result, problem, seconds } = run;
  console.log(`\n${label} (${seconds} s${result ? `, VS Code ${result.vscodeVersion}` : ''})`);
  let passed = 0;
  let failed = 0;
  for (const o of result?.outcomes ?? []) {
    if (o.skipped) console.log(`  skip  ${o.file} > ${o.name}: ${o.error}`);
    else if (o.ok) { passed++; console.log(`  ok    ${o.file} > ${o.name}`); }
    else { failed++; console.log(`  FAIL  ${o.file} > ${o.name}\n${o.error.split('\n').map((l) => `        ${l}`).join('\n')}`); }
  }
  if (problem) {
    failed = Math.max(failed, 1);
    console.log(`  ERROR ${problem}`);
  }
  return { passed, failed };
}

/** Exits the process with a loud message if `ms` pass first (a hung browser or host must fail). */
export function hardTimeout(ms, what) {
  const t = setTimeout(() => {
    console.error(`\n${what}: hard timeout after ${Math.round(ms / 1000)} s — failing`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }, ms);
  return () => clearTimeout(t);
}

/** Throws when a build output the runner relies on is missing. */
export function requireBuilt(paths) {
  const missing = paths.filter((p) => !existsSync(join(REPO_ROOT, p)));
  if (missing.length > 0) {
    throw new Error(`missing build outputs: ${missing.join(', ')} (run \`npm run build\` and \`npx tsc -p test/integration/tsconfig.json\` first)`);
  }
}

/**
 * Ripgrep for the VS Code Server: Quick Open (Ctrl+P), search and the built-in npm extension
 * call `@vscode/ripgrep`'s bin/rg, which that package's install script downloads from GitHub
 * (microsoft/ripgrep-prebuilt) — not reachable from the npm registry alone, so the install
 * skips it. Links the machine's own `rg` (Debian/Ubuntu: `apt install ripgrep`; macOS:
 * `brew install ripgrep`) into place. Returns what it did, for the log.
 */
export function linkRipgrep(install, findRg = () => spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim()) {
  const bin = join(install.vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  const target = join(bin, 'rg');
  if (existsSync(target)) return `ripgrep: ${target}`;
  const rg = findRg();
  if (!rg) return 'ripgrep: not found — Quick Open (Ctrl+P) and search will find nothing. Install ripgrep (apt install ripgrep, brew install ripgrep) and run npm start again.';
  mkdirSync(bin, { recursive: true });
  symlinkSync(rg, target);
  return `ripgrep: linked ${rg} → ${target}`;
}
