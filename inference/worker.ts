// The inference worker (dist/worker.js): started with child_process.fork by the extension (or
// any Node host), it owns onnxruntime-node so that a long run or a native crash never takes the
// host down; killing it is the cancel. Requests are served one at a time; the last session is
// kept open for the next request with the same model and provider, and the prepared model (the
// export-cache lookup, which reads and hashes the weights file) is remembered by the file's
// path, size and mtime and the architecture.
import { resolveId, resolveVariantFile, withOverrides, type ModelSpec } from '../models';
import { statSync } from 'node:fs';
import { boundsFor, LIMIT_MARKER, Watchdog } from './bounds';
import { Classifier, ModelPreparer, prepareModelAt, type ClassifyOptions } from './classify';
import { parseWorkerRequest, type ClassifyRequest, type WorkerResponse } from './protocol';
import { serveProfile } from './profileRequest';

let open: { key: string; classifier: Classifier } | undefined;
let queue: Promise<void> = Promise.resolve();
const preparer = new ModelPreparer();

function send(msg: WorkerResponse): void {
  process.send?.(msg);
}

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

function specOf(r: ClassifyRequest): ModelSpec | undefined {
  if (!r.model) return undefined;
  const spec = r.model.kind === 'id' ? resolveId(r.model.id) : resolveVariantFile(r.model.variant, r.model.source);
  return withOverrides(spec, r.sets ?? {});
}

async function classify(r: ClassifyRequest): Promise<void> {
  const opts: ClassifyOptions = {
    spec: specOf(r),
    weights: r.weights,
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
  const modelFile = r.onnx ?? r.weights;
  const started = performance.now();
  watchdog.start(modelFile ?? 'the model', boundsFor(sizeOf(modelFile)));
  const fp32 = preparer.get(opts);
  watchdog.step();
  // int8: quantization (calibration runs included) is one more step of the same bounds.
  const prepared = await prepareModelAt(opts, fp32);
  watchdog.step();
  const key = JSON.stringify([typeof prepared.onnx === 'string' ? prepared.onnx : `${r.weights}`, prepared.preprocessing, prepared.inputSize, opts.ep, opts.precision]);
  if (!open || open.key !== key) {
    await release();
    open = { key, classifier: await Classifier.open(prepared, opts.ep, performance.now() - started) };
  }
  watchdog.step();
  const result = await open.classifier.classify(r.paths, opts, (done, total) => {
    watchdog.step();
    send({ type: 'progress', id: r.id, done, total });
  });
  send({ type: 'result', id: r.id, result });
}

async function release(): Promise<void> {
  const o = open;
  open = undefined;
  await o?.classifier.release();
}

process.on('message', (raw: unknown) => {
  const req = parseWorkerRequest(raw);
  if (typeof req === 'string') {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    send({ type: 'error', id, name: 'ProtocolError', message: req });
    return;
  }
  queue = queue.then(async () => {
    try {
      if (req.type === 'release') {
        await release();
        send({ type: 'released', id: req.id });
      } else if (req.type === 'profile') {
        // The profiler needs a session of its own; the classify session is freed first.
        await release();
        send({ type: 'profiled', id: req.id, result: await serveProfile(req) });
      } else {
        await classify(req);
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      send({ type: 'error', id: req.id, name: err.name, message: err.message });
    } finally {
      watchdog.stop();
    }
  });
});

// The parent going away (the extension host closing) ends the worker.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
