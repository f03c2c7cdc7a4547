// The page's translations: webviewPage() embeds the bundle VS Code loaded for the display language
// (null in English, where the source strings are the text) and sets <html lang>. Every webview
// entry imports this module first, so @vscode/l10n is configured before any module renders a
// string; modules translate with `l10n.t` from '@vscode/l10n' (the extractor reads those calls).
import * as l10n from '@vscode/l10n';

const block = document.getElementById('l10n-bundle');
const contents: unknown = block?.textContent ? JSON.parse(block.textContent) : null;
if (contents !== null && typeof contents === 'object' && !Array.isArray(contents)) l10n.config({ contents: contents as Record<string, string> });

/** The workbench's display language (BCP 47, lower case as VS Code gives it), for Intl formatting. */
export const displayLanguage = document.documentElement.lang || 'en';
