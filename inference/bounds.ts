// Time and memory bounds of a run (the worker's requests, the CLI's classify). onnxruntime-node
// runs a model synchronously on the main thread and cannot be interrupted, so the watchdog lives
// on a thread of its own: every 50 ms it compares the process's resident memory and the current
// step's time with the bounds (past its wall-clock limit a step stops once it has also used half
// of it in CPU time, so a loaded machine does not stop healthy work; a step that only waits stops
// at WAIT_FACTOR × the limit) and, on an overrun, writes the typed error (naming the file)
// to stderr and ends the process. The worker's host reads that line back as a
// ResourceLimitError and starts a fresh worker for the next request.
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ResourceLimitError } from '../shared/errors';
import { plannedOrtRuntime, type OrtRuntime } from './session';

export { ResourceLimitError };

/** Resident memory a run may take besides its model (bytes): runtime, images in flight, buffers. */
export const BASE_RSS_BYTES = 1 << 30;
/**
 * Time one step (preparing the model, opening it, one batch) may take besides its model's size
 * (ms): with the worker's start, a run that hangs is answered within 10 s.
 */
export const BASE_STEP_MS = 8_000;
/** The worker's stderr line that carries a ResourceLimitError's message. */
export const LIMIT_MARKER = 'backbone-lens-limit: ';

export interface RunBounds {
  /** Peak resident memory (bytes). */
  readonly rssBytes: number;
  /** Longest step (ms). */
  readonly stepMs: number;
}

/**
 * How many times longer a step may take on onnxruntime's WebAssembly build than on the native one:
 * bench/wasmRuntime.mjs measured resnet50 at 224 at 4.8–8.2× native on this 2-core machine (AVX-512
 * and VNNI natively, 128-bit SIMD in WebAssembly); 10 leaves a margin.
 */
export const WASM_STEP_FACTOR = 10;

/**
 * Bounds for a model file of `modelBytes`: a model's weights are held a few times over while it
 * is exported and opened (file, tensors, ONNX, session), and reading them takes time.
 */
export function boundsFor(modelBytes: number, runtime: OrtRuntime = plannedOrtRuntime()): RunBounds {
  const stepMs = BASE_STEP_MS + Math.floor(modelBytes / (25 * 2 ** 20)) * 1000;
  return { rssBytes: BASE_RSS_BYTES + 4 * modelBytes, stepMs: runtime === 'wasm' ? stepMs * WASM_STEP_FACTOR : stepMs };
}

/** What the watchdog thread checks; null while nothing runs. */
interface Armed {
  /** Wall-clock deadline of the step (ms since the epoch). */
  readonly deadline: number;
  /** Past the deadline, the step is stopped once the process has also used this much CPU time in it (µs). */
  readonly cpuMicros: number;
  /** Stopped at this wall-clock time whatever its CPU time (a step that waits rather than computes). */
  readonly hardDeadline: number;
  readonly rssBytes: number;
  readonly timeMessage: string;
  /** `{rss}` is replaced by the memory seen. */
  readonly memoryMessage: string;
  readonly prefix: string;
}

/**
 * How much wall time past its limit a step may take while it has not used its limit in CPU time
 * either: a busy machine (CI at load 25 and more) slows a healthy step without it computing more.
 * A step that spins stops at its limit on an idle machine; one that waits stops at 4× the limit.
 */
export const WAIT_FACTOR = 4;
/** Share of the step's limit that, used as CPU time, confirms that an overrun step is working, not starved. */
export const CPU_SHARE = 0.5;

// The watchdog thread (plain CommonJS, run with eval: it must not depend on the bundle's layout).
// CPU time is the whole process's (user + system, every thread), from the moment the step was armed.
const WATCHDOG_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let armed = null;
let cpuAtArm = 0;
const cpuNow = () => { const u = process.cpuUsage(); return u.user + u.system; };
parentPort.on('message', (m) => { armed = m; cpuAtArm = cpuNow(); });
setInterval(() => {
  if (!armed) return;
  const rss = process.memoryUsage.rss();
  const now = Date.now();
  let message;
  if (rss > armed.rssBytes) message = armed.memoryMessage.replace('{rss}', Math.round(rss / 1048576) + ' MiB');
  else if ((now > armed.deadline && cpuNow() - cpuAtArm >= armed.cpuMicros) || now > armed.hardDeadline) message = armed.timeMessage;
  if (message === undefined) return;
  try { writeSync(2, armed.prefix + message + '\\n'); } catch {}
  process.kill(process.pid, 'SIGKILL');
}, 50);
`;

export class Watchdog {
  private thread: Worker | undefined;
  private file = '';
  private bounds: RunBounds = { rssBytes: Infinity, stepMs: Infinity };

  /** `prefix` starts the line written on an overrun (LIMIT_MARKER in the worker, "backbone-lens: " in the CLI). */
  constructor(private readonly prefix: string) {}

  /** Starts watching a run about `file` (named in the error); each step gets `bounds.stepMs`. */
  start(file: string, bounds: RunBounds): void {
    this.file = file;
    this.bounds = bounds;
    if (!this.thread) {
      try {
        this.thread = new Worker(WATCHDOG_SOURCE, { eval: true });
        this.thread.unref();
      } catch (e) {
        // Without a thread nothing is bounded: say so once rather than fail the run.
        writeSync(2, `backbone-lens: the run's time and memory watchdog could not start (${(e as Error).message})\n`);
      }
    }
    this.step();
  }

  /** A step finished and the next begins (a batch done): its deadline starts now. */
  step(): void {
    const now = Date.now();
    const armed: Armed = {
      deadline: now + this.bounds.stepMs,
      cpuMicros: this.bounds.stepMs * 1000 * CPU_SHARE,
      hardDeadline: now + this.bounds.stepMs * WAIT_FACTOR,
      rssBytes: this.bounds.rssBytes,
      timeMessage: `${this.file}: a step of the run took longer than its limit of ${this.bounds.stepMs / 1000} s; it was stopped`,
      memoryMessage: `${this.file}: the run took {rss} of memory, more than its limit of ${Math.round(this.bounds.rssBytes / 2 ** 20)} MiB; it was stopped`,
      prefix: this.prefix,
    };
    this.thread?.postMessage(armed);
  }

  stop(): void {
    this.thread?.postMessage(null);
  }
}
