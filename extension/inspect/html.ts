// The webview page: strict CSP (nothing but our own bundle and stylesheet, scripts by a crypto
// nonce, no inline code, no remote origins). The toolkit reads the nonce from the csp-nonce
// meta tag for the few style elements it creates.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folders the webview may load from. */
export function localRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localRoots(extensionUri), enableFindWidget: false };
}

export function inspectHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'inspect.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'inspect.css'));
  const csp = [
    "default-src 'none'",
    // blob:/data: images: the PNG export rasterizes the SVG through an <img>.
    `img-src ${webview.cspSource} blob: data:`,
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
<title>Inspect Model</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"><p class="loading">Loading the model…</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
