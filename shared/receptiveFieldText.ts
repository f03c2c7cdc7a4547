// The receptive field in the display language, for every surface that shows it to a user (hovers
// on the host, the diagram's pages): the engine's one formatter (models/report/format.ts) with
// its words translated through @vscode/l10n, which each side configures with its bundle. The CLI
// keeps the engine's English words. The words are looked up on each call, after the bundle is set.
import * as l10n from '@vscode/l10n';
import { receptiveField, receptiveFieldCell, type RfFigures, type RfPadding } from '../models/report/format';
import type { RfWords } from '../models/report/vocabulary';

export function rfWords(): RfWords {
  return {
    smallestPath: l10n.t('smallest path'),
    stride: l10n.t('stride'),
    effectivePadding: l10n.t('effective padding'),
    smallestPathPadding: l10n.t("smallest path's padding"),
    global: l10n.t('global (whole image)'),
    gated: l10n.t('gated by global context'),
    globalCell: l10n.t('global'),
    gatedCell: l10n.t('+ctx'),
    cellHeader: l10n.t('RF size/min/stride'),
  };
}

/** "427 px (smallest path 11 px, stride 32)" in the display language. */
export const rfText = (rf: RfFigures, pad?: RfPadding): string => receptiveField(rf, pad, rfWords());

/** "427/11/32", "global" in the display language. */
export const rfCell = (rf: RfFigures): string => receptiveFieldCell(rf, rfWords());
