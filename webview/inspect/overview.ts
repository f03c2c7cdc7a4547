// The overview (minimap) of a tall diagram: every box as a small rectangle, the part on screen as
// a frame; clicking or dragging in it moves the view there. Shown only when the diagram is much
// taller or wider than the view at the current zoom.
import type { Layout } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Largest size of the overview in CSS pixels. */
const MAX_W = 96;
const MAX_H_FRACTION = 0.8;

export interface OverviewTarget {
  readonly layout: Layout | undefined;
  viewRect(): { x: number; y: number; w: number; h: number };
  centerOn(x: number, y: number): void;
}

export class Overview {
  readonly element: SVGSVGElement;
  private readonly boxes: SVGPathElement;
  private readonly view: SVGRectElement;
  private drawnFor: Layout | undefined;
  private scale = 1;

  constructor(host: HTMLElement, private readonly target: OverviewTarget) {
    this.element = document.createElementNS(SVG_NS, 'svg');
    this.element.setAttribute('class', 'overview');
    this.element.setAttribute('aria-hidden', 'true');
    this.boxes = document.createElementNS(SVG_NS, 'path');
    this.boxes.setAttribute('class', 'overview-boxes');
    this.view = document.createElementNS(SVG_NS, 'rect');
    this.view.setAttribute('class', 'overview-view');
    this.element.append(this.boxes, this.view);
    this.element.style.display = 'none';
    host.append(this.element);
    let dragging = false;
    const move = (e: PointerEvent) => {
      const r = this.element.getBoundingClientRect();
      this.target.centerOn((e.clientX - r.left) / this.scale, (e.clientY - r.top) / this.scale);
    };
    this.element.addEventListener('pointerdown', (e) => {
      dragging = true;
      this.element.setPointerCapture(e.pointerId);
      move(e);
      e.preventDefault();
    });
    this.element.addEventListener('pointermove', (e) => dragging && move(e));
    this.element.addEventListener('pointerup', () => (dragging = false));
  }

  /** Redraws for the current layout and view; hides itself when the whole diagram is on screen. */
  update(hostHeight: number): void {
    const l = this.target.layout;
    const v = this.target.viewRect();
    const needed = !!l && (l.height > v.h * 1.5 || l.width > v.w * 1.5);
    this.element.style.display = needed ? '' : 'none';
    if (!l || !needed) return;
    if (this.drawnFor !== l) {
      this.drawnFor = l;
      this.scale = Math.min(MAX_W / l.width, (hostHeight * MAX_H_FRACTION) / l.height);
      const k = this.scale;
      this.element.setAttribute('width', String(Math.ceil(l.width * k)));
      this.element.setAttribute('height', String(Math.ceil(l.height * k)));
      // One path for every box that is not an open frame: a few hundred sub-paths, one element.
      this.boxes.setAttribute('d', l.boxes.filter((b) => !b.expanded).map((b) => `M${(b.x * k).toFixed(1)} ${(b.y * k).toFixed(1)}h${Math.max(1, b.w * k).toFixed(1)}v${Math.max(1, b.h * k).toFixed(1)}h${(-Math.max(1, b.w * k)).toFixed(1)}z`).join(''));
    }
    const k = this.scale;
    this.view.setAttribute('x', String(v.x * k));
    this.view.setAttribute('y', String(v.y * k));
    this.view.setAttribute('width', String(Math.max(2, v.w * k)));
    this.view.setAttribute('height', String(Math.max(2, v.h * k)));
  }
}
