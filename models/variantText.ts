// The text of a *.backbone.json variant file, checked before any JSON parser sees it: a size
// limit, a UTF-8 byte-order mark dropped (editors on Windows write one), and a bound on nesting
// found by one iterative scan (recursive parsers, jsonc-parser's among them, overflow the stack
// on 10,000 nested brackets). Every shell (CLI, hover, Inspect, Classify) goes through here.
import type { ErrorCode } from '../shared/errors';
import { EngineError } from './errors';

/** A variant file is a few hundred bytes; 1 MiB (in UTF-16 code units) is far beyond any. */
export const MAX_VARIANT_CHARS = 1 << 20;
/** A variant is a flat object of knobs with lists one level down; 32 levels is far beyond any. */
export const MAX_VARIANT_DEPTH = 32;

/** A variant file that is too large or too deeply nested to be read. */
export class VariantFileError extends EngineError {
  override readonly code: ErrorCode = 'variantFile';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Returns `text` without a leading BOM, or throws a VariantFileError naming `file`. */
export function checkVariantText(text: string, file: string): string {
  if (text.length > MAX_VARIANT_CHARS) throw new VariantFileError(file, `${text.length} characters is too large for a variant file (limit ${MAX_VARIANT_CHARS})`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const depth = nestingDepth(body);
  if (depth > MAX_VARIANT_DEPTH) throw new VariantFileError(file, `nested ${depth > 1000 ? 'more than 1000' : depth} levels deep (a variant file nests at most ${MAX_VARIANT_DEPTH})`);
  return body;
}

/** Deepest bracket nesting outside strings and comments (JSON with comments); stops counting past 1000. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
      if (max > 1000) return max;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}
