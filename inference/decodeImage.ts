// Image files → 8-bit RGB, with sharp (libvips): JPEG, PNG, WebP, TIFF, GIF (first frame),
// AVIF/HEIF where libvips has it. EXIF orientation is applied; greyscale becomes RGB by
// replication and alpha is dropped (what PIL's convert('RGB') does); 16-bit images are reduced
// to 8 bits. The header is read first so that a decompression bomb is refused before decoding.
import { InferenceError } from './errors';
import { statSync } from 'node:fs';
import type sharpFn from 'sharp';
import type { Metadata } from 'sharp';
import type { RgbImage } from './preprocess';

/** Default bound on width × height (about a 10000 × 10000 image). */
export const DEFAULT_MAX_PIXELS = 100_000_000;
const MAX_FILE_BYTES = 1 << 30;

/** Raster formats that are classified; SVG and PDF are refused (they would be rendered, not decoded). */
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif', 'avif', 'jp2', 'jxl']);

export class ImageDecodeError extends InferenceError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

type Sharp = typeof sharpFn;
let sharpModule: Sharp | undefined;

/** sharp is loaded on first use (its native library is large; list/stats never need it). */
function loadSharp(): Sharp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sharpModule ??= require('sharp') as Sharp;
  return sharpModule;
}

export async function decodeImage(file: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<RgbImage> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ImageDecodeError(file, 'not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof ImageDecodeError) throw e;
    throw new ImageDecodeError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  if (size > MAX_FILE_BYTES) throw new ImageDecodeError(file, `${size} bytes is larger than the 1 GiB limit for images`);
  const sharp = loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ImageDecodeError(file, `not a readable image (${(e as Error).message})`);
  }
  if (!meta.format || !RASTER_FORMATS.has(meta.format)) {
    throw new ImageDecodeError(file, `${meta.format ?? 'unknown'} images are not supported (supported: JPEG, PNG, WebP, TIFF, GIF, AVIF/HEIF)`);
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w < 1 || h < 1) throw new ImageDecodeError(file, 'image has no pixels');
  if (w * h > maxPixels) throw new ImageDecodeError(file, `${w}×${h} pixels exceeds the limit of ${maxPixels} pixels (a guard against decompression bombs)`);
  try {
    const { data, info } = await sharp(file, { limitInputPixels: maxPixels, pages: 1, failOn: 'error' })
      .rotate() // EXIF orientation
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (info.channels === 3) return { width: info.width, height: info.height, data: pixels };
    return { width: info.width, height: info.height, data: toRgb(pixels, info.width * info.height, info.channels) };
  } catch (e) {
    throw new ImageDecodeError(file, `cannot decode the image (${(e as Error).message})`);
  }
}

/** 1 (grey) or 2 (grey + alpha) channels → RGB; anything else keeps its first three. */
function toRgb(src: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const s = i * channels;
    if (channels < 3) out.fill(src[s], i * 3, i * 3 + 3);
    else out.set(src.subarray(s, s + 3), i * 3);
  }
  return out;
}
