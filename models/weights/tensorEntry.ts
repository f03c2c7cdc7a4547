// What a checkpoint says about one tensor without its data: enough to recognise the architecture
// and to list the file, at the cost of reading the header or the pickle only.

export interface TensorEntry {
  /** The key as stored in the file (prefixes such as `module.` included). */
  readonly key: string;
  readonly shape: readonly number[];
  /** PyTorch's dtype name: float32, float16, bfloat16, float64, int64, int32. */
  readonly dtype: string;
}
