// Random access to a checkpoint's bytes, so that the readers can index a file by its headers and
// read one tensor at a time: from bytes already in memory (views, no copies) or, in the shells,
// from a file handle (what a 1.7 GB checkpoint needs: memory bounded by the tensor being read).

export interface ByteSource {
  /** The file's length in bytes. */
  readonly size: number;
  /** `length` bytes from byte `at`; the caller keeps `at + length` within `size`. */
  read(at: number, length: number): Uint8Array;
}

/** A source over bytes already in memory: every read is a view of them. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (at, length) => bytes.subarray(at, at + length) };
}
