// The tensor list of a checkpoint (key, shape, dtype) and where in the file the state dict sits,
// read without decoding any element: the .safetensors header, or the torch.save pickle with each
// tensor checked against its storage.
import type { ReadLimits } from './limits';
import { findStateDict, pthEntries, readPthObject } from './pth';
import { formatOf, type WeightsFormat } from './readWeights';
import { safetensorsHeader } from './safetensors';
import { TORCH_DTYPE_NAMES } from './tensor';
import type { TensorEntry } from './tensorEntry';

export interface WeightEntries {
  readonly format: WeightsFormat;
  /** The key of the dict the state dict was found under (`state_dict`, `model`, `ema`…), null at the top level. */
  readonly wrapper: string | null;
  readonly entries: readonly TensorEntry[];
  /** The wrapper's other keys (optimizer, epoch, an EMA copy…): not read as weights. */
  readonly otherKeys: readonly string[];
}

export function readWeightEntries(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): WeightEntries {
  const format = formatOf(bytes, file);
  if (format === 'safetensors') {
    const { tensors } = safetensorsHeader(bytes, file, limits);
    return { format, wrapper: null, entries: tensors.map((t) => ({ key: t.key, shape: t.dims, dtype: TORCH_DTYPE_NAMES[t.dtype] })), otherKeys: [] };
  }
  const found = findStateDict(readPthObject(bytes, file, limits), file);
  return { format, wrapper: found.wrapper, entries: pthEntries(found, file), otherKeys: found.others };
}
