// The diagram's layout: a pure function from (model, expanded groups) to coordinates. No DOM, no
// D3: rendering takes this result and draws it, and unit tests run it in Node.
//
// The model is a tree of groups (model → stem/stage/transition/head → block → module) whose
// leaves are layers. A collapsed group is one box; an expanded group is a frame whose children
// (its own layers and its child groups, in graph order) are laid out inside it, recursively.
//
// Inside a frame the children are placed on a grid of ranks (rows, top to bottom, the longest
// path from the frame's input) and lanes (columns). A child takes the lane of its main
// predecessor when that cell is free, else the next free lane to the right, so the main path runs
// straight down and branches (projection shortcuts, splits, SE gates) sit beside it. An edge that
// skips ranks (a residual shortcut, a concatenation's bypass) runs down a lane whose cells are free
// over the ranks it crosses, so it never passes through a box. One cell holds at most one box,
// which is why sibling boxes cannot overlap.
//
// Edges are drawn per frame: between two children, from the frame's input port (top) to a child
// that reads a tensor from outside, and from the child that produces the frame's output to its
// output port (bottom). A graph edge a→b is thus drawn as one segment in the frame that holds both,
// plus the port segments of every expanded frame on the way; `segmentKey` names them so tests can
// check that every edge of the graph is drawn.
//
// Boxes and segment ends carry what they draw as references (kind and index into ModelData, the
// parent box itself); their string ids key D3's joins and the DOM's `data-id` and are never parsed.
import type { GroupData, NodeData } from '../../shared/protocol/inspect';

export interface LayoutModel {
  readonly nodes: readonly Pick<NodeData, 'inputs' | 'group'>[];
  readonly groups: readonly Pick<GroupData, 'parent' | 'children' | 'nodes' | 'outputNode'>[];
}

/** A box's id: `g<index>` for a group, `n<index>` for a layer (the DOM's `data-id`). Made only here. */
export type ItemId = string & { readonly __brand: 'ItemId' };
/** A port of an expanded group's frame, where edges enter (top, `g<index>:in`) and leave (bottom, `g<index>:out`). */
export type PortId = string & { readonly __brand: 'PortId' };
export const groupItem = (g: number): ItemId => `g${g}` as ItemId;
export const nodeItem = (n: number): ItemId => `n${n}` as ItemId;
export const inPort = (g: number): PortId => `g${g}:in` as PortId;
export const outPort = (g: number): PortId => `g${g}:out` as PortId;
export const segmentKey = (from: ItemId | PortId, to: ItemId | PortId): string => `${from}->${to}`;

/** One end of an edge segment: a box (a group or a layer, by index into ModelData) or a frame's port. */
export type SegmentEnd =
  | { readonly kind: 'group' | 'node'; readonly index: number; readonly id: ItemId }
  | { readonly kind: 'port'; readonly side: 'in' | 'out'; readonly group: number; readonly id: PortId };

export interface LayoutBox {
  readonly id: ItemId;
  readonly kind: 'node' | 'group';
  /** Index into ModelData.nodes or ModelData.groups. */
  readonly index: number;
  /** Absolute position of the top-left corner and size, in diagram units (CSS pixels at zoom 1). */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly expanded: boolean;
  /** The enclosing frame's box; null for the model. */
  readonly parent: LayoutBox | null;
  /** Nesting level: 0 for the model frame. */
  readonly level: number;
  /** Absolute anchor where incoming edges end (top) and outgoing edges start (bottom). */
  readonly inAnchor: readonly [number, number];
  readonly outAnchor: readonly [number, number];
}

export interface LayoutEdge {
  /** segmentKey(from.id, to.id). */
  readonly id: string;
  readonly from: SegmentEnd;
  readonly to: SegmentEnd;
  /** Polyline in absolute coordinates; draw it with a vertical curve through the points. */
  readonly points: readonly (readonly [number, number])[];
  /** The frame's box that holds the segment. */
  readonly frame: LayoutBox;
}

export interface Layout {
  readonly boxes: readonly LayoutBox[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
}

/** Sizes in diagram units. */
export const SIZES = {
  node: { w: 168, h: 40 },
  group: { w: 240, h: 50 },
  /** Frame padding: header (label row) and sides. */
  header: 28,
  pad: 12,
  laneGap: 18,
  rankGap: 26,
  /** Width of a lane that only carries edges. */
  edgeLane: 14,
} as const;

type ItemEnd = Extract<SegmentEnd, { kind: 'group' | 'node' }>;
type PortEnd = Extract<SegmentEnd, { kind: 'port' }>;

interface Local {
  w: number;
  h: number;
  /** Local x of the in and out ports. */
  inX: number;
  outX: number;
  children: Array<{ end: ItemEnd; x: number; y: number; sub?: Local; w: number; h: number }>;
  edges: Array<{ from: SegmentEnd; to: SegmentEnd; points: Array<[number, number]> }>;
}

/** A child of a frame while its frame is laid out: its size, then its rank (row) and lane (column). */
interface Child {
  end: ItemEnd;
  /** Sibling order: the first node of its subtree. */
  order: number;
  sub?: Local;
  w: number;
  h: number;
  rank: number;
  lane: number;
}

/** What a cell of a frame's grid holds: a child's box, or a long edge passing by (edges from one source may share a lane). */
type Occupant = { readonly kind: 'box'; readonly child: Child } | { readonly kind: 'edge'; readonly source: SegmentEnd };

/** The grid of a frame: lane → rank → occupant. */
class LaneGrid {
  private readonly lanes = new Map<number, Map<number, Occupant>>();

  get(lane: number, rank: number): Occupant | undefined {
    return this.lanes.get(lane)?.get(rank);
  }

  set(lane: number, rank: number, occupant: Occupant): void {
    let ranks = this.lanes.get(lane);
    if (!ranks) this.lanes.set(lane, (ranks = new Map()));
    ranks.set(rank, occupant);
  }

  /** Width of every lane that holds something: its widest box, or an edge lane's width. */
  widths(): Map<number, number> {
    const w = new Map<number, number>();
    for (const [lane, ranks] of this.lanes) {
      for (const o of ranks.values()) w.set(lane, Math.max(w.get(lane) ?? 0, o.kind === 'edge' ? SIZES.edgeLane : o.child.w));
    }
    return w;
  }
}

/**
 * The vertical runs of edges in the gaps between ranks: gap r lies between rank r and r + 1 (gap
 * -1 below the frame's input port). A run in a lane's gap belongs to one edge; another edge may
 * run there too only when it has the same source (a fan-out) or the same target (a fan-in),
 * else two edges meeting end to end in one lane read as one (Res2Net's `act.0 → cat` continuing
 * `split.1 → add.1`).
 */
class GapLedger {
  private readonly runs = new Map<string, Array<{ from: string; to: string }>>();

  /** Whether an edge from → to may run down `lane` through gaps g0..g1. */
  free(lane: number, g0: number, g1: number, from: string, to: string): boolean {
    for (let g = g0; g <= g1; g++) {
      for (const r of this.runs.get(`${lane} ${g}`) ?? []) if (r.from !== from && r.to !== to) return false;
    }
    return true;
  }

  add(lane: number, g0: number, g1: number, from: string, to: string): void {
    for (let g = g0; g <= g1; g++) {
      const key = `${lane} ${g}`;
      this.runs.set(key, [...(this.runs.get(key) ?? []), { from, to }]);
    }
  }
}

/**
 * Lays out the model with the given groups expanded (the model, group 0, is always expanded).
 * `align` (compare mode) maps top-level groups to rows: row r goes `r` ranks below the first
 * aligned group, empty rows keep a collapsed group's height, so two models laid out with rows
 * from one alignment put their corresponding stem/stages/head at the same height.
 */
export function layoutDiagram(model: LayoutModel, expanded: ReadonlySet<number>, align?: ReadonlyMap<number, number>): Layout {
  const ctx = new Context(model, expanded, align);
  const root = ctx.container(0);
  const boxes: LayoutBox[] = [];
  const edges: LayoutEdge[] = [];
  place(root, 0, 0, 0, null, 0, boxes, edges);
  return { boxes, edges, width: root.w, height: root.h };
}

function place(local: Local, ox: number, oy: number, index: number, parent: LayoutBox | null, level: number, boxes: LayoutBox[], edges: LayoutEdge[]): void {
  const frame: LayoutBox = { id: groupItem(index), kind: 'group', index, x: ox, y: oy, w: local.w, h: local.h, expanded: true, parent, level, inAnchor: [ox + local.inX, oy], outAnchor: [ox + local.outX, oy + local.h] };
  boxes.push(frame);
  for (const c of local.children) {
    const x = ox + c.x;
    const y = oy + c.y;
    if (c.sub) {
      place(c.sub, x, y, c.end.index, frame, level + 1, boxes, edges);
    } else {
      boxes.push({ id: c.end.id, kind: c.end.kind, index: c.end.index, x, y, w: c.w, h: c.h, expanded: false, parent: frame, level: level + 1, inAnchor: [x + c.w / 2, y], outAnchor: [x + c.w / 2, y + c.h] });
    }
  }
  for (const e of local.edges) {
    edges.push({ id: segmentKey(e.from.id, e.to.id), from: e.from, to: e.to, frame, points: e.points.map(([px, py]) => [ox + px, oy + py] as const) });
  }
}

class Context {
  /** Ancestor chain of every group, nearest first (excluding itself). */
  private readonly ancestors: number[][];
  /** First (smallest) node index in each group's subtree: the order of siblings. */
  private readonly firstNode: number[];
  /** Consumers of each node. */
  private readonly consumers: number[][];
  /** Nodes of each group's subtree. */
  private readonly subtree: number[][];
  /** Segment ends, made once: every layer, every group, and the ports of every group's frame. */
  private readonly nodeEnds: ItemEnd[];
  private readonly groupEnds: ItemEnd[];
  private readonly inPorts: PortEnd[];
  private readonly outPorts: PortEnd[];

  constructor(
    private readonly model: LayoutModel,
    private readonly expanded: ReadonlySet<number>,
    private readonly align?: ReadonlyMap<number, number>,
  ) {
    const G = model.groups.length;
    this.ancestors = new Array(G);
    for (let g = 0; g < G; g++) {
      const chain: number[] = [];
      for (let p = model.groups[g].parent; p >= 0; p = model.groups[p].parent) chain.push(p);
      this.ancestors[g] = chain;
    }
    this.subtree = Array.from({ length: G }, () => []);
    model.nodes.forEach((n, i) => {
      this.subtree[n.group].push(i);
      for (const a of this.ancestors[n.group]) this.subtree[a].push(i);
    });
    this.firstNode = this.subtree.map((s) => (s.length > 0 ? Math.min(...s) : Infinity));
    this.consumers = model.nodes.map(() => []);
    model.nodes.forEach((n, i) => n.inputs.forEach((j) => this.consumers[j].push(i)));
    this.nodeEnds = model.nodes.map((_, n) => ({ kind: 'node', index: n, id: nodeItem(n) }));
    this.groupEnds = model.groups.map((_, g) => ({ kind: 'group', index: g, id: groupItem(g) }));
    this.inPorts = model.groups.map((_, g) => ({ kind: 'port', side: 'in', group: g, id: inPort(g) }));
    this.outPorts = model.groups.map((_, g) => ({ kind: 'port', side: 'out', group: g, id: outPort(g) }));
  }

  /** The child of frame `g` that holds node `n`, or undefined when `n` is outside `g`. */
  private itemIn(g: number, n: number): ItemEnd | undefined {
    let grp = this.model.nodes[n].group;
    if (grp === g) return this.nodeEnds[n];
    for (;;) {
      const p = this.model.groups[grp].parent;
      if (p < 0) return undefined;
      if (p === g) return this.groupEnds[grp];
      grp = p;
    }
  }

  /**
   * Lays out frame `g`, in steps that each decide one thing and read what the earlier ones
   * decided: its children and their sizes, its segments, ranks, lanes, the lanes of its long
   * edges, then coordinates and the points of every edge.
   */
  container(g: number): Local {
    const children = this.children(g);
    const frame = new Frame(children, this.segments(g, children), this.inPorts[g], this.outPorts[g]);
    const align = g === 0 && this.align && this.align.size > 0 ? this.align : undefined;
    const outRank = assignRanks(frame, align);
    const grid = assignLanes(frame);
    const producer = this.outputProducer(g);
    const out: Cell = { rank: outRank, lane: producer ? frame.laneOf(producer) : 0 };
    const routes = routeLongEdges(frame, grid, out);
    const geo = frameGeometry(frame, grid, outRank, align !== undefined, g === 0);
    const placed = children.map((c) => ({ end: c.end, sub: c.sub, w: c.w, h: c.h, x: geo.laneCenter(c.lane) - c.w / 2, y: geo.rankY[c.rank] }));
    const edges = edgePoints(frame, placed, geo, out, routes);
    return { w: geo.w, h: geo.h, inX: geo.laneCenter(0), outX: geo.laneCenter(out.lane), children: placed, edges };
  }

  /**
   * The children of frame `g` (its own layers and its child groups) in sibling order, the order
   * of the graph, each with its size: a box's, or for an expanded group the size of its own
   * frame, which is laid out first (recursively) for that reason.
   */
  private children(g: number): Child[] {
    const group = this.model.groups[g];
    return [
      ...group.nodes.map((n) => ({ end: this.nodeEnds[n], order: n })),
      ...group.children.map((c) => ({ end: this.groupEnds[c], order: this.firstNode[c] })),
    ]
      .sort((a, b) => a.order - b.order)
      .map(({ end, order }) => {
        const sub = end.kind === 'group' && this.expanded.has(end.index) ? this.container(end.index) : undefined;
        const size = sub ?? (end.kind === 'node' ? SIZES.node : SIZES.group);
        return { end, order, sub, w: size.w, h: size.h, rank: 0, lane: 0 };
      });
  }

  /**
   * The segments frame `g` draws, deduplicated, in a deterministic order (the order of its
   * children's layers): each input of a layer, from the child (or the input port) that holds it,
   * and to the output port every tensor that is read outside the frame, or is the frame's output.
   */
  private segments(g: number, children: readonly Child[]): Segment[] {
    const IN = this.inPorts[g];
    const OUT = this.outPorts[g];
    const segs: Segment[] = [];
    const seen = new Set<string>();
    const addSeg = (from: SegmentEnd, to: SegmentEnd) => {
      const k = segmentKey(from.id, to.id);
      if (from === to || seen.has(k)) return;
      seen.add(k);
      segs.push({ from, to });
    };
    for (const c of children) {
      const members = c.end.kind === 'node' ? [c.end.index] : this.subtree[c.end.index];
      for (const n of members) {
        for (const i of this.model.nodes[n].inputs) addSeg(this.itemIn(g, i) ?? IN, c.end);
        // A tensor read outside this frame leaves through the output port.
        if (g !== 0 && this.consumers[n].some((m) => this.itemIn(g, m) === undefined)) addSeg(c.end, OUT);
      }
    }
    const producer = this.outputProducer(g);
    if (producer) addSeg(producer, OUT);
    return segs;
  }

  /** The child of frame `g` that produces the group's output (it feeds the output port, whose lane it gives); none for the model. */
  private outputProducer(g: number): ItemEnd | undefined {
    const out = this.model.groups[g].outputNode;
    return g !== 0 && out >= 0 ? this.itemIn(g, out) : undefined;
  }
}

/** A segment of a frame, between two of its children or a child and one of its ports. */
interface Segment {
  readonly from: SegmentEnd;
  readonly to: SegmentEnd;
}

/** A rank and lane of a frame's grid (where the output port sits: below the last rank). */
interface Cell {
  readonly rank: number;
  readonly lane: number;
}

/** A frame's children and segments while it is laid out, with the lookups every step shares. */
class Frame {
  private readonly byId: Map<ItemId | PortId, Child>;
  /** Each child's predecessors in the frame (sources of its segments, the input port among them), in segment order. */
  readonly preds = new Map<Child, SegmentEnd[]>();

  constructor(
    readonly children: readonly Child[],
    readonly segs: readonly Segment[],
    readonly IN: PortEnd,
    readonly OUT: PortEnd,
  ) {
    this.byId = new Map(children.map((c) => [c.end.id, c]));
    for (const s of segs) {
      const to = this.byId.get(s.to.id);
      if (!to) continue;
      const list = this.preds.get(to) ?? [];
      list.push(s.from);
      this.preds.set(to, list);
    }
  }

  /** A child's rank; -1 for a port (the input port is the row above rank 0). */
  rankOf(end: SegmentEnd): number {
    return this.byId.get(end.id)?.rank ?? -1;
  }

  /** A child's lane; 0 for a port. */
  laneOf(end: SegmentEnd): number {
    return this.byId.get(end.id)?.lane ?? 0;
  }
}

/**
 * Ranks: the longest path from the input port, children in graph order (so every child is below
 * all its predecessors); in compare mode the model's aligned groups then move down to their rows.
 * Returns the output port's rank, one below the last.
 */
function assignRanks(frame: Frame, align: ReadonlyMap<number, number> | undefined): number {
  for (const c of frame.children) {
    c.rank = Math.max(0, ...(frame.preds.get(c) ?? []).map((p) => frame.rankOf(p) + 1));
  }
  if (align) alignRanks(frame.children, align);
  return frame.children.reduce((m, c) => Math.max(m, c.rank), -1) + 1;
}

/**
 * Lanes: a child takes its main predecessor's lane (the lowest one) when that cell is free, else
 * the next free lane to the right, so the main path runs straight down and branches sit beside it.
 * Rank by rank, so a predecessor's lane is known before its consumers'. Returns the grid of boxes.
 */
function assignLanes(frame: Frame): LaneGrid {
  const grid = new LaneGrid();
  const ordered = [...frame.children].sort((a, b) => a.rank - b.rank || a.order - b.order);
  for (const c of ordered) {
    let main: SegmentEnd | undefined;
    for (const p of frame.preds.get(c) ?? []) if (main === undefined || frame.rankOf(p) > frame.rankOf(main)) main = p;
    let lane = main === undefined ? 0 : frame.laneOf(main);
    while (grid.get(lane, c.rank)) lane++;
    c.lane = lane;
    grid.set(lane, c.rank, { kind: 'box', child: c });
  }
  return grid;
}

/**
 * Lanes for the edges that skip ranks, so that none passes through a box or runs on from an
 * unrelated edge. Edges that go straight down one lane between adjacent ranks hold their gap
 * first; then each long edge, in segment order, takes the first lane from its source's rightwards
 * whose cells are free over the ranks it crosses (shared only by edges from one source) and whose
 * gaps on the way hold no run of an unrelated edge, and holds those cells and gaps. Marks the
 * cells in `grid` (edge lanes have a width); returns each long edge's lane.
 */
function routeLongEdges(frame: Frame, grid: LaneGrid, out: Cell): Map<Segment, number> {
  const gaps = new GapLedger();
  const endLane = (end: SegmentEnd): number => (end === frame.OUT ? out.lane : frame.laneOf(end));
  const rankTo = (s: Segment): number => (s.to === frame.OUT ? out.rank : frame.rankOf(s.to));
  for (const s of frame.segs) {
    const r0 = frame.rankOf(s.from);
    if (rankTo(s) - r0 === 1 && frame.laneOf(s.from) === endLane(s.to)) gaps.add(frame.laneOf(s.from), r0, r0, s.from.id, s.to.id);
  }
  const routes = new Map<Segment, number>();
  for (const s of frame.segs) {
    const r0 = frame.rankOf(s.from);
    const r1 = rankTo(s);
    if (r1 - r0 <= 1) continue;
    let lane = frame.laneOf(s.from);
    const passing: Occupant = { kind: 'edge', source: s.from };
    const free = (l: number) => {
      for (let r = r0 + 1; r < r1; r++) {
        const o = grid.get(l, r);
        if (o !== undefined && !(o.kind === 'edge' && o.source === s.from)) return false;
      }
      return gaps.free(l, r0, r1 - 1, s.from.id, s.to.id);
    };
    while (!free(lane)) lane++;
    for (let r = r0 + 1; r < r1; r++) grid.set(lane, r, passing);
    gaps.add(lane, r0, r1 - 1, s.from.id, s.to.id);
    routes.set(s, lane);
  }
  return routes;
}

/** A frame's coordinates, local to its top-left corner. */
interface Geometry {
  /** The x of a lane's centre line, where its boxes are centred and its edges run. */
  laneCenter(lane: number): number;
  /** Top and height of each rank. */
  rankY: number[];
  rankH: number[];
  /** The y of the input port (below the header) and of the output port (below the last rank). */
  inY: number;
  outY: number;
  w: number;
  h: number;
}

/**
 * Coordinates from the grid: each lane as wide as its widest box (or an edge lane's width), each
 * rank as tall as its tallest box; lane 0 always exists (the ports' lane of an empty frame). In
 * compare mode an aligned row that only the other model fills keeps a group box's height. The
 * model frame has no bottom padding and no minimum width; a group's frame is at least a box wide.
 */
function frameGeometry(frame: Frame, grid: LaneGrid, outRank: number, aligned: boolean, isModel: boolean): Geometry {
  const laneW = grid.widths();
  if (!laneW.has(0)) laneW.set(0, SIZES.edgeLane);
  const lanes = [...laneW.keys()].sort((a, b) => a - b);
  const laneX = new Map<number, number>();
  let x = SIZES.pad;
  for (const l of lanes) {
    laneX.set(l, x);
    x += laneW.get(l)! + SIZES.laneGap;
  }
  const contentW = x - SIZES.laneGap + SIZES.pad;
  const rankH: number[] = new Array(outRank).fill(0);
  for (const c of frame.children) rankH[c.rank] = Math.max(rankH[c.rank], c.h);
  if (aligned) for (let r = 0; r < outRank; r++) if (rankH[r] === 0) rankH[r] = SIZES.group.h;
  const rankY: number[] = [];
  let y = SIZES.header + SIZES.rankGap;
  for (let r = 0; r < outRank; r++) {
    rankY.push(y);
    y += rankH[r] + SIZES.rankGap;
  }
  return {
    laneCenter: (l) => laneX.get(l)! + laneW.get(l)! / 2,
    rankY,
    rankH,
    inY: SIZES.header,
    outY: y,
    w: Math.max(contentW, isModel ? 0 : SIZES.group.w),
    h: y + (isModel ? 0 : SIZES.pad),
  };
}

/**
 * The points of each segment: from the bottom anchor of its source (an expanded group's output
 * port, the frame's input port) to the top anchor of its target; a long edge bends into its lane
 * half a gap below its source's row and out of it half a gap above its target's row.
 */
function edgePoints(frame: Frame, placed: Local['children'], geo: Geometry, out: Cell, routes: ReadonlyMap<Segment, number>): Local['edges'] {
  const pos = new Map<ItemId | PortId, Local['children'][number]>(placed.map((c) => [c.end.id, c]));
  const bottom = (end: SegmentEnd): [number, number] => {
    if (end === frame.IN) return [geo.laneCenter(0), geo.inY];
    const c = pos.get(end.id)!;
    return [c.sub ? c.x + c.sub.outX : c.x + c.w / 2, c.y + c.h];
  };
  const top = (end: SegmentEnd): [number, number] => {
    if (end === frame.OUT) return [geo.laneCenter(out.lane), geo.outY];
    const c = pos.get(end.id)!;
    return [c.sub ? c.x + c.sub.inX : c.x + c.w / 2, c.y];
  };
  const rowBottom = (r: number) => (r < 0 ? geo.inY : geo.rankY[r] + geo.rankH[r]);
  const rowTop = (r: number) => (r >= out.rank ? geo.outY : geo.rankY[r]);
  return frame.segs.map((s) => {
    const a = bottom(s.from);
    const b = top(s.to);
    const lane = routes.get(s);
    const points: Array<[number, number]> = [a];
    if (lane !== undefined) {
      const r0 = frame.rankOf(s.from);
      const r1 = s.to === frame.OUT ? out.rank : frame.rankOf(s.to);
      const lx = geo.laneCenter(lane);
      points.push([lx, rowBottom(r0) + SIZES.rankGap / 2], [lx, rowTop(r1) - SIZES.rankGap / 2]);
    }
    points.push(b);
    return { from: s.from, to: s.to, points };
  });
}

/**
 * Moves the aligned children down to their rows (and everything after them with them). Shifts
 * only grow in rank order, so every child stays below its predecessors.
 */
function alignRanks(children: readonly Child[], align: ReadonlyMap<number, number>): void {
  const aligned = children.filter((c) => c.end.kind === 'group' && align.has(c.end.index));
  if (aligned.length === 0) return;
  const base = Math.min(...aligned.map((c) => c.rank));
  let shift = 0;
  for (const c of [...children].sort((a, b) => a.rank - b.rank || a.order - b.order)) {
    const row = c.end.kind === 'group' ? align.get(c.end.index) : undefined;
    if (row !== undefined) shift = Math.max(shift, base + row - c.rank);
    c.rank += shift;
  }
}

/** The segments that draw graph edge a→b under `layout`'s expansion (see the header comment). */
export function expectedSegments(model: LayoutModel, expanded: ReadonlySet<number>, a: number, b: number): string[] {
  const isVisibleFrame = (g: number) => g === 0 || expanded.has(g);
  // Chain of frames from the root to the item holding a node, and the item in each.
  const chain = (n: number): Array<{ frame: number; item: ItemId }> => {
    const groups: number[] = [];
    for (let g = model.nodes[n].group; g >= 0; g = model.groups[g].parent) groups.unshift(g);
    const out: Array<{ frame: number; item: ItemId }> = [];
    for (let i = 0; i < groups.length; i++) {
      const frame = groups[i];
      if (!isVisibleFrame(frame)) break;
      out.push({ frame, item: i + 1 < groups.length ? groupItem(groups[i + 1]) : nodeItem(n) });
    }
    return out;
  };
  const ca = chain(a);
  const cb = chain(b);
  let k = 0;
  while (k < ca.length && k < cb.length && ca[k].frame === cb[k].frame && ca[k].item === cb[k].item) k++;
  if (k === ca.length || k === cb.length) return []; // both inside one collapsed box
  const lca = ca[k].frame;
  if (cb[k].frame !== lca) return [];
  const segs = [segmentKey(ca[k].item, cb[k].item)];
  for (let i = k + 1; i < ca.length; i++) segs.push(segmentKey(ca[i].item, outPort(ca[i].frame)));
  for (let i = k + 1; i < cb.length; i++) segs.push(segmentKey(inPort(cb[i].frame), cb[i].item));
  return segs;
}
