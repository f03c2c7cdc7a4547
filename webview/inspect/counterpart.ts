// Compare mode keeps both diagrams opened alike: a group toggled in one pane opens or closes its
// counterpart in the other. The counterpart is the group with the same path and kind when the
// other model has one (resnet50 and resnext50_32x4d share every path); otherwise it is found by
// role: the top-level groups by the compare table's stage alignment (stem, stage n, head), then,
// going down, the child of the same kind at the same position among its kind (the second block
// of a stage, a dense block's third layer). Pure: no DOM, unit-tested.
import type { GroupData, ModelData } from '../../shared/protocol/inspect';
import { alignmentRows } from './compare';

/** The index of the group in `to` that plays the role of group `index` of `from`; undefined when it has none. */
export function counterpartGroup(from: ModelData, to: ModelData, index: number): number | undefined {
  const g = from.groups[index];
  if (!g || index === 0) return undefined;
  const same = to.groups.findIndex((t) => t.path === g.path && t.kind === g.kind);
  if (same > 0) return same;
  const chain: number[] = [];
  for (let i = index; i > 0; i = from.groups[i].parent) chain.unshift(i);
  const rows = alignmentRows(from, to);
  const row = rows.a.get(chain[0]);
  if (row === undefined) return undefined;
  let at = [...rows.b].find(([, r]) => r === row)?.[0];
  for (const step of chain.slice(1)) {
    if (at === undefined) return undefined;
    at = sameRoleChild(from, from.groups[from.groups[step].parent], step, to, to.groups[at]);
  }
  return at !== undefined && to.groups[at].kind === g.kind ? at : undefined;
}

/** The child of `toParent` with the kind of `fromChild` at the same position among the children of that kind. */
function sameRoleChild(from: ModelData, fromParent: GroupData, fromChild: number, to: ModelData, toParent: GroupData): number | undefined {
  const kind = from.groups[fromChild].kind;
  const position = fromParent.children.filter((c) => from.groups[c].kind === kind).indexOf(fromChild);
  return toParent.children.filter((c) => to.groups[c].kind === kind)[position];
}
