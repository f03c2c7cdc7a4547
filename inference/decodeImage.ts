// Image files → 8-bit RGB, with sharp (libvips): JPEG, PNG, WebP, TIFF, GIF (first frame),
// BMP through decodeBmp.ts (libvips has no BMP loader),
// AVIF/HEIF where libvips has it. EXIF orientation is applied; greyscale becomes RGB by
// replication and alpha is dropped (what PIL's convert('RGB') does); 16-bit images are reduced
// to 8 bits. The header is read first so that a decompression bomb is refused before decoding.
import * as l10n from '@vscode/l10n';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BMP_HEADER_BYTES, decodeBmpPixels, isBmp, readBmpHeader } from './decodeBmp';
import type sharpFn from 'sharp';
import type { Metadata } from 'sharp';
import type { RgbImage } from './preprocess';

/** Default bound on width × height (about a 10000 × 10000 image). */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** Longest side (px) and most elongated shape decoded: resizing the short side to the crop scales the long one by the aspect ratio. */
export const MAX_SIDE = 30_000;
export const MAX_ASPECT = 50;
/**
 * Decoded RGB bytes alive at once, all images together (bytes): decoding waits for room, so memory
 * does not grow with the number of images in flight. One image larger than this still decodes alone.
 */
export const DECODED_BYTES_IN_FLIGHT = 512 * 2 ** 20;
const MAX_FILE_BYTES = 1 << 30;
/**
 * Files up to this size (bytes) are read into memory once and decoded from there: libvips then
 * parses the header and decodes from the same bytes, which costs ~3.2 ms of CPU for a 640×480
 * JPEG against ~4.8 ms from the path (measured with process.cpuUsage). Larger files are decoded
 * from the path, so a huge file is never held whole beside its decoded pixels.
 */
const BUFFERED_FILE_BYTES = 32 * 2 ** 20;

/** Raster formats that are classified; SVG and PDF are refused (they would be rendered, not decoded). */
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif', 'avif', 'jp2', 'jxl']);

export class ImageDecodeError extends InferenceError {
  override readonly code: ErrorCode = 'imageDecode';
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
  if (!sharpModule) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sharpModule = require('sharp') as Sharp;
    // libvips' operation cache would keep decoded images alive beyond the budget below.
    sharpModule.cache(false);
  }
  return sharpModule;
}

/** Bytes of decoded images not yet released, and the decodes waiting for room. */
let inFlight = 0;
const waiting: { bytes: number; go: () => void }[] = [];
const reserved = new WeakMap<RgbImage, number>();
/** A caller that never releases an image frees its room when the image is collected (a backstop, not the rule). */
const collected = new FinalizationRegistry<number>((bytes) => unreserve(bytes));

function reserve(bytes: number): Promise<void> {
  if (inFlight === 0 || inFlight + bytes <= DECODED_BYTES_IN_FLIGHT) {
    inFlight += bytes;
    return Promise.resolve();
  }
  return new Promise((go) => waiting.push({ bytes, go }));
}

function unreserve(bytes: number): void {
  inFlight -= bytes;
  while (waiting.length > 0 && (inFlight === 0 || inFlight + waiting[0].bytes <= DECODED_BYTES_IN_FLIGHT)) {
    const next = waiting.shift() as { bytes: number; go: () => void };
    inFlight += next.bytes;
    next.go();
  }
}

/** Returns an image's bytes to the decode budget once its pixels are no longer needed (it is preprocessed). */
export function releaseImage(img: RgbImage): void {
  const bytes = reserved.get(img);
  if (bytes === undefined) return;
  reserved.delete(img);
  collected.unregister(img);
  unreserve(bytes);
}

export async function decodeImage(file: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<RgbImage> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ImageDecodeError(file, l10n.t('not a file'));
    size = st.size;
  } catch (e) {
    if (e instanceof ImageDecodeError) throw e;
    throw new ImageDecodeError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? l10n.t('no such file') : (e as Error).message);
  }
  if (size > MAX_FILE_BYTES) throw new ImageDecodeError(file, l10n.t('{0} bytes is larger than the 1 GiB limit for images', size));
  const bytes = size <= BUFFERED_FILE_BYTES ? await readWhole(file) : undefined;
  const head = bytes ? bytes.subarray(0, BMP_HEADER_BYTES) : readHead(file, BMP_HEADER_BYTES);
  if (isBmp(head)) return decodeBmpFile(file, head, size, maxPixels, bytes);
  const sharp = loadSharp();
  const source = bytes ?? file;
  let meta: Metadata;
  try {
    meta = await sharp(source, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ImageDecodeError(file, l10n.t('not a readable image ({0})', (e as Error).message));
  }
  if (!meta.format || !RASTER_FORMATS.has(meta.format)) {
    throw new ImageDecodeError(file, l10n.t('{0} images are not supported (supported: JPEG, PNG, BMP, WebP, TIFF, GIF, AVIF/HEIF)', meta.format ?? 'unknown'));
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  checkDimensions(file, w, h, maxPixels);
  return withReservation(w, h, () => decodePixels(sharp, file, source, maxPixels));
}

/** The size limits every format shares, applied to the header's size before any pixel is decoded. */
function checkDimensions(file: string, w: number, h: number, maxPixels: number): void {
  if (w < 1 || h < 1) throw new ImageDecodeError(file, l10n.t('image has no pixels'));
  if (w * h > maxPixels) throw new ImageDecodeError(file, l10n.t('{0}×{1} pixels exceeds the limit of {2} pixels (a guard against decompression bombs)', w, h, maxPixels));
  if (Math.max(w, h) > MAX_SIDE) throw new ImageDecodeError(file, l10n.t('{0}×{1} pixels: a side longer than {2} px is not classified', w, h, MAX_SIDE));
  if (Math.max(w, h) / Math.min(w, h) > MAX_ASPECT) throw new ImageDecodeError(file, l10n.t('{0}×{1} pixels is more elongated than {2}:1, which is not classified (resizing it would take memory out of proportion)', w, h, MAX_ASPECT));
}

/** Decodes once the decoded RGB bytes (w × h × 3; EXIF rotation keeps the count) fit the in-flight budget. */
async function withReservation(w: number, h: number, decodeRgb: () => Promise<RgbImage>): Promise<RgbImage> {
  const bytes = w * h * 3;
  await reserve(bytes);
  try {
    const img = await decodeRgb();
    reserved.set(img, bytes);
    collected.register(img, bytes, img);
    return img;
  } catch (e) {
    unreserve(bytes);
    throw e;
  }
}

async function readWhole(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new ImageDecodeError(file, l10n.t('cannot read the file ({0})', (e as Error).message));
  }
}

function readHead(file: string, n: number): Uint8Array {
  const head = new Uint8Array(n);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const got = readSync(fd, head, 0, n, 0);
    return head.subarray(0, got);
  } catch (e) {
    throw new ImageDecodeError(file, l10n.t('cannot read the file ({0})', (e as Error).message));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The header is checked against the limits before the file is read (`read`: its bytes, when decodeImage has them already). */
async function decodeBmpFile(file: string, head: Uint8Array, fileBytes: number, maxPixels: number, read?: Buffer): Promise<RgbImage> {
  const header = readBmpHeader(head, fileBytes);
  if (typeof header === 'string') throw new ImageDecodeError(file, l10n.t('not a readable image ({0})', header));
  checkDimensions(file, header.width, header.height, maxPixels);
  return withReservation(header.width, header.height, async () => {
    const bytes = new Uint8Array(read ?? (await readWhole(file)));
    try {
      return decodeBmpPixels(bytes, header);
    } catch (e) {
      throw new ImageDecodeError(file, l10n.t('cannot decode the image ({0})', (e as Error).message));
    }
  });
}

/** Decodes `source` (the file's bytes, or its path when it is large); errors name `file`. */
async function decodePixels(sharp: Sharp, file: string, source: string | Buffer, maxPixels: number): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(source, { limitInputPixels: maxPixels, pages: 1, failOn: 'error' })
      .rotate() // EXIF orientation
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (info.channels === 3) return { width: info.width, height: info.height, data: pixels };
    return { width: info.width, height: info.height, data: toRgb(pixels, info.width * info.height, info.channels) };
  } catch (e) {
    throw new ImageDecodeError(file, l10n.t('cannot decode the image ({0})', (e as Error).message));
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
