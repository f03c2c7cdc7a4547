// The diagram's labels: layer summaries, short names, plurals, frame titles. Numbers in them come
// from models/report/format, the formatter every surface shares. Nothing here computes a statistic.
import type { OpAttrs } from '../../models';
import { compact, integer } from '../../models/report/format';
import type { GroupData, ModelData } from '../../shared/protocol/inspect';

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
      return `groupnorm · ${a.channels} · ${a.groups} groups`;
    case 'blurpool':
      return `blurpool ${a.filterSize}×${a.filterSize}${a.stride > 1 ? ` /${a.stride}` : ''}`;
    case 'input':
      return `input · ${a.channels} ch`;
    case 'mul':
      return 'mul (gate)';
    default:
      return a.op;
  }
}

/** The last segments of a path that its parent path does not already say. */
export function shortName(path: string, parentPath: string): string {
  if (parentPath && path.startsWith(`${parentPath}.`)) return path.slice(parentPath.length + 1);
  return path === '' ? 'input' : path;
}

/** "1 layer", "6 layers", "3 dense layers". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${integer(n)} ${n === 1 ? singular : pluralForm}`;
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
  const noun = blocks.length > 0 ? labelNoun(d.groups[blocks[0]].label) : '';
  const parts = blocks.length > 0 ? [plural(blocks.length, noun)] : g.kind === 'block' || g.kind === 'module' ? [plural(g.nodeCount, 'layer')] : [];
  parts.push(`${compact(g.params)} params`, `${compact(g.macs)} MACs`);
  return parts.join(' · ');
}
