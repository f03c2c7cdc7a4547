// The diagram layout (webview/inspect/layout.ts) as a pure function: deterministic positions,
// no overlapping siblings, children inside their frames, every graph edge drawn, edges flowing down.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSpec, resolveId, withOverrides, type ModelSpec } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import type { ModelData } from '../../../shared/protocol/inspect';
import { alignStages, alignmentRows } from '../../../webview/inspect/compare';
import { allGroups, someGroups } from './expansions';
import { expectedSegments, groupItem, layoutDiagram, segmentKey, type Layout, type LayoutBox } from '../../../webview/inspect/layout';

function data(spec: ModelSpec): ModelData {
  return toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id: spec.id } });
}

const models: Record<string, ModelData> = {
  resnet50: data(resolveId('resnet50')),
  resnet18: data(resolveId('resnet18')),
  densenet121: data(resolveId('densenet121')),
  resnest50d: data(resolveId('resnest50d')),
  res2net50_26w_4s: data(resolveId('res2net50_26w_4s')),
  seresnext50_32x4d: data(resolveId('seresnext50_32x4d')),
  'resnet50+ibn': data(withOverrides(resolveId('resnet50'), { ibn: true })),
};

function expansions(d: ModelData): Array<[string, Set<number>]> {
  return [['collapsed', new Set()], ['fully expanded', allGroups(d)], ['random subset A', someGroups(d, 7)], ['random subset B', someGroups(d, 12345)]];
}

const visible = (l: Layout, d: ModelData, kind: GroupData['kind']) => l.boxes.filter((b) => b.kind === 'group' && d.groups[b.index].kind === kind);
type GroupData = ModelData['groups'][number];

const overlaps = (a: LayoutBox, b: LayoutBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

for (const [name, d] of Object.entries(models)) {
  describe(`layout of ${name}`, () => {
    for (const [what, expanded] of expansions(d)) {
      const layout = layoutDiagram(d, expanded);

      it(`${what}: is deterministic`, () => {
        assert.deepEqual(layoutDiagram(d, new Set([...expanded].reverse())), layout);
      });

      it(`${what}: sibling boxes do not overlap`, () => {
        const byParent = new Map<LayoutBox | null, LayoutBox[]>();
        for (const b of layout.boxes) {
          const list = byParent.get(b.parent) ?? [];
          list.push(b);
          byParent.set(b.parent, list);
        }
        for (const [parent, list] of byParent) {
          for (let i = 0; i < list.length; i++) {
            for (let j = i + 1; j < list.length; j++) {
              assert.ok(!overlaps(list[i], list[j]), `${list[i].id} and ${list[j].id} overlap in ${parent?.id}`);
            }
          }
        }
      });

      it(`${what}: every box lies inside its frame`, () => {
        const boxes = new Set(layout.boxes);
        for (const b of layout.boxes) {
          if (!b.parent) continue;
          const p = b.parent;
          assert.ok(boxes.has(p), `${b.id}'s frame ${p.id} is a box of the layout`);
          assert.ok(b.x >= p.x && b.y >= p.y && b.x + b.w <= p.x + p.w && b.y + b.h <= p.y + p.h, `${b.id} leaves ${p.id}`);
        }
      });

      it(`${what}: every edge of the graph is drawn`, () => {
        const drawn = new Set(layout.edges.map((e) => e.id));
        let checked = 0;
        d.nodes.forEach((n, b) => {
          for (const a of n.inputs) {
            for (const seg of expectedSegments(d, expanded, a, b)) {
              assert.ok(drawn.has(seg), `edge ${d.nodes[a].path} → ${n.path} needs segment ${seg}`);
              checked++;
            }
          }
        });
        assert.ok(checked > 0);
      });

      it(`${what}: every drawn segment flows downward and ends on a box or port`, () => {
        const boxOf = new Map(layout.boxes.map((b) => [`${b.kind} ${b.index}`, b]));
        for (const e of layout.edges) {
          const first = e.points[0];
          const last = e.points[e.points.length - 1];
          assert.ok(last[1] > first[1], `${e.id} goes up`);
          assert.equal(e.id, segmentKey(e.from.id, e.to.id));
          for (const end of [e.from, e.to]) {
            // A port belongs to the expanded frame of its group: the frame that holds the segment.
            const box = end.kind === 'port' ? boxOf.get(`group ${end.group}`) : boxOf.get(`${end.kind} ${end.index}`);
            assert.ok(box, `${e.id}: unknown end ${end.id}`);
            assert.equal(box.id, end.kind === 'port' ? groupItem(end.group) : end.id);
            if (end.kind === 'port') assert.equal(box, e.frame, `${e.id}: a port of the frame that draws it`);
            else assert.equal(box.parent, e.frame, `${e.id}: its boxes sit in the frame that draws it`);
          }
        }
      });
    }
  });
}

describe('what the diagram shows', () => {
  it('resnet50 starts with 4 stages, and stage 3 expands to 6 blocks', () => {
    const d = models.resnet50;
    const collapsed = layoutDiagram(d, new Set());
    assert.equal(visible(collapsed, d, 'stage').length, 4);
    assert.equal(visible(collapsed, d, 'block').length, 0);
    const stage3 = d.groups.findIndex((g) => g.path === 'layer3');
    const open = layoutDiagram(d, new Set([stage3]));
    assert.deepEqual(visible(open, d, 'block').map((b) => d.groups[b.index].path), ['layer3.0', 'layer3.1', 'layer3.2', 'layer3.3', 'layer3.4', 'layer3.5']);
    // The stages stay in order from top to bottom.
    const ys = visible(open, d, 'stage').map((b) => b.y);
    assert.deepEqual(ys, [...ys].sort((a, b) => a - b));
  });

  it('densenet121 shows 4 dense blocks and 3 transitions', () => {
    const d = models.densenet121;
    const l = layoutDiagram(d, new Set());
    assert.equal(visible(l, d, 'stage').length, 4);
    assert.equal(visible(l, d, 'transition').length, 3);
  });

  it('a residual shortcut runs beside the main path, not through it', () => {
    const d = models.resnet50;
    const block = d.groups.findIndex((g) => g.path === 'layer1.1');
    const l = layoutDiagram(d, new Set([d.groups[block].parent, block]));
    const add = d.nodes.findIndex((n) => n.path === 'layer1.1.add');
    const shortcut = l.edges.find((e) => e.from.kind === 'port' && e.from.side === 'in' && e.from.group === block && e.to.kind === 'node' && e.to.index === add)!;
    assert.ok(shortcut, 'the identity shortcut is drawn from the block input to the add');
    const conv2 = d.nodes.findIndex((n) => n.path === 'layer1.1.conv2');
    const mainX = l.boxes.find((b) => b.kind === 'node' && b.index === conv2)!;
    assert.ok(shortcut.points[1][0] > mainX.x + mainX.w, 'the shortcut runs right of the main path');
  });

  it('the model frame is the first box and holds everything', () => {
    const d = models.resnest50d;
    const l = layoutDiagram(d, allGroups(d));
    assert.equal(l.boxes[0].id, groupItem(0));
    assert.equal(l.boxes.length, d.groups.length + d.nodes.length);
    assert.equal(l.width, l.boxes[0].w);
  });
});

describe('compare alignment (layoutDiagram with align rows)', () => {
  it('puts corresponding stem, stages and head of resnet50 and densenet121 at the same height', () => {
    const a = models.resnet50;
    const b = models.densenet121;
    const rows = alignmentRows(a, b);
    const la = layoutDiagram(a, new Set(), rows.a);
    const lb = layoutDiagram(b, new Set(), rows.b);
    const yOf = (l: Layout, g: number) => l.boxes.find((x) => x.id === groupItem(g))!.y;
    let pairs = 0;
    for (const r of alignStages(a, b)) {
      if (r.ia === undefined || r.ib === undefined) continue;
      assert.equal(yOf(la, r.ia), yOf(lb, r.ib), `${r.name}: same y`);
      pairs++;
    }
    assert.equal(pairs, 6, 'stem, 4 stages and head are paired');
    // resnet50 leaves room where densenet121 has its transitions: its head moves down.
    assert.ok(yOf(la, a.groups.findIndex((g) => g.kind === 'head')) > yOf(layoutDiagram(a, new Set()), a.groups.findIndex((g) => g.kind === 'head')));
  });

  it('keeps the layout valid with rows and with a stage expanded', () => {
    const a = models.resnet50;
    const b = models.densenet121;
    const rows = alignmentRows(a, b);
    const layer3 = a.groups.findIndex((g) => g.path === 'layer3');
    for (const l of [layoutDiagram(a, new Set([layer3]), rows.a), layoutDiagram(b, allGroups(b), rows.b)]) {
      const top = l.boxes.filter((x) => x.level === 1).sort((p, q) => p.y - q.y);
      for (let i = 1; i < top.length; i++) assert.ok(top[i].y >= top[i - 1].y + top[i - 1].h, 'top-level boxes do not overlap');
    }
  });
});
