// The one export flow of every panel: copy text to the clipboard, or ask where to save and write
// the file; say what happened on the page's status line (the returned text) and, for a save, in
// a notification with an Open button (the page's status line can be out of sight). Cancelling
// the save dialog says nothing.
import * as vscode from 'vscode';
import { copiedMessage, savedMessage } from './exportMessages';

export interface ExportPlan {
  /** What is exported, for the messages: "the SVG", "the Markdown table", "12 results as CSV". */
  what: string;
  target: 'file' | 'clipboard';
  /** Text (either target), or bytes (a file only: a PNG). */
  content: string | Uint8Array;
  /** The save dialog's suggestion: a full URI, or a file name put in the first workspace folder. */
  suggest: vscode.Uri | string;
  filters: Record<string, string[]>;
}

/** Where a file name is suggested when no folder is given: the first workspace folder, if any. */
function suggestedUri(suggest: vscode.Uri | string): vscode.Uri | undefined {
  if (typeof suggest !== 'string') return suggest;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, suggest) : undefined;
}

/**
 * Runs an export; resolves with the status text, or undefined when the user cancelled the save
 * dialog. `title` names the panel in the notification ("Inspect Model", "Classify Image").
 */
export async function saveOrCopy(plan: ExportPlan, title: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  if (plan.target === 'clipboard') {
    if (typeof plan.content !== 'string') throw new Error(`${plan.what}: only text can be copied to the clipboard`);
    await vscode.env.clipboard.writeText(plan.content);
    return copiedMessage(plan.what);
  }
  const defaultUri = suggestedUri(plan.suggest);
  const uri = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Save {0}', plan.what), ...(defaultUri ? { defaultUri } : {}), filters: plan.filters });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, typeof plan.content === 'string' ? new TextEncoder().encode(plan.content) : plan.content);
  log.info(`${title}: saved ${plan.what} to ${uri.fsPath}`);
  const saved = savedMessage(plan.what, vscode.workspace.asRelativePath(uri));
  void vscode.window.showInformationMessage(`${title}: ${saved}`, vscode.l10n.t('Open')).then((a) => a && vscode.commands.executeCommand('vscode.open', uri));
  return saved;
}
