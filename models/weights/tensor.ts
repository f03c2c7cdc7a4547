// The checkpoint readers' common output: named tensors converted to Float32 (floating point)
// or BigInt64 (integer buffers such as BatchNorm's num_batches_tracked), row-major.

export interface WeightTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int64';
  readonly data: Float32Array | BigInt64Array;
  /** The dtype as stored in the file (F16, BF16, F32, torch.HalfStorage…), for messages. */
  readonly storedAs: string;
}

/** Tensors by state-dict key, in file order. */
export type StateDict = Map<string, WeightTensor>;

export const numelOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 → binary32 (exact: every half is a float). */
export function halfToFloat(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) {
    const v = frac * 2 ** -24; // subnormal (or zero)
    return sign ? -v : v;
  }
  if (exp === 31) u32[0] = sign | 0x7f800000 | (frac << 13);
  else u32[0] = sign | ((exp + 112) << 23) | (frac << 13);
  return f32[0];
}

/** bfloat16 is the top half of a binary32. */
export function bfloat16ToFloat(h: number): number {
  u32[0] = h << 16;
  return f32[0];
}

export type StoredDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32';

export const BYTES_PER_ELEMENT: Readonly<Record<StoredDtype, number>> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4 };

/**
 * Decodes `count` little-endian elements of `dtype` read at `elementIndex(i)` (in elements,
 * from `bytes[0]`): the strided gather PyTorch's views need, or 0…count-1 when contiguous.
 */
export function decodeElements(bytes: Uint8Array, dtype: StoredDtype, count: number, elementIndex?: (i: number) => number): Float32Array | BigInt64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = elementIndex ?? ((i: number) => i);
  const size = BYTES_PER_ELEMENT[dtype];
  switch (dtype) {
    case 'F32': {
      if (!elementIndex && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4));
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at(i) * size, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at(i) * size, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = bfloat16ToFloat(view.getUint16(at(i) * size, true));
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at(i) * size, true);
      return out;
    }
    case 'I64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigInt64(at(i) * size, true);
      return out;
    }
    case 'I32': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = BigInt(view.getInt32(at(i) * size, true));
      return out;
    }
  }
}

/** PyTorch's name of a stored dtype, as `tensor.dtype` prints it without `torch.`. */
export const TORCH_DTYPE_NAMES: Readonly<Record<StoredDtype, string>> = { F32: 'float32', F16: 'float16', BF16: 'bfloat16', F64: 'float64', I64: 'int64', I32: 'int32' };

export const isFloatDtype = (d: StoredDtype): boolean => d === 'F32' || d === 'F16' || d === 'BF16' || d === 'F64';
