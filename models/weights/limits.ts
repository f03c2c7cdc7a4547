// Budgets of the checkpoint readers, so that a hostile file of a few KB can neither hang them nor
// make them allocate gigabytes: every tensor is bounded by its storage, and all tensors together
// by what the architecture loading them needs (or a default when the caller does not say).

export interface ReadLimits {
  /** Most tensor elements the reader may materialise, all tensors together. */
  readonly maxElements: number;
}

/** 2^28 elements (1 GiB as float32): more than the largest supported preset (senet154, 115 M). */
export const DEFAULT_MAX_ELEMENTS = 1 << 28;

/** A state dict's data.pkl is tens of KB (a few hundred bytes per tensor); 16 MiB is far beyond any. */
export const MAX_PICKLE_BYTES = 16 * 1024 * 1024;

/** Largest element in bytes (F64, I64): what inflated storages may take per element. */
export const MAX_ELEMENT_BYTES = 8;

/** Most dimensions of one tensor (PyTorch's own limit is 25; real weights have ≤ 5). */
export const MAX_RANK = 32;

export const limitsOf = (given: Partial<ReadLimits> | undefined): ReadLimits => ({ maxElements: given?.maxElements ?? DEFAULT_MAX_ELEMENTS });

/** Product of `shape`, or undefined when it exceeds `limit` (never an unsafe or rounded integer). */
export function boundedNumel(shape: readonly number[], limit: number): number | undefined {
  let n = 1;
  for (const d of shape) if (d === 0) return 0;
  for (const d of shape) {
    n *= d;
    if (n > limit) return undefined;
  }
  return n;
}
