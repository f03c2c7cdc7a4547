// The engine's public surface. Pure TypeScript: no vscode, no DOM, no Node built-ins.
export { analyze, type Analysis, type BackboneAnalysis, type GroupStats, type NodeStats } from './analysis/analyze';
export type { FlopClass, FlopLedger } from './analysis/counts';
export { camHead, type CamHead } from './analysis/camHead';
export type { ReceptiveField } from './analysis/receptiveField';
export { cellBoxes, nodeAtPath, nodeBoxes, nodeField, nodePaths, type Box, type CellBoxes, type LocalField, type NodeBoxes, type NodeField } from './analysis/rfBoxes';
export type { Shape } from './analysis/shapes';
export { EngineError, InputTooSmallError, InvalidConfigError, OverflowError, UnknownModelError } from './errors';
export { families, familyIds, isFamilyId } from './families';
export type { FamilyDef } from './families/family';
export { knobsDiffering, knobsEqual, knobValueEquals, type KnobSpec, type KnobValue, type KnobValues } from './families/knobs';
export type { FamilyId } from './families';
export type { BackboneGraph, Graph, GraphGroup, GraphNode, GroupKind, OpAttrs, OpKind, TensorSpec } from './graph/types';
export { architectureKey, buildGraph } from './model';
export { GraphBuilder, type Tensor } from './graph/builder';
export { groupItemsInOrder, type GroupItem, type GroupShape } from './graph/order';
export { allModelIds, resolveId, resolveVariant, withOverrides, type ModelSpec } from './modelSpec';
export { INPUT_SIZE_TEXT, inputSizeOf, isInputSize, MAX_INPUT_SIDE, parseInputSize } from './inputSize';
export { nearest } from './nearest';
export { findPreset, presets, timmPreprocessing, timmTagOfFile, timmTags, torchvisionPreprocessing, type Library, type Preprocessing, type Preset } from './presets';
export { presetDescription } from './zoo/presetDescription';
export { DEFAULT_PREPROCESSING, describePreprocessing, networkInput, preprocessingFor, presetOfWeightsFile } from './zoo/weightsPreprocessing';
export { torchvisionWeights, type TorchvisionWeights } from './zoo/torchvisionWeights';
export { reportRows, rfFigures, rfJson, statsReport, type NodeJson, type ReportDepth, type RfJson, type StatsJson } from './report/statsJson';

import { analyze as analyzeGraph, type BackboneAnalysis } from './analysis/analyze';
import { buildGraph as build } from './model';
import type { ModelSpec } from './modelSpec';

/** Builds (memoized) and analyzes a resolved model at `input` (default: the spec's input size). */
export function analyzeSpec(spec: ModelSpec, input: readonly [number, number] = spec.inputSize): BackboneAnalysis {
  return analyzeGraph(build(spec), input);
}
export { variantSchema } from './variantSchema';
export { checkVariantText, isVariantFileName, lineColumn, MAX_VARIANT_CHARS, MAX_VARIANT_DEPTH, MAX_VARIANT_FILE_BYTES, nestingDepth, parseVariantText, parseVariantTree, readVariantText, resolveVariantFile, VariantFileError, variantIdOf, VariantSyntaxError } from './variantFile';
export * from './weights';
export * from './onnx';
