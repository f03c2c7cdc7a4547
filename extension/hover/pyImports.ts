// Where a name used in a call comes from: `from torchvision.models import resnet50`, `import timm`,
// `import torch.nn as nn`, or a `def` / `class` of the file itself. Used only to hold a hover
// back (the seed's own `def resnet50(last_stride)` is not torchvision's resnet50), so a line-based
// reading that may also match inside a string errs on the side of showing nothing.
// Pure: no vscode import.

export type Binding = { kind: 'local' } | { kind: 'module'; module: string };

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const DOTTED = `${IDENT}(?:\\s*\\.\\s*${IDENT})*`;

/** The binding of `name` in `text`, or undefined when the file neither imports nor defines it. */
export function bindingOf(text: string, name: string): Binding | undefined {
  if (!new RegExp(`^${IDENT}$`).test(name)) return undefined;
  if (new RegExp(`^[ \\t]*(?:async[ \\t]+)?(?:def|class)[ \\t]+${name}\\b`, 'm').test(text)) return { kind: 'local' };
  // from a.b import x, y as name   /   from a.b import (x,\n name)
  const fromImport = new RegExp(`^[ \\t]*from[ \\t]+(\\.*${DOTTED}|\\.+)[ \\t]+import[ \\t]*(\\([^)]*\\)|[^\\n]*)`, 'gm');
  let star: Binding | undefined;
  for (const m of text.matchAll(fromImport)) {
    const module = m[1].replace(/\s+/g, '');
    const names = m[2].replace(/[()\\]/g, ' ').split(',').map((s) => s.trim().split(/\s+as\s+/));
    for (const parts of names) {
      const bound = (parts[1] ?? parts[0]).trim();
      if (bound === name) return { kind: 'module', module: `${module}.${parts[0].trim()}` };
      // `from mylib import *` may bind the name too: ambiguous unless an explicit import says otherwise.
      if (bound === '*' && !star) star = { kind: 'module', module: `${module}.*` };
    }
  }
  // import a.b as name   /   import name   /   import name.sub
  const plainImport = /^[ \t]*import[ \t]+([^\n]*)/gm;
  for (const m of text.matchAll(plainImport)) {
    for (const item of m[1].split(',')) {
      const [module, alias] = item.trim().split(/\s+as\s+/).map((s) => s.trim());
      if (alias === name) return { kind: 'module', module };
      if (alias === undefined && module.split('.')[0] === name) return { kind: 'module', module: name };
    }
  }
  return star;
}

/** The lines that can bind a name (imports, defs, classes), multi-line `from … import (…)` whole. */
const DECLARATION = /^[ \t]*(?:(?:async[ \t]+)?(?:def|class)[ \t][^\n]*|import[ \t][^\n]*|from[ \t][^\n(]*(?:\([^)]*\)|[^\n]*))/gm;

let declarations: { text: string; lines: string } | undefined;

/**
 * The declaration lines of `text`, kept while the document is unchanged: `bindingOf` then reads
 * a few lines instead of the whole file on every hover.
 */
export function declarationsOf(text: string): string {
  if (declarations?.text !== text) declarations = { text, lines: (text.match(DECLARATION) ?? []).join('\n') };
  return declarations.lines;
}

/** True when `name` is not bound, or bound to a module under one of `roots` (`torchvision`, `timm`, …). */
export function fromOneOf(text: string, name: string, roots: readonly string[]): boolean {
  const b = bindingOf(text, name);
  if (!b) return true;
  if (b.kind === 'local') return false;
  return roots.includes(b.module.split('.')[0]);
}
