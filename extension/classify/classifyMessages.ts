// How Classify Image tells the user that a run was refused or failed: an error with Show Log (and
// Open Settings where a setting is at fault), and Restricted Mode's refusal with Manage Workspace
// Trust. Shared by every step of a run, so each says it the same way.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLASSIFY_SETTINGS_SECTION } from '../ids';
import type { ClassifyRunSummary } from './classifyCommand';

export const SHOW_LOG = vscode.l10n.t('Show Log');
export const OPEN_SETTINGS = vscode.l10n.t('Open Settings');

/** Logs and shows an error; its Show Log opens the log, its Open Settings (when given in `extra`) the Classify settings. */
export function showError(log: vscode.LogOutputChannel, message: string, ...extra: string[]): void {
  log.error(`classify: ${message}`);
  void vscode.window.showErrorMessage(`Backbone Lens: ${message}`, SHOW_LOG, ...extra).then((a) => {
    if (a === SHOW_LOG) log.show(true);
    else if (a === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', CLASSIFY_SETTINGS_SECTION);
  });
}

/** Whether a path is in one of the workspace's folders (what Restricted Mode guards). */
export function inWorkspace(p: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && (p === f.uri.fsPath || p.startsWith(f.uri.fsPath + path.sep)));
}

/** Refuses `what` in an untrusted workspace, saying why and offering to manage trust. */
export function refuseRestricted(log: vscode.LogOutputChannel, what: string): ClassifyRunSummary {
  const message = vscode.l10n.t('{0} is disabled in Restricted Mode: classifying runs a model on workspace files, and this workspace is not trusted. Trust it (Manage Workspace Trust) to classify its images and use its weights.', what);
  const manageTrust = vscode.l10n.t('Manage Workspace Trust');
  log.warn(`classify: refused: ${message}`);
  void vscode.window.showWarningMessage(`Backbone Lens: ${message}`, manageTrust).then((a) => {
    if (a) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { state: 'refused', message, results: [], errors: [] };
}
