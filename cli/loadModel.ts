// Turns a CLI model argument — a preset id, a family id, or a path to a *.backbone.json file —
// into a resolved spec. File problems name the file; the engine's variant reader gives syntax
// errors with line and column.
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { EngineError, MAX_VARIANT_FILE_BYTES, readVariantText, resolveId, withOverrides, type ModelSpec } from '../models';
import { CliError } from './cliError';

export function looksLikeFile(arg: string): boolean {
  return /\.json$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

export function loadModel(arg: string, sets: Record<string, string> = {}): ModelSpec {
  const spec = looksLikeFile(arg) ? loadVariantFile(arg) : resolveId(arg);
  return withOverrides(spec, sets);
}

/**
 * Runs `fn` (analysis of a model loaded from `arg`) so that an engine error about a variant file
 * names it: an input too small for the variant, a count that overflows.
 */
export function namingFile<T>(arg: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (looksLikeFile(arg) && e instanceof EngineError && !e.message.startsWith(`${arg}:`)) throw new CliError(`${arg}: ${e.message}`);
    throw e;
  }
}

export function loadVariantFile(file: string): ModelSpec {
  if (!existsSync(file)) throw new CliError(l10n.t('{0}: no such file', file));
  const st = statSync(file);
  if (!st.isFile()) throw new CliError(l10n.t('{0}: not a file', file));
  // Not read at all when it is larger than any text the engine accepts.
  if (st.size > MAX_VARIANT_FILE_BYTES) throw new CliError(l10n.t('{0}: {1} bytes is too large for a variant file (limit {2})', file, st.size, MAX_VARIANT_FILE_BYTES));
  return readVariantText(readFileSync(file, 'utf8'), file);
}
