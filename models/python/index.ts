// The static interpreter of model-definition Python: public surface. Pure TypeScript (no vscode,
// DOM or Node): the hover, the CodeLens, the Inspect panel and the CLI all call these.
import { inputSizeOf } from '../inputSize';
import { DEFAULT_PREPROCESSING } from '../zoo/weightsPreprocessing';
export { buildTarget, checkSource, evalInModule, finishModel, fromJson, loadModule, MAX_SOURCE_CHARS, type LoadedModule, type ModuleRow, type PyModel } from './build';
export { PyBudgetError, PyMissingArgumentError, PySourceError, PyUnsupportedError } from './errors';
export type { ImportResolver } from './runtime';
export { pythonAst, type PyNode } from './syntax';
export { isModule, isNnModuleClass, type ClassValue, type SourceFile, type Value } from './values';

/** `# backbone-lens: input 32x32` (or `input 32`): the input size a file asks for, read by the one input-size rule. */
const MARKER = /#\s*backbone-lens:\s*input\s+(\d+(?:\s*[xX×,]\s*\d+)?)/i;

/** Without a marker or a setting: the input of torchvision's default transform (224×224). */
export const DEFAULT_INPUT: readonly [number, number] = [DEFAULT_PREPROCESSING.inputSize, DEFAULT_PREPROCESSING.inputSize];

/** The input size of a file: its marker comment, else `fallback` (the setting, 224×224 by default). */
export function inputFromMarker(text: string, fallback: readonly [number, number] = DEFAULT_INPUT): readonly [number, number] {
  const m = MARKER.exec(text);
  return (m && inputSizeOf(m[1])) ?? fallback;
}
