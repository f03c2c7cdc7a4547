// The engine's public surface. Pure TypeScript: no vscode, no DOM, no Node built-ins.
export { analyze, type Analysis, type GroupStats, type NodeStats } from './analysis/analyze';
export type { FlopClass, FlopLedger } from './analysis/counts';
export { camHead, type CamHead } from './analysis/camHead';
export type { ReceptiveField } from './analysis/receptiveField';
export { cellBoxes, nodeAtPath, nodeBoxes, nodeField, nodePaths, type Box, type CellBoxes, type LocalField, type NodeBoxes, type NodeField } from './analysis/rfBoxes';
export type { Shape } from './analysis/shapes';
export { EngineError, InputTooSmallError, InvalidConfigError, OverflowError, UnknownModelError } from './errors';
export { families, familyIds, isFamilyId } from './families';
export type { FamilyDef } from './families/family';
export type { KnobSpec, KnobValue, KnobValues } from './families/knobs';
export type { FamilyId, Graph, GraphGroup, GraphNode, GroupKind, OpAttrs, OpKind, TensorSpec } from './graph/types';
export { buildGraph } from './model';
export { GraphBuilder, type Tensor } from './graph/builder';
export { groupItemsInOrder, type GroupItem, type GroupShape } from './graph/order';
export { allModelIds, parseInputSize, resolveId, resolveVariant, withOverrides, type ModelSpec } from './modelSpec';
export { nearest } from './nearest';
export { findPreset, presets, timmPreprocessing, timmTagOfFile, timmTags, torchvisionPreprocessing, type Library, type Preprocessing, type Preset } from './presets';
export { DEFAULT_PREPROCESSING, describePreprocessing, preprocessingFor, presetOfWeightsFile } from './zoo/weightsPreprocessing';
export { torchvisionWeights, type TorchvisionWeights } from './zoo/torchvisionWeights';
export { reportRows, rfFigures, rfJson, statsReport, type NodeJson, type ReportDepth, type RfJson, type StatsJson } from './report/statsJson';

import { analyze as analyzeGraph, type Analysis } from './analysis/analyze';
import { buildGraph as build } from './model';
import type { ModelSpec } from './modelSpec';

/** Builds (memoized) and analyzes a resolved model at `input` (default: the spec's input size). */
export function analyzeSpec(spec: ModelSpec, input: readonly [number, number] = spec.inputSize): Analysis {
  return analyzeGraph(build(spec), input);
}
export { variantSchema } from './variantSchema';
export { checkVariantText, MAX_VARIANT_CHARS, MAX_VARIANT_DEPTH, nestingDepth, VariantFileError } from './variantText';
export * from './weights';
export * from './onnx';
