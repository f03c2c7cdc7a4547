// The host side of the worker: forks it on first use, sends its requests through the shared
// request/response helper (ids, progress, typed errors), and cancels by killing the process
// (onnxruntime runs cannot be interrupted). A worker that goes away fails its requests with a
// typed error: CancelledError (our kill), ResourceLimitError (its watchdog or its heap), or
// WorkerExitedError (anything else), and the next request starts a fresh worker.
import { fork, type ChildProcess } from 'node:child_process';
import { CancelledError, ResourceLimitError, WorkerExitedError, type CodedError } from '../shared/errors';
import { Peer } from '../shared/rpc';
import type { ClassifyResult } from './classify';
import { LIMIT_MARKER } from './bounds';
import { childChannel } from './processChannel';
import type { ProfileResult } from './profile';
import { hostServes, workerAnswers, type ClassifyParams, type ProfileParams, type WorkerApi, type WorkerHostApi } from './protocol';

/** The worker's V8 heap limit (MiB): the engine's buffers are typed arrays outside it; this bounds the rest. */
export const WORKER_HEAP_MIB = 2048;

interface Running {
  child: ChildProcess;
  peer: Peer<WorkerHostApi, WorkerApi>;
  /** Set when we killed it: its requests fail as cancelled, not as a crash. */
  cancelled: boolean;
}

export class InferenceClient {
  private running: Running | undefined;

  /** `workerPath`: dist/worker.js (or out/inference/worker.js in tests). */
  constructor(
    private readonly workerPath: string,
    private readonly execArgv: string[] = [],
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** The running worker's process id (benchmarks read its memory), if one runs. */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  classify(request: ClassifyParams, onProgress?: (done: number, total: number) => void): Promise<ClassifyResult> {
    return this.start().peer.request('classify', request, onProgress && ((p) => onProgress(p.done, p.total)));
  }

  /** Measured latency per node and group (inference/profile.ts), in the worker. */
  profile(request: ProfileParams): Promise<ProfileResult> {
    return this.start().peer.request('profile', request);
  }

  /** Frees the worker's session without stopping it. */
  async release(): Promise<void> {
    if (this.running) await this.running.peer.request('release', {});
  }

  /** Stops the worker: every pending request is rejected with a CancelledError. */
  cancel(): void {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    r.cancelled = true;
    r.child.kill();
    r.peer.failAll(new CancelledError('cancelled'));
  }

  dispose(): void {
    this.cancel();
  }

  private start(): Running {
    if (this.running) return this.running;
    const execArgv = this.execArgv.some((a) => a.startsWith('--max-old-space-size')) ? this.execArgv : [...this.execArgv, `--max-old-space-size=${WORKER_HEAP_MIB}`];
    const child = fork(this.workerPath, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const peer = new Peer<WorkerHostApi, WorkerApi>(childChannel(child), hostServes, workerAnswers, { onInvalid: (p) => this.log(`inference worker: ${p}`) });
    peer.on('ready', () => undefined);
    const running: Running = { child, peer, cancelled: false };
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    // A request sent while it was exiting: 'close' below rejects it.
    child.on('error', () => undefined);
    // The next request starts a fresh worker at once; this one's requests fail on 'close', when
    // its stderr (which carries a watchdog's error line) has been read to the end.
    child.on('exit', () => {
      if (this.running === running) this.running = undefined;
    });
    child.on('close', (code, signal) => {
      if (this.running === running) this.running = undefined;
      peer.failAll(running.cancelled ? new CancelledError('cancelled') : exitError(stderr, code, signal));
      peer.dispose();
    });
    this.running = running;
    return running;
  }
}

/** Why a worker went away, from its exit and the end of its stderr. */
export function exitError(stderr: string, code: number | null, signal: NodeJS.Signals | null): CodedError {
  const limit = stderr.split('\n').find((l) => l.startsWith(LIMIT_MARKER));
  if (limit !== undefined) return new ResourceLimitError(limit.slice(LIMIT_MARKER.length));
  if (/heap out of memory|Allocation failed/i.test(stderr)) {
    return new ResourceLimitError(`the inference worker ran out of memory (its JavaScript heap is limited to ${WORKER_HEAP_MIB} MiB) and was stopped; the next run starts a fresh one`);
  }
  const last = stderr.trim().split('\n').pop() ?? '';
  return new WorkerExitedError(`the inference worker exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`);
}
