// A preset's one-line description in the display language. The zoo's descriptions are data,
// evaluated when the modules load, before any shell has configured @vscode/l10n: they stay the
// English source text there, and are translated here, when a surface asks for one. The l10n
// extractor finds only literal `l10n.t('…')` calls, so scripts/l10n-export.mjs adds every zoo
// description to the bundle itself.
import * as l10n from '@vscode/l10n';
import type { ZooEntry } from './entry';

/** `entry.description` in the display language (the English text where there is no translation). */
export function presetDescription(entry: Pick<ZooEntry, 'description'>): string {
  return l10n.t(entry.description);
}
