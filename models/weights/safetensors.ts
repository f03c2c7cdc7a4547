// .safetensors reader: 8-byte little-endian header length, a JSON header mapping each tensor
// name to { dtype, shape, data_offsets: [begin, end] } (offsets into the bytes after the
// header), then the raw little-endian data. Every length and offset is checked against the file.
import { memorySource, type ByteSource } from './byteSource';
import { WeightsFormatError } from './errors';
import { decodeUtf8 } from './utf8';
import { describe } from '../families/knobs';
import { boundedNumel, limitsOf, MAX_RANK, type ReadLimits } from './limits';
import { BYTES_PER_ELEMENT, decodeElements, isFloatDtype, type StateDict, type StoredDtype } from './tensor';
import { materializeAll, type IndexedTensor, type WeightsIndex } from './weightsIndex';

/**
 * Headers are small (about 100 bytes per tensor: 2000 tensors take 200 KB); a larger one is not a
 * safetensors header, and parsing it would cost memory out of proportion to any real file.
 */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Whether a file of `size` bytes that starts with `head` (at least 9 bytes of it) is a safetensors file. */
export function isSafetensors(head: Uint8Array, size = head.length): boolean {
  if (head.length < 9 || size < 10) return false;
  const n = headerLength(head);
  return n !== undefined && n >= 2 && 8 + n <= size && head[8] === 0x7b; // '{'
}

function headerLength(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  return n > BigInt(MAX_HEADER_BYTES) ? undefined : Number(n);
}

const isDtype = (d: unknown): d is StoredDtype => typeof d === 'string' && Object.hasOwn(BYTES_PER_ELEMENT, d);

export function readSafetensors(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  return materializeAll(indexSafetensors(memorySource(bytes), file, limits));
}

/** Indexes a safetensors file from its header: every offset checked, nothing read beyond the header. */
export function indexSafetensors(source: ByteSource, file: string, limits?: Partial<ReadLimits>): WeightsIndex {
  const { maxElements } = limitsOf(limits);
  const fail = (problem: string): never => {
    throw new WeightsFormatError(file, problem);
  };
  if (source.size < 8) fail(`${source.size} bytes is too short for a safetensors file (it starts with an 8-byte header length)`);
  const n = headerLength(source.read(0, 8));
  if (n === undefined) return fail(`header length exceeds ${MAX_HEADER_BYTES} bytes: not a safetensors file, or a corrupt one`);
  if (8 + n > source.size) fail(`header of ${n} bytes runs past the end of the file (${source.size} bytes): the file is truncated or not a safetensors file`);
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8(source.read(8, n)));
  } catch (e) {
    return fail(`header is not valid UTF-8 JSON (${(e as Error).message.slice(0, 200)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('header is not a JSON object');
  const dataAt = 8 + n;
  const dataBytes = source.size - dataAt;
  const entries = Object.entries(header as Record<string, unknown>).filter(([k]) => k !== '__metadata__');
  const tensors: { key: string; dtype: StoredDtype; dims: number[]; begin: number; end: number; count: number }[] = [];
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
    if (end > dataBytes) fail(`${where}: data_offsets [${begin}, ${end}] run past the end of the data (${dataBytes} bytes): the file is truncated`);
    const count = boundedNumel(dims, dataBytes);
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
  const indexed = tensors.map((t): IndexedTensor => ({
    key: t.key,
    shape: t.dims,
    storedDtype: t.dtype,
    storedAs: t.dtype,
    read: () => ({
      shape: t.dims,
      dtype: isFloatDtype(t.dtype) ? 'float32' : 'int64',
      data: decodeElements(source.read(dataAt + t.begin, t.end - t.begin), t.dtype, t.count),
      storedAs: t.dtype,
    }),
  }));
  return { format: 'safetensors', wrapper: null, otherKeys: [], tensors: indexed };
}
