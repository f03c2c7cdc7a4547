// The engine's group labels and kinds in the display language. The engine names groups in English
// ("Stage 3 (layer3)", "Dense block 2"): the same words the CLI and the state-dict paths use, and
// what searches and tests match. Only what is drawn and read is translated, here, from the
// label's known patterns; a label of the user's own code (a Python class name) stays as it is.
import * as l10n from '@vscode/l10n';
import type { GroupData } from '../../extension/protocol/inspect';

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
