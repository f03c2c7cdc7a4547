// The receptive-field lens page (Inspect Model → a node → "Show receptive field on an image…"):
// its requests to the host, on the shared request/response helper. The page asks for the lens
// (the node's output grid and every cell's boxes from the engine, and the image to draw; a
// typed error when there is none), then, once it has loaded the image and knows its pixel size
// (the host has no image decoder), for where the network's crop lies on it (the model's resize
// + centre crop). Both ends validate what they receive.
import type { Api, CalledSchemas, ServedSchemas } from '../rpc';
import { check, count, intIn, intPair, listOf, literal, object, pipe, text, variant, type Schema } from '../validate';
import { boxSchema, camGeometrySchema, CAM_LIMITS, type BoxData, type CamGeometryData } from './classifyCam';

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

/** What the lens host serves its page. */
export interface LensHostApi extends Api {
  requests: {
    lens: { params: Record<string, never>; result: LensData };
    geometry: { params: { width: number; height: number }; result: CamGeometryData };
  };
  notifications: Record<string, never>;
}

/** The page serves nothing: it asks. */
export interface LensPageApi extends Api {
  requests: Record<string, never>;
  notifications: Record<string, never>;
}

const side = intIn(1, CAM_LIMITS.imageSide);
const box = boxSchema;
const label = text(10_000);

const lensSchema: Schema<LensData> = pipe(
  object({
  model: label,
  node: label,
  input: intPair(1, CAM_LIMITS.imageSide),
  grid: intPair(1, CAM_LIMITS.imageSide),
  field: variant('global', [
    object({ global: literal(false), size: count(), min: count(), stride: count(), padding: count(), cells: listOf(object({ box, smallest: box }), CAM_LIMITS.cells) }),
    object({ global: literal(true), reason: label }),
  ]),
  imageUri: text(100_000),
  imageName: label,
  }),
  check(lensCellsMatch, 'a local field has one cell per grid cell'),
);

export const lensHostServes: ServedSchemas<LensHostApi> = { requests: { lens: object({}), geometry: object({ width: side, height: side }) }, notifications: {} };
export const lensHostAnswers: CalledSchemas<LensHostApi> = { results: { lens: lensSchema, geometry: camGeometrySchema }, progress: {} };
export const lensPageServes: ServedSchemas<LensPageApi> = { requests: {}, notifications: {} };
export const lensPageAnswers: CalledSchemas<LensPageApi> = { results: {}, progress: {} };

/** A local field has one cell per grid cell. */
function lensCellsMatch(l: LensData): boolean {
  return l.field.global || l.field.cells.length === l.grid[0] * l.grid[1];
}

