#!/usr/bin/env node
// `npm start`: VS Code with Backbone Lens loaded from this repository and the demo workspace
// (demo/, see demo/README.md) open. Installs what is missing first (node_modules; the VS Code Server when
// there is no desktop `code` on PATH), then builds.
//   - desktop VS Code on PATH: `code --extensionDevelopmentPath=<repo> test/workspace`
//   - otherwise: the VS Code Server on 127.0.0.1 (PORT, default 8750 or the next free port), with
//     the extension loaded through the workbench URL's development-path payload. Prints the URL
//     and stays in the foreground until Ctrl+C. With --watch, esbuild rebuilds on every change
//     (then run "Developer: Reload Window").
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const watch = process.argv.includes('--watch');

function run(cmd, args) {
  console.log(`start: $ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: \`${[cmd, ...args].join(' ')}\` failed (exit ${r.status})`);
    process.exit(1);
  }
}

if (!existsSync(join(repo, 'node_modules', '.package-lock.json'))) run('npm', ['install']);

// Imported after the install: the library needs playwright-core from node_modules.
const lib = await import('./lib/vscodeServer.mjs');
const { DEMO_WORKSPACE } = lib;

const desktopCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (desktopCode && !process.env.BACKBONE_LENS_USE_SERVER) {
  run('npm', ['run', 'build']);
  console.log(`start: opening desktop VS Code (${desktopCode})`);
  run(desktopCode, [`--extensionDevelopmentPath=${repo}`, DEMO_WORKSPACE]);
  if (watch) spawn('node', ['scripts/build.mjs', '--watch'], { cwd: repo, stdio: 'inherit' });
} else {
  const install = lib.ensureVscodeServer();
  console.log(`start: ${lib.linkRipgrep(install)}`);
  run('npm', ['run', 'build']);
  const port = await lib.freePort(Number(process.env.PORT) || 8750);
  const profile = lib.makeProfile('start', { userSettings: { 'security.workspace.trust.enabled': false } });
  const server = await lib.startServer(install, profile, { port });
  const url = lib.workbenchUrl(server, { folder: DEMO_WORKSPACE, payload: [['extensionDevelopmentPath', lib.remoteUri(server, repo)]] });
  const watcher = watch ? spawn(process.execPath, ['scripts/build.mjs', '--watch'], { cwd: repo, stdio: 'inherit' }) : undefined;
  console.log(`\nstart: VS Code ${install.version} (server) is serving Backbone Lens (development path ${repo})`);
  console.log('start: open this URL in a browser (Ctrl+C to stop):\n');
  console.log(`  ${url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstart: stopping');
    watcher?.kill();
    await server.stop();
    profile.cleanup();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.proc.on('exit', (code) => {
    if (stopping) return;
    console.error(`start: the VS Code Server exited (code ${code})\n${server.lines.slice(-20).join('\n')}`);
    profile.cleanup();
    process.exit(1);
  });
}
