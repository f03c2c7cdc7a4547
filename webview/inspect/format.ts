// Display formatting of the engine's numbers. Exact integers wherever a number is shown in full
// (the tooltip and the side pane), short forms in boxes. Nothing here computes a statistic.
import * as l10n from '@vscode/l10n';
import type { OpAttrs } from '../../models';
import type { GroupData, ModelData, RfData } from '../../extension/protocol/inspect';

import { childCount, displayLabel } from './labels';

// Grouping in the display language (<html lang>, set by the host; English outside a page): it never
// changes a digit, and the languages VS Code ships group as English does or with spaces.
const intFormat = new Intl.NumberFormat(typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en', { maximumFractionDigits: 0 });

export const fmtInt = (n: number): string => intFormat.format(n);

export function fmtShort(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function fmtBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(2)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(2)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}

export const fmtShape = (s: readonly number[]): string => (s.length === 0 ? '—' : s.join('×'));

/** "427 px (smallest 11 px, stride 32)"; "global" once the output sees the whole image. */
export function fmtRf(rf: RfData): string {
  if (rf.global || rf.size === null) return l10n.t('global (whole image)');
  return rf.globalContext ? l10n.t('{0} px (smallest path {1} px, stride {2}), gated by global context', rf.size, rf.min ?? rf.size, rf.stride ?? 0) : l10n.t('{0} px (smallest path {1} px, stride {2})', rf.size, rf.min ?? rf.size, rf.stride ?? 0);
}

export function fmtRfShort(rf: RfData): string {
  if (rf.global || rf.size === null) return l10n.t('RF global');
  return `RF ${rf.size}/${rf.min}/${rf.stride}`;
}

const k2 = (p: readonly [number, number]) => (p[0] === p[1] ? `${p[0]}×${p[0]}` : `${p[0]}×${p[1]}`);
const s2 = (p: readonly [number, number]) => (p[0] === 1 && p[1] === 1 ? '' : ` /${p[0] === p[1] ? p[0] : `${p[0]},${p[1]}`}`);

/** One-line description of a layer: "conv 3×3 /2 · 64→128 · g32". */
export function opSummary(a: OpAttrs): string {
  switch (a.op) {
    case 'conv':
      return `conv ${k2(a.kernel)}${s2(a.stride)} · ${a.inChannels}→${a.outChannels}${a.groups > 1 ? ` · g${a.groups}` : ''}${a.dilation[0] > 1 ? ` · d${a.dilation[0]}` : ''}`;
    case 'maxpool':
    case 'avgpool':
      return `${a.op} ${k2(a.kernel)}${s2(a.stride)}${a.ceilMode ? ' ceil' : ''}`;
    case 'linear':
      return `linear ${a.inFeatures}→${a.outFeatures}`;
    case 'split':
      return `split ${a.part + 1}/${a.parts} · ${a.channels} ch`;
    case 'rsoftmax':
      return `rsoftmax · radix ${a.radix}`;
    case 'batchnorm':
    case 'instancenorm':
      return `${a.op} · ${a.channels}`;
    case 'groupnorm':
      return `groupnorm · ${a.channels} · ${l10n.t('{0} groups', a.groups)}`;
    case 'blurpool':
      return `blurpool ${a.filterSize}×${a.filterSize}${a.stride > 1 ? ` /${a.stride}` : ''}`;
    case 'input':
      return `input · ${a.channels} ch`;
    case 'mul':
      return l10n.t('mul (gate)');
    default:
      return a.op;
  }
}

/** "1.22 M params", "1.03 G MACs": the short forms of boxes and frames. */
export const paramsShort = (n: number): string => l10n.t('{0} params', fmtShort(n));
export const macsShort = (n: number): string => l10n.t('{0} MACs', fmtShort(n));

/** The last segments of a path that its parent path does not already say. */
export function shortName(path: string, parentPath: string): string {
  if (parentPath && path.startsWith(`${parentPath}.`)) return path.slice(parentPath.length + 1);
  return path === '' ? 'input' : path;
}

/** "1 layer", "6 layers", "3 dense layers". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${fmtInt(n)} ${n === 1 ? singular : pluralForm}`;
}

/** What a child group is called, from its label: "Dense layer 3" → "dense layer", "Block 0" → "block". */
export function labelNoun(label: string): string {
  const noun = label.replace(/\s*\d+\b.*$/, '').trim() || label;
  return noun.charAt(0).toLowerCase() + noun.slice(1);
}

/**
 * The longest of `parts` joined by " · " that fits `max` characters, dropping parts from the end
 * before truncating the first (so a frame keeps its whole name and loses numbers first).
 */
export function fitParts(parts: readonly string[], max: number): string {
  for (let n = parts.length; n > 1; n--) {
    const s = parts.slice(0, n).join(' · ');
    if (s.length <= max) return s;
  }
  return truncate(parts[0] ?? '', max);
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** "6 blocks · 1.22 M params · 1.03 G MACs"; a dense block counts "6 dense layers", as its children are named. */
export function groupSubtitle(d: Pick<ModelData, 'groups'>, g: GroupData): string {
  const blocks = g.children.filter((c) => d.groups[c].kind === 'block');
  const first = blocks.length > 0 ? d.groups[blocks[0]].label : '';
  const children = blocks.length > 0 ? [childCount(blocks.length, fmtInt(blocks.length), first) ?? plural(blocks.length, labelNoun(displayLabel(first)))] : [];
  const layers = g.nodeCount === 1 ? l10n.t('1 layer') : l10n.t('{0} layers', fmtInt(g.nodeCount));
  const parts = blocks.length > 0 ? children : g.kind === 'block' || g.kind === 'module' ? [layers] : [];
  parts.push(paramsShort(g.params), macsShort(g.macs));
  return parts.join(' · ');
}
