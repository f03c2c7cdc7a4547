// Renders hover content as compact Markdown: a title, a table with units, notes, and the
// "Inspect in diagram" command link. Pure strings: no vscode import. The numbers in the cells come
// from models/report/format, the one formatter of every surface; the words around them are in the
// display language (@vscode/l10n, configured with VS Code's bundle on activation).
import * as l10n from '@vscode/l10n';

/** The argument of `backboneLens.inspectModel` that opens the diagram at a model or a stage. */
export interface InspectTarget {
  /** A preset id, or the URI string of a variant file. */
  readonly model: string;
  /** A group path such as `layer3` or `features.denseblock2`. */
  readonly path?: string;
  /** Knob overrides on top of the preset (e.g. a literal `num_classes=` in Python). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** With `model` the URI of a Python file: the class or factory of that file to build. */
  readonly python?: string;
}

export const INSPECT_COMMAND = 'backboneLens.inspectModel';

export interface HoverTable {
  /** Markdown (already escaped where it holds user text). */
  readonly title: string;
  /** Headers of the value columns; the first (label) column has none. */
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  readonly notes?: readonly string[];
  readonly inspect?: InspectTarget;
}

export function renderHover(t: HoverTable): string {
  const lines: string[] = [t.title, ''];
  lines.push(`| | ${t.header.map(cell).join(' | ')} |`);
  lines.push(`|:--|${t.header.map(() => '--:').join('|')}|`);
  for (const [label, ...values] of t.rows) lines.push(`| ${cell(label)} | ${values.map(cell).join(' | ')} |`);
  for (const note of t.notes ?? []) lines.push('', note);
  if (t.inspect) lines.push('', inspectLink(t.inspect));
  return lines.join('\n');
}

export function inspectLink(target: InspectTarget): string {
  return `[${l10n.t('Inspect in diagram')}](command:${INSPECT_COMMAND}?${encodeURIComponent(JSON.stringify([target]))} "${l10n.t('Open Inspect Model here').replace(/"/g, "'")}")`;
}

export { rfText } from '../../shared/receptiveFieldText';

/** Escapes text from the user's files (or the engine's descriptions) for Markdown prose. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** A Markdown code span of `text` (code spans take no escapes; backticks become quotes). */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\n/g, ' ')}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
