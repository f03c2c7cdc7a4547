// The CAM overlay of the results page: per image, the raw class activation map of one of its top
// classes drawn over the network's crop or over the whole image (through the resize + crop), with
// opacity, a theme-aware diverging colour map (the editor's chart colours), the h × w grid, a
// toggle per image and one for all, and PNG export. Hovering a grid cell outlines that cell's
// theoretical receptive field and its smallest path's field on the image (clipped to the crop),
// from the engine's boxes the host sent; a global field says so instead. Canvas only: no inline
// styles or scripts (CSP-strict).
import * as l10n from '@vscode/l10n';
import type { ImageRow, RunInfo } from '../../shared/protocol/classify';
import type { SaveCamPngParams } from '../../shared/protocol/classifyCam';
import type { CamLensData, ImageCams } from '../../shared/protocol/classifyCam';
import { boxToImage, camRange, camRgba, cellAt, cellRect, cropRect, parseCssColour, viewRect, type CamView, type Rect, type Rgb } from './camGeometry';
import { shownLabel } from './view';

export interface CamUiState {
  /** The "all images" toggle; a per-image choice overrides it until the next "all" click. */
  all: boolean;
  /** 0..1 */
  opacity: number;
  grid: boolean;
  view: CamView;
  perImage: Map<string, { on?: boolean; classPos: number }>;
}

export const camUi: CamUiState = { all: false, opacity: 0.6, grid: true, view: 'crop', perImage: new Map() };

/** Asks the host to save an overlay. */
type Post = (m: SaveCamPngParams) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void, opts: { disabled?: boolean; title?: string; cls?: string } = {}): HTMLLabelElement {
  const l = el('label', `cam-check${opts.cls ? ` ${opts.cls}` : ''}`);
  const input = el('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.disabled = opts.disabled === true;
  input.addEventListener('change', () => onChange(input.checked));
  l.append(input, document.createTextNode(` ${label}`));
  if (opts.title) l.title = opts.title;
  return l;
}

function select<T extends string>(label: string, options: readonly { value: T; text: string }[], value: T, onChange: (v: T) => void, cls: string): HTMLLabelElement {
  const l = el('label', cls, `${label} `);
  const s = el('select');
  for (const o of options) {
    const opt = el('option', undefined, o.text);
    opt.value = o.value;
    opt.selected = o.value === value;
    s.appendChild(opt);
  }
  s.addEventListener('change', () => onChange(s.value as T));
  l.appendChild(s);
  return l;
}

/** The page-wide CAM controls, or a disabled toggle with the reason when the model has no CAM. */
export function camToolbar(info: RunInfo, rerender: () => void): HTMLElement {
  const bar = el('div', 'cam-toolbar');
  const cam = info.cam;
  if (cam && !cam.available) {
    bar.appendChild(checkbox(l10n.t('Class activation maps'), false, () => undefined, { disabled: true, title: cam.reason, cls: 'cam-all' }));
    bar.appendChild(el('span', 'cam-unavailable muted', l10n.t('Unavailable: {0}', cam.reason)));
    return bar;
  }
  if (!cam) {
    bar.appendChild(checkbox(l10n.t('Class activation maps'), false, () => undefined, { disabled: true, title: l10n.t('known once the first images are classified'), cls: 'cam-all' }));
    return bar;
  }
  bar.appendChild(
    checkbox(l10n.t('Class activation maps on all images'), camUi.all, (v) => {
      camUi.all = v;
      for (const s of camUi.perImage.values()) delete s.on;
      rerender();
    }, { cls: 'cam-all' }),
  );
  const opacity = el('label', 'cam-opacity', `${l10n.t('opacity')} `);
  const range = el('input');
  range.type = 'range';
  range.min = '0';
  range.max = '100';
  range.value = String(Math.round(camUi.opacity * 100));
  range.addEventListener('input', () => {
    camUi.opacity = Number(range.value) / 100;
    redrawAll();
  });
  opacity.appendChild(range);
  bar.append(
    opacity,
    checkbox('grid', camUi.grid, (v) => {
      camUi.grid = v;
      redrawAll();
    }, { cls: 'cam-grid' }),
    select<CamView>('view', [{ value: 'crop', text: l10n.t('network crop') }, { value: 'image', text: l10n.t('whole image') }], camUi.view, (v) => {
      camUi.view = v;
      rerender();
    }, 'cam-view'),
  );
  return bar;
}

interface Figure {
  row: ImageRow;
  cams: ImageCams;
  classPos: number;
  label: string;
  lens: CamLensData | undefined;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  /** CSS pixels per image pixel. */
  scale: number;
  view: Rect;
  hover?: [number, number];
  /** The map at grid resolution, and what it was drawn with. */
  heat?: HTMLCanvasElement;
  heatKey?: string;
}

const figures = new Set<Figure>();
const images = new Map<string, { img: HTMLImageElement; ok: boolean; tainted: boolean }>();

/** The image as a canvas source: loaded once per URL with CORS (the webview's resource server allows it) so that export is not tainted. */
function imageFor(url: string): { img: HTMLImageElement; ok: boolean; tainted: boolean } {
  let e = images.get(url);
  if (!e) {
    const img = new Image();
    const entry = { img, ok: false, tainted: false };
    e = entry;
    images.set(url, entry);
    img.crossOrigin = 'anonymous';
    img.decoding = 'async';
    img.addEventListener('load', () => {
      entry.ok = true;
      redrawAll();
    });
    img.addEventListener('error', () => {
      if (img.crossOrigin !== null) {
        // Without CORS the image still shows; only the PNG export loses it.
        entry.tainted = true;
        img.removeAttribute('crossorigin');
        img.src = url;
      }
    });
    img.src = url;
  }
  return e;
}

interface Colours {
  pos: Rgb;
  neg: Rgb;
  grid: string;
  box: string;
  smallest: string;
  cell: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The theme's chart colours (high-contrast themes included), read at draw time. */
function colours(): Colours {
  return {
    pos: parseCssColour(cssVar('--vscode-charts-red', '#f14c4c')) ?? [241, 76, 76],
    neg: parseCssColour(cssVar('--vscode-charts-blue', '#3794ff')) ?? [55, 148, 255],
    grid: cssVar('--vscode-editorWidget-border', '#808080'),
    box: cssVar('--vscode-charts-yellow', '#cca700'),
    smallest: cssVar('--vscode-charts-green', '#89d185'),
    cell: cssVar('--vscode-focusBorder', '#007fd4'),
  };
}

/** The map as a grid-sized canvas (one pixel per cell), upscaled when drawn. */
function heatCanvas(values: readonly number[], grid: readonly [number, number], c: Colours, opacity: number): HTMLCanvasElement {
  const [h, w] = grid;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const data = ctx.createImageData(w, h);
  const { maxAbs } = camRange(values);
  for (let i = 0; i < values.length; i++) data.data.set(camRgba(values[i], maxAbs, c.pos, c.neg, opacity), i * 4);
  ctx.putImageData(data, 0, 0);
  return canvas;
}

/** Draws figure `f` into `ctx` at `scale` canvas pixels per image pixel. */
function drawFigure(ctx: CanvasRenderingContext2D, f: Figure, scale: number, withHover: boolean): void {
  const c = colours();
  const { cams } = f;
  const g = cams.geometry;
  const map = cams.maps[f.classPos];
  const tx = (r: Rect): Rect => ({ x: (r.x - f.view.x) * scale, y: (r.y - f.view.y) * scale, w: r.w * scale, h: r.h * scale });
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const url = f.row.thumb;
  if (url) {
    const e = imageFor(url);
    if (e.ok) ctx.drawImage(e.img, -f.view.x * scale, -f.view.y * scale, g.image[0] * scale, g.image[1] * scale);
  }
  const crop = tx(cropRect(g));
  ctx.imageSmoothingEnabled = true;
  const key = `${f.classPos}|${camUi.opacity}|${c.pos.join(',')}|${c.neg.join(',')}`;
  if (f.heatKey !== key || !f.heat) {
    f.heat = heatCanvas(map.values, cams.grid, c, camUi.opacity);
    f.heatKey = key;
  }
  ctx.drawImage(f.heat, crop.x, crop.y, crop.w, crop.h);
  ctx.lineWidth = 1;
  if (camUi.grid) {
    ctx.strokeStyle = c.grid;
    ctx.globalAlpha = 0.6;
    ctx.beginPath();
    for (let i = 1; i < cams.grid[0]; i++) {
      const y = crop.y + (i * crop.h) / cams.grid[0];
      ctx.moveTo(crop.x, y);
      ctx.lineTo(crop.x + crop.w, y);
    }
    for (let j = 1; j < cams.grid[1]; j++) {
      const x = crop.x + (j * crop.w) / cams.grid[1];
      ctx.moveTo(x, crop.y);
      ctx.lineTo(x, crop.y + crop.h);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
  if (camUi.view === 'image') {
    ctx.strokeStyle = c.cell;
    ctx.setLineDash([4, 3]);
    ctx.strokeRect(crop.x + 0.5, crop.y + 0.5, crop.w - 1, crop.h - 1);
    ctx.setLineDash([]);
  }
  if (withHover && f.hover) {
    const [r, col] = f.hover;
    const cell = tx(cellRect(g, cams.grid, r, col));
    ctx.lineWidth = 2;
    ctx.strokeStyle = c.cell;
    ctx.strokeRect(cell.x, cell.y, cell.w, cell.h);
    const lens = f.lens;
    if (lens && !lens.global) {
      const boxes = lens.cells[r * cams.grid[1] + col];
      const rf = boxes && boxToImage(boxes.box, g);
      const small = boxes && boxToImage(boxes.smallest, g);
      if (rf) {
        const b = tx(rf);
        ctx.strokeStyle = c.box;
        ctx.strokeRect(b.x + 1, b.y + 1, b.w - 2, b.h - 2);
      }
      if (small) {
        const b = tx(small);
        ctx.strokeStyle = c.smallest;
        ctx.setLineDash([3, 2]);
        ctx.strokeRect(b.x + 1, b.y + 1, b.w - 2, b.h - 2);
        ctx.setLineDash([]);
      }
    }
  }
}

/** Forgets the figures of the previous render (the page rebuilds its DOM on each update). */
export function resetCamFigures(): void {
  figures.clear();
}

function redraw(f: Figure): void {
  const ctx = f.canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  drawFigure(ctx, f, f.scale * dpr, true);
}

function redrawAll(): void {
  for (const f of [...figures]) redraw(f);
}

/** What the caption says: the class and the map's range, and at a hovered cell its value and boxes. */
function captionText(f: Figure): string {
  const map = f.cams.maps[f.classPos];
  const range = camRange(map.values);
  const [h, w] = f.cams.grid;
  const head = l10n.t('CAM of {0} (class {1}), {2}×{3} grid, raw Σ W·F from {4} to {5}', f.label, map.class, h, w, range.min.toFixed(3), range.max.toFixed(3));
  if (!f.hover) return l10n.t('{0}. Hover a cell for its receptive field.', head);
  const [r, c] = f.hover;
  const v = map.values[r * w + c];
  const lens = f.lens;
  let rf: string;
  if (!lens) rf = l10n.t('receptive field unknown (an .onnx file: its architecture is not known)');
  else if (lens.global) rf = l10n.t('receptive field of {0}: global — {1}', lens.node, lens.reason);
  else {
    const b = lens.cells[r * w + c];
    rf = l10n.t('receptive field {0} px: input box [{1}]; smallest path {2} px: [{3}] (drawn clipped to the crop)', lens.size, b.box.join(', '), lens.min, b.smallest.join(', '));
  }
  return l10n.t('{0}. Cell ({1}, {2}) = {3}; {4}.', head, r, c, v.toFixed(4), rf);
}

function isOn(row: ImageRow): boolean {
  return camUi.perImage.get(row.image)?.on ?? camUi.all;
}

function stateOf(row: ImageRow): { on?: boolean; classPos: number } {
  let s = camUi.perImage.get(row.image);
  if (!s) {
    s = { classPos: 0 };
    camUi.perImage.set(row.image, s);
  }
  return s;
}

/** Saves the overlay at the image's own resolution (capped at 4096 px a side) through the host. */
function exportPng(f: Figure, post: Post, say: (m: string) => void): void {
  const scale = Math.min(1, 4096 / Math.max(f.view.w, f.view.h));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(f.view.w * scale));
  canvas.height = Math.max(1, Math.round(f.view.h * scale));
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  drawFigure(ctx, f, scale, true);
  try {
    post({ image: f.row.image, class: f.cams.maps[f.classPos].class, png: canvas.toDataURL('image/png') });
  } catch {
    // A tainted canvas (the image came without CORS): save the overlay alone.
    const alone = { ...f, row: { ...f.row, thumb: null } };
    drawFigure(ctx, alone, scale, true);
    post({ image: f.row.image, class: f.cams.maps[f.classPos].class, png: canvas.toDataURL('image/png') });
    say(l10n.t('The image could not be read back from the page: the PNG holds the overlay alone.'));
  }
}

/**
 * One image's CAM block: its toggle, class choice and export, and (when on) the canvas.
 * `size` is the canvas's longer side in CSS pixels. Undefined when the row has no maps.
 */
export function camSection(row: ImageRow, info: RunInfo, size: number, rerender: () => void, post: Post, say: (m: string) => void): HTMLElement | undefined {
  const cams = row.cams;
  if (!cams || !info.cam?.available || cams.maps.length === 0) return undefined;
  const s = stateOf(row);
  const classPos = Math.min(s.classPos, cams.maps.length - 1);
  const sec = el('div', 'cam');
  const controls = el('div', 'cam-controls');
  controls.appendChild(
    checkbox('CAM', isOn(row), (v) => {
      stateOf(row).on = v;
      rerender();
    }, { cls: 'cam-toggle', title: l10n.t('Show the class activation map of {0}', row.name) }),
  );
  sec.appendChild(controls);
  if (!isOn(row)) return sec;
  const labelOf = (cls: number): string => {
    const t = row.top.find((c) => c.index === cls);
    return t ? shownLabel(t) : l10n.t('class {0}', cls);
  };
  controls.appendChild(
    select('class', cams.maps.map((m, i) => ({ value: String(i), text: `${i + 1}. ${labelOf(m.class)}` })), String(classPos), (v) => {
      stateOf(row).classPos = Number(v);
      rerender();
    }, 'cam-class'),
  );
  const view = viewRect(cams.geometry, camUi.view);
  const scale = size / Math.max(view.w, view.h);
  const canvas = el('canvas', 'cam-canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(view.w * scale * dpr));
  canvas.height = Math.max(1, Math.round(view.h * scale * dpr));
  canvas.style.width = `${Math.round(view.w * scale)}px`;
  const caption = el('div', 'cam-caption');
  caption.setAttribute('role', 'status');
  const f: Figure = { row, cams, classPos, label: labelOf(cams.maps[classPos].class), lens: info.cam.lens, canvas, caption, scale, view };
  figures.add(f);
  canvas.setAttribute('aria-label', l10n.t('Class activation map of {0} for {1}', row.name, f.label));
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    // Through the displayed size, which CSS may have scaled (max-width).
    const x = ((e.clientX - rect.left) * f.view.w) / rect.width + f.view.x;
    const y = ((e.clientY - rect.top) * f.view.h) / rect.height + f.view.y;
    const cell = cellAt(cams.geometry, cams.grid, x, y);
    if (cell?.[0] === f.hover?.[0] && cell?.[1] === f.hover?.[1]) return;
    f.hover = cell;
    redraw(f);
    caption.textContent = captionText(f);
  });
  canvas.addEventListener('mouseleave', () => {
    f.hover = undefined;
    redraw(f);
    caption.textContent = captionText(f);
  });
  const save = el('button', 'cam-save', l10n.t('Save PNG…'));
  save.title = l10n.t('Save this overlay (image, map, grid, hovered boxes) as a PNG');
  save.addEventListener('click', () => exportPng(f, post, say));
  controls.appendChild(save);
  caption.textContent = captionText(f);
  sec.append(canvas, caption);
  redraw(f);
  return sec;
}

/** Redraws every overlay when the theme changes (the colours are the theme's). */
export function watchTheme(): void {
  new MutationObserver(redrawAll).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
