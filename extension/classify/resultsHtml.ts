// The results page: strict CSP (default-src 'none'; our bundle by a crypto nonce; no inline
// code, no eval, no remote origins). Thumbnails are the image files themselves through
// asWebviewUri: the host has no image decoder (sharp, like onnxruntime, lives only in the
// worker), so the webview may read the folders the user selected (localResourceRoots) and
// img-src allows only webview.cspSource.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';

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
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'classify.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'classify.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Classification results</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"><p class="muted">Classifying…</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
