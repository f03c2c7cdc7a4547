// Checkpoint readers: pure functions over the file's bytes; the shells do the file access.
export { UnsafePickleError, WeightsFormatError, WeightsMismatchError, type ShapeMismatch } from './errors';
export { closestPreset, compareWeights, fitWeights, maxWeightsFileBytes, normalizeKeys, readLimitsFor, type ModelWeights, type WeightsFit } from './fitWeights';
export { DEFAULT_MAX_ELEMENTS, type ReadLimits } from './limits';
export { readPth, readPthObject } from './pth';
export { readWeights, weightsFormat, type WeightsFormat } from './readWeights';
export { readSafetensors } from './safetensors';
export { bfloat16ToFloat, halfToFloat, type StateDict, type WeightTensor } from './tensor';
export { compareEntries, type EntriesFit } from './compareEntries';
export { architectureLabel, recognizeArchitecture, type Recognition, type RecognitionResult, type TensorEntry } from './recognize';
export { readWeightEntries, type WeightEntries } from './weightEntries';
