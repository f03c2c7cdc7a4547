// A checkpoint on disk as a ByteSource: the readers index it from its headers and read one tensor
// at a time, so a 1.7 GB file costs the largest tensor in memory, not the file. Reads are
// synchronous (the readers are pure and synchronous); the shells yield between tensors.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WeightsFormatError, type ByteSource } from '../models';

export interface WeightsFile extends ByteSource {
  close(): void;
}

export function openWeightsFile(path: string, name = path): WeightsFile {
  const fd = openSync(path, 'r');
  let open = true;
  const size = fstatSync(fd).size;
  return {
    size,
    read(at: number, length: number): Uint8Array {
      if (!open) throw new Error(`${name}: read after close`);
      // Unpooled and 0-offset, so float32 data is aligned for the readers' fast path.
      const out = Buffer.allocUnsafeSlow(length);
      let filled = 0;
      while (filled < length) {
        const n = readSync(fd, out, filled, length - filled, at + filled);
        if (n === 0) throw new WeightsFormatError(name, `the file ended at byte ${at + filled} while ${length} bytes at ${at} were read: it changed or was truncated while open`);
        filled += n;
      }
      return out;
    },
    close(): void {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
