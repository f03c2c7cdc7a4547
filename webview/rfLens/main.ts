// The receptive-field lens page: a node's output grid over the network's crop of an image (or
// the whole image), and for the cell under the pointer its theoretical receptive field and its
// smallest path's field, clipped to the crop (the network sees nothing else). Every number and
// box comes from the host (the engine); the page maps them onto the image with the crop
// geometry the host computed from the image's size. Canvas only; CSP-strict.
// First: configures the translations before any module below renders a string.
import * as l10n from '@vscode/l10n';
import '../l10n';
import type { CamGeometryData } from '../../extension/protocol/classifyCam';
import { parseLensHostMessage, type LensData, type LensWebviewMessage } from '../../extension/protocol/rfLens';
import { boxToImage, cellAt, cellRect, cropRect, parseCssColour, viewRect, type CamView, type Rect } from '../classify/camGeometry';

interface VsCodeApi {
  postMessage(msg: LensWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

/** Longer side of the drawing, CSS pixels. */
const SIZE = 512;

let lens: LensData | undefined;
let geometry: CamGeometryData | undefined;
let view: CamView = 'crop';
let hover: [number, number] | undefined;
const img = new Image();
img.decoding = 'async';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const css = (name: string, fallback: string): string => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

const app = document.getElementById('app') as HTMLElement;
const canvas = el('canvas', 'lens-canvas');
const caption = el('div', 'lens-caption');
caption.setAttribute('role', 'status');

function layout(): { scale: number; rect: Rect } | undefined {
  if (!geometry) return undefined;
  const rect = viewRect(geometry, view);
  return { scale: SIZE / Math.max(rect.w, rect.h), rect };
}

function draw(): void {
  const l = layout();
  const ctx = canvas.getContext('2d');
  if (!l || !lens || !geometry || !ctx) return;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(l.rect.w * l.scale * dpr);
  canvas.height = Math.round(l.rect.h * l.scale * dpr);
  canvas.style.width = `${Math.round(l.rect.w * l.scale)}px`;
  const s = l.scale * dpr;
  const tx = (r: Rect): Rect => ({ x: (r.x - l.rect.x) * s, y: (r.y - l.rect.y) * s, w: r.w * s, h: r.h * s });
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, -l.rect.x * s, -l.rect.y * s, geometry.image[0] * s, geometry.image[1] * s);
  const crop = tx(cropRect(geometry));
  const [h, w] = lens.grid;
  // Grid lines only where a cell is at least 4 CSS pixels wide (a 112 × 112 grid would be a wash).
  if (crop.w / w >= 4 * dpr) {
    ctx.strokeStyle = css('--vscode-editorWidget-border', '#808080');
    ctx.globalAlpha = 0.7;
    ctx.beginPath();
    for (let i = 1; i < h; i++) {
      ctx.moveTo(crop.x, crop.y + (i * crop.h) / h);
      ctx.lineTo(crop.x + crop.w, crop.y + (i * crop.h) / h);
    }
    for (let j = 1; j < w; j++) {
      ctx.moveTo(crop.x + (j * crop.w) / w, crop.y);
      ctx.lineTo(crop.x + (j * crop.w) / w, crop.y + crop.h);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
  ctx.lineWidth = 2 * dpr;
  ctx.strokeStyle = css('--vscode-focusBorder', '#007fd4');
  if (view === 'image') {
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.strokeRect(crop.x, crop.y, crop.w, crop.h);
    ctx.setLineDash([]);
  }
  if (!hover) return;
  const cell = tx(cellRect(geometry, lens.grid, hover[0], hover[1]));
  ctx.strokeRect(cell.x, cell.y, cell.w, cell.h);
  if (lens.field.global) return;
  const boxes = lens.field.cells[hover[0] * w + hover[1]];
  const rf = boxToImage(boxes.box, geometry);
  const small = boxToImage(boxes.smallest, geometry);
  const fill = parseCssColour(css('--vscode-charts-yellow', '#cca700')) ?? [204, 167, 0];
  if (rf) {
    const b = tx(rf);
    ctx.fillStyle = `rgba(${fill.join(', ')}, 0.15)`;
    ctx.fillRect(b.x, b.y, b.w, b.h);
    ctx.strokeStyle = css('--vscode-charts-yellow', '#cca700');
    ctx.strokeRect(b.x + dpr, b.y + dpr, b.w - 2 * dpr, b.h - 2 * dpr);
  }
  if (small) {
    const b = tx(small);
    ctx.strokeStyle = css('--vscode-charts-green', '#89d185');
    ctx.setLineDash([3 * dpr, 2 * dpr]);
    ctx.strokeRect(b.x + dpr, b.y + dpr, b.w - 2 * dpr, b.h - 2 * dpr);
    ctx.setLineDash([]);
  }
}

function captionText(): string {
  if (!lens) return '';
  const head = l10n.t('{0}: {1}×{2} grid on the {3}×{4} input', lens.node, lens.grid[0], lens.grid[1], lens.input[0], lens.input[1]);
  if (lens.field.global) return l10n.t('{0}. Receptive field: global — {1}.', head, lens.field.reason);
  const f = lens.field;
  const base = l10n.t('{0}; receptive field {1} px (smallest path {2} px), jump {3} px, effective padding {4} px', head, f.size, f.min, f.stride, f.padding);
  if (!hover) return l10n.t('{0}. Hover a cell.', base);
  const c = f.cells[hover[0] * lens.grid[1] + hover[1]];
  return l10n.t('{0}. Cell ({1}, {2}): box [{3}], smallest path [{4}] (input pixels, x1/y1 exclusive; drawn clipped to the crop).', base, hover[0], hover[1], c.box.join(', '), c.smallest.join(', '));
}

function render(): void {
  if (!lens) return;
  const title = el('h2', 'lens-title', `${lens.model} · ${l10n.t('{0} on {1}', lens.node, lens.imageName)}`);
  const controls = el('div', 'lens-controls');
  const label = el('label', undefined, `${l10n.t('view')} `);
  const sel = el('select');
  for (const [value, text] of [['crop', l10n.t('network crop')], ['image', l10n.t('whole image')]] as const) {
    const o = el('option', undefined, text);
    o.value = value;
    o.selected = value === view;
    sel.appendChild(o);
  }
  sel.addEventListener('change', () => {
    view = sel.value === 'image' ? 'image' : 'crop';
    draw();
  });
  label.appendChild(sel);
  controls.append(label, el('span', 'legend box', l10n.t('receptive field')), el('span', 'legend smallest', l10n.t('smallest path')));
  caption.textContent = captionText();
  app.removeAttribute('aria-busy');
  app.replaceChildren(title, controls, canvas, caption);
  draw();
}

canvas.addEventListener('mousemove', (e) => {
  const l = layout();
  if (!l || !lens || !geometry) return;
  const r = canvas.getBoundingClientRect();
  // The displayed size may be smaller than the drawn one (max-width: 100%): map through it.
  const cell = cellAt(geometry, lens.grid, ((e.clientX - r.left) * l.rect.w) / r.width + l.rect.x, ((e.clientY - r.top) * l.rect.h) / r.height + l.rect.y);
  if (cell?.[0] === hover?.[0] && cell?.[1] === hover?.[1]) return;
  hover = cell;
  caption.textContent = captionText();
  draw();
});
canvas.addEventListener('mouseleave', () => {
  hover = undefined;
  caption.textContent = captionText();
  draw();
});

img.addEventListener('load', () => vscode.postMessage({ type: 'imageSize', width: img.naturalWidth, height: img.naturalHeight }));
img.addEventListener('error', () => app.replaceChildren(el('p', 'error', `${lens?.imageName ?? 'The image'} could not be shown (its format is not one the page can draw).`)));

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = parseLensHostMessage(e.data);
  if (!m) return;
  if (m.type === 'error') {
    app.replaceChildren(el('p', 'error', m.message));
    return;
  }
  if (m.type === 'lens') {
    lens = m.lens;
    img.src = lens.imageUri;
    return;
  }
  geometry = m.geometry;
  render();
});
new MutationObserver(draw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
vscode.postMessage({ type: 'ready' });
