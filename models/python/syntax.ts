// Parsing Python with @lezer/python (a maintained incremental parser; nothing is executed). The
// last tree is kept with its text: after an edit only the changed span is parsed again
// (lezer's fragments), so a hover in a 20,000-line file does not pay a full parse per keystroke.
import { TreeFragment, type Tree, type TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';

let last: { text: string; tree: Tree; fragments: readonly TreeFragment[] } | undefined;

/** The syntax tree of `text` (error-tolerant: half-typed code gives error nodes, never a throw). */
export function parsePython(text: string): Tree {
  if (last?.text === text) return last.tree;
  let fragments: readonly TreeFragment[] | undefined;
  if (last) {
    const change = changedSpan(last.text, text);
    fragments = TreeFragment.applyChanges(last.fragments, [change]);
  }
  const tree = fragments ? parser.parse(text, fragments) : parser.parse(text);
  last = { text, tree, fragments: TreeFragment.addTree(tree) };
  return tree;
}

/** The one span where two texts differ (common prefix and suffix), in lezer's ChangedRange form. */
function changedSpan(a: string, b: string): { fromA: number; toA: number; fromB: number; toB: number } {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { fromA: p, toA: a.length - s, fromB: p, toB: b.length - s };
}

/**
 * A syntax node as the interpreter walks it: lezer's node name, offsets and children (comments
 * left out), built once per text. Walking plain objects is several times faster than asking lezer
 * for child nodes again on every evaluation.
 */
export interface PyNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly children: readonly PyNode[];
}

let lastAst: { text: string; root: PyNode; lineStarts: number[] } | undefined;

/** The syntax tree of `text` as PyNodes (cached for the last text). */
export function pythonAst(text: string): PyNode {
  if (lastAst?.text === text) return lastAst.root;
  const root = convert(parsePython(text).cursor());
  lastAst = { text, root, lineStarts: lineStartsOf(text) };
  return root;
}

function convert(c: TreeCursor): PyNode {
  const name = c.name;
  const from = c.from;
  const to = c.to;
  const children: PyNode[] = [];
  // Strings are leaves for the interpreter, except f-strings (their fields are evaluated).
  if (name !== 'String' && c.firstChild()) {
    do {
      if (c.name !== 'Comment') children.push(convert(c));
    } while (c.nextSibling());
    c.parent();
  }
  return { name, from, to, children };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const lineCache = new Map<string, number[]>();

/** 1-based line of an offset. */
export function lineOf(src: string, offset: number): number {
  let starts = lastAst?.text === src ? lastAst.lineStarts : lineCache.get(src);
  if (!starts) {
    if (lineCache.size > 8) lineCache.clear();
    lineCache.set(src, (starts = lineStartsOf(src)));
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
