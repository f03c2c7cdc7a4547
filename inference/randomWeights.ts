// Random ("untrained") weights for an architecture, written as a .safetensors file that the
// worker loads like any checkpoint: He-uniform conv/linear weights (bound sqrt(6 / fan_in)),
// zero biases, identity BatchNorm (weight 1, bias 0, running mean 0, running var 1). A fixed
// seed makes the file, and so every number computed from it, reproducible: the extension and
// the CLI classify identically from the same file. The numbers mean nothing about the images.
//
// Written by the extension host (pure Node, no native modules); it yields to the event loop
// every CHUNK elements so that a 25 M-parameter model never blocks the host for long.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { architectureKey, buildGraph, safetensorsHeader, type ModelSpec } from '../models';
import { mulberry32 } from './prng';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';

/** Random weights of an architecture too large to generate, or a file that could not be written. */
export class RandomWeightsError extends InferenceError {
  override readonly code: ErrorCode = 'randomWeights';
  constructor(message: string) {
    super(message);
  }
}

/** Largest random weights file written (bytes): the largest preset (senet154) takes 0.46 GiB. */
export const MAX_RANDOM_WEIGHTS_BYTES = 2 ** 30;

/** Elements filled between two yields (~1 ms of work). */
const CHUNK = 1 << 16;
const SEED = 0x5eed;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The architecture's float tensors (key, shape), in graph order. */
function floatTensors(spec: ModelSpec): { key: string; shape: number[] }[] {
  const out: { key: string; shape: number[] }[] = [];
  for (const n of buildGraph(spec).nodes) for (const t of n.tensors) if (t.dtype === 'float32') out.push({ key: t.key, shape: [...t.shape] });
  return out;
}

/** The file name for `spec`'s random weights: a hash of the architecture (family, naming, knobs) and the seed. */
export function randomWeightsName(spec: ModelSpec): string {
  const hash = createHash('sha256').update(`${architectureKey(spec)}\u0000seed=${SEED}\u0000v2`).digest('hex').slice(0, 24);
  return `random-${spec.id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${hash}.safetensors`;
}

async function fill(a: Float32Array, key: string, shape: readonly number[], rand: () => number): Promise<void> {
  if (key.endsWith('.running_var')) a.fill(1);
  else if (shape.length >= 2 && key.endsWith('.weight')) {
    const fanIn = shape.slice(1).reduce((x, y) => x * y, 1);
    const bound = Math.sqrt(6 / fanIn);
    for (let i = 0; i < a.length; i++) {
      a[i] = (2 * rand() - 1) * bound;
      if ((i & (CHUNK - 1)) === CHUNK - 1) await yieldToLoop();
    }
  } else if (shape.length === 1 && key.endsWith('.weight')) a.fill(1);
  // biases and running means stay 0
}

/**
 * Writes (once) and returns the path of `spec`'s random weights under `dir`. An existing file
 * with the same name is reused: same architecture, same seed, same bytes.
 */
export async function ensureRandomWeights(spec: ModelSpec, dir: string): Promise<string> {
  const file = join(dir, randomWeightsName(spec));
  if (existsSync(file)) return file;
  const tensors = floatTensors(spec);
  const { header, dataBytes } = safetensorsHeader(tensors.map((t) => ({ key: t.key, dtype: 'F32', shape: t.shape })));
  if (dataBytes > MAX_RANDOM_WEIGHTS_BYTES) {
    throw new RandomWeightsError(`${spec.id}: random weights would take ${dataBytes} bytes, more than the ${MAX_RANDOM_WEIGHTS_BYTES} bytes allowed (the largest preset takes under 0.5 GiB); reduce num_classes or the widths`);
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.write(header);
      const rand = mulberry32(SEED);
      for (const t of tensors) {
        const a = new Float32Array(t.shape.reduce((x, y) => x * y, 1));
        await fill(a, t.key, t.shape, rand);
        await fh.write(new Uint8Array(a.buffer));
      }
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    // A full disk or a cancelled run leaves no partial file behind.
    await rm(tmp, { force: true });
    throw new RandomWeightsError(`${file}: the random weights could not be written (${(e as Error).message})`);
  }
  return file;
}
