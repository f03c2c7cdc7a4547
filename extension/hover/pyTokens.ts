// A small Python tokenizer: enough to find calls and read literal arguments, and tolerant of
// half-typed code (an unterminated string or bracket ends the token stream, it never throws).
// Pure: no vscode import, so the hover logic is unit-testable in Node.

export type PyTokenKind = 'name' | 'number' | 'string' | 'op';

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

/** Operators of two or three characters, so that `==` is never read as `=`. */
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set(['**', '//', '==', '!=', '<=', '>=', ':=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<<', '>>']);

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;

// Character codes, so the scan does not allocate a string per character (a 3,000-line file is
// tokenized again after every edit).
const NL = 10;
const CR = 13;
const HASH = 35;
const BACKSLASH = 92;

function isNameStart(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) return true;
  return c > 127 && NAME_START.test(src[i]);
}

function isNamePart(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57)) return true;
  return c > 127 && NAME_PART.test(src[i]);
}

/** The part of the source to tokenize: [start, end) offsets. */
export interface TokenWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Tokenizes Python source, or only the tokens that start in `window` (a hover needs a few lines
 * around the cursor, and a long file is tokenized again after every edit). Comments, whitespace
 * and line breaks are dropped. Strings and comments before the window are skipped with a cheap
 * scan, so a window never starts inside one.
 */
export function tokenizePython(src: string, window?: TokenWindow): PyToken[] {
  const tokens: PyToken[] = [];
  let i = window ? resumeAt(src, window.start) : 0;
  const n = window ? Math.min(src.length, window.end) : src.length;
  while (i < n) {
    const code = src.charCodeAt(i);
    if (code === 32 || code === 9 || code === NL || code === CR || code === 12) {
      i++;
      continue;
    }
    if (code === BACKSLASH && (src.charCodeAt(i + 1) === NL || (src.charCodeAt(i + 1) === CR && src.charCodeAt(i + 2) === NL))) {
      i += src.charCodeAt(i + 1) === NL ? 2 : 3;
      continue;
    }
    if (code === HASH) {
      const eol = src.indexOf('\n', i);
      i = eol < 0 ? src.length : eol;
      continue;
    }
    const stringStart = stringPrefixEnd(src, i);
    if (stringStart !== undefined) {
      const end = scanString(src, stringStart);
      tokens.push({ kind: 'string', text: src.slice(i, end.end), start: i, end: end.end, ...(end.unterminated ? { unterminated: true } : {}) });
      i = end.end;
      continue;
    }
    if (isNameStart(src, i)) {
      let j = i + 1;
      while (j < n && isNamePart(src, j)) j++;
      tokens.push({ kind: 'name', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const c = src[i];
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i + 1;
      // Digits, underscores, letters (hex digits, exponents, j, prefixes) and dots; signs only after an exponent.
      while (j < n) {
        const d = src[j];
        if (isNamePart(src, j) || d === '.') j++;
        else if ((d === '+' || d === '-') && /[eE]/.test(src[j - 1]) && !/^0[xX]/.test(src.slice(i, j))) j++;
        else break;
      }
      tokens.push({ kind: 'number', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const three = src.slice(i, i + 3);
    const text = OPS3.has(three) ? three : OPS2.has(three.slice(0, 2)) ? three.slice(0, 2) : c;
    tokens.push({ kind: 'op', text, start: i, end: i + text.length });
    i += text.length;
  }
  return tokens;
}

/**
 * The first offset at or after the start of the line holding `target` that is outside any string
 * or comment: only quotes and `#` change the lexical state, so the scan jumps from one to the next.
 */
function resumeAt(src: string, target: number): number {
  const lineStart = target <= 0 ? 0 : src.lastIndexOf('\n', target - 1) + 1;
  const special = /["'#]/g;
  let i = 0;
  while (i < lineStart) {
    special.lastIndex = i;
    const m = special.exec(src);
    if (!m || m.index >= lineStart) return lineStart;
    if (src.charCodeAt(m.index) === HASH) {
      const eol = src.indexOf('\n', m.index);
      i = eol < 0 ? src.length : eol;
    } else {
      i = scanString(src, m.index).end;
    }
  }
  return i;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** If a string literal (with an optional r/b/u/f prefix) starts at `i`, the offset of its first quote. */
function stringPrefixEnd(src: string, i: number): number | undefined {
  const c = src[i];
  if (c === '"' || c === "'") return i;
  if (!'rRbBuUfF'.includes(c) || (i > 0 && isNamePart(src, i - 1))) return undefined;
  const m = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])(?=["'])/.exec(src.slice(i, i + 3));
  return m ? i + m[0].length : undefined;
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
