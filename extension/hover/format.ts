// Renders hover content as compact Markdown: a title, a table with units, notes, and the
// "Inspect in diagram" command link. Pure strings: no vscode import.
import * as l10n from '@vscode/l10n';
import type { ReceptiveField, Shape } from '../../models';

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

/** 25557032 → "25,557,032" (grouping independent of the host's locale). */
export function int(n: number): string {
  const sign = n < 0 ? '−' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** MACs with a readable magnitude: "4,089,184,256 (4.09 G)". */
export function macs(n: number): string {
  const scaled = n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(2)} k` : '';
  return scaled ? `${int(n)} (${scaled})` : int(n);
}

export function params(n: number): string {
  const scaled = n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : '';
  return scaled ? `${int(n)} (${scaled})` : int(n);
}

export function shape(s: Shape): string {
  return s.join(' × ');
}

/**
 * "427 px (smallest path 11 px, stride 32)": the words of the diagram's side pane and of
 * `backbone-lens stats` (size, smallest path, stride = the jump, in input pixels).
 */
export function rf(r: ReceptiveField): string {
  if (r.global || r.size === null) return l10n.t('global (whole image)');
  const size = int(r.size);
  const min = int(r.min ?? r.size);
  const stride = int(r.stride ?? 0);
  return r.globalContext ? l10n.t('{0} px (smallest path {1} px, stride {2}), gated by global context', size, min, stride) : l10n.t('{0} px (smallest path {1} px, stride {2})', size, min, stride);
}

/** A signed difference: "+1,024", "−3", "0". */
export function delta(n: number): string {
  return n > 0 ? `+${int(n)}` : int(n);
}

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
