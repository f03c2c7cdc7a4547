// Whether a checkpoint found on disk fits the model, told before it is picked: a .safetensors
// file's header (8-byte length + JSON, read alone, at most 16 MiB) gives every key and shape,
// matched onto the model's graph by the engine's compareWeights. A .pth needs its whole archive
// read, which the worker does on loading; the quick pick only says so for those.
import { open } from 'node:fs/promises';
import { buildGraph, type ModelSpec } from '../../models';
import { compareWeights, normalizeKeys, type StateDict } from '../../models/weights';

export type CheckpointFit = { kind: 'fits' } | { kind: 'misfit'; why: string } | { kind: 'unknown' };

/** Largest safetensors header read, bytes. */
const MAX_HEADER = 16 * 1024 * 1024;

/** Keys and shapes of a .safetensors header; undefined when it is not one (the loader says why). */
export async function safetensorsShapes(file: string): Promise<Map<string, number[]> | undefined> {
  const fh = await open(file, 'r');
  try {
    const len = Buffer.alloc(8);
    if ((await fh.read(len, 0, 8, 0)).bytesRead < 8) return undefined;
    const n = Number(len.readBigUInt64LE(0));
    if (!Number.isSafeInteger(n) || n < 2 || n > MAX_HEADER) return undefined;
    const head = Buffer.alloc(n);
    if ((await fh.read(head, 0, n, 8)).bytesRead < n) return undefined;
    const json = JSON.parse(head.toString('utf8')) as Record<string, { shape?: unknown; dtype?: unknown }>;
    const out = new Map<string, number[]>();
    for (const [k, v] of Object.entries(json)) {
      if (k === '__metadata__') continue;
      if (!v || !Array.isArray(v.shape) || !v.shape.every((d) => Number.isSafeInteger(d))) return undefined;
      out.set(k, v.shape as number[]);
    }
    return out;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Fits, does not fit (with the first differences), or cannot tell without loading it. */
export async function checkpointFit(file: string, spec: ModelSpec): Promise<CheckpointFit> {
  if (!/\.safetensors$/i.test(file)) return { kind: 'unknown' };
  const shapes = await safetensorsShapes(file);
  if (!shapes) return { kind: 'misfit', why: 'not a readable .safetensors file' };
  // Shapes only: compareWeights reads keys, shapes and dtypes, never the data.
  const sd: StateDict = new Map([...shapes].map(([k, shape]) => [k, { shape, dtype: 'float32' as const, data: new Float32Array(0), storedAs: 'F32' }]));
  const fit = compareWeights(buildGraph(spec), normalizeKeys(sd));
  const bad = fit.missing.length + fit.unexpected.length + fit.mismatched.length;
  if (bad === 0) return { kind: 'fits' };
  const parts = [
    fit.missing.length ? `${fit.missing.length} missing` : '',
    fit.unexpected.length ? `${fit.unexpected.length} unexpected` : '',
    fit.mismatched.length ? `${fit.mismatched.length} of another shape` : '',
  ].filter(Boolean);
  return { kind: 'misfit', why: `does not fit ${spec.id}: ${parts.join(', ')} key(s)` };
}
