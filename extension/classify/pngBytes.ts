// The bytes of the PNG a results page sent (no vscode: unit-tested).
import { PNG_PREFIX, type SaveCamPngParams } from '../../shared/protocol/classifyCam';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The PNG bytes of a validated message, or undefined when they do not start with the PNG signature. */
export function pngBytes(m: SaveCamPngParams): Uint8Array | undefined {
  const bytes = new Uint8Array(Buffer.from(m.png.slice(PNG_PREFIX.length), 'base64'));
  return bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b) ? bytes : undefined;
}
