// What every export says, in every panel (no vscode: unit-tested): the same words for a copy
// and for a save, naming what was exported and where it went.

/** The page's status line after a copy. */
export const copiedMessage = (what: string): string => `Copied ${what} to the clipboard.`;

/** The page's status line and the notification after a save; `where` is the file (workspace-relative when it can be). */
export const savedMessage = (what: string, where: string): string => `Saved ${what} to ${where}.`;

/** Counted nouns: "1 result", "3 results". */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
