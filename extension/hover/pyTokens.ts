// Python tokens for the hover, read off @lezer/python's syntax tree: enough to find calls and
// read literal arguments, and tolerant of half-typed code (an unterminated string ends at its
// line and is flagged, it never throws). Pure: no vscode import, so the hover logic is
// unit-testable in Node.
import type { TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';

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

const HASH = 35;

/** The part of the source to tokenize: [start, end) offsets. */
export interface TokenWindow {
  readonly start: number;
  readonly end: number;
}

/** Lezer nodes read as one token, whatever lezer puts inside them (format-string fields, escapes). */
const STRING_NODES = new Set(['String', 'FormatString', 'ContinuedString']);
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Tokenizes Python source, or only the tokens that start in `window` (a hover needs a few lines
 * around the cursor, and a long file is tokenized again after every edit). Comments, whitespace
 * and line breaks are dropped. Strings and comments before the window are skipped with a cheap
 * scan, so a window never starts inside one.
 */
export function tokenizePython(src: string, window?: TokenWindow): PyToken[] {
  const from = window ? resumeAt(src, window.start) : 0;
  const to = window ? Math.min(src.length, window.end) : src.length;
  const tokens: PyToken[] = [];
  let at = from;
  // Lezer's recovery after an unterminated string may read the next line as string text too;
  // like Python's tokenizer, the string ends at its line and tokenizing resumes on the next one.
  while (at < to) at = leafTokens(src, at, to, tokens);
  return tokens;
}

/** Appends the tokens of src[from, to) to `out`; returns where to resume (`to` when done). */
function leafTokens(src: string, from: number, to: number, out: PyToken[]): number {
  const slice = src.slice(from, to);
  const cursor: TreeCursor = parser.parse(slice).cursor();
  for (let more = cursor.firstChild(); more; ) {
    const { name } = cursor;
    const start = from + cursor.from;
    const end = from + cursor.to;
    if (name === 'Comment' || end <= start) {
      more = nextSkippingChildren(cursor);
      continue;
    }
    if (STRING_NODES.has(name)) {
      const text = src.slice(start, end);
      const closed = isClosedString(text);
      if (!closed && !isTripleQuoted(text)) {
        const eol = src.indexOf('\n', start);
        const lineEnd = eol < 0 || eol > to ? to : eol;
        out.push({ kind: 'string', text: src.slice(start, lineEnd), start, end: lineEnd, unterminated: true });
        return lineEnd;
      }
      out.push({ kind: 'string', text, start, end, ...(closed ? {} : { unterminated: true }) });
      more = nextSkippingChildren(cursor);
      continue;
    }
    if (cursor.firstChild()) continue;
    const text = src.slice(start, end);
    out.push({ kind: name === 'Number' ? 'number' : IDENTIFIER.test(text) ? 'name' : 'op', text, start, end });
    more = nextSkippingChildren(cursor);
  }
  return to;
}

/** Moves to the next node in document order without entering the current one's children. */
function nextSkippingChildren(cursor: TreeCursor): boolean {
  for (;;) {
    if (cursor.nextSibling()) return true;
    if (!cursor.parent()) return false;
  }
}

function isTripleQuoted(text: string): boolean {
  return /^[rRbBuUfF]{0,2}("""|\'\'\')/.test(text);
}

/** Whether a string literal's text ends with its closing quote(s). */
function isClosedString(text: string): boolean {
  const m = /^[rRbBuUfF]{0,2}("""|\'\'\'|"|')/.exec(text);
  if (!m) return false;
  const quote = m[1];
  const body = text.slice(m[0].length);
  if (body.length < quote.length || !body.endsWith(quote)) return false;
  // An odd run of backslashes before the closing quote escapes it.
  let k = text.length - quote.length - 1;
  let slashes = 0;
  while (k >= m[0].length && text[k] === '\\') {
    slashes++;
    k--;
  }
  return slashes % 2 === 0;
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
