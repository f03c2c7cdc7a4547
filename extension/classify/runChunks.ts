// Runs a classification through the worker in chunks, so that what finished before a cancel
// (which kills the worker: an onnxruntime run cannot be interrupted) or a crash is already on
// the host. Two chunks are in flight at a time, so the worker never waits for the host between
// them. Chunk sizes adapt to about CHUNK_TARGET_MS of work: small enough that a cancel loses
// little, large enough that each request's fixed cost (message round trip, batch set-up; the
// prepared model is memoized in the worker by file path, size and mtime) stays small.
import type { ClassifyResult } from '../../inference/classify';
import type { InferenceClient } from '../../inference/client';
import type { ClassifyParams } from '../../inference/protocol';
import { asCoded, type CodedError } from '../../shared/errors';

const FIRST_CHUNK = 8;
const MIN_CHUNK = 4;
const MAX_CHUNK = 256;
const CHUNK_TARGET_MS = 8000;

export type ChunkRequest = Omit<ClassifyParams, 'paths'>;

export interface ChunkDone {
  result: ClassifyResult;
  files: string[];
  /** Wall time of the chunk in the worker divided by its files, ms. */
  msPerImage: number;
  /** The worker's model preparation for this chunk, ms (0 when its session was reused). */
  prepareMs: number;
}

export interface RunOutcome {
  state: 'done' | 'cancelled' | 'failed';
  /** The error that stopped a failed run. */
  error?: CodedError;
  done: number;
}

export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface ChunkOptions {
  /** A fixed chunk size (tests); adaptive when absent. */
  chunkSize?: number;
  onProgress(done: number, total: number): void;
  onChunk(chunk: ChunkDone): void;
}

export async function runChunks(client: InferenceClient, files: readonly string[], request: ChunkRequest, cancel: CancelSignal, o: ChunkOptions): Promise<RunOutcome> {
  const total = files.length;
  let next = 0;
  let done = 0;
  let size = o.chunkSize ?? FIRST_CHUNK;
  let cancelled = cancel.isCancellationRequested;
  const inflight: { files: string[]; promise: Promise<ClassifyResult> }[] = [];
  const sub = cancel.onCancellationRequested(() => {
    cancelled = true;
    client.cancel();
  });
  const send = (): void => {
    const chunk = files.slice(next, next + size);
    next += chunk.length;
    const promise = client.classify({ ...request, paths: chunk }, (d) => o.onProgress(done + d, total));
    promise.catch(() => undefined); // handled when its turn comes; never unhandled
    inflight.push({ files: chunk, promise });
  };
  try {
    if (cancelled) return { state: 'cancelled', done };
    while (next < total && inflight.length < 2) send();
    while (inflight.length > 0) {
      const c = inflight.shift()!;
      let result: ClassifyResult;
      try {
        result = await c.promise;
      } catch (e) {
        if (cancelled) return { state: 'cancelled', done };
        return { state: 'failed', error: asCoded(e), done };
      }
      // Per image: the worker's decode + inference time, model preparation and session start apart.
      const ms = result.timing.inference_ms / Math.max(1, c.files.length);
      done += c.files.length;
      o.onChunk({ result, files: c.files, msPerImage: ms, prepareMs: result.timing.prepare_ms + result.timing.session_ms });
      if (cancelled) return { state: 'cancelled', done };
      if (o.chunkSize === undefined && ms > 0) size = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.round(CHUNK_TARGET_MS / ms)));
      while (next < total && inflight.length < 2) send();
    }
    return { state: 'done', done };
  } finally {
    sub.dispose();
  }
}
