// .safetensors reader: 8-byte little-endian header length, a JSON header mapping each tensor
// name to { dtype, shape, data_offsets: [begin, end] } (offsets into the bytes after the
// header), then the raw little-endian data. Every length and offset is checked against the file.
import { WeightsFormatError } from './errors';
import { decodeUtf8 } from './utf8';
import { BYTES_PER_ELEMENT, decodeElements, isFloatDtype, numelOf, type StateDict, type StoredDtype } from './tensor';

/** Headers are small (a few hundred bytes per tensor); anything larger is not a safetensors file. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export function isSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const n = headerLength(bytes);
  return n !== undefined && n >= 2 && 8 + n <= bytes.length && bytes[8] === 0x7b; // '{'
}

function headerLength(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  return n > BigInt(MAX_HEADER_BYTES) ? undefined : Number(n);
}

export function readSafetensors(bytes: Uint8Array, file: string): StateDict {
  const fail = (problem: string): never => {
    throw new WeightsFormatError(file, problem);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for a safetensors file (it starts with an 8-byte header length)`);
  const n = headerLength(bytes);
  if (n === undefined) return fail(`header length exceeds ${MAX_HEADER_BYTES} bytes: not a safetensors file, or a corrupt one`);
  if (8 + n > bytes.length) fail(`header of ${n} bytes runs past the end of the file (${bytes.length} bytes): the file is truncated or not a safetensors file`);
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8(bytes.subarray(8, 8 + n)));
  } catch (e) {
    return fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('header is not a JSON object');
  const data = bytes.subarray(8 + n);
  const out: StateDict = new Map();
  const entries = Object.entries(header as Record<string, unknown>).filter(([k]) => k !== '__metadata__');
  for (const [key, raw] of entries) {
    const where = `tensor "${key}"`;
    if (typeof raw !== 'object' || raw === null) fail(`${where}: expected an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) {
      fail(`${where}: dtype ${JSON.stringify(dtype)} is not supported (supported: ${Object.keys(BYTES_PER_ELEMENT).join(', ')})`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`${where}: data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    const stored = dtype as StoredDtype;
    const dims = shape as number[];
    const expectedBytes = numelOf(dims) * BYTES_PER_ELEMENT[stored];
    if (end < begin) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end - begin !== expectedBytes) fail(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${stored} [${dims.join(', ')}] needs ${expectedBytes}`);
    if (end > data.length) fail(`${where}: data_offsets [${begin}, ${end}] run past the end of the data (${data.length} bytes): the file is truncated`);
    out.set(key, {
      shape: dims,
      dtype: isFloatDtype(stored) ? 'float32' : 'int64',
      data: decodeElements(data.subarray(begin, end), stored, numelOf(dims)),
      storedAs: stored,
    });
  }
  return out;
}
