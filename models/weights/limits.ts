// Budgets of the checkpoint readers, so that a hostile file of a few KB can neither hang them nor
// make them allocate gigabytes: every tensor is bounded by its storage, and all tensors together
// by what the architecture loading them needs (or a default when the caller does not say).

export interface ReadLimits {
  /** Most tensor elements the reader may materialise, all tensors together. */
  readonly maxElements: number;
}

/**
 * 2^29 elements (2 GiB as float32): more than the zoo's largest preset (resnext101_32x32d, 468.5 M
 * parameters, a 1.87 GB checkpoint) with room for its BatchNorm buffers; a unit test checks it
 * against every preset.
 */
export const DEFAULT_MAX_ELEMENTS = 1 << 29;

/** A state dict's data.pkl is tens of KB (a few hundred bytes per tensor); 16 MiB is far beyond any. */
export const MAX_PICKLE_BYTES = 16 * 1024 * 1024;

/**
 * Most bytes deflated zip entries may inflate to, all together: torch.save stores its storages
 * uncompressed, so only a re-zipped checkpoint has deflated ones, and inflating holds them in
 * memory — a bound independent of the element budget (a hostile entry may declare 4 GiB).
 */
export const MAX_INFLATE_BYTES = 2 ** 30;

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
