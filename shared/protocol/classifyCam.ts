// The class-activation-map part of the Classify Image results contract (host ↔ webview): the
// maps of each image's top classes as the worker computed them (raw CAM_k = Σ_c W[k,c]·F_c on
// the h × w feature grid), where that grid lies on the image (resize + centre crop), and the
// receptive-field boxes of the grid's cells from the engine. Plain JSON; schemas (shared/validate)
// for what comes back from the webview's saved state and for the PNG it asks the host to save.
import { check, finite, intIn, intPair, listOf, literal, object, optional, parseOrUndefined, pipe, text, tuple, variant, type Schema } from '../validate';

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

const side = CAM_LIMITS.imageSide;
const coord = intIn(-side, side);
/** A box in network-input pixels: a receptive field reaches past the input (up to 4 × its side here). */
const boxCoord = intIn(-4 * side, 4 * side);
export const boxSchema: Schema<BoxData> = tuple([boxCoord, boxCoord, boxCoord, boxCoord]);
const box = boxSchema;
const reason = text(10_000);

export const camGeometrySchema: Schema<CamGeometryData> = object({ image: intPair(1, side), resized: intPair(1, side), left: coord, top: coord, input: intPair(1, side) });

/** An image's maps: each map holds one value per grid cell. */
export const imageCamsSchema: Schema<ImageCams> = pipe(
  object({
    grid: intPair(1, CAM_LIMITS.gridSide),
    maps: listOf(object({ class: intIn(0, 1_000_000), values: listOf(finite(), CAM_LIMITS.cells) }), CAM_LIMITS.maps),
    geometry: camGeometrySchema,
  }),
  check((c) => c.grid[0] * c.grid[1] <= CAM_LIMITS.cells && c.maps.every((m) => m.values.length === c.grid[0] * c.grid[1]), 'each map has one value per grid cell'),
);

const lensSchema: Schema<CamLensData> = variant('global', [
  object({ global: literal(true), node: text(1000), reason }),
  object({
    global: literal(false),
    node: text(1000),
    size: intIn(1, side * 4),
    min: intIn(1, side * 4),
    stride: intIn(1, side),
    cells: listOf(object({ box, smallest: box }), CAM_LIMITS.cells),
  }),
]);

/** Whether a run's model gives CAMs. */
export const runCamSchema: Schema<RunCam> = variant('available', [object({ available: literal(true), lens: optional(lensSchema) }), object({ available: literal(false), reason })]);

/** An image's maps from untrusted JSON; undefined when they are not ImageCams. */
export const parseImageCams = (v: unknown): ImageCams | undefined => parseOrUndefined(imageCamsSchema, v);

/** A run's CAM availability from untrusted JSON; undefined when it is not a RunCam. */
export const parseRunCam = (v: unknown): RunCam | undefined => parseOrUndefined(runCamSchema, v);

/** The webview asks the host to save an overlay it drew: `png` is a data: URL. */
export interface SaveCamPngParams {
  image: string;
  class: number;
  png: string;
}

/** How the page's PNG data URL starts. */
export const PNG_PREFIX = 'data:image/png;base64,';

export const saveCamPngSchema: Schema<SaveCamPngParams> = object({
  image: text(4096, 1),
  class: intIn(0, 1_000_000),
  png: pipe(text(CAM_LIMITS.pngChars), check((p) => p.startsWith(PNG_PREFIX) && /^[A-Za-z0-9+/]*={0,2}$/.test(p.slice(PNG_PREFIX.length)), 'a base64 PNG data: URL')),
});
