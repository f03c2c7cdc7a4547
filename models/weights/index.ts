// Checkpoint readers: pure functions over the file's bytes; the shells do the file access.
export { UnsafePickleError, WeightsFormatError, WeightsMismatchError, type ShapeMismatch } from './errors';
export { closestPreset, compareWeights, fitWeights, maxWeightsFileBytes, normalizeKeys, readLimitsFor, type ModelWeights, type WeightsFit } from './fitWeights';
export { DEFAULT_MAX_ELEMENTS, type ReadLimits } from './limits';
export { memorySource, type ByteSource } from './byteSource';
export { findStateDict, indexPth, readPth, readPthObject, WRAPPER_KEYS, type FoundStateDict } from './pth';
export { FORMAT_HEAD_BYTES, indexWeights, readWeights, weightsFormat } from './readWeights';
export { indexSafetensors, readSafetensors } from './safetensors';
export { materializeAll, type IndexedTensor, type WeightsFormat, type WeightsIndex } from './weightsIndex';
export { bfloat16ToFloat, halfToFloat, TORCH_DTYPE_NAMES, type StateDict, type WeightTensor } from './tensor';
export { batchNormHealth, batchNormLayers, channelsAtMost, DEAD_SCALE, ZERO_VARIANCE, type BatchNormHealth, type BatchNormLayer } from './batchNormHealth';
export { StatsStream, storedBytesOf, type TensorStatsStep } from './statsStream';
export { HISTOGRAM_BINS, tensorStats, valueStats, type Histogram, type TensorStats } from './tensorStats';
