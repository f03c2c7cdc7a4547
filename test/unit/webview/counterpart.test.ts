// Compare mode's expansion sync (webview/inspect/counterpart.ts): a group toggled in one pane
// opens its counterpart in the other, by path when both models have it, else by role (the
// stage alignment at the top, then the same kind at the same position below).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSpec, resolveId, type ModelSpec } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import type { ModelData } from '../../../shared/protocol/inspect';
import { counterpartGroup } from '../../../webview/inspect/counterpart';

const data = (spec: ModelSpec): ModelData => toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id: spec.id } });
const [resnet50, resnext50, resnet18, densenet121, res2net50] = ['resnet50', 'resnext50_32x4d', 'resnet18', 'densenet121', 'res2net50_26w_4s'].map((id) => data(resolveId(id)));

const at = (d: ModelData, path: string): number => {
  const i = d.groups.findIndex((g) => g.path === path);
  assert.ok(i > 0, `${d.id} has a group ${path}`);
  return i;
};
const pathOf = (d: ModelData, i: number | undefined): string | undefined => (i === undefined ? undefined : d.groups[i].path);

test('the same path and kind when the other model has it (resnet50 ↔ resnext50_32x4d, every group)', () => {
  for (let i = 1; i < resnet50.groups.length; i++) {
    const g = resnet50.groups[i];
    assert.equal(pathOf(resnext50, counterpartGroup(resnet50, resnext50, i)), g.path, g.path);
  }
});

test('by role across families: resnet50 stage 3 ↔ densenet121 dense block 3, block 2 ↔ dense layer 3', () => {
  const stage3 = counterpartGroup(resnet50, densenet121, at(resnet50, 'layer3'));
  assert.equal(pathOf(densenet121, stage3), 'features.denseblock3');
  // The third block of layer3 (layer3.2) plays the role of the third dense layer of dense block 3.
  assert.equal(pathOf(densenet121, counterpartGroup(resnet50, densenet121, at(resnet50, 'layer3.2'))), 'features.denseblock3.denselayer3');
  // And back.
  assert.equal(pathOf(resnet50, counterpartGroup(densenet121, resnet50, at(densenet121, 'features.denseblock2'))), 'layer2');
  assert.equal(pathOf(resnet50, counterpartGroup(densenet121, resnet50, at(densenet121, 'features.denseblock1.denselayer2'))), 'layer1.1');
});

test('no counterpart where the other model has no such part: a block beyond its stage, a transition, the model itself', () => {
  assert.equal(counterpartGroup(resnet50, resnet18, at(resnet50, 'layer3.5')), undefined, 'resnet18 has two blocks in layer3');
  assert.equal(pathOf(resnet18, counterpartGroup(resnet50, resnet18, at(resnet50, 'layer3.1'))), 'layer3.1');
  assert.equal(counterpartGroup(densenet121, resnet50, at(densenet121, 'features.transition1')), undefined, 'ResNet has no transitions');
  assert.equal(counterpartGroup(resnet50, resnext50, 0), undefined, 'the model group is always open');
});

test('Res2Net ↔ ResNet: stage and block by path, the kinds agree', () => {
  for (const path of ['layer1', 'layer2.3', 'layer4.0']) {
    const i = counterpartGroup(res2net50, resnet50, at(res2net50, path));
    assert.equal(pathOf(resnet50, i), path);
    assert.equal(resnet50.groups[i!].kind, res2net50.groups[at(res2net50, path)].kind);
  }
});
