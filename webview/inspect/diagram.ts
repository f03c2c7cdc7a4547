// One interactive diagram (a slot): expansion state, layout, zoom and pan, selection, keyboard
// focus and search highlights. Owns its SVG; reports hover and selection to the page.
import { displayLabel } from './labels';
import { zoom, zoomIdentity, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import type { ModelData } from '../../extension/protocol/inspect';
import { groupItem, layoutDiagram, nodeItem, type Layout, type LayoutBox } from './layout';
import { makeScale, modelValues, type Metric, type Scale } from './metrics';
import { createSvg, renderDiagram, type Layers } from './render';

export interface DiagramEvents {
  hover(box: LayoutBox | undefined, at: { x: number; y: number }): void;
  select(box: LayoutBox | undefined): void;
  /** Expansion changed (for the page's saved state). */
  changed(): void;
  /** The view moved or zoomed (for the overview). */
  viewChanged?(): void;
}

/** A wheel event that zooms rather than scrolls: Ctrl or ⌘ held (a trackpad pinch sets ctrlKey). */
const isZoomWheel = (e: WheelEvent): boolean => e.ctrlKey || e.metaKey;

/** A stable key for an item across recomputes: `g:layer3` or `n:layer3.0.conv1`. */
export type ItemKey = string;

export class Diagram {
  data: ModelData | undefined;
  layout: Layout | undefined;
  /** Expanded group paths (paths survive a recompute; indices may not). */
  readonly expanded = new Set<string>();
  selected: ItemKey | undefined;
  focused: ItemKey | undefined;
  metric: Metric = 'macs';
  matches = new Set<ItemKey>();
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly layers: Layers;
  private readonly zoomer: ZoomBehavior<SVGSVGElement, unknown>;
  private groupByPath = new Map<string, number>();
  private nodeByPath = new Map<string, number>();
  scale: Scale = makeScale([], 'none');
  private scaleOf: { data: ModelData | undefined; metric: Metric } = { data: undefined, metric: 'none' };
  /** Current zoom transform (kept here so that nothing has to read it back from the DOM). */
  private transform = { k: 1, x: 0, y: 0 };
  /** Size of the SVG in CSS pixels, kept by a ResizeObserver (reading it would force a layout). */
  private size = { width: 0, height: 0 };
  /** The diagram-space rectangle and detail level the DOM currently holds. */
  private rendered: { x0: number; y0: number; x1: number; y1: number; text: boolean } | undefined;
  private cullPending = false;
  private refitPending = false;
  /** Render everything (for export) instead of only what is in view. */
  private renderAll = false;
  /** Compare mode: top-level group index → row shared with the other diagram (see layoutDiagram). */
  align: ReadonlyMap<number, number> | undefined;
  /** Compare mode: the other diagram, whose fitted zoom this one shares so that rows line up. */
  peer: Diagram | undefined;
  /** Milliseconds of the last layout and render, for the bench. */
  lastTimings = { layout: 0, render: 0 };

  constructor(
    readonly host: HTMLElement,
    private readonly events: DiagramEvents,
    label: string,
  ) {
    const { svg, viewport, layers } = createSvg(host, label);
    this.svg = svg;
    this.viewport = viewport;
    this.layers = layers;
    this.zoomer = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.01, 4])
      // As VS Code's own diagram views: the wheel scrolls, Ctrl/⌘+wheel (and a trackpad pinch,
      // which arrives as Ctrl+wheel) zooms; dragging pans.
      .filter((e: Event) => (e.type === 'wheel' ? isZoomWheel(e as WheelEvent) : !(e as MouseEvent).ctrlKey && !(e as MouseEvent).button))
      .wheelDelta((e: WheelEvent) => -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * (e.deltaMode === 0 && Math.abs(e.deltaY) < 20 ? 5 : 1))
      .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => {
        this.viewport.attr('transform', e.transform.toString());
        this.transform = { k: e.transform.k, x: e.transform.x, y: e.transform.y };
        this.scheduleCull();
        this.events.viewChanged?.();
      });
    this.svg.call(this.zoomer).on('dblclick.zoom', null);
    this.svg.on('wheel.pan', (e: WheelEvent) => {
      if (isZoomWheel(e)) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.size.height : 1;
      // Shift+wheel scrolls sideways (as in an editor).
      const [dx, dy] = e.shiftKey && e.deltaX === 0 ? [e.deltaY, 0] : [e.deltaX, e.deltaY];
      this.panBy(-dx * unit, -dy * unit);
    });
    this.svg.on('click', (e: MouseEvent) => this.onClick(e));
    this.svg.on('dblclick', (e: MouseEvent) => {
      const box = this.boxAt(e.target);
      if (box?.kind === 'group') this.toggle(box.index);
    });
    this.svg.on('mousemove', (e: MouseEvent) => this.events.hover(this.boxAt(e.target), { x: e.clientX, y: e.clientY }));
    this.svg.on('mouseleave', () => this.events.hover(undefined, { x: 0, y: 0 }));
    this.svg.on('keydown', (e: KeyboardEvent) => this.onKey(e));
    this.size = { width: host.clientWidth, height: host.clientHeight };
    new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.size = { width: r.width, height: r.height };
      if (this.refitPending) {
        this.refitPending = false;
        this.fit();
      }
      this.scheduleCull();
    }).observe(host);
  }

  /** Fits the diagram again the next time its size changes (a compare pane opens or closes). */
  refitWhenResized(): void {
    this.refitPending = true;
  }

  /** Zoom below which box labels are not drawn (they would be under ~5 px tall). */
  static readonly TEXT_MIN_ZOOM = 0.4;

  private visibleRect(): { x0: number; y0: number; x1: number; y1: number; text: boolean } {
    const { k, x, y } = this.transform;
    const w = this.size.width || 1400;
    const h = this.size.height || 900;
    // One screen of margin on every side, so small pans need no re-render.
    return { x0: (-x - w) / k, y0: (-y - h) / k, x1: (2 * w - x) / k, y1: (2 * h - y) / k, text: k >= Diagram.TEXT_MIN_ZOOM };
  }

  private scheduleCull(): void {
    if (this.cullPending || !this.layout) return;
    this.cullPending = true;
    requestAnimationFrame(() => {
      this.cullPending = false;
      const r = this.rendered;
      const v = this.visibleRect();
      const k = this.transform.k;
      const w = (this.size.width || 1400) / k;
      const h = (this.size.height || 900) / k;
      const inside = r && r.text === v.text && v.x0 + w >= r.x0 && v.y0 + h >= r.y0 && v.x1 - w <= r.x1 && v.y1 - h <= r.y1;
      if (!inside) this.paint();
    });
  }

  get svgElement(): SVGSVGElement {
    return this.svg.node()!;
  }

  setData(data: ModelData): void {
    const prev = this.data?.source;
    // A different model starts collapsed to stages; a recompute of the same one keeps the view.
    const first = !prev || JSON.stringify(prev) !== JSON.stringify(data.source);
    if (prev && first) {
      this.expanded.clear();
      this.selected = undefined;
      this.focused = undefined;
      this.matches.clear();
    }
    this.data = data;
    this.groupByPath = new Map(data.groups.map((g, i) => [g.path, i]));
    this.nodeByPath = new Map(data.nodes.map((n, i) => [n.path, i]));
    for (const p of [...this.expanded]) if (!this.groupByPath.has(p)) this.expanded.delete(p);
    if (first) {
      // Fit before the first paint, so that only what the fitted view shows gets drawn.
      this.relayout();
      this.fit();
      this.repaint();
    } else {
      this.redraw();
    }
    if (this.selected && !this.resolveKey(this.selected)) this.selected = undefined;
  }

  keyOf(b: Pick<LayoutBox, 'kind' | 'index'>): ItemKey {
    const d = this.data!;
    return b.kind === 'group' ? `g:${d.groups[b.index].path}` : `n:${d.nodes[b.index].path}`;
  }

  /** The visible box that shows an item key (itself, or its nearest collapsed ancestor when `nearest`). */
  boxOfKey(key: ItemKey, nearest = true): LayoutBox | undefined {
    const d = this.data;
    if (!d || !this.layout) return undefined;
    const ref = this.resolveKey(key);
    if (!ref) return undefined;
    const byId = new Map(this.layout.boxes.map((b) => [b.id, b]));
    let id = ref.kind === 'group' ? groupItem(ref.index) : nodeItem(ref.index);
    let g = ref.kind === 'group' ? d.groups[ref.index].parent : d.nodes[ref.index].group;
    while (!byId.has(id) && nearest && g >= 0) {
      id = groupItem(g);
      g = d.groups[g].parent;
    }
    return byId.get(id);
  }

  resolveKey(key: ItemKey): { kind: 'group' | 'node'; index: number } | undefined {
    const path = key.slice(2);
    if (key.startsWith('g:')) {
      const i = this.groupByPath.get(path);
      return i === undefined ? undefined : { kind: 'group', index: i };
    }
    const i = this.nodeByPath.get(path);
    return i === undefined ? undefined : { kind: 'node', index: i };
  }

  /** A key from a path typed by a user or sent by a hover link: a group path first, else a node path. */
  keyForPath(path: string): ItemKey | undefined {
    if (this.groupByPath.has(path)) return `g:${path}`;
    if (this.nodeByPath.has(path)) return `n:${path}`;
    return undefined;
  }

  private expandedIndices(): Set<number> {
    const s = new Set<number>();
    for (const p of this.expanded) {
      const i = this.groupByPath.get(p);
      if (i !== undefined) s.add(i);
    }
    return s;
  }

  /** Lays out again (expansion or data changed) and repaints. */
  redraw(): void {
    if (!this.data) return;
    this.relayout();
    this.repaint();
  }

  private relayout(): void {
    const t0 = performance.now();
    this.layout = layoutDiagram(this.data!, this.expandedIndices(), this.align);
    this.lastTimings.layout = performance.now() - t0;
    this.events.viewChanged?.();
  }

  private repaint(): void {
    const d = this.data!;
    const t0 = performance.now();
    // Fixed bins per model and metric (over every group and layer, not what is visible), so a
    // colour keeps its meaning as groups open and close.
    if (this.scaleOf.data !== d || this.scaleOf.metric !== this.metric) {
      this.scale = makeScale(modelValues(d, this.metric), this.metric);
      this.scaleOf = { data: d, metric: this.metric };
    }
    this.paint();
    this.lastTimings.render = performance.now() - t0;
  }

  /** Draws the boxes and edges near the view (all of them when exporting). */
  private paint(): void {
    const d = this.data;
    if (!d || !this.layout) return;
    const idOfKey = (k: ItemKey | undefined) => {
      if (!k) return undefined;
      const r = this.resolveKey(k);
      return r ? (r.kind === 'group' ? groupItem(r.index) : nodeItem(r.index)) : undefined;
    };
    const matches = new Set<string>();
    for (const k of this.matches) {
      const id = idOfKey(k);
      if (id) matches.add(id);
    }
    const view = this.renderAll ? { x0: -Infinity, y0: -Infinity, x1: Infinity, y1: Infinity, text: true } : this.visibleRect();
    this.rendered = view;
    // An export shows the diagram, not the session: no selection ring, focus or search marks.
    const plain = this.renderAll;
    renderDiagram(this.layers, d, this.layout, { metric: this.metric, scale: this.scale, selected: plain ? undefined : idOfKey(this.selected), focused: plain ? undefined : idOfKey(this.focused), matches: plain ? new Set() : matches }, view);
  }

  /** Runs `body` with every box and label in the DOM (export), then returns to the culled view. */
  withEverything<T>(body: () => T): T {
    this.renderAll = true;
    this.paint();
    try {
      return body();
    } finally {
      this.renderAll = false;
      this.paint();
    }
  }

  toggle(groupIndex: number, open?: boolean): void {
    const d = this.data;
    if (!d || groupIndex === 0) return;
    const path = d.groups[groupIndex].path;
    const anchor = this.layout?.boxes.find((b) => b.kind === 'group' && b.index === groupIndex);
    const want = open ?? !this.expanded.has(path);
    if (want) this.expanded.add(path);
    else this.expanded.delete(path);
    this.redraw();
    // Keep the toggled group where it was on screen.
    const after = this.layout?.boxes.find((b) => b.kind === 'group' && b.index === groupIndex);
    if (anchor && after) this.svg.call(this.zoomer.translateBy, anchor.x - after.x, anchor.y - after.y);
    this.events.changed();
  }

  /** Expands every group (`true`), or collapses to the top level (`false`). */
  expandAll(open: boolean): void {
    const d = this.data;
    if (!d) return;
    this.expanded.clear();
    if (open) d.groups.forEach((g, i) => i > 0 && this.expanded.add(g.path));
    this.redraw();
    this.fit();
    this.events.changed();
  }

  /** Expands the ancestors of an item so that it has a box of its own. */
  expandTo(key: ItemKey): void {
    const d = this.data;
    const ref = this.resolveKey(key);
    if (!d || !ref) return;
    let g = ref.kind === 'group' ? d.groups[ref.index].parent : d.nodes[ref.index].group;
    while (g > 0) {
      this.expanded.add(d.groups[g].path);
      g = d.groups[g].parent;
    }
  }

  select(key: ItemKey | undefined, reveal = false): void {
    this.selected = key;
    this.focused = key ?? this.focused;
    if (key && reveal) this.expandTo(key);
    this.redraw();
    if (key && reveal) this.center(key);
    this.events.select(key ? this.boxOfKey(key) : undefined);
    this.events.changed();
  }

  /**
   * The zoom of Fit (undefined before a layout and a size): the whole diagram when it is then
   * still readable, else its width (a tall graph, such as a fully expanded DenseNet-201, is then
   * read by scrolling, with the overview to find one's way), never below the zoom at which labels
   * are drawn unless even the width does not fit.
   */
  fitScale(): number | undefined {
    const l = this.layout;
    const { width, height } = this.size;
    if (!l || width === 0 || height === 0) return undefined;
    const byWidth = Math.min(1.2, (width - 24) / l.width);
    const whole = Math.min(byWidth, (height - 24) / l.height);
    return whole >= Diagram.TEXT_MIN_ZOOM ? whole : Math.max(whole, Math.min(byWidth, 1));
  }

  /** Fits the view (see fitScale); in compare mode both diagrams take the smaller zoom, so their rows line up. */
  fit(withPeer = true): void {
    const l = this.layout;
    let k = this.fitScale();
    if (!l || k === undefined) return;
    const other = this.peer?.fitScale();
    if (other !== undefined) k = Math.min(k, other);
    const t = zoomIdentity.translate((this.size.width - l.width * k) / 2, 12).scale(k);
    this.svg.call(this.zoomer.transform, t);
    if (withPeer) this.peer?.fit(false);
  }

  /** Pans by screen pixels (the wheel, the overview). */
  panBy(dx: number, dy: number): void {
    this.svg.call(this.zoomer.translateBy, dx / this.transform.k, dy / this.transform.k);
  }

  /** Pans so that the diagram point (x, y) is in the middle of the view, at the current zoom. */
  centerOn(x: number, y: number): void {
    const { width, height } = this.size;
    const k = this.transform.k;
    this.svg.call(this.zoomer.transform, zoomIdentity.translate(width / 2 - x * k, height / 2 - y * k).scale(k));
  }

  /** The diagram-space rectangle on screen (for the overview). */
  viewRect(): { x: number; y: number; w: number; h: number } {
    const { k, x, y } = this.transform;
    return { x: -x / k, y: -y / k, w: this.size.width / k, h: this.size.height / k };
  }

  /** Pans (and zooms in if too small to read) so that an item is in the middle of the view. */
  center(key: ItemKey): void {
    const b = this.boxOfKey(key);
    if (!b) return;
    const { width, height } = this.size;
    const current = this.transform.k;
    const k = Math.max(current, Math.min(1, (width * 0.8) / b.w));
    const t = zoomIdentity.translate(width / 2 - (b.x + b.w / 2) * k, height / 2 - (b.y + b.h / 2) * k).scale(k);
    this.svg.call(this.zoomer.transform, t);
  }

  zoomBy(factor: number): void {
    this.svg.call(this.zoomer.scaleBy, factor);
  }

  private boxAt(target: EventTarget | null): LayoutBox | undefined {
    const el = (target as Element | null)?.closest?.('.item');
    const id = el?.getAttribute('data-id');
    if (!id || !this.layout) return undefined;
    return this.layout.boxes.find((b) => b.id === id);
  }

  private onClick(e: MouseEvent): void {
    const box = this.boxAt(e.target);
    if (!box) return;
    if ((e.target as Element).classList.contains('toggle') && box.kind === 'group') {
      this.toggle(box.index);
      return;
    }
    this.select(this.keyOf(box));
  }

  /** Boxes in reading order (frames before their children), excluding the model frame. */
  private order(): LayoutBox[] {
    return (this.layout?.boxes ?? []).filter((b) => b.level > 0);
  }

  private onKey(e: KeyboardEvent): void {
    const boxes = this.order();
    if (boxes.length === 0) return;
    const current = this.focused ? this.boxOfKey(this.focused) : undefined;
    const i = current ? boxes.findIndex((b) => b.id === current.id) : -1;
    const focus = (b: LayoutBox | undefined) => {
      if (!b) return;
      this.focused = this.keyOf(b);
      this.redraw();
      this.center(this.focused);
      this.events.hover(undefined, { x: 0, y: 0 });
      this.svg.attr('aria-label', `${b.kind === 'group' ? displayLabel(this.data!.groups[b.index].label) : this.data!.nodes[b.index].path}`);
    };
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        focus(boxes[Math.min(boxes.length - 1, i + 1)]);
        break;
      case 'ArrowUp':
        focus(boxes[Math.max(0, i - 1)]);
        break;
      case 'ArrowRight':
        if (current?.kind === 'group' && !current.expanded) this.toggle(current.index, true);
        else if (current?.expanded) focus(boxes[i + 1]);
        break;
      case 'ArrowLeft':
        if (current?.kind === 'group' && current.expanded) this.toggle(current.index, false);
        else if (current?.parent && current.parent !== 'g0') focus(this.layout!.boxes.find((b) => b.id === current.parent));
        break;
      case 'Home':
        focus(boxes[0]);
        break;
      case 'End':
        focus(boxes[boxes.length - 1]);
        break;
      case 'Enter':
        // Selects (details in the side pane) and opens or closes a group, like a tree's Enter.
        if (current) {
          this.select(this.keyOf(current));
          if (current.kind === 'group') this.toggle(current.index);
        }
        break;
      case ' ':
        if (current) this.select(this.keyOf(current));
        break;
      case '+':
      case '=':
        this.zoomBy(1.25);
        break;
      case '-':
        this.zoomBy(0.8);
        break;
      case '0':
        this.fit();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }
}

