// No two edges of the diagram share a lane ambiguously (issue: Res2Net's `act.0 → cat` ran on
// down the lane where `split.1 → add.1` ended and read as `split.1 → cat`). Checked on the
// geometry alone, for a model of every family in several expansions: two edges whose vertical
// runs lie on the same x and overlap or meet end to end must come from one source (a fan-out)
// or go to one target (a fan-in); anything else reads as one edge.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSpec, familyIds, presets, resolveId, type ModelSpec } from '../../../models';
import { toModelData } from '../../../extension/inspect/modelData';
import type { ModelData } from '../../../shared/protocol/inspect';
import { layoutDiagram, type Layout, type LayoutEdge } from '../../../webview/inspect/layout';
import { allGroups, someGroups } from './expansions';

const data = (spec: ModelSpec): ModelData => toModelData(spec, analyzeSpec(spec), { source: { kind: 'preset', id: spec.id } });

/** The first preset of every family, plus the models whose blocks branch most. */
const ids = [...new Set([...familyIds.map((f) => presets.find((p) => p.family === f)!.id), 'res2net50_26w_4s', 'res2next50', 'resnest50d', 'seresnext50_32x4d', 'densenet121'])];

interface Run {
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
  readonly edge: LayoutEdge;
}

/** The vertical pieces of every edge (consecutive points on one x), in diagram units. */
function verticalRuns(l: Layout): Run[] {
  const runs: Run[] = [];
  for (const e of l.edges) {
    for (let i = 1; i < e.points.length; i++) {
      const [xa, ya] = e.points[i - 1];
      const [xb, yb] = e.points[i];
      if (Math.abs(xa - xb) < 0.5 && Math.abs(ya - yb) > 0.5) runs.push({ x: xa, y0: Math.min(ya, yb), y1: Math.max(ya, yb), edge: e });
    }
  }
  return runs;
}

function ambiguities(l: Layout, d: ModelData): string[] {
  const name = (end: LayoutEdge['from']): string => (end.kind === 'port' ? `${d.groups[end.group].path}:${end.side}` : end.kind === 'node' ? d.nodes[end.index].path : d.groups[end.index].path);
  const byX = new Map<number, Run[]>();
  for (const r of verticalRuns(l)) {
    const key = Math.round(r.x);
    byX.set(key, [...(byX.get(key) ?? []), r]);
  }
  const found: string[] = [];
  for (const runs of byX.values()) {
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const [a, b] = [runs[i], runs[j]];
        if (a.edge.from.id === b.edge.from.id || a.edge.to.id === b.edge.to.id) continue;
        // Overlapping or meeting within a pixel: one line on screen.
        if (a.y0 <= b.y1 + 1 && b.y0 <= a.y1 + 1) found.push(`${name(a.edge.from)} → ${name(a.edge.to)} and ${name(b.edge.from)} → ${name(b.edge.to)} at x ${a.x.toFixed(0)}`);
      }
    }
  }
  return found;
}

for (const id of ids) {
  test(`${id}: no two edges share a lane ambiguously (collapsed, fully expanded, two random expansions)`, () => {
    const d = data(resolveId(id));
    const all = allGroups(d);
    for (const [what, expanded] of [['collapsed', new Set<number>()], ['fully expanded', all], ['subset A', someGroups(d, 7)], ['subset B', someGroups(d, 4242)]] as const) {
      const l = layoutDiagram(d, expanded);
      assert.ok(l.edges.length > 0, `${id} ${what}: edges are drawn`);
      assert.deepEqual(ambiguities(l, d), [], `${id} ${what}`);
    }
  });
}

test('the check sees a shared lane: two edges of different sources and targets laid on one x', () => {
  const d = data(resolveId('res2net50_26w_4s'));
  const l = layoutDiagram(d, allGroups(d));
  const [e1, e2] = l.edges.filter((e) => e.from.id !== l.edges[0].from.id || e === l.edges[0]).filter((e, i, all) => i === 0 || (e.from.id !== all[0].from.id && e.to.id !== all[0].to.id));
  const forged: Layout = { ...l, edges: [{ ...e1, points: [[10, 0], [10, 50]] }, { ...e2, points: [[10, 50], [10, 90]] }] };
  assert.equal(ambiguities(forged, d).length, 1);
});
