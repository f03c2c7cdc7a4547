// Hostile checkpoints, built deterministically (a few KB each): each one attacks one class of
// fault the readers must bound (counts, inflate, stack, quadratic work, materialisation, overflow).
import { zipSync } from 'fflate';

/** Pickle opcodes, written by hand so that each case says exactly what the file does. */
class Pickle {
  private readonly parts: number[] = [0x80, 2];
  op(...bytes: number[]): this {
    return this.raw(bytes);
  }
  /** Many bytes at once (a spread of a megabyte would overflow the stack). */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.parts.push(bytes[i]);
    return this;
  }
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.op(0x58, ...u32(b.length), ...b);
  }
  int(n: number): this {
    return this.op(0x4a, ...u32(n >>> 0));
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...Buffer.from(`${module}\n${name}\n`, 'latin1'));
  }
  /** (storage, offset, size, stride) → torch._utils._rebuild_tensor_v2 via a persistent storage id. */
  tensor(key: string, numel: number, offset: number, size: readonly number[], stride: readonly number[]): this {
    this.global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    this.op(0x28).str('storage').global('torch', 'FloatStorage').str(key).str('cpu').int(numel).op(0x74, 0x51);
    this.int(offset);
    this.op(0x28);
    for (const d of size) this.long8(d);
    this.op(0x74, 0x28);
    for (const d of stride) this.long8(d);
    return this.op(0x74, 0x89, 0x7d, 0x74, 0x52);
  }
  long8(v: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v));
    return this.op(0x8a, 8, ...b);
  }
  bytes(): Uint8Array {
    return new Uint8Array([...this.parts, 0x2e]);
  }
}

const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A torch.save-style archive (stored entries unless `deflate`). */
function archive(pkl: Uint8Array, storages: Record<string, Uint8Array> = {}, deflate = false): Uint8Array {
  const files: Record<string, Uint8Array> = { 'archive/data.pkl': pkl, 'archive/byteorder': Buffer.from('little') };
  for (const [k, v] of Object.entries(storages)) files[`archive/data/${k}`] = v;
  return zipSync(files, { level: deflate ? 9 : 0 });
}

/** A dict of `keys` tensors; `body` writes each value. */
function dictOf(keys: number, body: (p: Pickle, i: number) => void): Uint8Array {
  const p = new Pickle().op(0x7d, 0x28);
  for (let i = 0; i < keys; i++) {
    p.str(`t${i}`);
    body(p, i);
  }
  return p.op(0x75).bytes();
}

/** Replaces the end record with a zip64 one claiming 2^32 − 1 entries in a tiny directory. */
function zip64Entries(): Uint8Array {
  const base = Buffer.from(archive(dictOf(1, (p) => p.tensor('0', 4, 0, [4], [1])), { '0': new Uint8Array(16) }));
  const eocd = base.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdSize = base.readUInt32LE(eocd + 12);
  const cdOffset = base.readUInt32LE(eocd + 16);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeBigUInt64LE(0xffffffffn, 24);
  rec.writeBigUInt64LE(0xffffffffn, 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(eocd), 8);
  loc.writeUInt32LE(1, 16);
  const end = Buffer.from(base.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([base.subarray(0, eocd), rec, loc, end]);
}

/** A deflated storage of zeros whose declared size is rewritten to `declared` (its real size is 64 MiB). */
function zipBomb(declared: number): Uint8Array {
  const z = Buffer.from(archive(dictOf(1, (p) => p.tensor('0', 16, 0, [16], [1])), { '0': new Uint8Array(64 << 20) }, true));
  const name = Buffer.from('archive/data/0');
  for (let at = z.indexOf(name); at >= 0; at = z.indexOf(name, at + 1)) {
    const central = z.readUInt32LE(at - 46) === 0x02014b50;
    const local = z.readUInt32LE(at - 30) === 0x04034b50;
    if (central) z.writeUInt32LE(declared, at - 46 + 24);
    if (local) z.writeUInt32LE(declared, at - 30 + 22);
  }
  return z;
}

export interface HostileCase {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  /** What the typed error must say; null: the file is read (its size is bounded, nothing is multiplied). */
  readonly expect: RegExp | null;
}

export const hostileWeights: readonly HostileCase[] = [
  { name: 'zip64-4e9-entries.pth', bytes: zip64Entries, expect: /entries cannot fit in a central directory/ },
  { name: 'zip-bomb-declared.pth', bytes: () => zipBomb(0xfffffff0), expect: /would inflate to 4294967280 bytes|more than the model needs|lies past/ },
  { name: 'zip-bomb-lying.pth', bytes: () => zipBomb(64), expect: /inflates to more than its declared 64 bytes/ },
  {
    name: 'appends-200k.pth',
    bytes: () => {
      const p = new Pickle().op(0x5d, 0x28);
      for (let i = 0; i < 200_000; i++) p.op(0x4e);
      return archive(p.op(0x65).bytes());
    },
    expect: /holds a list, not a dict of tensors/,
  },
  {
    name: 'long4-1mb.pth',
    bytes: () => archive(new Pickle().op(0x8b, ...u32(1 << 20)).raw(new Uint8Array(1 << 20).fill(0x7f)).bytes()),
    expect: /an integer of 1048576 bytes/,
  },
  {
    // One 1 M-element tensor under 100,000 keys through the memo: materialised once, not 100,000 times.
    name: 'memo-fanout.pth',
    bytes: () => {
      const p = new Pickle().op(0x7d, 0x28);
      p.str('t0').tensor('0', 1 << 20, 0, [1 << 20], [1]).op(0x71, 1);
      for (let i = 1; i < 100_000; i++) p.str(`t${i}`).op(0x68, 1);
      return archive(p.op(0x75).bytes(), { '0': new Uint8Array(4 << 20) }, true);
    },
    expect: null,
  },
  {
    name: 'fanout-views.pth',
    bytes: () => archive(dictOf(600, (p) => p.tensor('0', 1 << 20, 0, [1 << 20], [1])), { '0': new Uint8Array(4 << 20) }, true),
    expect: /the tensors hold 629145600 elements but their storages only 1048576: views that overlap/,
  },
  { name: 'stride-0.pth', bytes: () => archive(dictOf(1, (p) => p.tensor('0', 1, 0, [40000, 40000], [0, 0])), { '0': new Uint8Array(4) }), expect: /has more elements than its storage of 1/ },
  { name: 'numel-2e62.pth', bytes: () => archive(dictOf(1, (p) => p.tensor('0', 4, 0, [2 ** 31, 2 ** 31], [1, 1])), { '0': new Uint8Array(16) }), expect: /has more elements than its storage of 4/ },
  {
    name: 'rank-100k.pth',
    bytes: () => archive(dictOf(1, (p) => p.tensor('0', 4, 0, new Array<number>(100_000).fill(1), new Array<number>(100_000).fill(1))), { '0': new Uint8Array(16) }),
    expect: /a tensor of 100000 dimensions/,
  },
  { name: 'deep-marks.pth', bytes: () => archive(new Pickle().raw(new Uint8Array(2_000_000).fill(0x28)).bytes()), expect: /stack too deep/ },
];

/** A .safetensors file with `header` as its JSON header and `data` after it. */
export function safetensors(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(h.length));
  return Buffer.concat([len, h, data]);
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

export const hostileSafetensors: readonly HostileCase[] = [
  { name: 'deep-dtype.safetensors', bytes: () => safetensors(`{"a":{"dtype":${nested(100_000)},"shape":[],"data_offsets":[0,4]}}`), expect: /dtype a list of 1 items is not supported/ },
  { name: 'deep-shape.safetensors', bytes: () => safetensors(`{"a":{"dtype":"F32","shape":${nested(100_000)},"data_offsets":[0,4]}}`), expect: /shape a list of 1 items is not a list/ },
  { name: 'deep-offsets.safetensors', bytes: () => safetensors(`{"a":{"dtype":"F32","shape":[1],"data_offsets":${nested(100_000)}}}`), expect: /data_offsets \[a list of 1 items\]|data_offsets a list of 1 items is not a pair/ },
  { name: 'proto-dtype.safetensors', bytes: () => safetensors('{"a":{"dtype":"__proto__","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)), expect: /dtype "__proto__" is not supported \(supported: F32/ },
  {
    name: 'aliased-offsets.safetensors',
    bytes: () => {
      const entries = Array.from({ length: 3000 }, (_, i) => `"t${i}":{"dtype":"F32","shape":[65536],"data_offsets":[0,262144]}`);
      return safetensors(`{${entries.join(',')}}`, new Uint8Array(262144));
    },
    expect: /overlap in the data/,
  },
  { name: 'numel-2e62.safetensors', bytes: () => safetensors('{"a":{"dtype":"F32","shape":[2147483648,2147483648],"data_offsets":[0,4]}}', new Uint8Array(4)), expect: /needs more than the file holds/ },
];
