// Finds the call under the cursor in Python source and reads its arguments as literals.
// Anything that is not a plain literal (a variable, an expression, a call) is `unknown`: the
// hover then shows what it can, or nothing, and never guesses. Pure: no vscode import.
import type { PyToken } from './pyTokens';

export type PyValue =
  | { kind: 'int'; value: number }
  | { kind: 'float' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'str'; value: string }
  | { kind: 'tuple' | 'list'; items: PyValue[] }
  /** A (dotted) name such as `Bottleneck` or `nn.BatchNorm2d`: a reference, not a value. */
  | { kind: 'name'; dotted: string }
  | { kind: 'unknown' };

export interface PyArg {
  /** Keyword of a keyword argument. */
  readonly keyword?: string;
  /** `*args` or `**kwargs`. */
  readonly star?: '*' | '**';
  readonly value: PyValue;
  /** Source text of the value, for formulas that name an unknown argument. */
  readonly text: string;
}

export interface PyCall {
  /** Dotted callee, e.g. ['torchvision', 'models', 'resnet50']. */
  readonly callee: readonly string[];
  /** The callee hangs off an expression we cannot name (`self.resnet50(`, `f().x(`). */
  readonly qualifierUnknown: boolean;
  /** Arguments; undefined when the call is not closed or not well formed (half-typed code). */
  readonly args: readonly PyArg[] | undefined;
  /** Document offsets of the token range to highlight. */
  readonly hoverStart: number;
  readonly hoverEnd: number;
  /** The string literal under the cursor was this call's first argument (timm's model name). */
  readonly onFirstArgString: boolean;
}

/** Statement keywords that cannot appear inside a call's arguments: seeing one means the call was left open. */
const STATEMENT_KEYWORDS = new Set(['def', 'class', 'import', 'return', 'pass', 'raise', 'del', 'global', 'nonlocal', 'assert', 'try', 'except', 'finally', 'while', 'with', 'elif']);

/** Index of the token that contains `offset`, or -1. */
export function tokenAt(tokens: readonly PyToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (offset < t.start) hi = mid - 1;
    else if (offset >= t.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The call whose callee (any segment of it) or whose first string argument is under `offset`. */
export function callAt(tokens: readonly PyToken[], offset: number): PyCall | undefined {
  const at = tokenAt(tokens, offset);
  if (at < 0) return undefined;
  const tok = tokens[at];
  if (tok.kind === 'name') return callFromCalleeToken(tokens, at);
  if (tok.kind === 'string') {
    // `create_model("resnest50d", …)` or `create_model(model_name="…")`: the string is an argument.
    let open = at - 1;
    if (isOp(tokens[open], '=') && tokens[open - 1]?.kind === 'name' && tokens[open - 1].text === 'model_name') open -= 2;
    if (!isOp(tokens[open], '(')) return undefined;
    const chainEnd = open - 1;
    if (tokens[chainEnd]?.kind !== 'name') return undefined;
    const call = callFromCalleeToken(tokens, chainEnd);
    if (!call) return undefined;
    return { ...call, hoverStart: tok.start, hoverEnd: tok.end, onFirstArgString: true };
  }
  return undefined;
}

function callFromCalleeToken(tokens: readonly PyToken[], at: number): PyCall | undefined {
  let first = at;
  while (isOp(tokens[first - 1], '.') && tokens[first - 2]?.kind === 'name') first -= 2;
  let last = at;
  while (isOp(tokens[last + 1], '.') && tokens[last + 2]?.kind === 'name') last += 2;
  const open = last + 1;
  if (!isOp(tokens[open], '(')) return undefined;
  const before = tokens[first - 1];
  if (before?.kind === 'name' && (before.text === 'def' || before.text === 'class')) return undefined;
  const qualifierUnknown = before !== undefined && (isOp(before, '.') || isOp(before, ')') || isOp(before, ']'));
  const callee: string[] = [];
  for (let k = first; k <= last; k += 2) callee.push(tokens[k].text);
  return {
    callee,
    qualifierUnknown,
    args: readArgs(tokens, open),
    hoverStart: tokens[first].start,
    hoverEnd: tokens[last].end,
    onFirstArgString: false,
  };
}

/** Reads the arguments of the call whose `(` is at `open`; undefined if it is not closed or not well formed. */
export function readArgs(tokens: readonly PyToken[], open: number): PyArg[] | undefined {
  const stack: string[] = ['('];
  const pieces: Array<[number, number]> = [];
  let pieceStart = open + 1;
  let k = open + 1;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'name' && STATEMENT_KEYWORDS.has(t.text)) return undefined;
    if (t.kind === 'string' && t.unterminated) return undefined;
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(t.text);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const expected = { ')': '(', ']': '[', '}': '{' }[t.text];
      if (stack.pop() !== expected) return undefined;
      if (stack.length === 0) break;
    } else if (t.text === ',' && stack.length === 1) {
      pieces.push([pieceStart, k]);
      pieceStart = k + 1;
    }
  }
  if (k >= tokens.length) return undefined;
  if (pieceStart < k) pieces.push([pieceStart, k]);
  const args: PyArg[] = [];
  for (const [a, b] of pieces) {
    const arg = readArg(tokens, a, b);
    if (!arg) return undefined;
    args.push(arg);
  }
  // Python: no positional argument after a keyword argument.
  let seenKeyword = false;
  for (const arg of args) {
    if (arg.keyword !== undefined || arg.star === '**') seenKeyword = true;
    else if (seenKeyword && arg.star === undefined) return undefined;
  }
  return args;
}

function readArg(tokens: readonly PyToken[], a: number, b: number): PyArg | undefined {
  if (a >= b) return undefined;
  const text = (from: number): string => sourceOf(tokens, from, b);
  if (isOp(tokens[a], '*') || isOp(tokens[a], '**')) {
    return { star: tokens[a].text as '*' | '**', value: { kind: 'unknown' }, text: text(a + 1) };
  }
  if (tokens[a].kind === 'name' && isOp(tokens[a + 1], '=')) {
    if (a + 2 >= b) return undefined;
    // A second top-level `=` is not Python: half-typed code.
    if (hasTopLevel(tokens, a + 2, b, '=')) return undefined;
    return { keyword: tokens[a].text, value: literal(tokens, a + 2, b), text: text(a + 2) };
  }
  if (hasTopLevel(tokens, a, b, '=')) return undefined;
  return { value: literal(tokens, a, b), text: text(a) };
}

function hasTopLevel(tokens: readonly PyToken[], a: number, b: number, op: string): boolean {
  let depth = 0;
  for (let k = a; k < b; k++) {
    const t = tokens[k];
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (depth === 0 && t.text === op) return true;
  }
  return false;
}

function sourceOf(tokens: readonly PyToken[], a: number, b: number): string {
  return tokens.slice(a, b).map((t) => t.text).join(' ').replace(/ ?([.(\[]) ?/g, '$1').replace(/ ([)\],])/g, '$1');
}

/** Reads tokens [a, b) as a literal, or `unknown`. */
export function literal(tokens: readonly PyToken[], a: number, b: number): PyValue {
  const unknown: PyValue = { kind: 'unknown' };
  if (a >= b) return unknown;
  const t = tokens[a];
  if (b - a === 1) {
    if (t.kind === 'number') return numberValue(t.text);
    if (t.kind === 'name') {
      if (t.text === 'True' || t.text === 'False') return { kind: 'bool', value: t.text === 'True' };
      if (t.text === 'None') return { kind: 'none' };
      return { kind: 'name', dotted: t.text };
    }
  }
  if (b - a === 2 && isOp(t, '-') && tokens[a + 1].kind === 'number') {
    const v = numberValue(tokens[a + 1].text);
    return v.kind === 'int' ? { kind: 'int', value: -v.value } : v.kind === 'float' ? v : unknown;
  }
  if (t.kind === 'string') {
    // Adjacent string literals concatenate.
    let s = '';
    for (let k = a; k < b; k++) {
      const v = tokens[k].kind === 'string' ? stringValue(tokens[k].text) : undefined;
      if (v === undefined) return unknown;
      s += v;
    }
    return { kind: 'str', value: s };
  }
  if (t.kind === 'name' && isDottedName(tokens, a, b)) {
    return { kind: 'name', dotted: tokens.slice(a, b).map((x) => x.text).join('') };
  }
  if ((isOp(t, '(') || isOp(t, '[')) && isOp(tokens[b - 1], t.text === '(' ? ')' : ']')) {
    const items: PyValue[] = [];
    let depth = 0;
    let start = a + 1;
    let commas = 0;
    for (let k = a + 1; k < b - 1; k++) {
      const x = tokens[k];
      if (x.kind !== 'op') continue;
      if (x.text === '(' || x.text === '[' || x.text === '{') depth++;
      else if (x.text === ')' || x.text === ']' || x.text === '}') depth--;
      else if (x.text === ',' && depth === 0) {
        items.push(literal(tokens, start, k));
        start = k + 1;
        commas++;
      }
    }
    if (depth !== 0) return unknown;
    if (start < b - 1) items.push(literal(tokens, start, b - 1));
    // `(x)` is x itself; `(x,)` and `[x]` are sequences.
    if (t.text === '(' && commas === 0) return items.length === 1 ? items[0] : unknown;
    return { kind: t.text === '(' ? 'tuple' : 'list', items };
  }
  return unknown;
}

function isDottedName(tokens: readonly PyToken[], a: number, b: number): boolean {
  if ((b - a) % 2 === 0) return false;
  for (let k = a; k < b; k++) {
    if ((k - a) % 2 === 0 ? tokens[k].kind !== 'name' : !isOp(tokens[k], '.')) return false;
  }
  return true;
}

function numberValue(text: string): PyValue {
  const t = text.replace(/_/g, '');
  if (/^(?:0|[1-9][0-9]*)$/.test(t)) return safeInt(Number(t));
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) {
    const base = { x: 16, o: 8, b: 2 }[t[1].toLowerCase() as 'x' | 'o' | 'b'];
    return safeInt(parseInt(t.slice(2), base));
  }
  if (/^0+$/.test(t)) return { kind: 'int', value: 0 };
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return { kind: 'float' };
  return { kind: 'unknown' };
}

function safeInt(v: number): PyValue {
  return Number.isSafeInteger(v) ? { kind: 'int', value: v } : { kind: 'unknown' };
}

/** The value of a plain or raw string literal; undefined for bytes, f-strings and half-typed strings. */
function stringValue(text: string): string | undefined {
  const m = /^([rRuU]?)(['"])/.exec(text);
  if (!m) return undefined;
  const raw = m[1].toLowerCase() === 'r';
  const body = text.slice(m[1].length);
  const q = body[0];
  const triple = body.startsWith(q.repeat(3));
  const close = triple ? 3 : 1;
  if (body.length < close * 2 || !body.endsWith(q.repeat(close))) return undefined;
  const inner = body.slice(close, body.length - close);
  if (raw) return inner;
  return inner.replace(/\\(.)/gs, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' })[ch] ?? `\\${ch}`);
}

function isOp(t: PyToken | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'op' && t.text === text;
}
