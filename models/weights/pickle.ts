// A restricted unpickler: it builds plain data (dict, OrderedDict, list, tuple, str, bytes,
// int, float, bool, None) and the few torch objects a state dict holds (storages through
// persistent ids, tensors through torch._utils._rebuild_tensor_v2). Every other global and
// every object-constructing opcode is refused with an error that names it. It never calls
// anything it read from the file: "calling" an allowed global runs one of the handlers below.
import * as l10n from '@vscode/l10n';
import { UnsafePickleError, WeightsFormatError } from './errors';
import { MAX_RANK } from './limits';
import { decodeUtf8 } from './utf8';

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export class PyDict {
  readonly map = new Map<PyKey, PyValue>();
  constructor(readonly ordered: boolean) {}
}

/** A reference to an allowed global (a storage class, or a rebuild function before REDUCE). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What a persistent id resolved to (a storage of the archive); opaque to the unpickler. */
export class PyPersistent {
  constructor(readonly value: unknown) {}
}

/** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, …). */
export class PyTensor {
  constructor(
    readonly storage: PyPersistent,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

export type PyKey = string | number | bigint | boolean | null;
export type PyValue = PyKey | Uint8Array | PyValue[] | PyTuple | PyDict | PyGlobal | PyPersistent | PyTensor;

export interface UnpickleOptions {
  /** For messages. */
  readonly file: string;
  /** Resolves a persistent id (BINPERSID); throws for ids it does not know. */
  readonly persistentLoad: (pid: PyValue) => PyPersistent;
}

const STORAGE_CLASSES = new Set([
  'FloatStorage', 'HalfStorage', 'BFloat16Storage', 'DoubleStorage',
  'LongStorage', 'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage',
]);

type Reducer = (args: PyTuple, fail: (why: string) => never) => PyValue;

/** The callables a state-dict pickle may "call", each implemented here as data construction. */
const REDUCERS: Readonly<Record<string, Reducer>> = {
  'collections.OrderedDict': (args, fail) => {
    const d = new PyDict(true);
    if (args.items.length === 0) return d;
    const items = args.items[0];
    if (args.items.length !== 1 || !Array.isArray(items)) return fail(l10n.t('OrderedDict takes no arguments or a list of pairs'));
    for (const pair of items) {
      if (!(pair instanceof PyTuple) || pair.items.length !== 2) return fail(l10n.t('OrderedDict items must be (key, value) pairs'));
      d.map.set(asKey(pair.items[0], fail), pair.items[1]);
    }
    return d;
  },
  'torch._utils._rebuild_tensor_v2': (args, fail) => rebuildTensor(args, fail),
  'torch._utils._rebuild_tensor': (args, fail) => rebuildTensor(args, fail),
  'torch._utils._rebuild_parameter': (args, fail) => {
    const data = args.items[0];
    if (!(data instanceof PyTensor)) return fail(l10n.t('_rebuild_parameter expects a tensor'));
    return data;
  },
};

function rebuildTensor(args: PyTuple, fail: (why: string) => never): PyTensor {
  const [storage, offset, size, stride] = args.items;
  if (!(storage instanceof PyPersistent)) return fail(l10n.t('the tensor\'s storage is not a storage of the archive'));
  const ints = (v: PyValue | undefined, what: string): number[] => {
    if (!(v instanceof PyTuple) || !v.items.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) return fail(l10n.t('tensor {0} must be a tuple of non-negative integers', what));
    return v.items as number[];
  };
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return fail(l10n.t('tensor storage offset must be a non-negative integer'));
  if (size instanceof PyTuple && size.items.length > MAX_RANK) return fail(l10n.t('a tensor of {0} dimensions (at most {1})', size.items.length, MAX_RANK));
  const sz = ints(size, 'size');
  const st = ints(stride, 'stride');
  if (sz.length !== st.length) return fail(l10n.t('tensor size {0}-D but stride {1}-D', sz.length, st.length));
  return new PyTensor(storage, offset, sz, st);
}

function asKey(v: PyValue, fail: (why: string) => never): PyKey {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return fail(l10n.t('dictionary keys must be strings, numbers, booleans or None'));
}

/** Guidance for globals people meet in checkpoints that are not state dicts. */
function refusalDetail(module: string): string {
  if (module.startsWith('torch.nn.modules') || module === '__main__' || module.startsWith('torchvision.models') || module.startsWith('timm.')) {
    return l10n.t('this looks like a pickled module (torch.save(model)), which cannot be read without running its code; save model.state_dict() instead, or convert to .safetensors');
  }
  if (module.startsWith('numpy')) return l10n.t('numpy objects are not supported in checkpoints; keep only tensors in the saved dict');
  return l10n.t('only plain containers (dict, OrderedDict, list, tuple, str, int, float, bool, None) and torch tensors are allowed');
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

const MAX_STACK = 1 << 20;
/** Integers longer than this (bytes, or decimal digits in text) are not part of a state dict. */
const MAX_LONG_BYTES = 1024;
const MAX_LONG_DIGITS = 2500;

/** Unpickles `bytes` (pickle protocols 0–5, the opcodes torch.save and plain containers use). */
export function unpickle(bytes: Uint8Array, opts: UnpickleOptions): PyValue {
  const { file } = opts;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  let pos = 0;

  const corrupt = (why: string): never => {
    throw new WeightsFormatError(file, l10n.t('corrupt pickle at byte {0}: {1}', pos, why), 'damaged');
  };
  const refuse = (what: string, why: string): never => {
    throw new UnsafePickleError(file, what, why);
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) corrupt(l10n.t('needs {0} more bytes, the data ends at {1}', n, bytes.length));
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)];
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => {
    const v = view.getBigUint64(need(8), true);
    if (v > BigInt(bytes.length)) corrupt(l10n.t('length {0} exceeds the data', String(v)));
    return Number(v);
  };
  const raw = (n: number): Uint8Array => bytes.subarray(need(n), pos);
  const utf8 = (n: number): string => {
    const b = raw(n);
    try {
      return decodeUtf8(b);
    } catch {
      return corrupt(l10n.t('invalid UTF-8 in a string'));
    }
  };
  const latin1 = (b: Uint8Array): string => Array.from(b, (c) => String.fromCharCode(c)).join('');
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) corrupt(l10n.t('unterminated text argument'));
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const push = (v: PyValue): void => {
    if (stack.length >= MAX_STACK) corrupt(l10n.t('stack too deep'));
    stack.push(v);
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined) return corrupt(l10n.t('pop from an empty stack'));
    if (v === MARK) return corrupt(l10n.t('unexpected mark'));
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return corrupt(l10n.t('expected a value on the stack'));
    return v;
  };
  const popMark = (): PyValue[] => {
    const m = marks.pop();
    if (m === undefined) return corrupt(l10n.t('no mark on the stack'));
    const items = stack.splice(m) as StackItem[];
    items.shift(); // the mark itself
    if (items.some((i) => i === MARK)) corrupt(l10n.t('nested mark'));
    return items as PyValue[];
  };
  const fail = (why: string): never => corrupt(why);
  const long = (b: Uint8Array): number | bigint => {
    if (b.length > MAX_LONG_BYTES) corrupt(l10n.t('an integer of {0} bytes (at most {1} are read)', b.length, MAX_LONG_BYTES));
    if (b.length === 0) return 0;
    // Through a hex string: linear in the length, where shifting a BigInt byte by byte is quadratic.
    let hex = '';
    for (let i = b.length - 1; i >= 0; i--) hex += b[i].toString(16).padStart(2, '0');
    let v = BigInt(`0x${hex}`);
    if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const global = (module: string, name: string): PyGlobal => {
    const q = `${module}.${name}`;
    if (q in REDUCERS) return new PyGlobal(module, name);
    if (module === 'torch' && STORAGE_CLASSES.has(name)) return new PyGlobal(module, name);
    return refuse(l10n.t('the global {0}', q), refusalDetail(module));
  };
  const setItems = (target: PyValue, kv: PyValue[]): void => {
    if (!(target instanceof PyDict)) corrupt(l10n.t('SETITEM(S) on something that is not a dict'));
    if (kv.length % 2 !== 0) corrupt(l10n.t('odd number of items for a dict'));
    for (let i = 0; i < kv.length; i += 2) (target as PyDict).map.set(asKey(kv[i], fail), kv[i + 1]);
  };
  const appendItems = (target: PyValue, items: PyValue[]): void => {
    if (!Array.isArray(target)) corrupt(l10n.t('APPEND(S) on something that is not a list'));
    // One by one: spreading 200k items into push() overflows the call stack.
    for (const item of items) (target as PyValue[]).push(item);
  };
  const memoGet = (i: number): void => {
    const v = memo.get(i);
    if (v === undefined) corrupt(l10n.t('memo {0} is not set', i));
    push(v as PyValue);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) corrupt(l10n.t('pickle protocol above 5'));
        break;
      case 0x95: // FRAME: a length hint, no data of its own
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) corrupt(l10n.t('STOP with {0} items on the stack', stack.length));
        return pop();
      case 0x28: // MARK
        if (stack.length >= MAX_STACK) corrupt(l10n.t('stack too deep'));
        marks.push(stack.length);
        stack.push(MARK);
        break;
      case 0x30: // POP
        if (stack[stack.length - 1] === MARK) popMark();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        push(top());
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4a: // BININT
        push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x8a: // LONG1
        push(long(raw(u8())));
        break;
      case 0x8b: // LONG4
        push(long(raw(u32())));
        break;
      case 0x49: {
        // INT (text): "I01\n" and "I00\n" are True and False in protocol 0
        const s = line();
        if (s === '01') push(true);
        else if (s === '00') push(false);
        else if (/^[+-]?\d+$/.test(s)) push(Number(s));
        else corrupt(l10n.t('bad INT "{0}"', s.slice(0, 40)));
        break;
      }
      case 0x4c: {
        // LONG (text)
        const s = line().replace(/L$/, '');
        if (s.length > MAX_LONG_DIGITS) corrupt(l10n.t('an integer of {0} digits (at most {1} are read)', s.length, MAX_LONG_DIGITS));
        if (!/^[+-]?\d+$/.test(s)) corrupt(l10n.t('bad LONG "{0}"', s.slice(0, 40)));
        const v = BigInt(s);
        push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        push(view.getFloat64(need(8), false));
        break;
      case 0x46: {
        // FLOAT (text)
        const v = Number(line());
        if (Number.isNaN(v)) corrupt(l10n.t('bad FLOAT'));
        push(v);
        break;
      }
      case 0x58: // BINUNICODE
        push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        push(utf8(u64()));
        break;
      case 0x54: // BINSTRING (Python 2 str, read as latin-1)
        push(latin1(raw(view.getInt32(need(4), true))));
        break;
      case 0x55: // SHORT_BINSTRING
        push(latin1(raw(u8())));
        break;
      case 0x42: // BINBYTES
        push(raw(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        push(raw(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        push(raw(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        push(new PyTuple([]));
        break;
      case 0x74: // TUPLE
        push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        push(new PyTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        push(new PyTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        push(new PyTuple([pop(), b, c]));
        break;
      }
      case 0x5d: // EMPTY_LIST
        push([]);
        break;
      case 0x6c: // LIST
        push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        push(new PyDict(false));
        break;
      case 0x64: {
        // DICT
        const d = new PyDict(false);
        setItems(d, popMark());
        push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') corrupt(l10n.t('STACK_GLOBAL needs two strings'));
        push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE: callable(*args), for allowed callables only
        const args = pop();
        const callable = pop();
        if (!(callable instanceof PyGlobal)) return refuse(l10n.t('a call of a non-global'), l10n.t('REDUCE on data is not allowed'));
        const reducer = REDUCERS[callable.qualified];
        if (!reducer) return refuse(l10n.t('a call of {0}', callable.qualified), l10n.t('only collections.OrderedDict and torch tensor rebuilds may be called'));
        if (!(args instanceof PyTuple)) corrupt(l10n.t('REDUCE arguments are not a tuple'));
        push(reducer(args as PyTuple, (why) => corrupt(`${callable.qualified}: ${why}`)));
        break;
      }
      case 0x62: {
        // BUILD: state for the object below. An OrderedDict's state is its attribute dict
        // (state_dict()'s `_metadata`); anything else would set attributes of a real object.
        const state = pop();
        const obj = top();
        if (!(obj instanceof PyDict) || !(state instanceof PyDict || state === null)) refuse('BUILD', l10n.t('setting the state of an object is not allowed'));
        break;
      }
      case 0x51: // BINPERSID
        push(opts.persistentLoad(pop()));
        break;
      case 0x50: // PERSID (text)
        push(opts.persistentLoad(line()));
        break;
      case 0x70: // PUT (text)
        memo.set(Number(line()), top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET (text)
        memoGet(Number(line()));
        break;
      case 0x68: // BINGET
        memoGet(u8());
        break;
      case 0x6a: // LONG_BINGET
        memoGet(u32());
        break;
      case 0x81:
        return refuse('NEWOBJ', l10n.t('creating objects (cls.__new__) is not allowed'));
      case 0x92:
        return refuse('NEWOBJ_EX', l10n.t('creating objects (cls.__new__) is not allowed'));
      case 0x69:
        return refuse('INST', l10n.t('creating objects is not allowed'));
      case 0x6f:
        return refuse('OBJ', l10n.t('creating objects is not allowed'));
      case 0x82:
      case 0x83:
      case 0x84:
        return refuse('EXT1/EXT2/EXT4', l10n.t('extension registry globals are not allowed'));
      case 0x8f:
      case 0x90:
      case 0x91:
        return refuse(l10n.t('a set'), l10n.t('sets are not part of a state dict'));
      case 0x96:
      case 0x97:
      case 0x98:
        return refuse(l10n.t('out-of-band buffers (protocol 5)'), l10n.t('not part of a state dict'));
      case 0x53:
      case 0x56:
        return refuse(l10n.t('text-protocol strings (STRING/UNICODE)'), l10n.t('protocol 0 string escapes are not supported; re-save with torch.save'));
      default:
        return corrupt(l10n.t('unknown opcode 0x{0}', op.toString(16).padStart(2, '0')));
    }
  }
}
