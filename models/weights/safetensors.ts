// .safetensors reader: 8-byte little-endian header length, a JSON header mapping each tensor
// name to { dtype, shape, data_offsets: [begin, end] } (offsets into the bytes after the
// header), then the raw little-endian data. Every length and offset is checked against the file.
import { WeightsFormatError } from './errors';
import { decodeUtf8 } from './utf8';
import { describe } from '../families/knobs';
import { boundedNumel, limitsOf, MAX_RANK, type ReadLimits } from './limits';
import { BYTES_PER_ELEMENT, decodeElements, isFloatDtype, type StateDict, type StoredDtype } from './tensor';

/**
 * Headers are small (about 100 bytes per tensor: 2000 tensors take 200 KB); a larger one is not a
 * safetensors header, and parsing it would cost memory out of proportion to any real file.
 */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

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

const isDtype = (d: unknown): d is StoredDtype => typeof d === 'string' && Object.hasOwn(BYTES_PER_ELEMENT, d);

/** One tensor of a safetensors header, checked against the file: `begin`/`end` are byte offsets into the data after the header. */
export interface SafetensorsTensor {
  readonly key: string;
  readonly dtype: StoredDtype;
  readonly dims: number[];
  readonly begin: number;
  readonly end: number;
  readonly count: number;
}

export function readSafetensors(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  const { data, tensors } = safetensorsHeader(bytes, file, limits);
  const out: StateDict = new Map();
  for (const t of tensors) {
    out.set(t.key, {
      shape: t.dims,
      dtype: isFloatDtype(t.dtype) ? 'float32' : 'int64',
      data: decodeElements(data.subarray(t.begin, t.end), t.dtype, t.count),
      storedAs: t.dtype,
    });
  }
  return out;
}

/** Parses and checks the header (every offset, length and overlap) without decoding any element. */
export function safetensorsHeader(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): { data: Uint8Array; tensors: SafetensorsTensor[] } {
  const { maxElements } = limitsOf(limits);
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
    return fail(`header is not valid UTF-8 JSON (${(e as Error).message.slice(0, 200)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('header is not a JSON object');
  const data = bytes.subarray(8 + n);
  const entries = Object.entries(header as Record<string, unknown>).filter(([k]) => k !== '__metadata__');
  const tensors: SafetensorsTensor[] = [];
  let elements = 0;
  for (const [key, raw] of entries) {
    const where = `tensor ${describe(key)}`;
    if (typeof raw !== 'object' || raw === null) fail(`${where}: expected an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (!isDtype(dtype)) return fail(`${where}: dtype ${describe(dtype)} is not supported (supported: ${Object.keys(BYTES_PER_ELEMENT).join(', ')})`);
    if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      return fail(`${where}: shape ${describe(shape)} is not a list of at most ${MAX_RANK} non-negative integers`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      return fail(`${where}: data_offsets ${describe(offsets)} is not a pair of non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    const dims = shape as number[];
    if (end < begin) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > data.length) fail(`${where}: data_offsets [${begin}, ${end}] run past the end of the data (${data.length} bytes): the file is truncated`);
    const count = boundedNumel(dims, data.length);
    const expectedBytes = count === undefined ? undefined : count * BYTES_PER_ELEMENT[dtype];
    if (expectedBytes !== end - begin) fail(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} [${dims.join(', ')}] needs ${expectedBytes ?? 'more than the file holds'}`);
    elements += count as number;
    if (elements > maxElements) fail(`the tensors hold more than ${maxElements} elements, more than the model needs`);
    tensors.push({ key, dtype, dims, begin, end, count: count as number });
  }
  // Each byte of the data belongs to one tensor: aliased ranges would multiply what is materialised.
  const byBegin = [...tensors].filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < byBegin.length; i++) {
    const [a, b] = [byBegin[i - 1], byBegin[i]];
    if (b.begin < a.end) fail(`tensors ${describe(a.key)} [${a.begin}, ${a.end}] and ${describe(b.key)} [${b.begin}, ${b.end}] overlap in the data`);
  }
  return { data, tensors };
}
