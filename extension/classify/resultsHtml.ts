// The results page: strict CSP (default-src 'none'; our bundle by a crypto nonce; no inline
// code, no eval, no remote origins). Thumbnails are the image files themselves through
// asWebviewUri: the host has no image decoder (sharp, like onnxruntime, lives only in the
// worker), so the webview may read the folders the user selected (localResourceRoots) and
// img-src allows only webview.cspSource.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { webviewPage } from '../webviewPage';

/** Our bundle and stylesheet, plus the folders that hold the selected images (narrowest roots). */
export function resultsRoots(extensionUri: vscode.Uri, imageRoots: readonly string[]): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...imageRoots.map((r) => vscode.Uri.file(r))];
}

/** Selected folders as they are, selected files' parent folders; nested duplicates dropped. */
export function imageRootsOf(selected: readonly string[], isFolder: (p: string) => boolean): string[] {
  const dirs = [...new Set(selected.map((p) => (isFolder(p) ? p : path.dirname(p))))].sort();
  return dirs.filter((d) => !dirs.some((o) => o !== d && (d + path.sep).startsWith(o.endsWith(path.sep) ? o : o + path.sep)));
}

export function resultsHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    script: 'classify.js',
    stylesheet: 'classify.css',
    title: vscode.l10n.t('Classification results'),
    placeholder: `<p class="muted">${vscode.l10n.t('Classifying…')}</p>`,
  });
}
