// One vocabulary (issue #11): plurals, what a dense block's children are called, frame titles that
// lose numbers before names, one percentage format, and the receptive field in the same words in
// the hover, the side pane and the CLI.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSpec, resolveId } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import { percent, receptiveField } from '../../../models/report/format';
import { fitParts, groupSubtitle, labelNoun, plural } from '../../../webview/inspect/labels';
import { statRows } from '../../../webview/inspect/tooltip';

const data = (id: string) => {
  const spec = resolveId(id);
  return { spec, d: toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id } }) };
};

describe('vocabulary', () => {
  it('pluralises counts', () => {
    assert.equal(plural(1, 'layer'), '1 layer');
    assert.equal(plural(2, 'layer'), '2 layers');
    assert.equal(plural(1234, 'block'), '1,234 blocks');
  });
  it('names a dense block by its children: "6 dense layers"', () => {
    const { d } = data('densenet121');
    const block = d.groups.find((g) => g.label === 'Dense block 1')!;
    assert.match(groupSubtitle(d, block), /^6 dense layers · /);
    const { d: r } = data('resnet50');
    assert.match(groupSubtitle(r, r.groups.find((g) => g.path === 'layer1')!), /^3 blocks · /);
    assert.equal(labelNoun('Dense layer 12'), 'dense layer');
    assert.equal(labelNoun('Block 0'), 'block');
  });
  it('a frame title drops numbers before it cuts the name', () => {
    const parts = ['Stage 3 (layer3)', '7.10 M params', '1.46 G MACs'];
    assert.equal(fitParts(parts, 60), 'Stage 3 (layer3) · 7.10 M params · 1.46 G MACs');
    assert.equal(fitParts(parts, 40), 'Stage 3 (layer3) · 7.10 M params');
    assert.equal(fitParts(parts, 20), 'Stage 3 (layer3)');
    assert.equal(fitParts(parts, 8), 'Stage 3…');
  });
  it('formats every percentage with one decimal', () => {
    assert.equal(percent(1), '100.0 %');
    assert.equal(percent(0.2419), '24.2 %');
    assert.equal(percent(0.003), '0.3 %');
    assert.equal(percent(0.0001), '< 0.1 %');
    assert.equal(percent(0), '0.0 %');
  });
  it('the hover, the side pane and the header give the receptive field in the same words', () => {
    const { spec, d } = data('resnet50');
    const a = analyzeSpec(spec);
    const words = '427 px (smallest path 11 px, stride 32)';
    assert.equal(receptiveField(a.receptiveField), words);
    assert.equal(receptiveField(d.totals.rf), words);
    // The model's side pane says the header's number, not the classifier's "global".
    const rows = Object.fromEntries(statRows(d, { kind: 'group', index: 0 }));
    assert.equal(rows['Receptive field'], `${words} at the feature map 2048×7×7`);
    assert.equal(rows.Depth, '50');
    assert.ok('Layers (all ops)' in rows);
  });
});

describe('colour bins', () => {
  it('are fixed per model and metric: every group and layer, whatever is expanded', async () => {
    const { makeScale, modelValues } = await import('../../../webview/inspect/metrics');
    const { d } = data('resnet50');
    const s = makeScale(modelValues(d, 'macs'), 'macs');
    const macs = [...d.groups.slice(1), ...d.nodes].map((x) => x.macs).filter((m) => m > 0);
    assert.equal(s.bin(Math.max(...macs)), 4, 'the largest item is in the top bin');
    assert.equal(s.bin(Math.min(...macs)), 0, 'the smallest in the bottom one');
    assert.equal(s.edges.length, 5);
  });
});
