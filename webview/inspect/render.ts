// Rendering: takes a finished layout and draws it with D3 (keyed joins, so expanding a group
// touches only what changed). Colours come from CSS classes mapped to --vscode-* variables; the
// only inline styling is through selection.style(), which a strict CSP allows.
import { curveBumpY, line, select, type Selection } from 'd3';
import type { GroupData, ModelData, NodeData } from '../../extension/protocol/inspect';
import { fmtShort, opSummary, shortName, truncate } from './format';
import type { Layout, LayoutBox, LayoutEdge } from './layout';
import { metricValue, type Metric, type Scale } from './metrics';

export interface RenderState {
  metric: Metric;
  scale: Scale;
  selected: string | undefined;
  focused: string | undefined;
  matches: ReadonlySet<string>;
}

export interface Layers {
  frames: Selection<SVGGElement, unknown, null, undefined>;
  edges: Selection<SVGGElement, unknown, null, undefined>;
  boxes: Selection<SVGGElement, unknown, null, undefined>;
}

const edgePath = line<readonly [number, number]>().curve(curveBumpY);

export function boxTitle(d: ModelData, b: LayoutBox): string {
  if (b.kind === 'group') return d.groups[b.index].label;
  const n = d.nodes[b.index];
  return shortName(n.path, d.groups[n.group].path);
}

export function itemStats(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): NodeData | GroupData {
  return b.kind === 'group' ? d.groups[b.index] : d.nodes[b.index];
}

function groupSubtitle(d: ModelData, g: GroupData): string {
  const blocks = g.children.filter((c) => d.groups[c].kind === 'block').length;
  const parts = blocks > 0 ? [`${blocks} blocks`] : g.kind === 'block' || g.kind === 'module' ? [`${g.nodeCount} layers`] : [];
  parts.push(`${fmtShort(g.params)} params`, `${fmtShort(g.macs)} MACs`);
  return parts.join(' · ');
}

function classes(d: ModelData, b: LayoutBox, s: RenderState, extra: string): string {
  const st = itemStats(d, b);
  const bin = s.scale.bin(metricValue(st, s.metric));
  const kind = b.kind === 'group' ? `group kind-${d.groups[b.index].kind}` : `node op-${d.nodes[b.index].attrs.op}`;
  return [
    extra,
    kind,
    bin >= 0 ? `heat heat-${bin}` : 'heat-none',
    s.selected === b.id ? 'selected' : '',
    s.focused === b.id ? 'focused' : '',
    s.matches.has(b.id) ? 'match' : '',
  ].filter(Boolean).join(' ');
}

function edgeClass(d: ModelData, e: LayoutEdge): string {
  const cls = ['edge'];
  if (e.points.length > 2) cls.push('skip');
  const to = /^n(\d+)$/.exec(e.to);
  if (to) {
    const node = d.nodes[Number(to[1])];
    cls.push(`to-${node.attrs.op}`);
    // The second input of a mul is the gate (SE, split attention).
    const from = /^n(\d+)$/.exec(e.from);
    if (node.attrs.op === 'mul' && from && node.inputs[1] === Number(from[1])) cls.push('gate');
  }
  return cls.join(' ');
}

/** Diagram-space rectangle to draw, and whether labels are drawn (not when zoomed far out). */
export interface View {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: boolean;
}

const inView = (v: View, x: number, y: number, w: number, h: number) => x <= v.x1 && x + w >= v.x0 && y <= v.y1 && y + h >= v.y0;

function edgeInView(v: View, e: LayoutEdge): boolean {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of e.points) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return inView(v, x0, y0, x1 - x0, y1 - y0);
}

/**
 * Draws (or updates) the diagram: only what intersects `view`, so that a fully expanded
 * DenseNet-201 (800+ boxes, 1,000+ edges) costs what is on screen, and without labels when they
 * would be too small to read.
 */
export function renderDiagram(layers: Layers, d: ModelData, layout: Layout, s: RenderState, view: View): void {
  const shown = layout.boxes.filter((b) => inView(view, b.x, b.y, b.w, b.h));
  const frames = shown.filter((b) => b.expanded && b.level > 0);
  const leaves = shown.filter((b) => !b.expanded);
  const edges = layout.edges.filter((e) => edgeInView(view, e));
  layers.boxes.classed('no-text', !view.text);
  layers.frames.classed('no-text', !view.text);

  layers.frames
    .selectAll<SVGGElement, LayoutBox>('g.frame')
    .data(frames, (b) => b.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('class', 'frame-rect');
      g.append('text').attr('class', 'frame-title').attr('x', 22).attr('y', 18);
      g.append('text').attr('class', 'toggle').attr('x', 8).attr('y', 18).text('−');
      return g;
    })
    .attr('class', (b) => classes(d, b, s, 'frame item'))
    .attr('data-id', (b) => b.id)
    .attr('transform', (b) => `translate(${b.x},${b.y})`)
    .call((g) => {
      g.select('rect').attr('width', (b) => b.w).attr('height', (b) => b.h).attr('rx', 6);
      g.select('text.frame-title').text((b) => truncate(`${boxTitle(d, b)} · ${fmtShort(d.groups[b.index].params)} params · ${fmtShort(d.groups[b.index].macs)} MACs`, Math.floor(b.w / 6.2)));
    })
    .order();

  layers.edges
    .selectAll<SVGPathElement, LayoutEdge>('path.edge')
    .data(edges, (e) => e.id)
    .join('path')
    .attr('class', (e) => edgeClass(d, e))
    .attr('d', (e) => edgePath(e.points as Array<readonly [number, number]>))
    .attr('marker-end', 'url(#arrow)');

  layers.boxes
    .selectAll<SVGGElement, LayoutBox>('g.box')
    .data(leaves, (b) => b.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect');
      g.append('text').attr('class', 'title').attr('x', 8).attr('y', 16);
      g.append('text').attr('class', 'sub').attr('x', 8);
      g.append('text').attr('class', 'toggle');
      return g;
    })
    .attr('class', (b) => classes(d, b, s, `box item${b.kind === 'group' ? ' collapsed' : ''}`))
    .attr('data-id', (b) => b.id)
    .attr('transform', (b) => `translate(${b.x},${b.y})`)
    .call((g) => {
      g.select('rect').attr('width', (b) => b.w).attr('height', (b) => b.h).attr('rx', (b) => (b.kind === 'group' ? 6 : 3));
      g.select('text.title').text((b) => truncate(boxTitle(d, b), b.kind === 'group' ? 26 : 22));
      g.select('text.sub')
        .attr('y', (b) => (b.kind === 'group' ? 36 : 32))
        .text((b) => truncate(b.kind === 'group' ? groupSubtitle(d, d.groups[b.index]) : opSummary(d.nodes[b.index].attrs), b.kind === 'group' ? 42 : 28));
      g.select('text.toggle')
        .attr('x', (b) => b.w - 16)
        .attr('y', 18)
        .text((b) => (b.kind === 'group' ? '+' : ''));
    });
}

/** Creates the SVG skeleton (defs, zoomable viewport, layers) inside `host`. */
export function createSvg(host: HTMLElement, label: string): { svg: Selection<SVGSVGElement, unknown, null, undefined>; viewport: Selection<SVGGElement, unknown, null, undefined>; layers: Layers } {
  const svg = select(host).append('svg').attr('class', 'diagram').attr('tabindex', 0).attr('role', 'application').attr('aria-label', label);
  const defs = svg.append('defs');
  defs
    .append('marker')
    .attr('id', 'arrow')
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 9)
    .attr('refY', 5)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto-start-reverse')
    .append('path')
    .attr('class', 'arrow-head')
    .attr('d', 'M 0 0 L 10 5 L 0 10 z');
  const viewport = svg.append('g').attr('class', 'viewport');
  const layers: Layers = {
    frames: viewport.append('g').attr('class', 'frames'),
    edges: viewport.append('g').attr('class', 'edges'),
    boxes: viewport.append('g').attr('class', 'boxes'),
  };
  return { svg, viewport, layers };
}
