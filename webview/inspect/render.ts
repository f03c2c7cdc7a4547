// Rendering: takes a finished layout and draws it with D3 (keyed joins, so expanding a group
// touches only what changed). Colours come from CSS classes mapped to --vscode-* variables; the
// only inline styling is through selection.style(), which a strict CSP allows.
import { curveBumpY, line, select, type Selection } from 'd3';
import type { GroupData, ModelData, NodeData } from '../../extension/protocol/inspect';
import { fitParts, groupSubtitle, macsShort, opSummary, paramsShort, shortName, truncate } from './format';
import { displayLabel } from './labels';
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
  if (b.kind === 'group') return displayLabel(d.groups[b.index].label);
  const n = d.nodes[b.index];
  return shortName(n.path, d.groups[n.group].path);
}

export function itemStats(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): NodeData | GroupData {
  return b.kind === 'group' ? d.groups[b.index] : d.nodes[b.index];
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

/** Sets an attribute only when it changes (an unchanged write can still invalidate style). */
function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setText(el: Element | null, value: string): void {
  if (el && el.textContent !== value) el.textContent = value;
}

/**
 * Draws (or updates) the diagram: only what intersects `view`, so that a fully expanded
 * DenseNet-201 (800+ boxes, 1,000+ edges) costs what is on screen, and without label elements at
 * all when they would be too small to read (a box is then a <g> and a <rect>). Updates write only
 * what changed, so a selection or an expand restyles a few elements, not all of them.
 */
export function renderDiagram(layers: Layers, d: ModelData, layout: Layout, s: RenderState, view: View): void {
  const shown = layout.boxes.filter((b) => inView(view, b.x, b.y, b.w, b.h));
  const frames = shown.filter((b) => b.expanded && b.level > 0);
  const leaves = shown.filter((b) => !b.expanded);
  const edges = layout.edges.filter((e) => edgeInView(view, e));
  const text = view.text;
  // Labels or none: a change of detail level replaces the boxes (keys differ) instead of
  // adding or removing labels box by box. D3 calls the key function on the elements already
  // there too: their key is the one they were created with (data-key), not one recomputed at
  // today's detail level, or a box drawn without labels would be kept, label-less, on zoom-in.
  const key = function (this: Element | unknown, b: LayoutBox): string {
    return this instanceof Element ? this.getAttribute('data-key') ?? '' : text ? b.id : `${b.id}~`;
  };
  const keyed = <E extends Element>(sel: Selection<E, LayoutBox, SVGGElement, unknown>) => sel.attr('data-key', (b) => (text ? b.id : `${b.id}~`));

  layers.frames
    .selectAll<SVGGElement, LayoutBox>('g.frame')
    .data(frames, key)
    .join((enter) => {
      const g = keyed(enter.append('g'));
      g.append('rect').attr('class', 'frame-rect').attr('rx', 6);
      if (text) {
        g.append('text').attr('class', 'frame-title').attr('x', 22).attr('y', 18);
        g.append('text').attr('class', 'toggle').attr('x', 8).attr('y', 18).text('−');
      }
      return g;
    })
    .each(function (b) {
      setAttr(this, 'class', classes(d, b, s, 'frame item'));
      setAttr(this, 'data-id', b.id);
      setAttr(this, 'transform', `translate(${b.x},${b.y})`);
      const rect = this.firstElementChild!;
      setAttr(rect, 'width', String(b.w));
      setAttr(rect, 'height', String(b.h));
      if (text) {
        const g = d.groups[b.index];
        // The whole name first; the numbers go before the name is cut.
        setText(this.querySelector('text.frame-title'), fitParts([boxTitle(d, b), paramsShort(g.params), macsShort(g.macs)], Math.floor((b.w - 30) / 6.6)));
      }
    })
    .order();

  // Close enough to read: one path per edge, with an arrow head. Zoomed far out: one path per
  // edge class (a handful of elements instead of 1,000+), no arrow heads (markers are costly to
  // paint and too small to see).
  const edgeItems: Array<{ key: string; cls: string; d: string }> = [];
  if (text) {
    for (const e of edges) edgeItems.push({ key: e.id, cls: edgeClass(d, e), d: edgePath(e.points as Array<readonly [number, number]>)! });
  } else {
    const byClass = new Map<string, string[]>();
    for (const e of edges) {
      const cls = edgeClass(d, e);
      const list = byClass.get(cls) ?? [];
      list.push(edgePath(e.points as Array<readonly [number, number]>)!);
      byClass.set(cls, list);
    }
    for (const [cls, list] of byClass) edgeItems.push({ key: `${cls}~`, cls, d: list.join('') });
  }
  layers.edges
    .selectAll<SVGPathElement, { key: string; cls: string; d: string }>('path.edge')
    .data(edgeItems, (e) => e.key)
    .join((enter) => {
      const p = enter.append('path');
      if (text) p.attr('marker-end', 'url(#arrow)');
      return p;
    })
    .each(function (e) {
      setAttr(this, 'class', e.cls);
      setAttr(this, 'd', e.d);
    });

  layers.boxes
    .selectAll<SVGGElement, LayoutBox>('g.box')
    .data(leaves, key)
    .join((enter) => {
      const g = keyed(enter.append('g'));
      g.append('rect');
      if (text) {
        g.append('text').attr('class', 'title').attr('x', 8).attr('y', 16);
        g.append('text').attr('class', 'sub').attr('x', 8);
        // Only groups can be expanded: layers get no toggle.
        g.filter((b) => b.kind === 'group').append('text').attr('class', 'toggle').attr('y', 18).text('+');
      }
      return g;
    })
    .each(function (b) {
      const group = b.kind === 'group';
      setAttr(this, 'class', classes(d, b, s, `box item${group ? ' collapsed' : ''}`));
      setAttr(this, 'data-id', b.id);
      setAttr(this, 'transform', `translate(${b.x},${b.y})`);
      const rect = this.firstElementChild!;
      setAttr(rect, 'width', String(b.w));
      setAttr(rect, 'height', String(b.h));
      setAttr(rect, 'rx', group ? '6' : '3');
      if (!text) return;
      setText(this.querySelector('text.title'), truncate(boxTitle(d, b), group ? 26 : 22));
      const sub = this.querySelector('text.sub');
      if (sub) {
        setAttr(sub, 'y', group ? '36' : '32');
        setText(sub, truncate(group ? groupSubtitle(d, d.groups[b.index]) : opSummary(d.nodes[b.index].attrs), group ? 42 : 28));
      }
      const toggle = this.querySelector('text.toggle');
      if (toggle) setAttr(toggle, 'x', String(b.w - 16));
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
