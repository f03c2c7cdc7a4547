// The display order of a group's contents: its own nodes and its child groups interleaved in
// graph (topological) order, a child group placed at its first node. Shared by the CLI/report
// rows and the diagram's side pane; works on the engine's graph and on the webview's model data.

export interface GroupShape {
  readonly nodes: readonly number[];
  readonly children: readonly number[];
}

export type GroupItem = { readonly kind: 'node'; readonly index: number; readonly at: number } | { readonly kind: 'group'; readonly index: number; readonly at: number };

/** The items of `groups[g]` in graph order. */
export function groupItemsInOrder(groups: readonly GroupShape[], g: number): GroupItem[] {
  const first = (gi: number): number => Math.min(...groups[gi].nodes, ...groups[gi].children.map(first));
  const group = groups[g];
  return [
    ...group.nodes.map((n): GroupItem => ({ kind: 'node', index: n, at: n })),
    ...group.children.map((c): GroupItem => ({ kind: 'group', index: c, at: first(c) })),
  ].sort((x, y) => x.at - y.at);
}
