// The int8 path (models/onnx/quantize.ts, inference/int8Model.ts) on the oracle's fixture models:
// folding BatchNorm keeps PyTorch's logits; the QDQ model quantizes every spatial conv (int8
// per-channel weights, ReLUs absorbed), runs in onnxruntime and stays close to PyTorch's logits.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { buildGraph, fitWeights, readWeights } from '../../../models';
import { buildOnnxGraph } from '../../../models/onnx/exportOnnx';
import { decodeOnnx, encodeOnnx } from '../../../models/onnx/onnxGraph';
import { foldBatchNorm, quantizationPoints, uint8Params } from '../../../models/onnx/quantize';
import { calibrate, calibrationImage, calibrationInputs, quantizeExported } from '../../../inference/int8Model';
import { fixtureBytes, inputTensor, manifest, maxAbsDiff, variantOf, type ModelFixture } from './fixtures';

async function logitsOf(onnx: Uint8Array, x: Float32Array, size: number): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  try {
    return (await s.run({ input: new ort.Tensor('float32', x, [1, 3, size, size]) })).logits.data as Float32Array;
  } finally {
    await s.release();
  }
}

function fixtureGraph(m: ModelFixture) {
  const graph = buildGraph(variantOf(m));
  return buildOnnxGraph(graph, fitWeights(graph, readWeights(fixtureBytes(m.safetensors), m.safetensors), m.safetensors));
}

const argmax = (a: ArrayLike<number>): number => {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
};

test('uint8 parameters: the range is widened to include 0; an empty range gets scale 1', () => {
  assert.deepEqual(uint8Params({ min: -1, max: 3 }), { scale: Math.fround(4 / 255), zeroPoint: 64 });
  assert.deepEqual(uint8Params({ min: 2, max: 5 }), { scale: Math.fround(5 / 255), zeroPoint: 0 });
  assert.deepEqual(uint8Params({ min: -6, max: -2 }), { scale: Math.fround(6 / 255), zeroPoint: 255 });
  assert.deepEqual(uint8Params({ min: 0, max: 0 }), { scale: 1, zeroPoint: 0 });
});

test('the calibration set is deterministic and shaped like the model input', () => {
  assert.deepEqual(calibrationImage(3).data, calibrationImage(3).data);
  assert.notDeepEqual(calibrationImage(3).data, calibrationImage(4).data);
  const p = { inputSize: 60, cropPct: 0.875, interpolation: 'bilinear' as const, mean: [0.485, 0.456, 0.406] as const, std: [0.229, 0.224, 0.225] as const };
  const xs = calibrationInputs(p, [60, 60], 2);
  assert.equal(xs.length, 2);
  assert.equal(xs[0].length, 3 * 60 * 60);
});

test('calibration: each range lies within the values seen, and rare extremes are clipped somewhere', async () => {
  const m = manifest.models.find((x) => x.name === 'resnet18_tiny') ?? manifest.models[0];
  const folded = foldBatchNorm(fixtureGraph(m));
  const size = manifest.size;
  const p = { inputSize: size, cropPct: m.crop_pct, interpolation: m.interpolation, mean: [0.485, 0.456, 0.406] as const, std: [0.229, 0.224, 0.225] as const };
  const inputs = calibrationInputs(p, [size, size], 4);
  const ranges = await calibrate(folded, inputs, [size, size]);
  // The min..max of every range tensor, from the float model.
  const names = [...ranges.keys()].filter((n) => n !== 'input');
  const s = await ort.InferenceSession.create(encodeOnnx(folded, { extraOutputs: names }), { executionProviders: ['cpu'] });
  const seen = new Map<string, { min: number; max: number }>();
  try {
    for (const x of inputs) {
      const out = await s.run({ input: new ort.Tensor('float32', x, [1, 3, size, size]) }, names);
      for (const n of names) {
        const d = out[n].data as Float32Array;
        const r = seen.get(n) ?? { min: Infinity, max: -Infinity };
        for (const v of d) {
          r.min = Math.min(r.min, v);
          r.max = Math.max(r.max, v);
        }
        seen.set(n, r);
      }
    }
  } finally {
    await s.release();
  }
  let clipped = 0;
  for (const [n, r] of seen) {
    const got = ranges.get(n);
    assert.ok(got, n);
    const lo = Math.min(0, r.min);
    const hi = Math.max(0, r.max);
    assert.ok(got.min >= lo - 1e-6 && got.max <= hi + 1e-6 && got.min <= 0 && got.max >= 0, `${n}: ${got.min}..${got.max} outside ${lo}..${hi}`);
    if (got.max < hi * 0.999 || got.min > lo * 0.999) clipped++;
  }
  assert.ok(clipped > 0, 'no range narrower than min..max');
});

for (const m of manifest.models) {
  test(`${m.name}: BatchNorm folded into the convs keeps PyTorch's logits (within 1e-4)`, async () => {
    const g = fixtureGraph(m);
    const folded = foldBatchNorm(g);
    const bnBefore = g.nodes.filter((n) => n.op_type === 'BatchNormalization').length;
    const bnAfter = folded.nodes.filter((n) => n.op_type === 'BatchNormalization').length;
    // DenseNet's BatchNorms come before their ReLU and conv (pre-activation): those stay.
    assert.ok(bnAfter < bnBefore || m.name.startsWith('densenet'), `${bnBefore} → ${bnAfter}`);
    const x = inputTensor('image.png', m.interpolation, m.crop_pct);
    const diff = maxAbsDiff(await logitsOf(encodeOnnx(folded), x, manifest.size), m.logits);
    assert.ok(diff <= 1e-4, `max |Δ| ${diff}`);
  });

  test(`${m.name}: the int8 model quantizes every spatial conv and stays close to PyTorch's logits`, async () => {
    const g = fixtureGraph(m);
    const folded = foldBatchNorm(g);
    const points = quantizationPoints(folded);
    // An absorbed ReLU's output is the range of the conv (or add) output before it.
    for (const p of points.filter((q) => q.relu)) assert.equal(p.rangeOf, p.relu?.output[0]);
    const size = manifest.size;
    const p = { inputSize: size, cropPct: m.crop_pct, interpolation: m.interpolation, mean: [0.485, 0.456, 0.406] as const, std: [0.229, 0.224, 0.225] as const };
    const int8 = await quantizeExported(encodeOnnx(g), p, [size, size]);
    const q = decodeOnnx(int8);
    assert.equal(q.metadata.get('backbone_lens.precision'), 'int8');
    const int8Weights = new Set(q.graph.initializers.filter((t) => t.name.endsWith('.int8')).map((t) => t.name));
    const convs = q.graph.nodes.filter((n) => n.op_type === 'Conv');
    const quantizedConvs = convs.filter((n) => int8Weights.has(n.input[1].replace(/\.dq$/, '.int8')));
    // Every conv except those on pooled vectors (SE / split-attention gates) has int8 weights.
    const gateConvs = convs.length - quantizedConvs.length;
    assert.ok(quantizedConvs.length > 0 && (m.name.startsWith('seresnet') || m.name.startsWith('resnest') ? gateConvs > 0 : gateConvs === 0), `${quantizedConvs.length} of ${convs.length} convs quantized`);
    const relusLeft = q.graph.nodes.filter((n) => n.op_type === 'Relu').length;
    const relusBefore = folded.nodes.filter((n) => n.op_type === 'Relu').length;
    assert.ok(relusLeft < relusBefore, `ReLUs ${relusBefore} → ${relusLeft}`);
    const x = inputTensor('image.png', m.interpolation, m.crop_pct);
    const got = await logitsOf(int8, x, size);
    const scale = Math.max(...m.logits.map(Math.abs));
    const diff = maxAbsDiff(got, m.logits);
    assert.ok(diff <= 0.15 * scale, `int8 max |Δ| ${diff} against max |logit| ${scale}`);
    assert.equal(argmax(got), argmax(m.logits), 'top-1 class');
  });
}

test('conv weights: the same values in ±127 stored as int8, or as uint8 around 128 (where the CPU\'s uint8 × int8 kernels would saturate); each channel reaches its bound; both close to PyTorch', async () => {
  const m = manifest.models[0];
  const size = manifest.size;
  const p = { inputSize: size, cropPct: m.crop_pct, interpolation: m.interpolation, mean: [0.485, 0.456, 0.406] as const, std: [0.229, 0.224, 0.225] as const };
  const onnx = encodeOnnx(fixtureGraph(m));
  const values = new Map<string, number[]>();
  for (const format of ['int8', 'uint8'] as const) {
    const q = decodeOnnx(await quantizeExported(onnx, p, [size, size], format));
    const weights = q.graph.initializers.filter((t) => t.name.endsWith('.int8'));
    assert.ok(weights.length > 0);
    for (const t of weights) {
      assert.equal(t.data_type, format === 'int8' ? 3 : 2, t.name);
      const raw = t.raw_data as Uint8Array;
      const w = format === 'int8' ? Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength)) : Array.from(raw, (v) => v - 128);
      const zero = q.graph.initializers.find((z) => z.name === t.name.replace(/\.int8$/, '.zero_point'));
      assert.deepEqual([...new Set(zero?.raw_data)], [format === 'int8' ? 0 : 128], `${t.name} zero point`);
      const channels = t.dims[0];
      const per = w.length / channels;
      for (let c = 0; c < channels; c++) {
        let max = 0;
        for (let i = c * per; i < (c + 1) * per; i++) max = Math.max(max, Math.abs(w[i]));
        assert.ok(max === 127 || max === 0, `${t.name} channel ${c}: max |w| ${max}`);
      }
      const other = values.get(t.name);
      if (other) assert.deepEqual(w, other, `${t.name}: the same values in both formats`);
      values.set(t.name, w);
    }
    const x = inputTensor('image.png', m.interpolation, m.crop_pct);
    const diff = maxAbsDiff(await logitsOf(encodeOnnx(q.graph), x, size), m.logits);
    assert.ok(diff <= 0.15 * Math.max(...m.logits.map(Math.abs)), `${format}: max |Δ| ${diff}`);
  }
});
