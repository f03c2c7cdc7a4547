// Activation registers commands and providers only: no engine work, no native modules, no
// file I/O. Everything heavier is imported lazily by the command that needs it.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { registerCheckpointEditor } from './checkpoint/register';
import { RecentRuns } from './classify/recentRuns';
import { registerClassify } from './classify/register';
import { registerHover } from './hover/register';
import { L10N_BUNDLE_ENV } from '../inference/messageLanguage';
import { OUTPUT_CHANNEL_NAME } from './ids';
import { registerInspect } from './inspect/register';
import { panelAccounting, type PanelAccounting } from './panels/panelHost';
import type { ModelsTreeProvider } from './view/modelsTree';
import { registerModelsView } from './view/register';

/** What the extension exports (`extensions.getExtension(id).exports`): read-only facts for tests and diagnostics. */
export interface BackboneLensExports {
  /** Open webview panels and the disposables they hold now (all are released when a panel closes). */
  panelAccounting(): PanelAccounting;
  /** The Backbone Lens view's tree (that nothing is scanned before the view is opened, and what it lists). */
  readonly modelsView: ModelsTreeProvider;
}

export function activate(context: vscode.ExtensionContext): BackboneLensExports {
  // Modules that do not import vscode (pure helpers the unit tests load, shared with the worker
  // and the CLI) translate with @vscode/l10n: give it the bundle VS Code loaded for the display
  // language (undefined in English, the source strings).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // The inference worker says what it says of the user's images in the same language.
  // (The variable is ours alone; workers forked from this host inherit it.)
  if (vscode.l10n.uri?.scheme === 'file') process.env[L10N_BUNDLE_ENV] = vscode.l10n.uri.fsPath;
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  registerInspect(context, log);
  registerHover(context, log);
  const recentRuns = new RecentRuns(context.workspaceState);
  context.subscriptions.push(recentRuns);
  registerClassify(context, log, recentRuns);
  registerCheckpointEditor(context, log);
  const models = registerModelsView(context, recentRuns);
  return { panelAccounting, modelsView: models };
}

export function deactivate(): void {
  // Nothing to release: panels, providers and child processes are registered as subscriptions.
}
