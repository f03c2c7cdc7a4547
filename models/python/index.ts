// The static interpreter of model-definition Python: public surface. Pure TypeScript (no vscode,
// DOM or Node): the hover, the CodeLens, the Inspect panel and the CLI all call these.
export { buildTarget, checkSource, evalInModule, finishModel, fromJson, loadModule, MAX_SOURCE_CHARS, type LoadedModule, type ModuleRow, type PyModel } from './build';
export { PyBudgetError, PySourceError, PyUnsupportedError } from './errors';
export type { ImportResolver } from './runtime';
export { pythonAst, type PyNode } from './syntax';
export { isModule, isNnModuleClass, type ClassValue, type SourceFile, type Value } from './values';

/** `# backbone-lens: input 32x32` (or `input 32`): the input size a file asks for. */
const MARKER = /#\s*backbone-lens:\s*input\s+(\d+)(?:\s*[x×]\s*(\d+))?/i;

export const DEFAULT_INPUT: readonly [number, number] = [224, 224];

/** The input size of a file: its marker comment, else `fallback` (the setting, 224×224 by default). */
export function inputFromMarker(text: string, fallback: readonly [number, number] = DEFAULT_INPUT): readonly [number, number] {
  const m = MARKER.exec(text);
  if (!m) return fallback;
  const h = Number(m[1]);
  const w = m[2] === undefined ? h : Number(m[2]);
  return h >= 1 && w >= 1 && h <= 8192 && w <= 8192 ? [h, w] : fallback;
}
