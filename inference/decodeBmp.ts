// BMP files → 8-bit RGB with bmp-ts (libvips, and so sharp, has no BMP loader). The header is
// read here first, so the size limits apply before the decoder allocates anything, and a file
// whose pixel rows would run past its end is refused instead of read out of bounds. The layouts
// decoded are those whose output equals PIL's convert('RGB') byte for byte in the tests
// (test/oracle/bmp_oracle.py): 1-bit and 8-bit palettes, greyscale, 24-bit, 32-bit (alpha dropped),
// bottom-up and top-down. bmp-ts 1.0.9 writes 4-bit palette and RLE4/RLE8 pixels at the wrong
// offsets, and 16-bit is not checked against PIL, so those are refused with what to do instead.
import { decode } from 'bmp-ts';

/** What the header says, enough to check limits before decoding. */
export interface BmpHeader {
  readonly width: number;
  /** Rows; the header's sign only says whether rows are stored top-down. */
  readonly height: number;
  readonly bitsPerPixel: number;
  readonly compression: number;
}

/** BI_RGB and BI_BITFIELDS store rows uncompressed. */
const UNCOMPRESSED = new Set([0, 3, 6]);
/** BI_RLE8, BI_RLE4: run-length coded. */
const RUN_LENGTH = new Set([1, 2]);
const BIT_DEPTHS = new Set([1, 8, 24, 32]);
const CONVERT = 'convert it to PNG to classify it';
/** BITMAPCOREHEADER (12 bytes) has 16-bit sizes that bmp-ts does not read; the others share a layout. */
const INFO_HEADER_SIZES = new Set([40, 52, 56, 108, 124]);

export function isBmp(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x42 && head[1] === 0x4d; // "BM"
}

/** The header of `bytes`, or a sentence saying why it is not a BMP this decoder reads. */
export function readBmpHeader(bytes: Uint8Array): BmpHeader | string {
  if (bytes.length < 54 || !isBmp(bytes)) return 'truncated BMP header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (!INFO_HEADER_SIZES.has(headerSize)) return `BMP header of ${headerSize} bytes is not supported (OS/2 and unknown headers)`;
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (width < 1 || rawHeight === 0 || rawHeight === -2147483648) return `BMP of ${width}×${rawHeight} pixels has no pixels`;
  if (RUN_LENGTH.has(compression)) return `run-length coded (RLE${compression === 1 ? 8 : 4}) BMPs are not decoded; ${CONVERT}`;
  if (!UNCOMPRESSED.has(compression)) return `BMP compression ${compression} (JPEG/PNG inside BMP) is not supported; ${CONVERT}`;
  if (!BIT_DEPTHS.has(bitsPerPixel)) return `BMPs with ${bitsPerPixel} bits per pixel are not decoded (1, 8, 24 and 32 are); ${CONVERT}`;
  const height = Math.abs(rawHeight);
  // Rows are padded to 4 bytes.
  const rowBytes = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  if (pixelOffset + rowBytes * height > bytes.length) return `truncated BMP: ${width}×${height} pixels at ${bitsPerPixel} bits need ${pixelOffset + rowBytes * height} bytes, the file has ${bytes.length}`;
  return { width, height, bitsPerPixel, compression };
}

/** Decodes a BMP whose header `readBmpHeader` accepted; throws with the decoder's reason otherwise. */
export function decodeBmpPixels(bytes: Uint8Array, header: BmpHeader): { width: number; height: number; data: Uint8Array } {
  const bmp = decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (bmp.width !== header.width || Math.abs(bmp.height) !== header.height) throw new Error(`decoded ${bmp.width}×${bmp.height}, the header says ${header.width}×${header.height}`);
  const pixels = header.width * header.height;
  const abgr = bmp.data;
  if (abgr.length < pixels * 4) throw new Error('the decoder returned fewer pixels than the header says');
  // bmp-ts writes A, B, G, R per pixel.
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    rgb[i * 3] = abgr[i * 4 + 3];
    rgb[i * 3 + 1] = abgr[i * 4 + 2];
    rgb[i * 3 + 2] = abgr[i * 4 + 1];
  }
  return { width: header.width, height: header.height, data: rgb };
}
