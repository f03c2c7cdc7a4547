// The receptive-field lens page (Inspect Model → a node → "Show receptive field on an image…"):
// host ↔ webview messages. The host sends the node's output grid and every cell's boxes from
// the engine and the image to draw; the page reports the image's pixel size once it has loaded
// it (the host has no image decoder) and the host answers with where the network's crop lies
// (the model's resize + centre crop). Both sides validate what they receive.
import { CAM_LIMITS, type BoxData, type CamGeometryData } from './classifyCam';

export interface LensCell {
  box: BoxData;
  smallest: BoxData;
}

export interface LensData {
  model: string;
  node: string;
  /** [H, W] of the network input. */
  input: [number, number];
  /** [h, w] of the node's output. */
  grid: [number, number];
  /** Local field (with a box per cell, row-major) or global with the reason. */
  field: { global: false; size: number; min: number; stride: number; padding: number; cells: LensCell[] } | { global: true; reason: string };
  /** The image as a webview URI, and its name for display. */
  imageUri: string;
  imageName: string;
}

export type LensHostMessage = { type: 'lens'; lens: LensData } | { type: 'geometry'; geometry: CamGeometryData } | { type: 'error'; message: string };

export type LensWebviewMessage = { type: 'ready' } | { type: 'imageSize'; width: number; height: number };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const side = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= CAM_LIMITS.imageSide;

/** Validates a message from the lens page; undefined when it is not a LensWebviewMessage. */
export function parseLensWebviewMessage(v: unknown): LensWebviewMessage | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready') return { type: 'ready' };
  if (v.type === 'imageSize' && side(v.width) && side(v.height)) return { type: 'imageSize', width: v.width, height: v.height };
  return undefined;
}

/** Validates a message from the host (the page trusts nothing it is sent either). */
export function parseLensHostMessage(v: unknown): LensHostMessage | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'error') return typeof v.message === 'string' ? { type: 'error', message: v.message.slice(0, 10_000) } : undefined;
  if (v.type === 'geometry') {
    const g = v.geometry as Obj;
    const pair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every(side);
    const int = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) <= CAM_LIMITS.imageSide;
    if (!isObj(g) || !pair(g.image) || !pair(g.resized) || !pair(g.input) || !int(g.left) || !int(g.top)) return undefined;
    return { type: 'geometry', geometry: { image: g.image, resized: g.resized, left: g.left, top: g.top, input: g.input } };
  }
  if (v.type !== 'lens' || !isObj(v.lens)) return undefined;
  const l = v.lens;
  const pair = (p: unknown, max: number): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max);
  if (typeof l.model !== 'string' || typeof l.node !== 'string' || typeof l.imageUri !== 'string' || typeof l.imageName !== 'string') return undefined;
  if (!pair(l.input, CAM_LIMITS.imageSide) || !pair(l.grid, CAM_LIMITS.imageSide) || !isObj(l.field)) return undefined;
  const f = l.field;
  if (f.global === true) {
    if (typeof f.reason !== 'string') return undefined;
  } else {
    const box = (b: unknown): boolean => Array.isArray(b) && b.length === 4 && b.every((x) => typeof x === 'number' && Number.isInteger(x));
    const cells = l.grid[0] * l.grid[1];
    if (f.global !== false || !Array.isArray(f.cells) || f.cells.length !== cells || cells > 1 << 20) return undefined;
    if (!f.cells.every((c) => isObj(c) && box(c.box) && box(c.smallest))) return undefined;
    if (![f.size, f.min, f.stride, f.padding].every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return undefined;
  }
  return { type: 'lens', lens: l as unknown as LensData };
}
