// Every surface prints the engine's numbers with the one formatter: for the same model the CLI's
// text, a Python hover, the diagram's tooltip and side pane, its Markdown export and the zoo's quick
// pick give the same strings.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeSpec, resolveId } from '../../../models';
import { statsCommand } from '../../../cli/commands/stats';
import { toModelData } from '../../../extension/inspect/modelData';
import { markdownTable } from '../../../extension/inspect/tables';
import { presetSummary } from '../../../extension/inspect/presetItems';
import { statRows } from '../../../webview/inspect/tooltip';
import { groupSubtitle } from '../../../webview/inspect/labels';
import { pyHover, row } from '../hover/helpers';

function surfaces(id: string) {
  const spec = resolveId(id);
  const a = analyzeSpec(spec);
  const d = toModelData(spec, a, { source: { kind: 'preset', id } });
  const cli = statsCommand({ model: id, sets: {}, json: false }) as string;
  const line = (label: string): string => cli.split('\n').find((l) => l.startsWith(label))!.slice(label.length).trim();
  const hover = pyHover(`import timm\nm = timm.create_model("${id}")\n`, 'create_model');
  assert.ok(hover, `${id}: a hover`);
  const tooltip = Object.fromEntries(statRows(d, { kind: 'group', index: 0 }));
  return { a, d, line, hover: hover.markdown, tooltip, md: markdownTable(id, a) };
}

describe('one vocabulary on every surface', () => {
  it('resnet50: params, MACs, feature map and receptive field read the same in the CLI, the hover, the tooltip and the export', () => {
    const s = surfaces('resnet50');
    const rf = '427 px (smallest path 11 px, stride 32)';
    assert.equal(s.line('receptive field'), '427 px (smallest path 11 px, stride 32, effective padding 213 px)');
    assert.equal(row(s.hover, 'Receptive field')?.[0], rf);
    assert.equal(s.tooltip['Receptive field'], `${rf} at the feature map 2048×7×7`);

    assert.equal(s.line('params'), '25,557,032 (25.56 M)');
    assert.equal(row(s.hover, 'Params')?.[0], '25,557,032 (25.56 M)');
    assert.equal(s.tooltip.Params, '25,557,032');
    assert.match(s.md, /· 25,557,032 params · 4,089,184,256 MACs/);

    assert.equal(s.line('MACs'), '4,089,184,256 (4.09 G MACs, conv + linear, one image)');
    assert.equal(row(s.hover, 'MACs (one image)')?.[0], '4,089,184,256 (4.09 G)');
    assert.equal(s.tooltip.MACs, '4,089,184,256');

    assert.equal(s.line('feature map'), '2048×7×7');
    assert.equal(row(s.hover, 'Feature map')?.[0], '2048×7×7');
    assert.match(s.md, /feature map 2048×7×7/);

    assert.equal(s.line('activations').split(' (')[0], s.tooltip.Activations);
  });

  it('seresnet50: the gate says "gated by global context" in the same words everywhere', () => {
    const s = surfaces('seresnet50');
    const rf = row(s.hover, 'Receptive field')?.[0] ?? '';
    assert.match(rf, /^\d+ px \(smallest path \d+ px, stride 32\), gated by global context$/);
    assert.equal(s.tooltip['Receptive field'], `${rf} at the feature map 2048×7×7`);
    assert.equal(s.line('receptive field'), rf.replace('stride 32)', `stride 32, effective padding ${s.a.receptiveField.padding} px)`));
  });

  it('short forms: a stage frame, the zoo quick pick and the CLI say "25.56 M" and "4.09 G"', () => {
    const s = surfaces('resnet50');
    assert.match(presetSummary('resnet50'), /25\.56 M params · 4\.09 G MACs/);
    const layer3 = s.d.groups.find((g) => g.path === 'layer3')!;
    assert.equal(groupSubtitle(s.d, layer3), '6 blocks · 7.10 M params · 1.46 G MACs');
  });
});
