// `backboneLens.classify.model` → what the worker needs: a preset/family id, or a variant file
// (read here, validated by the engine here so that a bad file fails before anything starts).
import { readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import * as vscode from 'vscode';
import { architectureLabel, checkVariantText, MAX_VARIANT_CHARS, resolveId, resolveVariant, type KnobValue, type ModelSpec } from '../../models';
import type { ModelRef } from '../../inference/protocol';

export interface ResolvedModel {
  /** What the user wrote in the setting. */
  setting: string;
  spec: ModelSpec;
  ref: ModelRef;
  /** The variant file, for a variant. */
  file?: string;
  /** What Inspect Model takes: the preset id, the variant file's URI, or a preset with knob overrides. */
  inspectArg: InspectArg;
}

export type InspectArg = string | vscode.Uri | { model: string; overrides: Readonly<Record<string, KnobValue>> };

/** A path from a setting: `~` expanded, relative paths against the first workspace folder. */
export function settingPath(p: string): string {
  const expanded = p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return path.resolve(folder ? folder.uri.fsPath : process.cwd(), expanded);
}

export async function resolveModel(setting: string): Promise<ResolvedModel> {
  if (!/\.json$/i.test(setting)) {
    const spec = resolveId(setting);
    return { setting, spec, ref: { kind: 'id', id: setting }, inspectArg: setting };
  }
  const file = settingPath(setting);
  let text: string;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
    // 4 bytes per character at most: a larger file cannot pass checkVariantText, so it is not read.
    if (st.size > 4 * MAX_VARIANT_CHARS) throw Object.assign(new Error('too large'), { code: `${st.size} bytes is too large for a variant file` });
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the variant file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const errors: ParseError[] = [];
  const variant: unknown = parseJsonc(checkVariantText(text, file), errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${file}: not valid JSON (at offset ${errors[0].offset})`);
  const spec = resolveVariant(variant, path.basename(file), path.basename(file).replace(/\.backbone\.json$|\.json$/i, ''));
  return { setting, spec, ref: { kind: 'variant', variant, source: path.basename(file) }, file, inspectArg: vscode.Uri.file(file) };
}

/** The architecture a checkpoint was recognised as ({"extends": model, ...overrides}), named for the file in messages. */
export function recognisedModel(setting: string, a: { model: string; overrides: Readonly<Record<string, KnobValue>> }, weightsFile: string): ResolvedModel {
  const variant = { extends: a.model, ...a.overrides };
  const spec = resolveVariant(variant, path.basename(weightsFile), architectureLabel(a.model, a.overrides));
  return { setting, spec, ref: { kind: 'variant', variant, source: path.basename(weightsFile) }, inspectArg: Object.keys(a.overrides).length > 0 ? { model: a.model, overrides: a.overrides } : a.model };
}
