// .safetensors reader and writer: 8-byte little-endian header length, a JSON header mapping each
// tensor name to { dtype, shape, data_offsets: [begin, end] } (offsets into the bytes after the
// header), then the raw little-endian data. The reader checks every length and offset against the
// file; the writer gives the header, and the shell streams the data after it.
import * as l10n from '@vscode/l10n';
import { memorySource, type ByteSource } from './byteSource';
import { WeightsFormatError, type WeightsFormatReason } from './errors';
import { decodeUtf8, encodeUtf8 } from './utf8';
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
  const fail = (problem: string, reason?: WeightsFormatReason): never => {
    throw new WeightsFormatError(file, problem, reason);
  };
  if (source.size < 8) fail(l10n.t('{0} bytes is too short for a safetensors file (it starts with an 8-byte header length)', source.size));
  const n = headerLength(source.read(0, 8));
  if (n === undefined) return fail(l10n.t('header length exceeds {0} bytes: not a safetensors file, or a corrupt one', MAX_HEADER_BYTES), 'damaged');
  if (8 + n > source.size) fail(l10n.t('header of {0} bytes runs past the end of the file ({1} bytes): the file is truncated or not a safetensors file', n, source.size), 'damaged');
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8(source.read(8, n)));
  } catch (e) {
    return fail(l10n.t('header is not valid UTF-8 JSON ({0})', (e as Error).message.slice(0, 200)), 'damaged');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail(l10n.t('header is not a JSON object'));
  const dataAt = 8 + n;
  const dataBytes = source.size - dataAt;
  const entries = Object.entries(header as Record<string, unknown>).filter(([k]) => k !== '__metadata__');
  const tensors: { key: string; dtype: StoredDtype; dims: number[]; begin: number; end: number; count: number }[] = [];
  let elements = 0;
  for (const [key, raw] of entries) {
    const where = l10n.t('tensor {0}', describe(key));
    if (typeof raw !== 'object' || raw === null) fail(l10n.t('{0}: expected an object with dtype, shape and data_offsets', where));
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (!isDtype(dtype)) return fail(l10n.t('{0}: dtype {1} is not supported (supported: {2})', where, describe(dtype), Object.keys(BYTES_PER_ELEMENT).join(', ')));
    if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      return fail(l10n.t('{0}: shape {1} is not a list of at most {2} non-negative integers', where, describe(shape), MAX_RANK));
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      return fail(l10n.t('{0}: data_offsets {1} is not a pair of non-negative integers', where, describe(offsets)));
    }
    const [begin, end] = offsets as [number, number];
    const dims = shape as number[];
    if (end < begin) fail(l10n.t('{0}: data_offsets [{1}, {2}] end before they begin', where, begin, end));
    if (end > dataBytes) fail(l10n.t('{0}: data_offsets [{1}, {2}] run past the end of the data ({3} bytes): the file is truncated', where, begin, end, dataBytes), 'damaged');
    const count = boundedNumel(dims, dataBytes);
    const expectedBytes = count === undefined ? undefined : count * BYTES_PER_ELEMENT[dtype];
    if (expectedBytes !== end - begin) fail(l10n.t('{0}: data_offsets [{1}, {2}] hold {3} bytes, but {4} [{5}] needs {6}', where, begin, end, end - begin, dtype, dims.join(', '), expectedBytes ?? l10n.t('more than the file holds')));
    elements += count as number;
    if (elements > maxElements) fail(l10n.t('the tensors hold more than {0} elements, more than the model needs', maxElements));
    tensors.push({ key, dtype, dims, begin, end, count: count as number });
  }
  // Each byte of the data belongs to one tensor: aliased ranges would multiply what is materialised.
  const byBegin = [...tensors].filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < byBegin.length; i++) {
    const [a, b] = [byBegin[i - 1], byBegin[i]];
    if (b.begin < a.end) fail(l10n.t('tensors {0} [{1}, {2}] and {3} [{4}, {5}] overlap in the data', describe(a.key), a.begin, a.end, describe(b.key), b.begin, b.end));
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

/** One tensor of a safetensors file to write: its key, stored dtype and shape, in file order. */
export interface SafetensorsEntry {
  readonly key: string;
  readonly dtype: StoredDtype;
  readonly shape: readonly number[];
}

/**
 * The bytes before the data of a safetensors file holding `entries`, in order: the 8-byte length
 * and the JSON header, padded with spaces (the format allows it) so that the data starts 8-byte
 * aligned. `dataBytes` is how many bytes of data must follow: each tensor's elements,
 * little-endian, in the same order.
 */
export function safetensorsHeader(entries: readonly SafetensorsEntry[]): { header: Uint8Array; dataBytes: number } {
  const json: Record<string, { dtype: StoredDtype; shape: number[]; data_offsets: [number, number] }> = {};
  let offset = 0;
  for (const e of entries) {
    const bytes = BYTES_PER_ELEMENT[e.dtype] * e.shape.reduce((x, y) => x * y, 1);
    json[e.key] = { dtype: e.dtype, shape: [...e.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const text = encodeUtf8(JSON.stringify(json));
  const padded = text.length + ((8 - ((8 + text.length) % 8)) % 8);
  const header = new Uint8Array(8 + padded).fill(0x20, 8 + text.length);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(text, 8);
  return { header, dataBytes: offset };
}
