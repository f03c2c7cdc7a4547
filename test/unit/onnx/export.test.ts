// ONNX built from the engine's graph + the oracle's weights, run by onnxruntime (CPU), against
// PyTorch's logits on the same preprocessed tensor: this isolates the model from preprocessing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { buildGraph, exportOnnx, fitWeights, presets, readWeights, resolveId, resolveVariant, type Graph, type ModelWeights } from '../../../models';
import { onnxModelType } from '../../../models/onnx/onnxSchema';
import { Classifier } from '../../../inference/classify';
import { modelFromOnnxFile } from '../../../inference/modelSource';
import { fixtureBytes, inputTensor, manifest, maxAbsDiff, variantOf } from './fixtures';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOLERANCE = 1e-4;

async function logitsOf(onnx: Uint8Array, x: Float32Array, size: number): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  try {
    const out = await s.run({ input: new ort.Tensor('float32', x, [x.length / (3 * size * size), 3, size, size]) });
    return out.logits.data as Float32Array;
  } finally {
    await s.release();
  }
}

for (const m of manifest.models) {
  for (const file of [m.pth, m.safetensors]) {
    test(`${m.name} from ${file}: onnxruntime logits equal PyTorch's within ${TOLERANCE}`, async () => {
      const graph = buildGraph(variantOf(m));
      const onnx = exportOnnx(graph, fitWeights(graph, readWeights(fixtureBytes(file), file), file));
      const x = inputTensor('image.png', m.interpolation, m.crop_pct);
      const got = await logitsOf(onnx, x, manifest.size);
      const diff = maxAbsDiff(got, m.logits);
      assert.ok(diff <= TOLERANCE, `max |Δ| ${diff} (logits ${Array.from(got).slice(0, 4).join(', ')}… vs ${m.logits.slice(0, 4).join(', ')}…)`);
    });
  }
}

test('the batch dimension is dynamic: a batch of two gives each image its own logits', async () => {
  const m = manifest.models.find((x) => x.name === 'resnest50_tiny') ?? manifest.models[0];
  const graph = buildGraph(variantOf(m));
  const onnx = exportOnnx(graph, fitWeights(graph, readWeights(fixtureBytes(m.pth), m.pth), m.pth));
  const a = inputTensor('image.png', m.interpolation, m.crop_pct);
  const b = inputTensor('small.png', m.interpolation, m.crop_pct);
  const both = new Float32Array(a.length * 2);
  both.set(a);
  both.set(b, a.length);
  const batched = await logitsOf(onnx, both, manifest.size);
  assert.ok(maxAbsDiff(batched.subarray(0, 10), await logitsOf(onnx, a, manifest.size)) < 1e-5);
  assert.ok(maxAbsDiff(batched.subarray(10), await logitsOf(onnx, b, manifest.size)) < 1e-5);
});

/** Deterministic pseudo-random weights for graphs the oracle has no fixture for. */
function syntheticWeights(graph: Graph): ModelWeights {
  let seed = 1;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const w = new Map<string, Float32Array>();
  for (const n of graph.nodes) {
    for (const t of n.tensors) {
      if (t.dtype !== 'float32') continue;
      const a = new Float32Array(t.shape.reduce((x, y) => x * y, 1));
      for (let i = 0; i < a.length; i++) a[i] = t.key.endsWith('running_var') ? 1 + rand() : rand() * 0.2;
      w.set(t.key, a);
    }
  }
  return w;
}

test('every op of the IR exports and runs: IBN-a (InstanceNormalization), legacy SENet (ceil-mode max pool), radix 1 and cardinality 2 split attention, Res2Net scale 2, BlurPool, GroupNorm', async () => {
  const variants = [
    resolveVariant({ extends: 'resnet50', layers: [1, 1], ibn: true, num_classes: 5 }),
    resolveVariant({ extends: 'legacy_seresnet50', layers: [1], num_classes: 5 }),
    resolveVariant({ extends: 'resnest50d', layers: [1, 1], radix: 1, stem_width: 8, base_width: 16, num_classes: 5 }),
    resolveVariant({ extends: 'resnest50d', layers: [1], cardinality: 2, stem_width: 8, base_width: 16, avd_first: true, num_classes: 5 }),
    resolveVariant({ extends: 'res2net50_48w_2s', layers: [1], base_width: 8, num_classes: 5 }),
    resolveVariant({ extends: 'seresnet50', layers: [1], se_bias: false, num_classes: 5 }),
    resolveVariant({ extends: 'resnetblur18', layers: [1, 1], num_classes: 5 }),
    resolveVariant({ extends: 'resnet50_gn', layers: [1, 1], num_classes: 5 }),
  ];
  const ops = new Set<string>();
  for (const spec of variants) {
    const graph = buildGraph(spec);
    graph.nodes.forEach((n) => ops.add(n.attrs.op));
    const logits = await logitsOf(exportOnnx(graph, syntheticWeights(graph)), new Float32Array(3 * 61 * 61).fill(0.3), 61);
    assert.equal(logits.length, 5, spec.id);
    assert.ok(Array.from(logits).every(Number.isFinite), spec.id);
  }
  for (const m of manifest.models) buildGraph(variantOf(m)).nodes.forEach((n) => ops.add(n.attrs.op));
  const all = ['input', 'conv', 'batchnorm', 'instancenorm', 'relu', 'sigmoid', 'maxpool', 'avgpool', 'globalavgpool', 'flatten', 'linear', 'add', 'concat', 'split', 'mul', 'rsoftmax', 'groupnorm', 'blurpool'];
  assert.deepEqual(all.filter((op) => !ops.has(op)), [], 'ops not exercised');
  // Every preset of the zoo is made of these ops only, so each one exports and classifies.
  for (const p of presets) {
    const foreign = buildGraph(resolveId(p.id)).nodes.map((n) => n.attrs.op).filter((op) => !all.includes(op));
    assert.deepEqual([...new Set(foreign)], [], p.id);
  }
});

test('a full-size preset exports with dynamic batch and spatial dims and the ImageNet head', async () => {
  const graph = buildGraph(resolveId('resnet18'));
  const onnx = exportOnnx(graph, syntheticWeights(graph));
  const s = await ort.InferenceSession.create(onnx);
  assert.deepEqual(s.inputMetadata[0], { name: 'input', isTensor: true, type: 'float32', shape: ['batch', 3, 'height', 'width'] });
  assert.deepEqual(s.outputMetadata[0], { name: 'logits', isTensor: true, type: 'float32', shape: ['batch', 1000] });
  await s.release();
});

test('a user .onnx that is not an image classifier is refused with what it has', async () => {
  const type = onnxModelType();
  const vi = (name: string, dims: (number | string)[]) => ({ name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } } });
  const bytes = type
    .encode(
      type.fromObject({
        ir_version: 8,
        opset_import: [{ domain: '', version: 17 }],
        graph: { name: 'g', node: [{ op_type: 'Relu', input: ['x'], output: ['y'], name: 'r' }], input: [vi('x', ['n', 10])], output: [vi('y', ['n', 10])] },
      }),
    )
    .finish();
  const dir = mkdtempSync(join(tmpdir(), 'bl-onnx-'));
  const file = join(dir, 'not-a-classifier.onnx');
  writeFileSync(file, bytes);
  await assert.rejects(Classifier.open(modelFromOnnxFile(file, undefined), 'cpu'), /not-a-classifier\.onnx: not an image classifier: expected one float32 NCHW input \[N, 3, H, W\] and one 2-D output \[N, classes\]; it has inputs float32 \[n, 10\] and outputs float32 \[n, 10\]/);
  const junk = join(dir, 'junk.onnx');
  writeFileSync(junk, 'not protobuf at all');
  // Checked before onnxruntime sees it (inference/onnxCheck.ts).
  assert.throws(() => modelFromOnnxFile(junk, undefined), /junk\.onnx: not a well-formed ONNX model \(/);
});
