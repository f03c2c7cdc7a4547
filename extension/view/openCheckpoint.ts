// Open Checkpoint: a .pth/.pt/.safetensors file in the checkpoint editor. The editor is the
// custom editor this extension contributes for the file (looked up in the manifest, so the
// command follows whatever viewType contributes.customEditors declares); without one, VS Code's
// own editor for the file. Without an argument, a quick pick of the workspace's checkpoints.
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../ids';
import { checkpointText } from './checkpointText';
import { checkpointFiles } from './scan';

interface CustomEditorContribution {
  viewType?: unknown;
  selector?: { filenamePattern?: unknown }[];
}

/** `*.pth` → a test on the file name (the selector's patterns are simple globs). */
function globTest(pattern: string): RegExp {
  const body = pattern.replace(/^\*\*\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`, 'i');
}

/** The viewType of our custom editor for this file, if the manifest contributes one. */
export function checkpointEditorFor(fileName: string): string | undefined {
  const editors: CustomEditorContribution[] = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.contributes?.customEditors ?? [];
  for (const e of editors) {
    if (typeof e.viewType !== 'string') continue;
    if ((e.selector ?? []).some((s) => typeof s.filenamePattern === 'string' && globTest(s.filenamePattern).test(fileName))) return e.viewType;
  }
  return undefined;
}

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return /^[a-z][a-z0-9+.-]*:/i.test(arg) && !/^[a-z]:\\/i.test(arg) ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg) return uriOf((arg as { uri: unknown }).uri);
  return undefined;
}

async function pickCheckpoint(): Promise<vscode.Uri | undefined> {
  const browse = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, uri: undefined as vscode.Uri | undefined };
  // The pick opens at once, busy while the files are found and their headers read (a few ms each).
  const items = checkpointFiles().then((found) => [...found.map((c) => ({ label: vscode.workspace.asRelativePath(c.uri), description: checkpointText(c).short, uri: c.uri as vscode.Uri | undefined })), browse]);
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open Checkpoint'), placeHolder: vscode.l10n.t('a checkpoint of this workspace, or Browse…') });
  if (!pick) return undefined;
  if (pick.uri) return pick.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Open Checkpoint'), filters: { [vscode.l10n.t('Checkpoints')]: ['pth', 'pt', 'safetensors'] } });
  return chosen?.[0];
}

/** Opens the checkpoint; resolves with the editor used (a viewType, or 'default'), or undefined when nothing was chosen. */
export async function openCheckpoint(arg?: unknown): Promise<{ uri: string; editor: string } | undefined> {
  const uri = uriOf(arg) ?? (arg === undefined ? await pickCheckpoint() : undefined);
  if (!uri) {
    if (arg !== undefined) void vscode.window.showErrorMessage(`${vscode.l10n.t('Open Checkpoint')}: ${vscode.l10n.t('expected a file URI or path, got {0}', String(JSON.stringify(arg)?.slice(0, 100)))}`);
    return undefined;
  }
  const viewType = checkpointEditorFor(uri.path.split('/').pop() ?? '');
  if (viewType) await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
  else await vscode.commands.executeCommand('vscode.open', uri);
  return { uri: uri.toString(), editor: viewType ?? 'default' };
}
