// The Inspect Model command. Its argument may be a preset id, a variant file URI (a vscode.Uri,
// as the editor title button and the CodeLens pass it, or a URI string), or
// { model: id | uri, path?: node or group path, overrides?: knob values } so that a hover link
// opens the diagram of exactly the model it describes (e.g. `num_classes=10`), at a node. The
// checkpoint editor adds `weights?: CheckpointWeights` (the file's weight statistics, for the
// weight colour modes); they are checked against their schema like any message.
// Without an argument it shows the quick pick.
import * as vscode from 'vscode';
import { allModelIds } from '../../models';
import type { KnobValue } from '../../models';
import { checkpointWeightsSchema, type CheckpointWeights, type ModelSource } from '../../shared/protocol/inspect';
import { parse } from '../../shared/validate';
import { InspectPanel } from './panel';
import { pickModel } from './pick';
import { errorText } from '../errorText';

export interface InspectTarget {
  source: ModelSource;
  path?: string;
  /** Knob overrides on top of the model; the engine validates them when the panel computes. */
  knobs?: Record<string, KnobValue>;
  /** The checkpoint's weight statistics (Inspect opened from the checkpoint editor). */
  weights?: CheckpointWeights;
}

/** The `weights` of the argument, checked; undefined when absent. Throws when present and malformed. */
function weightsOf(v: unknown): CheckpointWeights | undefined {
  if (v === undefined) return undefined;
  const r = parse(checkpointWeightsSchema, v);
  if (!r.ok) throw new Error(`weights: ${r.problem}`);
  return r.value;
}

/** Interprets the command argument; undefined means "ask with the quick pick". Throws on a bad argument. */
export function parseInspectArg(arg: unknown): InspectTarget | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (arg instanceof vscode.Uri) return { source: fileSource(arg) };
  if (typeof arg === 'string') return { source: sourceFromString(arg) };
  if (typeof arg === 'object' && !Array.isArray(arg)) {
    const o = arg as Record<string, unknown>;
    // A serialized Uri (command links pass JSON): { scheme, path, … }.
    if (typeof o.scheme === 'string' && typeof o.path === 'string' && o.model === undefined) return { source: fileSource(vscode.Uri.from(o as unknown as vscode.Uri)) };
    const model = o.model;
    const path = typeof o.path === 'string' && o.path.length > 0 ? o.path : undefined;
    const knobs = o.overrides && typeof o.overrides === 'object' && !Array.isArray(o.overrides) ? (o.overrides as Record<string, KnobValue>) : undefined;
    // { model: uri, python: 'ClassName' }: a class or factory of a Python file (the CodeLens, a hover).
    if (typeof o.python === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o.python) && (typeof model === 'string' || model instanceof vscode.Uri)) {
      const uri = model instanceof vscode.Uri ? model : vscode.Uri.parse(model, true);
      return { source: { kind: 'python', uri: uri.toString(), target: o.python, label: vscode.workspace.asRelativePath(uri) }, path };
    }
    const weights = weightsOf(o.weights);
    const extra = { path, knobs, ...(weights ? { weights } : {}) };
    if (model instanceof vscode.Uri) return { source: fileSource(model), ...extra };
    if (typeof model === 'string') return { source: sourceFromString(model), ...extra };
    if (model && typeof model === 'object' && typeof (model as Record<string, unknown>).scheme === 'string') {
      return { source: fileSource(vscode.Uri.from(model as vscode.Uri)), ...extra };
    }
  }
  throw new Error(`expected a preset id, a variant file URI or { model: id | uri, path?, overrides?, weights? }, got ${JSON.stringify(arg)?.slice(0, 100)}`);
}

function sourceFromString(s: string): ModelSource {
  if (allModelIds().includes(s)) return { kind: 'preset', id: s };
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:\\/i.test(s)) return fileSource(vscode.Uri.parse(s, true));
  if (s.endsWith('.json')) return fileSource(vscode.Uri.file(s));
  // Unknown ids go to the engine, whose error suggests the nearest ones.
  return { kind: 'preset', id: s };
}

function fileSource(uri: vscode.Uri): ModelSource {
  return { kind: 'file', uri: uri.toString(), label: vscode.workspace.asRelativePath(uri) };
}

/**
 * What the command resolves to, for callers of `executeCommand` (other extensions, tests): the
 * panel it showed, or the error it reported to the user; undefined when the quick pick was
 * dismissed. It never rejects on a bad argument.
 */
export type InspectOutcome = { shown: ModelSource; path?: string } | { error: string } | undefined;

/** A bad command argument: logged, shown, and the outcome that says so (`command` names the command). */
export function argumentError(log: vscode.LogOutputChannel, command: string, err: unknown): { error: string } {
  const error = `${command}: ${errorText(err)}`;
  log.warn(error);
  void vscode.window.showErrorMessage(error);
  return { error };
}

export async function inspectModel(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: unknown): Promise<InspectOutcome> {
  let target: InspectTarget | undefined;
  try {
    target = parseInspectArg(arg);
  } catch (err) {
    return argumentError(log, vscode.l10n.t('Inspect Model'), err);
  }
  if (!target) {
    const source = await pickModel();
    if (!source) return undefined;
    target = { source };
  }
  log.info(`inspectModel ${target.source.kind === 'preset' ? target.source.id : target.source.kind === 'python' ? `${target.source.label}:${target.source.target}` : target.source.label}${target.path ? ` at ${target.path}` : ''}`);
  InspectPanel.show(context, log, target.knobs ? { source: target.source, knobs: target.knobs } : { source: target.source }, target.path, target.weights);
  return { shown: target.source, ...(target.path ? { path: target.path } : {}) };
}
