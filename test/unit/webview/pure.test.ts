// The webview's other pure parts: toolbar parsing, layer summaries, colour bins, stage alignment.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSpec, families, resolveId } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import { alignStages } from '../../../webview/inspect/compare';
import { opSummary } from '../../../webview/inspect/labels';
import { BINS, makeScale } from '../../../webview/inspect/metrics';
import { parseKnob } from '../../../webview/inspect/parse';
import { inputSizeOf } from '../../../models/inputSize';

const data = (id: string) => {
  const spec = resolveId(id);
  return toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id } });
};

describe('toolbar parsing', () => {
  it('reads input sizes', () => {
    assert.deepEqual(inputSizeOf('224'), [224, 224]);
    assert.deepEqual(inputSizeOf(' 256x320 '), [256, 320]);
    assert.deepEqual(inputSizeOf('256×128'), [256, 128]);
    for (const bad of ['', 'x', '0', '224x', '-1', '1.5', '70000']) assert.equal(inputSizeOf(bad), undefined, bad);
  });
  it('reads knob values by kind', () => {
    const spec = (name: string) => families.resnet.knobs.find((k) => k.name === name)!;
    assert.deepEqual(parseKnob(spec('layers'), '3, 4, 6, 3'), [3, 4, 6, 3]);
    assert.deepEqual(parseKnob(spec('layers'), '[2,2,2,2]'), [2, 2, 2, 2]);
    assert.equal(parseKnob(spec('layers'), '3, x'), undefined);
    assert.equal(parseKnob(spec('groups'), '32'), 32);
    assert.equal(parseKnob(spec('groups'), '3.5'), undefined);
    assert.equal(parseKnob(families.densenet.knobs.find((k) => k.name === 'compression')!, '0.5'), 0.5);
  });
});

describe('layer summaries', () => {
  it('describes ops', () => {
    assert.equal(opSummary({ op: 'conv', inChannels: 64, outChannels: 128, kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 32, bias: false }), 'conv 3×3 /2 · 64→128 · g32');
  });
});

describe('colour bins', () => {
  it('puts the smallest value in bin 0, the largest in the last, and null nowhere', () => {
    const s = makeScale([10, 100, 1000, 10000, 100000, null], 'macs');
    assert.equal(s.bin(10), 0);
    assert.equal(s.bin(100000), BINS - 1);
    assert.equal(s.bin(null), -1);
    assert.equal(s.edges.length, BINS);
  });
});

describe('compare alignment', () => {
  it('pairs resnet50 and densenet121 stage by stage', () => {
    const rows = alignStages(data('resnet50'), data('densenet121'));
    const both = rows.filter((r) => r.a && r.b).map((r) => `${r.a!.path}~${r.b!.path}`);
    assert.deepEqual(both, ['stem~features.stem', 'layer1~features.denseblock1', 'layer2~features.denseblock2', 'layer3~features.denseblock3', 'layer4~features.denseblock4', 'head~head']);
    assert.equal(rows.filter((r) => r.b && !r.a && r.b.kind === 'transition').length, 3);
  });
});
