// Classify Image's pure parts: checkpoint names → presets, CSV/JSON export, the webview
// message validator, result sorting, random weights (reproducible, loadable onto the graph).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildGraph, fitWeights, readWeights, resolveId } from '../../../models';
import { presetForFileName, presetForHubFolder } from '../../../extension/classify/checkpointNames';
import { resultsCsv, resultsJson } from '../../../extension/classify/exportResults';
import { resultsHostServes, type ImageRow, type RunInfo } from '../../../shared/protocol/classify';
import { accepted } from '../shared/protocolCheck';

const parseClassifyWebviewMessage = (m: unknown): unknown => accepted(resultsHostServes, m);
import { ensureRandomWeights, randomWeightsName } from '../../../inference/randomWeights';
import { sortRows } from '../../../webview/classify/view';

describe('checkpoint names', () => {
  it('matches torchvision hub files to presets', () => {
    assert.equal(presetForFileName('resnet50-19c8e357.pth'), 'resnet50');
    assert.equal(presetForFileName('resnet50-0676ba61.pth'), 'resnet50');
    assert.equal(presetForFileName('densenet121-a639ec97.pth'), 'densenet121');
    assert.equal(presetForFileName('resnext50_32x4d-7cdf4587.pth'), 'resnext50_32x4d');
    assert.equal(presetForFileName('wide_resnet50_2-95faca4d.pth'), 'wide_resnet50_2');
  });
  it('prefers the longest id and needs a separator after it', () => {
    assert.equal(presetForFileName('seresnext50_32x4d.safetensors'), 'seresnext50_32x4d');
    assert.equal(presetForFileName('seresnet50.pt'), 'seresnet50');
    assert.equal(presetForFileName('RESNET18.PTH'), 'resnet18');
    assert.equal(presetForFileName('resnet500.pth'), undefined);
    assert.equal(presetForFileName('model.safetensors'), undefined);
    assert.equal(presetForFileName('my_resnet50.pth'), undefined);
  });
  it('matches Hugging Face hub folders of timm models', () => {
    assert.equal(presetForHubFolder('models--timm--resnest50d.in1k'), 'resnest50d');
    assert.equal(presetForHubFolder('models--timm--res2net50_26w_4s.in1k'), 'res2net50_26w_4s');
    assert.equal(presetForHubFolder('models--timm--legacy_seresnet50.in1k'), 'legacy_seresnet50');
    assert.equal(presetForHubFolder('models--timm--vit_base_patch16_224.augreg_in21k'), undefined);
    assert.equal(presetForHubFolder('models--google--resnet50'), undefined);
  });
});

const info: RunInfo = { model: 'resnet50', inspectable: true, weights: '/w/resnet50, "v2".pth', untrained: false, provider: 'cpu', providerNote: null, transform: 'timm resnet50.a1_in1k: resize the shorter side to 235 (bicubic), centre crop 224, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)', topK: 2 };
const rows: ImageRow[] = [
  { seq: 0, image: '/img/b.png', name: 'b.png', thumb: null, top: [{ index: 1, label: 'goldfish, Carassius auratus', prob: 0.75 }, { index: 2, label: 'shark', prob: 0.25 }], ms: 12.345 },
  { seq: 1, image: '/img/a.png', name: 'a.png', thumb: null, top: [{ index: 3, label: 'tench', prob: 0.9 }], ms: 10 },
];

describe('export', () => {
  it('writes CSV with top-k columns, quoting and error rows', () => {
    const csv = resultsCsv(info, rows, [{ image: '/img/bad.png', name: 'bad.png', message: 'corrupt, "truncated"' }]);
    const lines = csv.trimEnd().split('\r\n');
    const transform = `"${info.transform}"`;
    assert.equal(lines[0], 'image,model,weights,provider,transform,untrained,ms_per_image,top1_label,top1_index,top1_prob,top2_label,top2_index,top2_prob,error');
    assert.equal(lines[1], `/img/b.png,resnet50,"/w/resnet50, ""v2"".pth",cpu,${transform},false,12.35,"goldfish, Carassius auratus",1,0.75,shark,2,0.25,`);
    assert.equal(lines[2], `/img/a.png,resnet50,"/w/resnet50, ""v2"".pth",cpu,${transform},false,10,tench,3,0.9,,,,`);
    assert.equal(lines[3], `/img/bad.png,resnet50,"/w/resnet50, ""v2"".pth",cpu,${transform},false,,,,,,,,"corrupt, ""truncated"""`);
  });
  it('writes JSON like the CLI, with what produced the numbers', () => {
    const j = JSON.parse(resultsJson({ ...info, weights: null, untrained: true }, rows, []));
    assert.equal(j.model, 'resnet50');
    assert.equal(j.untrained, true);
    assert.equal(j.weights, null);
    assert.equal(j.provider, 'cpu');
    assert.equal(j.transform, info.transform);
    assert.deepEqual(j.results[0].top, rows[0].top);
    assert.deepEqual(j.errors, []);
  });
});

describe('webview messages', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseClassifyWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseClassifyWebviewMessage({ type: 'export', format: 'csv', target: 'clipboard', extra: 1 }), { type: 'export', format: 'csv', target: 'clipboard' });
    assert.deepEqual(parseClassifyWebviewMessage({ type: 'openImage', image: '/a.png' }), { type: 'openImage', image: '/a.png' });
  });
  it('rejects everything else', () => {
    for (const bad of [null, 1, 'ready', [], {}, { type: 'nope' }, { type: 'export', format: 'xml', target: 'file' }, { type: 'export', format: 'csv', target: 'web' }, { type: 'openImage' }, { type: 'openImage', image: '' }, { type: 'openImage', image: 'x'.repeat(5000) }]) {
      assert.equal(parseClassifyWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('sorting', () => {
  it('sorts by probability, name and run order, stable on ties', () => {
    assert.deepEqual(sortRows(rows, { key: 'prob', desc: true }).map((r) => r.name), ['a.png', 'b.png']);
    assert.deepEqual(sortRows(rows, { key: 'name', desc: false }).map((r) => r.name), ['a.png', 'b.png']);
    assert.deepEqual(sortRows(rows, { key: 'seq', desc: false }).map((r) => r.name), ['b.png', 'a.png']);
    assert.deepEqual(sortRows(rows, { key: 'ms', desc: true }).map((r) => r.name), ['b.png', 'a.png']);
  });
});

describe('random weights', () => {
  it('are reproducible and load onto the graph with every key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-rw-'));
    try {
      const spec = resolveId('resnet18');
      const file = await ensureRandomWeights(spec, dir);
      assert.equal(file, join(dir, randomWeightsName(spec)));
      const bytes = new Uint8Array(readFileSync(file));
      const weights = fitWeights(buildGraph(spec), readWeights(bytes, file), file);
      const fc = weights.get('fc.weight')!;
      const bound = Math.sqrt(6 / 512);
      assert.ok(fc.every((v) => Math.abs(v) <= bound) && fc.some((v) => v !== 0));
      assert.ok(weights.get('bn1.running_var')!.every((v) => v === 1));
      rmSync(file);
      const again = await ensureRandomWeights(spec, dir);
      assert.deepEqual(new Uint8Array(readFileSync(again)), bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
