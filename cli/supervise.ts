// `classify` and `profile` run their model under the watchdog (inference/bounds.ts), which must end the process
// on an overrun: onnxruntime runs synchronously and cannot be interrupted. So the CLI runs that
// command in a child process of its own and answers for it: the child's output passes through,
// and a child stopped by the watchdog (or killed by anything else) ends the CLI with exit code 1
// and one error line, as every other error does, not with a signal's 137.
import { spawn } from 'node:child_process';

/** Set in the child's environment: it runs the command itself. */
export const SUPERVISED_ENV = 'BACKBONE_LENS_SUPERVISED';

/** Commands whose run the watchdog bounds. */
const BOUNDED_COMMANDS = new Set(['classify', 'profile']);

export function needsSupervision(argv: readonly string[]): boolean {
  return BOUNDED_COMMANDS.has(argv[0] ?? '') && process.env[SUPERVISED_ENV] !== '1';
}

/** Runs `script argv` in a child Node with the same flags; resolves to the CLI's exit code. */
export function superviseSelf(script: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], { stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, [SUPERVISED_ENV]: '1' } });
    let saidSomething = false;
    child.stderr.on('data', (chunk: Buffer) => {
      saidSomething = true;
      process.stderr.write(chunk);
    });
    child.on('error', (e) => {
      process.stderr.write(`backbone-lens: could not start the run (${e.message})\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      if (code !== null) return resolve(code);
      // The watchdog wrote its typed line before it stopped the run; anything else says what ended it.
      if (!saidSomething) process.stderr.write(`backbone-lens: the run was stopped by ${signal ?? 'a signal'}\n`);
      resolve(1);
    });
  });
}
