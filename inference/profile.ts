// Measured latency per node, block and stage: the model is exported to ONNX with seeded random
// weights (time does not depend on the values), run K times with onnxruntime's profiler on,
// and the run of median duration is broken down by graph node and group (profileMap.ts). The
// same session then runs K more times with the profiler off, which gives its overhead.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, buildGraph, type ModelSpec } from '../models';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';
import { defaultCacheDir, modelFromWeights } from './modelSource';
import { breakdown, median, medianRunIndex, parseProfile, ProfileFormatError, type GroupTime, type NodeTime } from './profileMap';
import { ensureRandomWeights } from './randomWeights';
import { loadOrt, openSession, type EpChoice, type Provider } from './session';

export const PROFILE_LIMITS = {
  maxRuns: 100,
  maxBatch: 256,
  maxSide: 2048,
  /** Most fp32 bytes of every node's output at the asked batch (an upper bound of what a run holds). */
  maxActivationBytes: 8 * 2 ** 30,
} as const;

/** Time a run may take per multiply-accumulate of the batch (ms): 1 GMAC/s, a slow CPU. */
const MS_PER_MAC = 1e-6;

export interface ProfileOptions {
  readonly spec: ModelSpec;
  readonly ep?: EpChoice;
  readonly batch?: number;
  /** [H, W] in pixels; default the model's input size. */
  readonly input?: readonly [number, number];
  /** Profiled runs after one warm-up run (default 10). */
  readonly runs?: number;
  /** Export cache (random weights and their ONNX); null keeps them in a temporary folder. */
  readonly cacheDir?: string | null;
  /** Called when a step is done (random weights, the export, the session, each run): the worker's watchdog gives the next its time. */
  readonly step?: () => void;
}

/** What one profile request may take: the memory its batch's activations and weights need, and a step's time for one run of it. */
export interface ProfileBounds {
  readonly rssBytes: number;
  readonly stepMs: number;
}

/**
 * Checks a request's size before anything is allocated and gives its bounds: every node's fp32
 * output at the batch (an upper bound of what onnxruntime holds at once) within
 * PROFILE_LIMITS.maxActivationBytes, the weights (4 bytes a parameter, several copies while
 * exporting), and one run's time at 1 GMAC/s besides the base step.
 */
export function profileBounds(o: ProfileOptions, base: { rssBytes: number; stepMs: number }): ProfileBounds {
  const batch = checkInt(o.batch ?? 1, 'batch', PROFILE_LIMITS.maxBatch);
  checkInt(o.runs ?? 10, 'runs', PROFILE_LIMITS.maxRuns);
  const input = o.input ?? o.spec.inputSize;
  for (const side of input) checkInt(side, 'input side', PROFILE_LIMITS.maxSide);
  const total = analyze(buildGraph(o.spec), input).total;
  const activations = batch * (total.activationBytes + 3 * input[0] * input[1] * 4);
  if (activations > PROFILE_LIMITS.maxActivationBytes) {
    throw new ProfileError(`${o.spec.id}: batch ${batch} at ${input[0]}×${input[1]} would hold up to ${Math.round(activations / 2 ** 20)} MiB of activations, more than the ${PROFILE_LIMITS.maxActivationBytes / 2 ** 30} GiB a profile may take; use a smaller batch or input`);
  }
  return { rssBytes: base.rssBytes + activations + 4 * 4 * total.params, stepMs: base.stepMs + Math.ceil(batch * total.macs * MS_PER_MAC) };
}

export interface ProfileResult {
  model: string;
  provider: Provider;
  batch: number;
  input: [number, number];
  runs: number;
  /** The median run's duration as the profiler measured it (ms). */
  total_ms: number;
  /** Sum of that run's kernel times (ms): total_ms minus the executor's own time. */
  kernel_ms: number;
  /** Median wall time of session.run with the profiler on, and with it off (ms). */
  profiled_wall_ms: number;
  unprofiled_wall_ms: number;
  /** profiled_wall_ms / unprofiled_wall_ms − 1. */
  profiler_overhead: number;
  nodes: NodeTime[];
  groups: GroupTime[];
  fallbacks: { provider: Provider; reason: string }[];
  /** The weights are random: the timing is real, the outputs mean nothing. */
  weights: 'random';
}

export class ProfileError extends InferenceError {
  override readonly code: ErrorCode = 'profile';
}

function checkInt(v: number, what: string, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new ProfileError(`${what} must be an integer from 1 to ${max}, got ${v}`);
  return v;
}

/** A deterministic input batch in [0, 1): values do not change the time, but NaNs or zeros could. */
function inputData(n: number): Float32Array {
  const a = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 4294967296;
  }
  return a;
}

export async function profileModel(o: ProfileOptions): Promise<ProfileResult> {
  const batch = checkInt(o.batch ?? 1, 'batch', PROFILE_LIMITS.maxBatch);
  const runs = checkInt(o.runs ?? 10, 'runs', PROFILE_LIMITS.maxRuns);
  const input = o.input ?? o.spec.inputSize;
  for (const side of input) checkInt(side, 'input side', PROFILE_LIMITS.maxSide);
  const graph = buildGraph(o.spec);
  const analysis = analyze(graph, input);
  const scratch = mkdtempSync(join(tmpdir(), 'backbone-lens-profile-'));
  try {
    const cacheDir = o.cacheDir === undefined ? defaultCacheDir() : o.cacheDir;
    const weightsDir = join(cacheDir ?? scratch, 'random-weights');
    const weights = await ensureRandomWeights(o.spec, weightsDir);
    o.step?.();
    const prepared = modelFromWeights(o.spec, weights, cacheDir);
    o.step?.();
    const opened = await openSession(prepared.onnx, { ep: o.ep ?? 'auto', profileFilePrefix: join(scratch, 'profile') });
    o.step?.();
    const { session } = opened;
    try {
      const ort = loadOrt();
      const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', inputData(batch * 3 * input[0] * input[1]), [batch, 3, input[0], input[1]]) };
      const timed = async (): Promise<number> => {
        const t0 = performance.now();
        await session.run(feeds);
        const ms = performance.now() - t0;
        o.step?.();
        return ms;
      };
      await timed();
      const profiledWall: number[] = [];
      for (let i = 0; i < runs; i++) profiledWall.push(await timed());
      session.endProfiling();
      const unprofiledWall: number[] = [];
      for (let i = 0; i < runs; i++) unprofiledWall.push(await timed());
      const profiled = parseProfile(readProfileJson(scratch), 'onnxruntime profile').slice(1);
      if (profiled.length !== runs) throw new ProfileError(`the profile holds ${profiled.length} measured runs, expected ${runs}`);
      const run = profiled[medianRunIndex(profiled)];
      const parts = breakdown(graph, analysis, run, batch);
      const profiledMs = median(profiledWall);
      const unprofiledMs = median(unprofiledWall);
      return {
        model: o.spec.id,
        provider: opened.provider,
        batch,
        input: [input[0], input[1]],
        runs,
        total_ms: run.durUs / 1000,
        kernel_ms: parts.kernel_ms,
        profiled_wall_ms: profiledMs,
        unprofiled_wall_ms: unprofiledMs,
        profiler_overhead: profiledMs / unprofiledMs - 1,
        nodes: parts.nodes,
        groups: parts.groups,
        fallbacks: [...opened.skipped],
        weights: 'random',
      };
    } finally {
      await session.release();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The newest profile file in `dir` (a failed provider probe may have left an earlier one). */
function readProfileJson(dir: string): unknown {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('profile') && f.endsWith('.json'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new ProfileError('onnxruntime wrote no profile file');
  try {
    return JSON.parse(readFileSync(files[0], 'utf8'));
  } catch (e) {
    throw new ProfileFormatError(files[0], (e as Error).message);
  }
}
