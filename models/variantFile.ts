// Variant files (*.backbone.json): text + file name → ModelSpec, the one reader every shell (CLI,
// hover, Inspect, Classify, the fuzz harness) goes through. The text is checked before any JSON
// parser sees it: a size limit, a UTF-8 byte-order mark dropped (editors on Windows write one),
// and a bound on nesting found by one iterative scan (recursive parsers, jsonc-parser's among
// them, overflow the stack on 10,000 nested brackets). It is then read as JSON with comments
// (`//` and `/* */`, as VS Code's settings files); a trailing comma stays an error, as in JSON.
// Syntax errors give the file, line and column (1-based). The model id of a file without a
// `name` is its file name without `.backbone.json` (or `.json`), in any case.
import * as l10n from '@vscode/l10n';
import { createScanner, getNodeValue, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { ErrorCode } from '../shared/errors';
import { EngineError } from './errors';
import { resolveVariant, type ModelSpec } from './modelSpec';

/** A variant file is a few hundred bytes; 1 MiB (in UTF-16 code units) is far beyond any. */
export const MAX_VARIANT_CHARS = 1 << 20;
/** A variant is a flat object of knobs with lists one level down; 32 levels is far beyond any. */
export const MAX_VARIANT_DEPTH = 32;
/** Bytes of the largest file that can hold MAX_VARIANT_CHARS (UTF-8 takes at most 4 bytes per UTF-16 code unit): a larger file is not worth reading. */
export const MAX_VARIANT_FILE_BYTES = 4 * MAX_VARIANT_CHARS;

/** A variant file that cannot be read: too large, too deeply nested, or (VariantSyntaxError) not JSON with comments. */
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
  if (text.length > MAX_VARIANT_CHARS) throw new VariantFileError(file, l10n.t('{0} characters is too large for a variant file (limit {1})', text.length, MAX_VARIANT_CHARS));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const depth = nestingDepth(body);
  if (depth > MAX_VARIANT_DEPTH) throw new VariantFileError(file, l10n.t('nested {0} levels deep (a variant file nests at most {1})', depth > 1000 ? l10n.t('more than 1000') : depth, MAX_VARIANT_DEPTH));
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

/** A variant file that is not JSON (with comments): where, in 1-based line and column, and what. */
export class VariantSyntaxError extends VariantFileError {
  constructor(
    file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(file, l10n.t('invalid JSON: {0}', detail));
    this.message = `${file}:${line}:${column}: ${this.problem}`;
  }
}

/** How a variant file is parsed: comments allowed, trailing commas not (they are not JSON). */
const PARSE_OPTIONS = { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false } as const;

/** The model id a variant file without a `name` gets: its file name (any folder dropped) without `.backbone.json` or `.json`, in any case. */
export function variantIdOf(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.backbone\.json$/i, '').replace(/\.json$/i, '');
}

/** Whether a file name is a variant file's (`*.backbone.json`, any case). */
export function isVariantFileName(file: string): boolean {
  return /\.backbone\.json$/i.test(file);
}

/**
 * The syntax tree of a variant file's text (offsets for the hover), or a VariantFileError naming
 * `file`: too large, too deep, or not JSON with comments.
 */
export function parseVariantTree(text: string, file: string): Node {
  const body = checkVariantText(text, file);
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, PARSE_OPTIONS);
  if (errors.length > 0 || root === undefined) {
    const first = errors[0] ?? { error: 0, offset: 0, length: 0 };
    const { line, column } = lineColumn(body, first.offset);
    throw new VariantSyntaxError(file, line, column, describeParseError(body, first));
  }
  return root;
}

/** A variant file's text → its resolved spec; every problem is an EngineError that names `file`. */
export function readVariantText(text: string, file: string): ModelSpec {
  return resolveVariantFile(parseVariantText(text, file), file);
}

/** The value a variant file's text holds (not yet resolved), or a VariantFileError naming `file`. */
export function parseVariantText(text: string, file: string): unknown {
  return getNodeValue(parseVariantTree(text, file));
}

/** The value a variant file holds (already parsed, e.g. sent to the worker) → its spec: errors name `file`, and a variant without `name` is called after it. */
export function resolveVariantFile(value: unknown, file: string | undefined): ModelSpec {
  return resolveVariant(value, file, file === undefined ? undefined : variantIdOf(file));
}

/** 1-based line and column of a character offset (columns count UTF-16 code units, as editors do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** What went wrong, in words; a comma before a closing bracket is named as the trailing comma it is. */
function describeParseError(text: string, e: ParseError): string {
  const at = text.charAt(e.offset);
  if ((at === '}' || at === ']') && lastTokenBefore(text, e.offset) === SyntaxKind.CommaToken) return l10n.t('a trailing comma before "{0}" (JSON allows none)', at);
  if (e.offset >= text.length && text.trim() === '') return l10n.t('the file is empty (expected a JSON object such as {"extends": "resnet50"})');
  const words: Record<string, string> = {
    InvalidSymbol: l10n.t('unexpected character'),
    InvalidNumberFormat: l10n.t('invalid number'),
    PropertyNameExpected: l10n.t('expected a property name in double quotes'),
    ValueExpected: l10n.t('expected a value'),
    ColonExpected: l10n.t('expected ":"'),
    CommaExpected: l10n.t('expected ","'),
    CloseBraceExpected: l10n.t('expected "}"'),
    CloseBracketExpected: l10n.t('expected "]"'),
    EndOfFileExpected: l10n.t('unexpected text after the JSON value'),
    InvalidCommentToken: l10n.t('invalid comment'),
    UnexpectedEndOfComment: l10n.t('a comment that is never closed'),
    UnexpectedEndOfString: l10n.t('a string that is never closed'),
    UnexpectedEndOfNumber: l10n.t('a number cut short'),
    InvalidUnicode: l10n.t('invalid \\u escape'),
    InvalidEscapeCharacter: l10n.t('invalid escape character'),
    InvalidCharacter: l10n.t('invalid character in a string'),
  };
  const code = printParseErrorCode(e.error);
  return words[code] ?? code;
}

/** The kind of the last token (comments and white space skipped) that starts before `offset`. */
function lastTokenBefore(text: string, offset: number): SyntaxKind | undefined {
  const scanner = createScanner(text, true);
  let last: SyntaxKind | undefined;
  // ignoreTrivia: white space, line breaks and comments are skipped.
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < offset; kind = scanner.scan()) last = kind;
  return last;
}
