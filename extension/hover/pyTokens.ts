// A small Python tokenizer: enough to find calls and read literal arguments, and tolerant of
// half-typed code (an unterminated string or bracket ends the token stream, it never throws).
// Pure: no vscode import, so the hover logic is unit-testable in Node.

export type PyTokenKind = 'name' | 'number' | 'string' | 'op' | 'newline';

export interface PyToken {
  readonly kind: PyTokenKind;
  /** Source text of the token (for strings: with prefix and quotes). */
  readonly text: string;
  /** Offsets into the document, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Strings: the closing quote is missing (half-typed code). */
  readonly unterminated?: boolean;
}

/** Operators of two or three characters, longest first, so that `==` is never read as `=`. */
const LONG_OPS = ['**=', '//=', '>>=', '<<=', '...', '**', '//', '==', '!=', '<=', '>=', ':=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<<', '>>'];

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;

/**
 * Tokenizes Python source. Comments and whitespace are dropped; a `newline` token marks the end
 * of each logical line outside brackets (inside brackets Python joins lines).
 */
export function tokenizePython(src: string): PyToken[] {
  const tokens: PyToken[] = [];
  let i = 0;
  let depth = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      if (depth === 0) tokens.push({ kind: 'newline', text: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const stringStart = stringPrefixEnd(src, i);
    if (stringStart !== undefined) {
      const end = scanString(src, stringStart);
      tokens.push({ kind: 'string', text: src.slice(i, end.end), start: i, end: end.end, ...(end.unterminated ? { unterminated: true } : {}) });
      i = end.end;
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(src[j])) j++;
      tokens.push({ kind: 'name', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i + 1;
      // Digits, underscores, letters (hex digits, exponents, j, prefixes) and dots; signs only after an exponent.
      while (j < n) {
        const d = src[j];
        if (/[0-9a-zA-Z_.]/.test(d)) j++;
        else if ((d === '+' || d === '-') && /[eE]/.test(src[j - 1]) && !/^0[xX]/.test(src.slice(i, j))) j++;
        else break;
      }
      tokens.push({ kind: 'number', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const long = LONG_OPS.find((op) => src.startsWith(op, i));
    const text = long ?? c;
    if (text === '(' || text === '[' || text === '{') depth++;
    else if ((text === ')' || text === ']' || text === '}') && depth > 0) depth--;
    tokens.push({ kind: 'op', text, start: i, end: i + text.length });
    i += text.length;
  }
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** If a string literal (with an optional r/b/u/f prefix) starts at `i`, the offset of its first quote. */
function stringPrefixEnd(src: string, i: number): number | undefined {
  const c = src[i];
  if (c === '"' || c === "'") return i;
  const m = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])(?=["'])/.exec(src.slice(i, i + 3));
  if (m && (i === 0 || !NAME_PART.test(src[i - 1]))) return i + m[0].length;
  return undefined;
}

/** Scans a string literal whose opening quote is at `q`; half-typed strings end at the line (or, triple-quoted, at the end). */
function scanString(src: string, q: number): { end: number; unterminated: boolean } {
  const quote = src[q];
  const triple = src.startsWith(quote.repeat(3), q);
  const close = triple ? quote.repeat(3) : quote;
  let j = q + close.length;
  while (j < src.length) {
    const d = src[j];
    if (d === '\\') {
      j += 2;
      continue;
    }
    if (!triple && d === '\n') return { end: j, unterminated: true };
    if (src.startsWith(close, j)) return { end: j + close.length, unterminated: false };
    j++;
  }
  return { end: src.length, unterminated: true };
}
