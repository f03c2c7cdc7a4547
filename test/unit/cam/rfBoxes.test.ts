// Receptive-field boxes (rf --node, the lens) against PyTorch: the input-gradient support of one
// output unit in a positive copy of the fixture models (test/oracle/cam_oracle.py), clipped to
// a 96 × 80 input; nodes after an SE / split-attention gate, where the real model's gradient
// reaches outside that box, must be reported as global.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, nodeAtPath, nodeBoxes, resolveId, cellBoxes, type Box } from '../../../models';
import { fixturesDir, repoRoot } from '../fixturePaths';
import { manifest, variantOf } from '../onnx/fixtures';

interface BoxFixture {
  model: string;
  node: string;
  input: [number, number];
  grid: [number, number];
  cells: { cell: [number, number]; box: Box; depends_outside_box: boolean }[];
}
const oracle = JSON.parse(readFileSync(join(fixturesDir, 'cam', 'cam.json'), 'utf8')) as { boxes: BoxFixture[] };
const cliPath = join(repoRoot, 'out', 'cli', 'main.js');

const clip = (b: Box, [h, w]: readonly [number, number]): Box => [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(w, b[2]), Math.min(h, b[3])];

test('the box oracle covers five families, local and gated nodes', () => {
  assert.equal(new Set(oracle.boxes.map((b) => b.model)).size, 5);
  assert.ok(oracle.boxes.some((b) => b.cells.every((c) => c.depends_outside_box)));
  assert.ok(oracle.boxes.some((b) => b.cells.every((c) => !c.depends_outside_box)));
});

for (const fx of oracle.boxes) {
  test(`${fx.model} ${fx.node} at ${fx.input.join('×')}: each cell's box equals the input-gradient support (clipped)`, () => {
    const m = manifest.models.find((x) => x.name === fx.model);
    assert.ok(m);
    const a = analyzeSpec(variantOf(m), fx.input);
    const id = nodeAtPath(a, fx.node);
    assert.notEqual(id, undefined, `no node ${fx.node}`);
    const boxes = nodeBoxes(a, id as number);
    assert.deepEqual(boxes.grid, fx.grid);
    for (const c of fx.cells) {
      if (c.depends_outside_box) {
        assert.equal(boxes.field.global, true, `${fx.node} depends on pixels outside its local field, yet has a box`);
        assert.match(boxes.field.global ? boxes.field.reason : '', /global-context gate/);
        // Its local path alone: the gradient support of the positive copy with the gates detached.
        const local = boxes.field.global ? boxes.field.local : undefined;
        assert.ok(local);
        assert.deepEqual(clip(cellBoxes(local, c.cell[0], c.cell[1]).box, fx.input), c.box);
      } else {
        assert.equal(boxes.field.global, false);
        const cell = boxes.cells[c.cell[0] * fx.grid[1] + c.cell[1]];
        assert.deepEqual(cell.cell, c.cell);
        assert.deepEqual(clip(cell.box, fx.input), c.box, `cell ${c.cell}`);
        // The smallest path's box lies inside the field.
        assert.ok(cell.smallest[0] >= cell.box[0] && cell.smallest[2] <= cell.box[2] && cell.smallest[1] >= cell.box[1] && cell.smallest[3] <= cell.box[3]);
      }
    }
  });
}

test('rf --json: resnet50 layer4 (427 px, jump 32, padding 213) and the smallest path (11 px, padding 5); the head is global', () => {
  const r = spawnSync(process.execPath, [cliPath, 'rf', 'resnet50', '--node', 'layer4', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.node, 'layer4.2.act3');
  assert.deepEqual(j.grid, [7, 7]);
  assert.deepEqual(j.field, { size: 427, min: 11, stride: 32, padding: 213, min_padding: 5 });
  assert.equal(j.cells.length, 49);
  assert.deepEqual(j.cells[0], { cell: [0, 0], box: [-213, -213, 214, 214], smallest: [-5, -5, 6, 6] });
  assert.deepEqual(j.cells[8], { cell: [1, 1], box: [-181, -181, 246, 246], smallest: [27, 27, 38, 38] });
  const head = spawnSync(process.execPath, [cliPath, 'rf', 'resnet50', '--node', 'fc', '--json'], { encoding: 'utf8' });
  const h = JSON.parse(head.stdout);
  assert.equal(h.global, true);
  assert.deepEqual(h.cells, []);
  const bad = spawnSync(process.execPath, [cliPath, 'rf', 'resnet50', '--node', 'layer9'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /resnet50 has no node or group "layer9"; did you mean "layer1"/);
  const none = spawnSync(process.execPath, [cliPath, 'rf', 'resnet50'], { encoding: 'utf8' });
  assert.equal(none.status, 2);
});

test('non-square input: boxes follow rows and columns; seresnet50 layer4 is global (SE)', () => {
  const a = analyzeSpec(resolveId('resnet50'), [320, 256]);
  const b = nodeBoxes(a, nodeAtPath(a, 'layer4') as number);
  assert.deepEqual(b.grid, [10, 8]);
  assert.deepEqual(b.cells[1 * 8 + 2].box, [32 * 2 - 213, 32 - 213, 32 * 2 - 213 + 427, 32 - 213 + 427]);
  const se = analyzeSpec(resolveId('seresnet50'));
  assert.equal(nodeBoxes(se, se.graph.featureNode).field.global, true);
});
