// The diagram's labels: layer summaries, short names, plurals, frame titles, and the engine's group
// labels and kinds in the display language. Numbers in them come from models/report/format, the
// formatter every surface shares; the words around them are translated with @vscode/l10n
// (configured by webview/l10n.ts before any module renders). Nothing here computes a statistic.
import * as l10n from '@vscode/l10n';
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
export const paramsShort = (n: number): string => l10n.t('{0} params', compact(n));
export const macsShort = (n: number): string => l10n.t('{0} MACs', compact(n));

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
  const first = blocks.length > 0 ? d.groups[blocks[0]].label : '';
  const children = blocks.length > 0 ? [childCount(blocks.length, integer(blocks.length), first) ?? plural(blocks.length, labelNoun(displayLabel(first)))] : [];
  const layers = g.nodeCount === 1 ? l10n.t('1 layer') : l10n.t('{0} layers', integer(g.nodeCount));
  const parts = blocks.length > 0 ? children : g.kind === 'block' || g.kind === 'module' ? [layers] : [];
  parts.push(paramsShort(g.params), macsShort(g.macs));
  return parts.join(' · ');
}

export { rfCell, rfText } from '../../shared/receptiveFieldText';

// The engine names groups in English ("Stage 3 (layer3)", "Dense block 2"): the same words the CLI
// and the state-dict paths use, and what searches and tests match. Only what is drawn and read is
// translated, here, from the label's known patterns; a label of the user's own code (a Python class
// name) stays as it is.
type Pattern = readonly [RegExp, (m: RegExpMatchArray) => string];

let patterns: readonly Pattern[] | undefined;

/** Built on first use, after webview/l10n.ts has configured the bundle. */
function labelPatterns(): readonly Pattern[] {
  patterns ??= [
    [/^Stage (\d+) \((\w+)\)$/, (m) => l10n.t('Stage {0} ({1})', m[1], m[2])],
    [/^Block (\d+)$/, (m) => l10n.t('Block {0}', m[1])],
    [/^Dense block (\d+)$/, (m) => l10n.t('Dense block {0}', m[1])],
    [/^Dense layer (\d+)$/, (m) => l10n.t('Dense layer {0}', m[1])],
    [/^Transition (\d+)$/, (m) => l10n.t('Transition {0}', m[1])],
    [/^Stem$/, () => l10n.t('Stem')],
    [/^Deep stem$/, () => l10n.t('Deep stem')],
    [/^Deep tiered stem$/, () => l10n.t('Deep tiered stem')],
    [/^Head$/, () => l10n.t('Head')],
    [/^Squeeze-and-excitation$/, () => l10n.t('Squeeze-and-excitation')],
    [/^Projection shortcut$/, () => l10n.t('Projection shortcut')],
    [/^Projection shortcut \(avg down\)$/, () => l10n.t('Projection shortcut (avg down)')],
    [/^Split attention$/, () => l10n.t('Split attention')],
    [/^Final norm$/, () => l10n.t('Final norm')],
  ];
  return patterns;
}

/** A group label as shown: "Stage 3 (layer3)" → "阶段 3（layer3）" in Chinese; unknown labels unchanged. */
export function displayLabel(label: string): string {
  for (const [re, say] of labelPatterns()) {
    const m = re.exec(label);
    if (m) return say(m);
  }
  return label;
}

/** A group kind as shown in subtitles and the side pane. */
export function kindName(kind: GroupData['kind']): string {
  switch (kind) {
    case 'model': return l10n.t('model');
    case 'stem': return l10n.t('stem');
    case 'stage': return l10n.t('stage');
    case 'transition': return l10n.t('transition');
    case 'block': return l10n.t('block');
    case 'module': return l10n.t('module');
    case 'head': return l10n.t('head');
  }
}

/** "3 blocks", "6 dense layers": a group's children counted by what its first child is; undefined for other children. */
export function childCount(n: number, shown: string, firstChildLabel: string): string | undefined {
  if (/^Block \d+$/.test(firstChildLabel)) return n === 1 ? l10n.t('1 block') : l10n.t('{0} blocks', shown);
  if (/^Dense layer \d+$/.test(firstChildLabel)) return n === 1 ? l10n.t('1 dense layer') : l10n.t('{0} dense layers', shown);
  return undefined;
}
