// The zoo's new ops exported to ONNX (BlurPool2d as reflect Pad + a fixed depthwise Conv,
// GroupNorm through InstanceNormalization, the 2×2 average-pool anti-aliasing, deep and tiered
// stems, avg-down shortcuts, timm's DenseNet deep stem) give timm's logits: weights by the formula
// of test/oracle/zoo_ops_oracle.py, recomputed here, logits from timm itself.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { buildGraph, exportOnnx, resolveVariant, type Graph, type ModelWeights } from '../../../models';
import { maxAbsDiff, weightsDir } from './fixtures';

interface ZooOps {
  size: number;
  models: Array<{ name: string; variant: unknown; logits: number[] }>;
}

const fixture = JSON.parse(readFileSync(join(weightsDir, 'zoo_ops.json'), 'utf8')) as ZooOps;
const TOLERANCE = 1e-4;

const keyShift = (key: string): number => ([...key].reduce((s, c) => s + c.charCodeAt(0), 0) % 97) / 7;

/** The oracle's formula weights (see zoo_ops_oracle.py), in float64 then rounded to float32 as numpy does. */
function formulaWeights(graph: Graph): ModelWeights {
  const w = new Map<string, Float32Array>();
  for (const n of graph.nodes) {
    for (const t of n.tensors) {
      if (t.dtype !== 'float32') continue;
      const count = t.shape.reduce((a, b) => a * b, 1);
      const a = new Float32Array(count);
      const shift = keyShift(t.key);
      const leaf = t.key.slice(t.key.lastIndexOf('.') + 1);
      const fanIn = t.shape.length >= 2 ? count / t.shape[0] : 0;
      for (let i = 0; i < count; i++) {
        const s = Math.sin(0.37 * i + shift);
        a[i] = t.shape.length >= 2 ? s / Math.sqrt(fanIn) : leaf === 'running_var' ? 1 + 0.5 * Math.abs(s) : leaf === 'weight' ? 1 + 0.1 * s : 0.1 * s;
      }
      w.set(t.key, a);
    }
  }
  return w;
}

for (const m of fixture.models) {
  test(`${m.name}: onnxruntime logits equal timm's within ${TOLERANCE}`, async () => {
    const graph = buildGraph(resolveVariant(m.variant, `${m.name} (zoo_ops.json)`));
    const size = fixture.size;
    const x = new Float32Array(3 * size * size);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(0.011 * i);
    const s = await ort.InferenceSession.create(exportOnnx(graph, formulaWeights(graph)), { executionProviders: ['cpu'] });
    try {
      const out = await s.run({ input: new ort.Tensor('float32', x, [1, 3, size, size]) });
      const logits = out.logits.data as Float32Array;
      assert.equal(logits.length, m.logits.length);
      const diff = maxAbsDiff(logits, Float32Array.from(m.logits));
      assert.ok(diff < TOLERANCE, `max |Δ| ${diff}`);
    } finally {
      await s.release();
    }
  });
}

test('the fixture exercises blurpool and groupnorm', () => {
  const ops = new Set(fixture.models.flatMap((m) => buildGraph(resolveVariant(m.variant)).nodes.map((n) => n.attrs.op)));
  assert.ok(ops.has('blurpool') && ops.has('groupnorm'), [...ops].join(', '));
});
