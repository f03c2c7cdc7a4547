// The inference worker (dist/worker.js): started with child_process.fork by the extension (or
// any Node host), it owns onnxruntime-node so that a long run or a native crash never takes the
// host down; killing it is the cancel. Requests are served one at a time; the last session is
// kept open for the next request with the same model and provider, and the prepared model (the
// export-cache lookup, which reads and hashes the weights file) is remembered by the file's
// path, size and mtime and the architecture.
import { resolveId, resolveVariantFile, withOverrides, type ModelSpec } from '../models';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { boundsFor, LIMIT_MARKER, Watchdog } from './bounds';
import { Classifier, ModelPreparer, prepareModelAt, type ClassifyOptions } from './classify';
import { Peer } from '../shared/rpc';
import { defaultCacheDir, ModelSourceError } from './modelSource';
import { useMessageLanguageFromEnv } from './messageLanguage';
import { parentChannel } from './processChannel';
import { ensureRandomWeights } from './randomWeights';
import { hostAnswers, workerServes, type ClassifyParams, type WorkerApi, type WorkerHostApi } from './protocol';
import { serveProfile } from './profileRequest';
import type { ClassifyResult } from './classify';

let open: { key: string; classifier: Classifier } | undefined;
let queue: Promise<void> = Promise.resolve();
useMessageLanguageFromEnv();
const preparer = new ModelPreparer();

const host = new Peer<WorkerApi, WorkerHostApi>(parentChannel(), workerServes, hostAnswers, {
  onInvalid: (problem) => process.stderr.write(`backbone-lens worker: ${problem}\n`),
});

// A request past its time or memory bound ends the worker (onnxruntime cannot be interrupted);
// the host reads the error from stderr and its next request starts a fresh worker.
const watchdog = new Watchdog(LIMIT_MARKER);

/** The model file's size (bytes), which its bounds scale with; 0 when it cannot be stat'ed (then preparing it fails). */
function sizeOf(file: string | undefined): number {
  try {
    return file === undefined ? 0 : statSync(file).size;
  } catch {
    return 0;
  }
}

function specOf(r: ClassifyParams): ModelSpec | undefined {
  if (!r.model) return undefined;
  const spec = r.model.kind === 'id' ? resolveId(r.model.id) : resolveVariantFile(r.model.variant, r.model.source);
  return withOverrides(spec, r.sets ?? {});
}

/** The weights file of a request: the one named, or the model's random weights, written here (bounded; no partial file is left). */
async function weightsOf(r: ClassifyParams, spec: ModelSpec | undefined): Promise<string | undefined> {
  if (!r.randomWeights) return r.weights;
  if (r.weights !== undefined || r.onnx !== undefined) throw new ModelSourceError('random weights replace the weights file: give one or the other');
  if (!spec) throw new ModelSourceError('random weights need a model (a preset id or a variant file)');
  return ensureRandomWeights(spec, join(r.cacheDir ?? defaultCacheDir(), 'random'));
}

async function classify(r: ClassifyParams, progress: (p: { done: number; total: number }) => void): Promise<ClassifyResult> {
  const spec = specOf(r);
  const weights = await weightsOf(r, spec);
  const opts: ClassifyOptions = {
    spec,
    weights,
    onnx: r.onnx,
    ep: r.ep ?? 'auto',
    top: r.top,
    batch: r.batch,
    logits: r.logits,
    precision: r.precision ?? 'fp32',
    cam: r.cam,
    camClass: r.camClass,
    camTop: r.camTop,
    ...(r.cacheDir !== undefined ? { cacheDir: r.cacheDir } : {}),
  };
  const modelFile = r.onnx ?? weights;
  const started = performance.now();
  watchdog.start(modelFile ?? 'the model', boundsFor(sizeOf(modelFile)));
  const fp32 = preparer.get(opts);
  watchdog.step();
  // int8: quantization (calibration runs included) is one more step of the same bounds.
  const prepared = await prepareModelAt(opts, fp32);
  watchdog.step();
  const key = JSON.stringify([typeof prepared.onnx === 'string' ? prepared.onnx : `${weights}`, prepared.preprocessing, prepared.inputSize, opts.ep, opts.precision]);
  if (!open || open.key !== key) {
    await release();
    open = { key, classifier: await Classifier.open(prepared, opts.ep, performance.now() - started) };
  }
  watchdog.step();
  return open.classifier.classify(r.paths, opts, (done, total) => {
    watchdog.step();
    progress({ done, total });
  });
}

async function release(): Promise<void> {
  const o = open;
  open = undefined;
  await o?.classifier.release();
}

/** Requests are served one at a time, in order; the watchdog bounds each. */
function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    try {
      return await work();
    } finally {
      watchdog.stop();
    }
  });
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

host.handle('classify', (r, progress) => serially(() => classify(r, progress)));
// The profiler needs a session of its own; the classify session is freed first.
host.handle('profile', (r) =>
  serially(async () => {
    await release();
    return serveProfile(r, watchdog);
  }),
);
host.handle('release', () =>
  serially(async () => {
    await release();
    return null;
  }),
);

// The parent going away (the extension host closing) ends the worker.
process.on('disconnect', () => process.exit(0));
host.notify('ready', { pid: process.pid });
