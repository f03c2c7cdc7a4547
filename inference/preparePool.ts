// A small pool of preparation threads (prepareThread.ts) so that decoding and preprocessing of
// the next images overlap with onnxruntime's run of the current batch. Jobs go to the thread
// with the fewest outstanding jobs; a thread that dies fails its outstanding jobs with the reason
// and is replaced on the next job. Memory in flight is bounded by the caller, which submits at
// most the next batch ahead.
import { fromWire } from '../shared/errors';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Preprocessing } from '../models';
import { InferenceError } from './errors';
import type { PreparedInput, PrepareReply } from './prepareProtocol';

export type { PreparedInput } from './prepareProtocol';

/** The thread script: next to this module in `out/inference/`, next to the bundles in `dist/`. */
const THREAD_SCRIPT = join(__dirname, 'prepareThread.js');

/**
 * Threads by default: one per core beyond the one the runs take, at least one, at most four
 * (decoding one 640×480 JPEG and preprocessing it takes ~5 ms against ~20 ms for a resnet50 run,
 * so more threads than that only compete with onnxruntime's own).
 */
export function defaultPrepareThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

interface Pending {
  resolve: (input: PreparedInput) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class PreparePool {
  private readonly slots: (Slot | undefined)[];
  private nextId = 0;
  private closed = false;

  constructor(readonly threads = defaultPrepareThreads()) {
    this.slots = new Array<Slot | undefined>(Math.max(1, threads)).fill(undefined);
  }

  /** Decodes and preprocesses one file into the network's input (CHW float32, 3 × H × W). */
  prepare(file: string, preprocessing: Preprocessing, inputSize: readonly [number, number], maxPixels: number): Promise<PreparedInput> {
    if (this.closed) return Promise.reject(new InferenceError('the preparation pool is closed'));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, file, preprocessing, inputSize, maxPixels });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0, this.slots.length);
    await Promise.all(slots.map((s) => s?.worker.terminate()));
  }

  private leastBusy(): Slot {
    let best = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) {
        best = i;
        break;
      }
      if (s.pending.size < (this.slots[best]?.pending.size ?? 0)) best = i;
    }
    return (this.slots[best] ??= this.spawn(best));
  }

  private spawn(index: number): Slot {
    const worker = new Worker(THREAD_SCRIPT);
    const slot: Slot = { worker, pending: new Map() };
    const failAll = (reason: string): void => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      for (const p of slot.pending.values()) p.reject(new InferenceError(`image preparation thread stopped: ${reason}`));
      slot.pending.clear();
    };
    worker.on('message', (reply: PrepareReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) slot.worker.unref();
      if (reply.input) p.resolve(reply.input);
      else p.reject(fromWire(reply.error));
    });
    worker.on('error', (e) => failAll(e.message));
    worker.on('exit', (code) => failAll(`exited with code ${code}`));
    // Referenced only while it has jobs: an idle pool must not keep the process alive (the CLI
    // exits when its work is done), a busy one must (the caller is awaiting its results).
    worker.unref();
    return slot;
  }
}
