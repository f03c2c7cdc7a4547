// The readers' default element budget (models/weights/limits.ts) must hold the state dict of
// every preset of the zoo: a hostile file is refused by it, a real checkpoint never is (a 1.87 GB
// resnext101_32x32d file was refused when the budget was sized for the six original families).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { buildGraph, presets, resolveId } from '../../../models';
import { DEFAULT_MAX_ELEMENTS } from '../../../models/weights/limits';

test('every preset\'s state dict (parameters and buffers) fits the default element budget', () => {
  let largest = { id: '', elements: 0 };
  for (const p of presets) {
    const elements = buildGraph(resolveId(p.id)).nodes.reduce((sum, n) => sum + n.tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0), 0);
    if (elements > largest.elements) largest = { id: p.id, elements };
  }
  assert.equal(largest.id, 'resnext101_32x32d');
  assert.ok(largest.elements > 4e8, `${largest.id}: ${largest.elements}`);
  assert.ok(largest.elements < DEFAULT_MAX_ELEMENTS, `${largest.id} holds ${largest.elements} elements, over the budget of ${DEFAULT_MAX_ELEMENTS}`);
});
