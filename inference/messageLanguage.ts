// The language of what the inference worker says about the user's images (the walk's and the
// decoder's per-image messages): the extension host names the l10n bundle VS Code loaded for the
// display language in BACKBONE_LENS_L10N_BUNDLE, which the workers it forks inherit; the worker process and
// each of its preparation threads (their own module state) configure @vscode/l10n with it. Without
// it (English, the CLI, the tests) the messages are the English source text.
import * as l10n from '@vscode/l10n';

export const L10N_BUNDLE_ENV = 'BACKBONE_LENS_L10N_BUNDLE';

/** Configures @vscode/l10n from the environment's bundle, if it names one that can be read. */
export function useMessageLanguageFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[L10N_BUNDLE_ENV];
  if (!file) return;
  try {
    l10n.config({ fsPath: file });
  } catch {
    // An unreadable bundle leaves the messages in English rather than failing the worker.
  }
}
