// The layer graph (IR) knows no family: a graph of any module builds without pretending to be a
// preset, and only the families' own builders declare a feature map.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze, buildGraph, familyIds, resolveId } from '../../../models';
import { GraphBuilder } from '../../../models/graph/builder';
import { repoRoot } from '../fixturePaths';

test('a single layer builds and analyses with no family and no feature map', () => {
  const b = new GraphBuilder('layer');
  const graph = b.finish(b.conv('conv', b.input(3), { out: 8, kernel: 3, padding: 1 }));
  assert.equal(graph.featureNode, undefined);
  assert.equal('family' in graph, false);
  const a = analyze(graph, [5, 7]);
  assert.equal(a.featureShape, undefined);
  assert.equal(a.receptiveField, undefined);
  assert.deepEqual([...a.total.shape], [8, 5, 7]);
  assert.equal(a.total.params, 8 * 3 * 3 * 3); // bias-free, as the builder's convs default
});

test('every family graph names its feature map, and the graph carries no family', () => {
  for (const id of familyIds) {
    const graph = buildGraph(resolveId(id));
    assert.equal(typeof graph.featureNode, 'number', id);
    assert.equal('family' in graph, false, id);
  }
});

test('models/graph/ names no family', () => {
  const dir = join(repoRoot, 'models', 'graph');
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(text, /FamilyId|from '\.\.\/families/, f);
    for (const id of familyIds) assert.equal(new RegExp(`'${id}'`).test(text), false, `${f} names the family ${id}`);
  }
});
