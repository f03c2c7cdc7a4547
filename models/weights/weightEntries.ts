// A checkpoint's index as the recogniser reads it: key, shape and PyTorch's dtype name per tensor.
import { TORCH_DTYPE_NAMES } from './tensor';
import type { TensorEntry } from './tensorEntry';
import type { WeightsIndex } from './weightsIndex';

export const tensorEntries = (index: WeightsIndex): TensorEntry[] => index.tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: TORCH_DTYPE_NAMES[t.storedDtype] }));
