// PyTorch checkpoint reader for the zip format torch.save has written since 1.6:
// `<archive>/data.pkl` (the pickled object, read by the restricted unpickler) and
// `<archive>/data/<key>` (one raw little-endian storage per key). Tensors are views of those
// storages (offset, size, stride) and are gathered into contiguous row-major arrays.
import * as l10n from '@vscode/l10n';
import { WeightsFormatError } from './errors';
import { describe as describeValue } from '../families/knobs';
import { boundedNumel, limitsOf, MAX_ELEMENT_BYTES, MAX_INFLATE_BYTES, MAX_PICKLE_BYTES, type ReadLimits } from './limits';
import { decodeUtf8 } from './utf8';
import { PyDict, PyPersistent, PyTensor, PyTuple, PyGlobal, unpickle, type PyValue } from './pickle';
import { memorySource, type ByteSource } from './byteSource';
import { materializeAll, type IndexedTensor, type WeightsIndex } from './weightsIndex';
import { BYTES_PER_ELEMENT, decodeElements, isFloatDtype, type StateDict, type StoredDtype, type WeightTensor } from './tensor';
import { ZipReader, type ZipEntry } from './zip';

const STORAGE_DTYPES: Readonly<Record<string, StoredDtype>> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
};

interface Storage {
  readonly key: string;
  readonly dtype: StoredDtype;
  readonly className: string;
  readonly numel: number;
  /** Reads (and, if deflated, inflates) the storage's bytes: checked against the budget when it was indexed. */
  readonly bytes: () => Uint8Array;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** torch.serialization's MAGIC_NUMBER 0x1950a86a20f9469cfc6c, as pickle's LONG1 writes it (little-endian). */
const LEGACY_MAGIC = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/** The legacy (pre-1.6) torch.save format starts with a pickled magic number: PROTO n, LONG1 MAGIC. */
export function isLegacyTorch(bytes: Uint8Array): boolean {
  return bytes.length >= 2 + LEGACY_MAGIC.length && bytes[0] === 0x80 && bytes[1] <= 5 && LEGACY_MAGIC.every((b, i) => bytes[2 + i] === b);
}

const WANTED = (name: string): boolean => /(^|\/)(data\.pkl|byteorder)$/.test(name) || /(^|\/)data\/[^/]+$/.test(name);

/**
 * Reads a torch.save zip archive's pickled object, tensors resolved to storages of the archive
 * that are read when a tensor is materialised (every size checked now, nothing read yet).
 */
export function readPthObject(source: ByteSource, file: string, limits?: Partial<ReadLimits>): PyValue {
  const { maxElements } = limitsOf(limits);
  const head = source.read(0, Math.min(source.size, 16));
  if (!isZip(head)) {
    if (isLegacyTorch(head)) {
      throw new WeightsFormatError(file, l10n.t('this is the legacy (pre-1.6) torch.save format, which is not supported: re-save it with a current PyTorch (torch.save(torch.load(f), f2)) or convert it to .safetensors'), 'legacyFormat');
    }
    throw new WeightsFormatError(file, l10n.t('not a PyTorch checkpoint (a torch.save zip archive starts with "PK")'));
  }
  const zip = new ZipReader(source, file);
  const names = zip.entries.map((e) => e.name);
  const byName = new Map<string, ZipEntry>();
  for (const e of zip.entries) if (WANTED(e.name)) byName.set(e.name, e);
  // What inflating may produce, all entries together (bytes): every storage at the widest dtype
  // (at most MAX_INFLATE_BYTES: inflated entries are held in memory), and the pickle.
  let inflateBudget = Math.min(maxElements * MAX_ELEMENT_BYTES, MAX_INFLATE_BYTES) + MAX_PICKLE_BYTES;
  const entry = (name: string, budget = inflateBudget): Uint8Array | undefined => {
    const e = byName.get(name);
    if (e === undefined) return undefined;
    const data = zip.read(e, budget);
    if (e.method !== 0) inflateBudget -= data.length;
    return data;
  };
  const pkl = names.find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkl === undefined) {
    if (names.some((n) => /(^|\/)constants\.pkl$/.test(n) || /(^|\/)code\//.test(n))) {
      throw new WeightsFormatError(file, l10n.t('this is a TorchScript archive (torch.jit.save), which is not supported: save the scripted model\'s state_dict() with torch.save instead'), 'torchScript');
    }
    throw new WeightsFormatError(file, l10n.t('zip archive has no <archive>/data.pkl: not a torch.save checkpoint'));
  }
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = entry(`${prefix}byteorder`, 64);
  if (order !== undefined && decodeUtf8(order).trim() !== 'little') {
    throw new WeightsFormatError(file, l10n.t('big-endian checkpoints are not supported'));
  }
  const storages = new Map<string, Storage>();
  const persistentLoad = (pid: PyValue): PyPersistent => {
    if (!(pid instanceof PyTuple) || pid.items[0] !== 'storage' || pid.items.length < 5) {
      throw new WeightsFormatError(file, l10n.t('data.pkl: a persistent id that is not a (\'storage\', type, key, location, numel) tuple'));
    }
    const [, type, key, , numel] = pid.items;
    if (!(type instanceof PyGlobal)) throw new WeightsFormatError(file, l10n.t('data.pkl: storage type is not a torch storage class'));
    const dtype = STORAGE_DTYPES[type.name];
    if (dtype === undefined) throw new WeightsFormatError(file, l10n.t('data.pkl: storages of {0} are not supported (supported: {1})', type.qualified, Object.keys(STORAGE_DTYPES).join(', ')));
    if (typeof key !== 'string' || typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) {
      throw new WeightsFormatError(file, l10n.t('data.pkl: storage key must be a string and its numel a non-negative integer'));
    }
    const cached = storages.get(key);
    if (cached) return new PyPersistent(cached);
    if (storages.size >= byName.size) throw new WeightsFormatError(file, l10n.t('data.pkl: more storages than the archive holds'));
    const e = byName.get(`${prefix}data/${key}`);
    if (e === undefined) throw new WeightsFormatError(file, l10n.t('storage "{0}" is missing from the archive ({1}data/{0}): the file is truncated or corrupt', key, prefix), 'damaged');
    zip.check(e, inflateBudget);
    if (e.method !== 0) inflateBudget -= e.size;
    const needed = numel * BYTES_PER_ELEMENT[dtype];
    if (e.size < needed) throw new WeightsFormatError(file, l10n.t('storage "{0}" holds {1} bytes, {2} of {3} elements needs {4}: the file is truncated or corrupt', key, e.size, type.name, numel, needed), 'damaged');
    const storage: Storage = { key, dtype, className: type.name, numel, bytes: () => zip.read(e, e.size) };
    storages.set(key, storage);
    return new PyPersistent(storage);
  };
  const pklEntry = byName.get(pkl) as ZipEntry;
  if (pklEntry.size > MAX_PICKLE_BYTES) throw new WeightsFormatError(file, l10n.t('{0} is {1} bytes, more than the {2} bytes a state dict\'s pickle needs', pkl, pklEntry.size, MAX_PICKLE_BYTES));
  return unpickle(entry(pkl) as Uint8Array, { file: `${file} (${pkl})`, persistentLoad });
}

/** Gathers a tensor view (offset, size, stride in elements) of its storage into a row-major array. */
export function materialize(t: PyTensor, file: string, key: string): WeightTensor {
  const s = t.storage.value as Storage;
  const shape = [...t.size];
  const count = boundedNumel(shape, s.numel);
  if (count === undefined) throw new WeightsFormatError(file, l10n.t('tensor "{0}" of size [{1}] has more elements than its storage of {2}', key, shape.join(', '), s.numel));
  if (count > 0) {
    let last = t.offset;
    for (let d = 0; d < shape.length; d++) last += (shape[d] - 1) * t.stride[d];
    if (last >= s.numel) throw new WeightsFormatError(file, l10n.t('tensor "{0}" (offset {1}, size [{2}], stride [{3}]) reaches past its storage of {4} elements', key, t.offset, shape.join(', '), t.stride.join(', '), s.numel));
  }
  let contiguous = true;
  for (let d = shape.length - 1, expect = 1; d >= 0; d--) {
    if (shape[d] !== 1 && t.stride[d] !== expect) contiguous = false;
    expect *= shape[d];
  }
  const base = s.bytes().subarray(t.offset * BYTES_PER_ELEMENT[s.dtype]);
  let index: ((i: number) => number) | undefined;
  if (!contiguous) {
    // Row-major position i → storage element: peel off the coordinates from the last dim.
    index = (i: number): number => {
      let at = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        const c = i % shape[d];
        i = (i - c) / shape[d];
        at += c * t.stride[d];
      }
      return at;
    };
  }
  return {
    shape,
    dtype: isFloatDtype(s.dtype) ? 'float32' : 'int64',
    data: decodeElements(base, s.dtype, count, index),
    storedAs: `torch.${s.className}`,
  };
}

/**
 * Indexes a torch.save'd state dict (or a dict wrapping one): every tensor's key, shape and dtype,
 * read one at a time later. Before anything is materialised, every tensor is checked against its
 * storage and the total against both the storages (views that overlap would multiply them) and
 * `limits`. Keys that hold the same tensor (a memo fan-out) share one `read`.
 */
export function indexPth(source: ByteSource, file: string, limits?: Partial<ReadLimits>): WeightsIndex {
  const { maxElements } = limitsOf(limits);
  const obj = readPthObject(source, file, limits);
  const { dict, wrapper, others } = findStateDict(obj, file);
  const tensors = new Map<PyTensor, string>();
  for (const [k, v] of dict.map) if (v instanceof PyTensor && !tensors.has(v)) tensors.set(v, String(k));
  const storages = new Set<Storage>();
  let elements = 0;
  for (const [t, key] of tensors) {
    const s = t.storage.value as Storage;
    // A tensor never holds more elements than its storage: more would repeat elements (stride 0), which a state dict does not do.
    const count = boundedNumel(t.size, s.numel);
    if (count === undefined) throw new WeightsFormatError(file, l10n.t('tensor "{0}" of size [{1}] has more elements than its storage of {2}', key, t.size.join(', '), s.numel));
    elements += count;
    storages.add(s);
  }
  const stored = [...storages].reduce((n, s) => n + s.numel, 0);
  // Views may share a storage (a weight and its transpose), but not multiply it many times over.
  const viewBudget = 2 * stored + OVERLAP_SLACK;
  if (elements > viewBudget) throw new WeightsFormatError(file, l10n.t('the tensors hold {0} elements but their storages only {1}: views that overlap this much are not a state dict', elements, stored));
  if (elements > maxElements) throw new WeightsFormatError(file, l10n.t('the tensors hold {0} elements, more than the model needs (at most {1}): refused before materialising them', elements, maxElements));
  const reads = new Map<PyTensor, () => WeightTensor>();
  for (const [t, key] of tensors) reads.set(t, () => materialize(t, file, key));
  const entries: IndexedTensor[] = [];
  for (const [k, v] of dict.map) {
    if (!(v instanceof PyTensor)) continue;
    const s = v.storage.value as Storage;
    entries.push({ key: String(k), shape: [...v.size], storedDtype: s.dtype, storedAs: `torch.${s.className}`, read: reads.get(v) as () => WeightTensor });
  }
  return { format: 'pytorch', wrapper, otherKeys: others, tensors: entries };
}

/** Reads a torch.save'd state dict (or a dict wrapping one) into named tensors. */
export function readPth(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  return materializeAll(indexPth(memorySource(bytes), file, limits));
}

/** Elements that overlapping views may add beyond twice their storages (small tied or sliced buffers). */
const OVERLAP_SLACK = 1 << 20;

/**
 * Keys under which training scripts nest the state dict, in the order they are preferred: the
 * trained weights before an EMA copy (timm's train.py saves both `state_dict` and `state_dict_ema`).
 */
export const WRAPPER_KEYS = ['state_dict', 'model', 'model_state_dict', 'net', 'module', 'ema', 'model_ema', 'state_dict_ema'] as const;

/** The dict of tensors in a checkpoint: the top level, or the value under `wrapper`; `others` are the wrapper's other keys (optimizer, epoch, an EMA copy…). */
export interface FoundStateDict {
  readonly dict: PyDict;
  readonly wrapper: string | null;
  readonly others: readonly string[];
}

const holdsTensors = (v: PyValue | undefined): boolean => v instanceof PyDict && [...v.map.values()].some((x) => x instanceof PyTensor);

export function findStateDict(obj: PyValue, file: string): FoundStateDict {
  if (!(obj instanceof PyDict)) throw new WeightsFormatError(file, l10n.t('the checkpoint holds {0}, not a dict of tensors', describe(obj)));
  if (holdsTensors(obj)) return { dict: obj, wrapper: null, others: [] };
  for (const k of WRAPPER_KEYS) {
    const inner = obj.map.get(k);
    if (holdsTensors(inner)) return { dict: inner as PyDict, wrapper: k, others: [...obj.map.keys()].filter((o) => o !== k).map(String) };
  }
  const keys = [...obj.map.keys()].slice(0, 10).map(describeValue);
  throw new WeightsFormatError(file, l10n.t('no tensors found: a dict with keys {0} (a state dict, or one under {1}, was expected)', keys.join(', '), WRAPPER_KEYS.map((k) => `"${k}"`).join('/')));
}

function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return l10n.t('a list');
  if (v instanceof PyTuple) return l10n.t('a tuple');
  if (v instanceof PyTensor) return l10n.t('a single tensor');
  return l10n.t('a {0}', typeof v);
}
