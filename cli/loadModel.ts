// Turns a CLI model argument — a preset id, a family id, or a path to a *.backbone.json file —
// into a resolved spec. File problems name the file; JSON syntax errors give line and column.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkVariantText, EngineError, resolveId, resolveVariant, withOverrides, type ModelSpec } from '../models';
import { CliError } from './cliError';

export function looksLikeFile(arg: string): boolean {
  return arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
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
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new CliError(`${file}: not a file`);
  const MAX_BYTES = 1 << 20;
  if (statSync(file).size > MAX_BYTES) throw new CliError(`${file}: ${statSync(file).size} bytes is too large for a variant file (limit 1 MiB)`);
  const text = checkVariantText(readFileSync(file, 'utf8'), file);
  return resolveVariant(parseJson(text, file), file, baseName(file));
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos).split('\n');
      throw new CliError(`${file}:${before.length}:${before[before.length - 1].length + 1}: invalid JSON: ${msg}`);
    }
    throw new CliError(`${file}: invalid JSON: ${msg}`);
  }
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.backbone\.json$|\.json$/, '');
}
