// Pure geometry and colour of the CAM overlay (no DOM; unit-tested). Three coordinate systems:
// the image file's pixels, the network input's pixels (the crop of the resized image) and the
// feature grid's cells. The crop (input pixels [0, W) × [0, H)) lies on the resized image at
// (left, top); the resized image is the file scaled by resized / image per axis.
import type { BoxData, CamGeometryData } from '../../shared/protocol/classifyCam';

/** A rectangle in image pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const scaleOf = (g: CamGeometryData): [number, number] => [g.image[0] / g.resized[0], g.image[1] / g.resized[1]];

/** The network's input crop in image pixels (may reach past the image where torchvision pads). */
export function cropRect(g: CamGeometryData): Rect {
  const [sx, sy] = scaleOf(g);
  return { x: g.left * sx, y: g.top * sy, w: g.input[1] * sx, h: g.input[0] * sy };
}

/** What a view shows: the crop alone, or the whole image with the crop on it. */
export type CamView = 'crop' | 'image';

export function viewRect(g: CamGeometryData, view: CamView): Rect {
  const crop = cropRect(g);
  if (view === 'crop') return crop;
  const x0 = Math.min(0, crop.x);
  const y0 = Math.min(0, crop.y);
  return { x: x0, y: y0, w: Math.max(g.image[0], crop.x + crop.w) - x0, h: Math.max(g.image[1], crop.y + crop.h) - y0 };
}

/**
 * A box in network-input pixels ([x0, y0, x1, y1], x1/y1 exclusive) in image pixels, clipped to
 * the input (the network sees nothing outside its crop); undefined when nothing is left.
 */
export function boxToImage(b: BoxData, g: CamGeometryData): Rect | undefined {
  const [h, w] = g.input;
  const x0 = Math.max(0, b[0]);
  const y0 = Math.max(0, b[1]);
  const x1 = Math.min(w, b[2]);
  const y1 = Math.min(h, b[3]);
  if (x1 <= x0 || y1 <= y0) return undefined;
  const [sx, sy] = scaleOf(g);
  return { x: (x0 + g.left) * sx, y: (y0 + g.top) * sy, w: (x1 - x0) * sx, h: (y1 - y0) * sy };
}

/** The tile of grid cell (row, col) on the crop, in image pixels (the grid spans the crop evenly). */
export function cellRect(g: CamGeometryData, grid: readonly [number, number], row: number, col: number): Rect {
  const crop = cropRect(g);
  return { x: crop.x + (col * crop.w) / grid[1], y: crop.y + (row * crop.h) / grid[0], w: crop.w / grid[1], h: crop.h / grid[0] };
}

/** The grid cell [row, col] under an image point, or undefined outside the crop. */
export function cellAt(g: CamGeometryData, grid: readonly [number, number], x: number, y: number): [number, number] | undefined {
  const crop = cropRect(g);
  const u = (x - crop.x) / crop.w;
  const v = (y - crop.y) / crop.h;
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return undefined;
  return [Math.min(grid[0] - 1, Math.floor(v * grid[0])), Math.min(grid[1] - 1, Math.floor(u * grid[1]))];
}

export interface CamRange {
  min: number;
  max: number;
  /** Largest magnitude: the colour scale's end (0 for an all-zero map). */
  maxAbs: number;
}

export function camRange(values: readonly number[]): CamRange {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) return { min: 0, max: 0, maxAbs: 0 };
  return { min, max, maxAbs: Math.max(Math.abs(min), Math.abs(max)) };
}

export type Rgb = [number, number, number];

/**
 * RGBA of a raw CAM value on a diverging scale centred on 0: positive values (evidence for the
 * class) in `pos`, negative in `neg`, alpha |v| / maxAbs × opacity, so 0 is transparent and the
 * sign is never hidden by a normalisation.
 */
export function camRgba(v: number, maxAbs: number, pos: Rgb, neg: Rgb, opacity: number): [number, number, number, number] {
  const c = v >= 0 ? pos : neg;
  const strength = maxAbs > 0 ? Math.min(1, Math.abs(v) / maxAbs) : 0;
  return [c[0], c[1], c[2], Math.round(255 * strength * Math.max(0, Math.min(1, opacity)))];
}

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(r, g, b…)` → RGB; undefined for anything else. */
export function parseCssColour(s: string): Rgb | undefined {
  const t = s.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(t);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as Rgb;
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(t);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as Rgb;
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])].map((v) => Math.min(255, v)) as Rgb;
  return undefined;
}
