// The class-activation-map part of the Classify Image results contract (host ↔ webview): the
// maps of each image's top classes as the worker computed them (raw CAM_k = Σ_c W[k,c]·F_c on
// the h × w feature grid), where that grid lies on the image (resize + centre crop), and the
// receptive-field boxes of the grid's cells from the engine. Plain JSON; validators for what
// comes back from the webview's saved state and for the PNG it asks the host to save.

/** [x0, y0, x1, y1] in network-input pixels, x1 and y1 exclusive, not clipped. */
export type BoxData = [number, number, number, number];

/** How the network's input crop lies on the image (pixels). */
export interface CamGeometryData {
  /** [width, height] of the image file. */
  image: [number, number];
  /** [width, height] after the resize. */
  resized: [number, number];
  /** The crop's offset in the resized image (negative: torchvision pads). */
  left: number;
  top: number;
  /** [height, width] of the network input (the crop). */
  input: [number, number];
}

export interface CamMapData {
  /** Class index (into the logits). */
  class: number;
  /** grid[0] · grid[1] raw values, row-major. */
  values: number[];
}

/** One image's maps: one per top class, in the order of `top`. */
export interface ImageCams {
  grid: [number, number];
  maps: CamMapData[];
  geometry: CamGeometryData;
}

/** The feature map's receptive field per grid cell (the lens), from the engine. */
export type CamLensData =
  | { global: false; node: string; size: number; min: number; stride: number; cells: { box: BoxData; smallest: BoxData }[] }
  | { global: true; node: string; reason: string };

/** Whether this run's model gives CAMs; `lens` is absent when the architecture is not known (an .onnx file). */
export type RunCam = { available: true; lens?: CamLensData } | { available: false; reason: string };

export const CAM_LIMITS = { gridSide: 1024, cells: 1 << 16, maps: 100, pngChars: 64 << 20, imageSide: 1 << 16 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const pair = (v: unknown, min: number, max: number): v is [number, number] => Array.isArray(v) && v.length === 2 && int(v[0], min, max) && int(v[1], min, max);
const box = (v: unknown): v is BoxData => Array.isArray(v) && v.length === 4 && v.every((x) => int(x, -CAM_LIMITS.imageSide, CAM_LIMITS.imageSide));

function parseGeometry(v: unknown): CamGeometryData | undefined {
  const side = CAM_LIMITS.imageSide;
  if (!isObj(v) || !pair(v.image, 1, side) || !pair(v.resized, 1, side) || !pair(v.input, 1, side) || !int(v.left, -side, side) || !int(v.top, -side, side)) return undefined;
  return { image: [v.image[0], v.image[1]], resized: [v.resized[0], v.resized[1]], left: v.left, top: v.top, input: [v.input[0], v.input[1]] };
}

/** An image's maps from untrusted JSON; undefined when they are not ImageCams. */
export function parseImageCams(v: unknown): ImageCams | undefined {
  if (!isObj(v) || !pair(v.grid, 1, CAM_LIMITS.gridSide) || !Array.isArray(v.maps) || v.maps.length > CAM_LIMITS.maps) return undefined;
  const cells = v.grid[0] * v.grid[1];
  if (cells > CAM_LIMITS.cells) return undefined;
  const geometry = parseGeometry(v.geometry);
  if (!geometry) return undefined;
  const maps: CamMapData[] = [];
  for (const m of v.maps) {
    if (!isObj(m) || !int(m.class, 0, 1_000_000) || !Array.isArray(m.values) || m.values.length !== cells || !m.values.every(finite)) return undefined;
    maps.push({ class: m.class, values: [...(m.values as number[])] });
  }
  return { grid: [v.grid[0], v.grid[1]], maps, geometry };
}

function parseLens(v: unknown): CamLensData | undefined {
  if (!isObj(v) || typeof v.node !== 'string' || v.node.length > 1000) return undefined;
  if (v.global === true) return typeof v.reason === 'string' && v.reason.length <= 10_000 ? { global: true, node: v.node, reason: v.reason } : undefined;
  if (v.global !== false || !int(v.size, 1, CAM_LIMITS.imageSide * 4) || !int(v.min, 1, CAM_LIMITS.imageSide * 4) || !int(v.stride, 1, CAM_LIMITS.imageSide)) return undefined;
  if (!Array.isArray(v.cells) || v.cells.length > CAM_LIMITS.cells) return undefined;
  const cells: { box: BoxData; smallest: BoxData }[] = [];
  for (const c of v.cells) {
    if (!isObj(c) || !box(c.box) || !box(c.smallest)) return undefined;
    cells.push({ box: [...c.box], smallest: [...c.smallest] });
  }
  return { global: false, node: v.node, size: v.size, min: v.min, stride: v.stride, cells };
}

/** A run's CAM availability from untrusted JSON; undefined when it is not a RunCam. */
export function parseRunCam(v: unknown): RunCam | undefined {
  if (!isObj(v)) return undefined;
  if (v.available === false) return typeof v.reason === 'string' && v.reason.length <= 10_000 ? { available: false, reason: v.reason } : undefined;
  if (v.available !== true) return undefined;
  if (v.lens === undefined) return { available: true };
  const lens = parseLens(v.lens);
  return lens ? { available: true, lens } : undefined;
}

/** The webview asks the host to save an overlay it drew: `png` is a data: URL. */
export interface SaveCamPngMessage {
  type: 'saveCamPng';
  image: string;
  class: number;
  png: string;
}

const PNG_PREFIX = 'data:image/png;base64,';

export function parseSaveCamPng(v: Obj): SaveCamPngMessage | undefined {
  if (typeof v.image !== 'string' || v.image.length === 0 || v.image.length > 4096 || !int(v.class, 0, 1_000_000)) return undefined;
  if (typeof v.png !== 'string' || !v.png.startsWith(PNG_PREFIX) || v.png.length > CAM_LIMITS.pngChars || !/^[A-Za-z0-9+/]*={0,2}$/.test(v.png.slice(PNG_PREFIX.length))) return undefined;
  return { type: 'saveCamPng', image: v.image, class: v.class, png: v.png };
}

/** The PNG bytes of a validated message, or undefined when they do not start with the PNG signature. */
export function pngBytes(m: SaveCamPngMessage): Uint8Array | undefined {
  const bytes = Uint8Array.from(atob(m.png.slice(PNG_PREFIX.length)), (c) => c.charCodeAt(0));
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length > signature.length && signature.every((b, i) => bytes[i] === b) ? bytes : undefined;
}
