// One architecture key (models/model.ts) for the graph memo, the ONNX export cache and the
// random-weights file name: equal knob sets agree however they were written; the module naming
// (which decides the state-dict keys) and every knob tell architectures apart.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { randomWeightsName } from '../../../inference/randomWeights';
import { architectureKey, buildGraph, resolveId, resolveVariant, withOverrides, type ModelSpec } from '../../../models';

test('equal knobs give equal keys, in any order and under any name', () => {
  const preset = resolveId('resnet50');
  const reordered: ModelSpec = { ...preset, knobs: Object.fromEntries(Object.entries(preset.knobs).reverse()) };
  assert.equal(architectureKey(reordered), architectureKey(preset));
  const named = resolveVariant({ extends: 'resnet50', name: 'mine' });
  assert.equal(architectureKey(named), architectureKey(preset));
  assert.equal(randomWeightsName(reordered), randomWeightsName(preset));
});

test('a knob or the naming changes the key, the random-weights file and the graph', () => {
  const preset = resolveId('resnet50');
  const stride1 = withOverrides(preset, { last_stride: 1 });
  assert.notEqual(architectureKey(stride1), architectureKey(preset));
  // Same knobs, other module names (so other state-dict keys): not the same weights file.
  const timmNamed: ModelSpec = { ...preset, naming: 'timm' };
  assert.notEqual(architectureKey(timmNamed), architectureKey(preset));
  assert.notEqual(randomWeightsName(timmNamed), randomWeightsName(preset));
  assert.notEqual(buildGraph(timmNamed), buildGraph(preset));
  assert.equal(buildGraph(reorder(preset)), buildGraph(preset));
});

function reorder(spec: ModelSpec): ModelSpec {
  return { ...spec, knobs: Object.fromEntries(Object.entries(spec.knobs).reverse()) };
}
