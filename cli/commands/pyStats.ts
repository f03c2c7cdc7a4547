// `backbone-lens stats path/to/model.py:ClassName [--args '<json kwargs>'] [--input H|HxW] [--json]`
// (also `model.py:factory_name` and notebooks `nb.ipynb:Name`): the user's own model code, read
// by the static interpreter (nothing is executed). Imports of other files are followed from the
// file's folder up to the current directory.
import * as l10n from '@vscode/l10n';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { parseInputSize, rfFigures, rfJson, type RfJson } from '../../models';
import { buildTarget, fromJson, inputFromMarker, loadModule, MAX_SOURCE_CHARS, PySourceError, PyUnsupportedError, type PyModel, type Value } from '../../models/python';
import { workspaceImports } from '../../models/python/imports';
import { notebookSource } from '../../models/python/notebook';
import { CliError } from '../cliError';
import { compact, integer, receptiveField, shape } from '../../models/report/format';
import { table } from '../table';

export interface PyStatsOptions {
  /** `file.py:Name`. */
  ref: string;
  args?: string;
  input?: string;
  json: boolean;
}

/** `model.py:Name` / `nb.ipynb:Name`: what `stats` reads as Python rather than a preset. */
export function isPythonRef(model: string): boolean {
  return /\.(py|ipynb):[A-Za-z_][A-Za-z0-9_]*$/.test(model);
}

export function pyStatsCommand(o: PyStatsOptions): string {
  const colon = o.ref.lastIndexOf(':');
  const file = resolve(o.ref.slice(0, colon));
  const target = o.ref.slice(colon + 1);
  const text = readSource(file);
  const kwargs = parseKwargs(o.args);
  const input = o.input === undefined ? inputFromMarker(text) : parseInputSize(o.input, '--input');
  const root = process.cwd();
  const imports = workspaceImports(toPosix(within(dirname(file), root) ? root : dirname(file)), (p) => readOptional(p), loadModule);
  let model: PyModel;
  try {
    model = buildTarget(loadModule({ name: toPosix(file), text }, imports.resolve), target, kwargs, input);
  } catch (e) {
    if (e instanceof PyUnsupportedError || e instanceof PySourceError) throw new CliError(l10n.t('{0}: cannot build `{1}`: {2}', o.ref, target, e.message));
    throw e;
  }
  return o.json ? JSON.stringify(toJson(model, o.ref), null, 2) : formatModel(model, o.ref);
}

function readSource(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(l10n.t('{0}: no such file', file));
  }
  if (size > MAX_SOURCE_CHARS * 4) throw new CliError(l10n.t('{0}: {1} bytes, too large for a model definition', file, size.toLocaleString('en-US')));
  const raw = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.ipynb') ? notebookSource(raw, file).text : raw;
  } catch (e) {
    if (e instanceof PySourceError) throw new CliError(e.message);
    throw e;
  }
}

function readOptional(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_SOURCE_CHARS * 4) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseKwargs(raw: string | undefined): Map<string, Value> {
  if (raw === undefined) return new Map();
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new CliError(l10n.t('{0} must be a JSON object of keyword arguments, such as {1}, got {2}', '--args', `'{"num_classes": 10}'`, raw), 2);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CliError(l10n.t('{0} must be a JSON object of keyword arguments, got {1}', '--args', raw), 2);
  return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]));
}

function within(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root + sep);
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

interface PyStatsJson {
  model: string;
  class: string;
  input: [number, number, number];
  params: number;
  macs: number | null;
  output_shape: readonly number[] | null;
  feature_shape: readonly number[] | null;
  receptive_field: RfJson | null;
  unknown: { line: number; construct: string; why: string; module: string } | null;
  params_not_called: number;
  modules: Array<{ path: string; type: string; params: number; output_shape: readonly number[] | null }>;
}

function toJson(m: PyModel, ref: string): PyStatsJson {
  const a = m.analysis;
  const e = m.forwardError;
  return {
    model: ref,
    class: m.modules[0].type,
    input: [3, m.input[0], m.input[1]],
    params: m.params,
    macs: a ? a.total.macs : null,
    output_shape: a ? a.nodes[a.graph.outputNode].shape : null,
    feature_shape: a ? a.featureShape : null,
    receptive_field: a ? rfJson(a.receptiveField) : null,
    unknown: e ? { line: e.line, construct: e.construct, why: e.why, module: m.forwardStoppedIn ?? '' } : null,
    params_not_called: m.unusedParams ?? 0,
    modules: m.modules.map((r) => ({ path: r.path, type: r.type, params: r.params, output_shape: m.shapes?.get(r.path)?.slice(1) ?? null })),
  };
}

function formatModel(m: PyModel, ref: string): string {
  const j = toJson(m, ref);
  const depthOf = (p: string): number => (p === '' ? 0 : p.split('.').length);
  const rows = j.modules
    .filter((r) => depthOf(r.path) <= 2)
    .map((r) => [`${'  '.repeat(depthOf(r.path))}${r.path === '' ? '(model)' : r.path}`, r.type, r.output_shape ? shape(r.output_shape) : '—', r.params === 0 ? '—' : integer(r.params)]);
  const lines = [
    `${ref} — ${j.class} (read from the source, nothing executed)`,
    `input ${shape(j.input)}`,
    '',
    table([{ title: 'module', align: 'left' }, { title: 'type', align: 'left' }, { title: 'output', align: 'right' }, { title: 'params', align: 'right' }], rows),
    '',
    `params            ${integer(j.params)} (${compact(j.params)})`,
  ];
  if (j.macs !== null) {
    lines.push(`MACs              ${integer(j.macs)} (${compact(j.macs)} MACs, conv + linear, one image)`);
    lines.push(`output            ${shape(j.output_shape ?? [])}`);
    lines.push(`feature map       ${shape(j.feature_shape ?? [])}`);
    if (j.receptive_field) lines.push(`receptive field   ${receptiveField(rfFigures(j.receptive_field), rfFigures(j.receptive_field))}`);
    if (j.params_not_called > 0) lines.push(`not called        ${integer(j.params_not_called)} params in modules forward does not call (eval mode)`);
  } else if (j.unknown) {
    lines.push(`MACs              ${j.unknown.module ? l10n.t('unknown, because line {0}: `{1}` {2} (in {3})', j.unknown.line, j.unknown.construct, j.unknown.why, j.unknown.module) : l10n.t('unknown, because line {0}: `{1}` {2}', j.unknown.line, j.unknown.construct, j.unknown.why)}`);
  }
  return lines.join('\n');
}
