// "Show receptive field on an image…" from Inspect Model's side pane: pick a workspace image,
// then a panel draws the selected node's output grid over the network's crop of it, and for
// the cell under the pointer the theoretical receptive field and the smallest path's field (the
// engine's boxes at the inspected input size; a global field says so). The host has no image
// decoder: the page reports the image's size and the host answers with the crop geometry of the
// model's preprocessing (the same resize + centre crop classification uses).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { preprocessingOf } from '../../inference/modelSource';
import { walkImages } from '../../inference/walkImages';
import { cropGeometry } from '../../inference/preprocess';
import { THUMBNAIL_EXTENSIONS } from '../classify/targets';
import { ViewTypes } from '../ids';
import { parseLensWebviewMessage, type LensHostMessage } from '../protocol/rfLens';
import type { Resolved } from './modelData';
import { lensData } from './rfLensData';
import { webviewPage } from '../webviewPage';

/** At most this many workspace images in the quick pick. */
const MAX_IMAGES = 2000;

/**
 * A workspace image chosen in a quick pick (the formats the webview can show). Walked with the
 * classify walker (hidden folders and node_modules skipped, bounded), not findFiles, which needs
 * ripgrep and a workspace search provider that a VS Code Server may lack.
 */
export async function pickWorkspaceImage(): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const images = walkImages(folders, { maxFiles: MAX_IMAGES }).files.filter((f) => THUMBNAIL_EXTENSIONS.test(f)).sort();
  if (images.length === 0) {
    void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('no image (png, jpeg, webp, gif, bmp, avif) in this workspace to show a receptive field on.')}`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    images.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: vscode.Uri.file(f) })),
    { title: vscode.l10n.t('Show the receptive field on which image?'), placeHolder: vscode.l10n.t('a workspace image') },
  );
  return pick?.uri;
}

/**
 * The lens for `nodePath` of an Inspect model. The image goes through the preset's eval transform;
 * a variant file or a model read from Python has none of its own, so torchvision's is used.
 */
export async function showReceptiveField(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, model: Resolved, nodePath: string, image?: vscode.Uri): Promise<void> {
  const a = model.analysis;
  const file = image ?? (await pickWorkspaceImage());
  if (!file) return;
  const panel = vscode.window.createWebviewPanel(ViewTypes.receptiveField, vscode.l10n.t('Receptive field: {0} on {1}', nodePath, path.basename(file.fsPath)), vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media'), vscode.Uri.file(path.dirname(file.fsPath))],
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'inspect.svg');
  panel.webview.html = webviewPage(panel.webview, context.extensionUri, { script: 'rfLens.js', stylesheet: 'rfLens.css', title: vscode.l10n.t('Receptive field'), placeholder: `<p class="muted">${vscode.l10n.t('Loading…')}</p>` });
  const post = (m: LensHostMessage): void => void panel.webview.postMessage(m);
  const lens = lensData(model.id, a, nodePath, panel.webview.asWebviewUri(file).toString(), vscode.workspace.asRelativePath(file));
  panel.webview.onDidReceiveMessage((raw: unknown) => {
    const msg = parseLensWebviewMessage(raw);
    if (!msg) {
      log.warn('inspect: ignored an invalid message from the receptive-field page');
      return;
    }
    if (msg.type === 'ready') post(typeof lens === 'string' ? { type: 'error', message: lens } : { type: 'lens', lens });
    else {
      const g = cropGeometry(msg.width, msg.height, preprocessingOf(model.spec), a.input);
      post({ type: 'geometry', geometry: { image: [msg.width, msg.height], resized: [g.resized[0], g.resized[1]], left: g.left, top: g.top, input: [a.input[0], a.input[1]] } });
    }
  });
  log.info(`inspect: receptive field of ${model.id} ${nodePath} on ${file.fsPath}`);
}
