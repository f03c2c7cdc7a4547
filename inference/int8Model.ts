// The int8 model of a weights file: the exported graph with BatchNorm folded, activation ranges
// calibrated by running that float model on a fixed synthetic image set (each tensor's range the
// one of least expected uint8 error over its histogram, models/onnx/activationRange.ts), then quantized
// (models/onnx/quantize.ts, with the weights stored so that this CPU's kernels do not saturate,
// int8Kernels.ts) and cached like the fp32 export (keyed also on the precision, the calibration
// set's version and the weight format).
//
// The calibration set is synthetic so that the same weights always give the same int8 model,
// whatever folder is classified first: CALIBRATION_IMAGES images of 320 × 240 made of a few
// random low-frequency colour waves plus fine noise (seeded), preprocessed with the model's own
// eval transform. Natural photographs have this kind of spectrum (most energy at low spatial
// frequencies).
import type { InferenceSession } from 'onnxruntime-node';
import { existsSync, readFileSync } from 'node:fs';
import { addToHistogram, decodeOnnx, emptyHistogram, encodeOnnx, foldBatchNorm, INPUT_NAME, minimumErrorRange, quantizationPoints, quantizeOnnx, type ActivationHistogram, type ActivationRange, type OnnxGraph, type WeightFormat } from '../models/onnx';
import { int8WeightFormat } from './int8Kernels';
import type { Preprocessing } from '../models';
import { ModelSourceError, writeAtomically, type PreparedModel } from './modelSource';
import { preprocessInto, type RgbImage } from './preprocess';
import { mulberry32 as prng } from './prng';
import { cpuExecutionProvider, loadOrt } from './session';

export const CALIBRATION_IMAGES = 16;
/** Bumped when the calibration set or method changes (part of the int8 cache key). */
export const CALIBRATION_VERSION = 'synthetic-waves-2-least-error';

/** Calibration image `index` (320 × 240 RGB), deterministic. */
export function calibrationImage(index: number, width = 320, height = 240): RgbImage {
  const rand = prng(0xca1b + index * 7919);
  const waves = Array.from({ length: 6 }, () => ({
    fx: (rand() * 6 + 0.5) / width,
    fy: (rand() * 6 + 0.5) / height,
    phase: rand() * 2 * Math.PI,
    colour: [rand() - 0.5, rand() - 0.5, rand() - 0.5],
  }));
  const base = [rand() * 160 + 48, rand() * 160 + 48, rand() * 160 + 48];
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let v = base[c];
        for (const w of waves) v += 120 * w.colour[c] * Math.cos(2 * Math.PI * (w.fx * x + w.fy * y) + w.phase);
        v += (rand() - 0.5) * 24;
        data[(y * width + x) * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return { width, height, data };
}

/** The calibration set as network inputs (each 3 × H × W). */
export function calibrationInputs(p: Preprocessing, inputSize: readonly [number, number], count = CALIBRATION_IMAGES): Float32Array[] {
  return Array.from({ length: count }, (_, i) => {
    const x = new Float32Array(3 * inputSize[0] * inputSize[1]);
    preprocessInto(calibrationImage(i), p, inputSize, x);
    return x;
  });
}

/**
 * The uint8 range of every quantization point's range tensor over `inputs`, from the float model:
 * a first pass finds each tensor's min..max, a second counts its values into a histogram over
 * that span, and the range is the one of least expected quantization error (minimumErrorRange).
 * Measured on resnet50 (bench/classify.mjs, 200 held-out images of its earlier separable set,
 * top-1 agreement with fp32): min..max 95.0 %, 1e-4 / 1e-5 quantile clipping 97.5 % / 97.0 %,
 * least error 98.0 % (random weights with measured BatchNorm statistics); 98.0 % and 99.0 % with
 * the extension's random weights. 32, 64 or 128 calibration images instead of 16 gave no better
 * agreement. Least error on the bench's current blended set and stable backbone: 99.0 %.
 */
export async function calibrate(folded: OnnxGraph, inputs: readonly Float32Array[], inputSize: readonly [number, number]): Promise<Map<string, ActivationRange>> {
  const names = [...new Set(quantizationPoints(folded).map((p) => p.rangeOf))];
  const outputs = names.filter((n) => n !== INPUT_NAME);
  const ort = loadOrt();
  const session: InferenceSession = await ort.InferenceSession.create(encodeOnnx(folded, { extraOutputs: outputs }), { executionProviders: [cpuExecutionProvider()], graphOptimizationLevel: 'basic' });
  /** Calls `visit` with every range tensor's values for every input (the input itself included). */
  const eachActivation = async (visit: (name: string, data: ArrayLike<number>) => void): Promise<void> => {
    for (const x of inputs) {
      visit(INPUT_NAME, x);
      const out = await session.run({ [INPUT_NAME]: new ort.Tensor('float32', x, [1, 3, inputSize[0], inputSize[1]]) }, outputs);
      for (const name of outputs) visit(name, out[name].data as Float32Array);
    }
  };
  const spans = new Map<string, { min: number; max: number }>();
  const histograms = new Map<string, ActivationHistogram>();
  try {
    await eachActivation((name, data) => {
      const r = spans.get(name) ?? { min: Infinity, max: -Infinity };
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
      spans.set(name, r);
    });
    for (const [name, span] of spans) histograms.set(name, emptyHistogram(span));
    await eachActivation((name, data) => addToHistogram(histograms.get(name) as ActivationHistogram, data));
  } finally {
    await session.release();
  }
  return new Map([...histograms].map(([name, h]) => [name, minimumErrorRange(h)]));
}

/** The int8 QDQ model of an fp32 model this exporter wrote (bytes), calibrated on the synthetic set. */
export async function quantizeExported(fp32: Uint8Array, p: Preprocessing, inputSize: readonly [number, number], weightFormat: WeightFormat = int8WeightFormat()): Promise<Uint8Array> {
  const folded = foldBatchNorm(decodeOnnx(fp32).graph);
  const ranges = await calibrate(folded, calibrationInputs(p, inputSize), inputSize);
  return encodeOnnx(quantizeOnnx(folded, ranges, weightFormat), { preprocessing: p, inputSize, precision: 'int8' });
}

/**
 * The int8 form of a prepared fp32 model exported from weights: from the int8 cache beside the
 * fp32 export (same content hash, tagged with the calibration version), or quantized now and
 * cached. A user's own .onnx is not ours to rewrite: it is refused with the reason.
 */
export async function int8Model(fp32: PreparedModel): Promise<PreparedModel> {
  if (fp32.origin === 'onnx-file') throw new ModelSourceError(`${fp32.onnx as string}: int8 precision needs weights (.pth or .safetensors) to quantize; a given .onnx model runs as it is (use fp32)`);
  // How the weights are stored depends on this CPU's kernels (int8Kernels.ts): it is part of the key.
  const weightFormat = int8WeightFormat();
  const cachePath = fp32.cachePath?.replace(/\.onnx$/, `.int8.${CALIBRATION_VERSION}.${weightFormat}-weights.onnx`);
  if (cachePath && existsSync(cachePath)) return { ...fp32, onnx: cachePath, origin: 'cache', cachePath, precision: 'int8' };
  const bytes = typeof fp32.onnx === 'string' ? new Uint8Array(readFileSync(fp32.onnx)) : fp32.onnx;
  const onnx = await quantizeExported(bytes, fp32.preprocessing, fp32.inputSize, weightFormat);
  if (cachePath) writeAtomically(cachePath, onnx);
  return { ...fp32, onnx, origin: 'exported', precision: 'int8', ...(cachePath ? { cachePath } : {}) };
}
