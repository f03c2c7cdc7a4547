// A bounded zip reader for torch.save archives. Every count, size and offset the archive claims is
// checked against the file before anything is read or inflated: the central directory must fit
// in the file at 46 bytes per entry (so a zip64 record claiming 4e9 entries is refused at once),
// each entry's data must lie inside the file, and inflating stops as soon as an entry outgrows
// its declared size or the caller's byte budget. The archive is read through a ByteSource: the
// directory once, then each entry when it is asked for (from memory, stored entries — what
// torch.save writes — are views of the file's bytes, not copies).
import * as l10n from '@vscode/l10n';
import { Inflate } from 'fflate';
import type { ByteSource } from './byteSource';
import { WeightsFormatError } from './errors';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the local file header. */
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
const EOCD_BYTES = 22;
/** Inflated in steps of this many compressed bytes, so a bomb is stopped early (bytes). */
const INFLATE_STEP = 1 << 16;

/** Most central-directory bytes read (bytes): 100 per entry, far beyond a state dict's tens of thousands of entries. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

/** File bytes [base, base + bytes.length), read once, with bounds-checked little-endian fields at file offsets. */
class Window {
  private readonly view: DataView;
  constructor(
    readonly base: number,
    readonly bytes: Uint8Array,
    private readonly corrupt: (why: string) => never,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private at(offset: number, size: number): number {
    const i = offset - this.base;
    if (i < 0 || i + size > this.bytes.length) this.corrupt(l10n.t('a field at byte {0} lies past the end of the file', offset));
    return i;
  }
  u16(offset: number): number {
    return this.view.getUint16(this.at(offset, 2), true);
  }
  u32(offset: number): number {
    return this.view.getUint32(this.at(offset, 4), true);
  }
  /** A 64-bit field as a number; values beyond the file's size are refused by the callers. */
  u64(offset: number): number {
    const v = this.view.getBigUint64(this.at(offset, 8), true);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }
  slice(offset: number, length: number): Uint8Array {
    const i = this.at(offset, length);
    return this.bytes.subarray(i, i + length);
  }
}

export class ZipReader {
  readonly entries: readonly ZipEntry[];

  constructor(
    private readonly source: ByteSource,
    private readonly file: string,
  ) {
    this.entries = this.readCentralDirectory();
  }

  private corrupt(why: string): never {
    throw new WeightsFormatError(this.file, l10n.t('corrupt or truncated zip archive ({0})', why), 'damaged');
  }

  /** `length` bytes at `at` (clamped to the file) as a window. */
  private window(at: number, length: number): Window {
    const from = Math.max(0, Math.min(at, this.source.size));
    const to = Math.max(from, Math.min(at + length, this.source.size));
    return new Window(from, this.source.read(from, to - from), (why) => this.corrupt(why));
  }

  /** The end record's offset, in `tail` (the file's last 64 KiB + 42 bytes, where the record and a zip64 locator must lie). */
  private findEndRecord(tail: Window): number {
    const n = this.source.size;
    const lowest = Math.max(0, n - EOCD_BYTES - 0xffff);
    for (let at = n - EOCD_BYTES; at >= lowest; at--) {
      if (tail.u32(at) === EOCD && at + EOCD_BYTES + tail.u16(at + 20) === n) return at;
    }
    for (let at = n - EOCD_BYTES; at >= lowest; at--) if (tail.u32(at) === EOCD) return at;
    return this.corrupt(l10n.t('no end of central directory record'));
  }

  private readCentralDirectory(): ZipEntry[] {
    const n = this.source.size;
    if (n < EOCD_BYTES) this.corrupt(l10n.t('{0} bytes is too short for a zip archive', n));
    const tail = this.window(n - EOCD_BYTES - 0xffff - 20, EOCD_BYTES + 0xffff + 20);
    const end = this.findEndRecord(tail);
    let count = tail.u16(end + 10);
    let cdSize = tail.u32(end + 12);
    let cdOffset = tail.u32(end + 16);
    if (end >= 20 && tail.u32(end - 20) === ZIP64_LOCATOR) {
      const rec = tail.u64(end - 20 + 8);
      const record = this.window(rec, 56);
      if (rec + 56 > n || record.u32(rec) !== ZIP64_EOCD) this.corrupt(l10n.t('the zip64 end record is not where its locator says'));
      count = record.u64(rec + 32);
      cdSize = record.u64(rec + 40);
      cdOffset = record.u64(rec + 48);
    }
    if (cdOffset + cdSize > n) this.corrupt(l10n.t('the central directory ({0} bytes at {1}) lies past the end of the file ({2} bytes)', cdSize, cdOffset, n));
    if (count * CENTRAL_BYTES > cdSize) this.corrupt(l10n.t('{0} entries cannot fit in a central directory of {1} bytes', count, cdSize));
    if (cdSize > MAX_DIRECTORY_BYTES) this.corrupt(l10n.t('a central directory of {0} bytes is more than the {1} bytes any checkpoint needs', cdSize, MAX_DIRECTORY_BYTES));
    const cd = this.window(cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = cdOffset;
    for (let i = 0; i < count; i++) {
      if (at + CENTRAL_BYTES > cdOffset + cdSize || cd.u32(at) !== CENTRAL) this.corrupt(l10n.t('central directory entry {0} is damaged', i));
      const flags = cd.u16(at + 8);
      const method = cd.u16(at + 10);
      let compressedSize = cd.u32(at + 20);
      let size = cd.u32(at + 24);
      const nameLength = cd.u16(at + 28);
      const extraLength = cd.u16(at + 30);
      const commentLength = cd.u16(at + 32);
      let localOffset = cd.u32(at + 42);
      const nameAt = at + CENTRAL_BYTES;
      const next = nameAt + nameLength + extraLength + commentLength;
      if (next > cdOffset + cdSize) this.corrupt(l10n.t('central directory entry {0} runs past the directory', i));
      const name = latin1(cd.slice(nameAt, nameLength));
      // zip64 extended information: the 64-bit values of the fields saturated at 0xffffffff, in this order.
      for (let x = nameAt + nameLength; x + 4 <= nameAt + nameLength + extraLength; ) {
        const id = cd.u16(x);
        const len = cd.u16(x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          const take = (): number => {
            if (f + 8 > x + 4 + len) this.corrupt(l10n.t('the zip64 field of "{0}" is too short', name));
            const v = cd.u64(f);
            f += 8;
            return v;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localOffset === 0xffffffff) localOffset = take();
        }
        x += 4 + len;
      }
      if (flags & 0x1) this.corrupt(l10n.t('"{0}" is encrypted', name));
      if (localOffset + LOCAL_BYTES + compressedSize > n) this.corrupt(l10n.t('"{0}" ({1} bytes at {2}) lies past the end of the file ({3} bytes)', name, compressedSize, localOffset, n));
      entries.push({ name, method, compressedSize, size, localOffset });
      at = next;
    }
    return entries;
  }

  /**
   * The entry's bytes. `budget` bounds what may be inflated (bytes); a stored entry is a view of
   * the file and costs nothing. Refused: unknown methods, sizes that disagree, entries over budget.
   */
  read(entry: ZipEntry, budget: number): Uint8Array {
    this.check(entry, budget);
    const at = entry.localOffset;
    const local = this.window(at, LOCAL_BYTES);
    if (local.u32(at) !== LOCAL) this.corrupt(l10n.t('"{0}" has no local header at byte {1}', entry.name, at));
    const dataAt = at + LOCAL_BYTES + local.u16(at + 26) + local.u16(at + 28);
    if (dataAt + entry.compressedSize > this.source.size) this.corrupt(l10n.t('the data of "{0}" lies past the end of the file', entry.name));
    const data = this.source.read(dataAt, entry.compressedSize);
    return entry.method === 0 ? data : this.inflate(entry, data);
  }

  /**
   * Refuses, before anything is read, an entry that `read` could not return within `budget`
   * (bytes): an unknown method, sizes that disagree, a deflated entry over budget.
   */
  check(entry: ZipEntry, budget: number): void {
    if (entry.method === 0) {
      if (entry.size !== entry.compressedSize) this.corrupt(l10n.t('stored entry "{0}" declares {1} bytes but holds {2}', entry.name, entry.size, entry.compressedSize));
      return;
    }
    if (entry.method !== 8) throw new WeightsFormatError(this.file, l10n.t('zip entry "{0}" uses compression method {1}; only stored and deflated entries are supported', entry.name, entry.method));
    if (entry.size > budget) throw new WeightsFormatError(this.file, l10n.t('zip entry "{0}" would inflate to {1} bytes, more than the {2} bytes this checkpoint may take (a guard against zip bombs)', entry.name, entry.size, budget));
  }

  private inflate(entry: ZipEntry, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(entry.size);
    let filled = 0;
    let ended = false;
    const inflater = new Inflate((chunk, final) => {
      if (filled + chunk.length > out.length) this.corrupt(l10n.t('"{0}" inflates to more than its declared {1} bytes', entry.name, entry.size));
      out.set(chunk, filled);
      filled += chunk.length;
      if (final) ended = true;
    });
    try {
      for (let i = 0; i < data.length && !ended; i += INFLATE_STEP) inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
    } catch (e) {
      if (e instanceof WeightsFormatError) throw e;
      this.corrupt(l10n.t('"{0}" does not inflate: {1}', entry.name, (e as Error).message));
    }
    if (!ended || filled !== entry.size) this.corrupt(l10n.t('"{0}" inflates to {1} bytes, not its declared {2}', entry.name, filled, entry.size));
    return out;
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
