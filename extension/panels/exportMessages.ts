// What every export says, in every panel (no vscode: unit-tested): the same words for a copy
// and for a save, naming what was exported and where it went. In the display language through
// @vscode/l10n (configured with VS Code's bundle on activation; English, the source, in tests).
import * as l10n from '@vscode/l10n';

/** The page's status line after a copy. */
export const copiedMessage = (what: string): string => l10n.t('Copied {0} to the clipboard.', what);

/** The page's status line and the notification after a save; `where` is the file (workspace-relative when it can be). */
export const savedMessage = (what: string, where: string): string => l10n.t('Saved {0} to {1}.', what, where);

/** Counted nouns: "1 result", "3 results". */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
