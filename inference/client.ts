// The host side of the worker: forks it on first use, matches responses to requests by id,
// reports progress, and cancels by killing the process (onnxruntime runs cannot be interrupted).
import { fork, type ChildProcess } from 'node:child_process';
import type { ClassifyResult } from './classify';
import { InferenceError } from './errors';
import type { ProfileResult } from './profile';
import type { ProfileRequest } from './profileRequest';
import type { ClassifyRequest, WorkerResponse } from './protocol';

export class WorkerError extends InferenceError {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

type Pending = { resolve: (r: ClassifyResult | ProfileResult | undefined) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void };

export class InferenceClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `workerPath`: dist/worker.js (or out/inference/worker.js in tests). */
  constructor(
    private readonly workerPath: string,
    private readonly execArgv: string[] = [],
  ) {}

  classify(request: Omit<ClassifyRequest, 'type' | 'id'>, onProgress?: (done: number, total: number) => void): Promise<ClassifyResult> {
    return this.request({ ...request, type: 'classify' }, onProgress) as Promise<ClassifyResult>;
  }

  /** Measured latency per node and group (inference/profile.ts), in the worker. */
  profile(request: Omit<ProfileRequest, 'type' | 'id'>): Promise<ProfileResult> {
    return this.request({ ...request, type: 'profile' }) as Promise<ProfileResult>;
  }

  /** Frees the worker's session without stopping it. */
  async release(): Promise<void> {
    if (this.child) await this.request({ type: 'release' });
  }

  /** Stops the worker: every pending request is rejected as cancelled. */
  cancel(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
    this.failAll(new WorkerError('Cancelled', 'cancelled'));
  }

  dispose(): void {
    this.cancel();
  }

  private request(msg: { type: 'classify' | 'release' | 'profile' } & Record<string, unknown>, onProgress?: (done: number, total: number) => void): Promise<ClassifyResult | ProfileResult | undefined> {
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      child.send({ ...msg, id });
    });
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(this.workerPath, [], { execArgv: this.execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('message', (m: WorkerResponse) => this.onMessage(m));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      const last = stderr.trim().split('\n').pop() ?? '';
      this.failAll(new WorkerError('WorkerExited', `the inference worker exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`));
    });
    this.child = child;
    return child;
  }

  private onMessage(m: WorkerResponse): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.done, m.total);
      return;
    }
    this.pending.delete(m.id);
    if (m.type === 'result' || m.type === 'profiled') p.resolve(m.result);
    else if (m.type === 'released') p.resolve(undefined);
    else p.reject(new WorkerError(m.name, m.message));
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }
}
