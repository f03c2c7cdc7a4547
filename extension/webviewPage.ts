// The one HTML page shape of every webview: a strict Content-Security-Policy (default-src 'none';
// our bundle by a per-render crypto nonce; no inline code, no eval, no remote origins), our
// stylesheet, and the csp-nonce meta tag that the webview UI toolkit reads for the few style
// elements it creates. The page also carries its display language (`<html lang>`) and the l10n
// bundle VS Code loaded for it (a JSON data block, never executed: webview/l10n.ts reads it before
// any module of the page renders a string), so every webview speaks the workbench's language.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PageSpec {
  /** Bundle under dist/webview, e.g. `inspect.js`. */
  script: string;
  /** Stylesheet under media, e.g. `inspect.css`. */
  stylesheet: string;
  title: string;
  /** Extra img-src sources beyond webview.cspSource (e.g. blob: and data: for a PNG export). */
  extraImgSrc?: readonly string[];
  /** Static body markup shown until the script renders (trusted: never user data). */
  placeholder: string;
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageSpec): string {
  const nonce = randomBytes(16).toString('base64');
  // `<` escaped so that no text in the bundle can close the data block.
  const bundle = JSON.stringify(vscode.l10n.bundle ?? null).replace(/</g, '\\u003c');
  const lang = vscode.env.language.replace(/[^A-Za-z0-9-]/g, '');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.stylesheet));
  const csp = [
    "default-src 'none'",
    `img-src ${[webview.cspSource, ...(page.extraImgSrc ?? [])].join(' ')}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>${page.title}</title>
</head>
<body>
<div id="app" class="app" aria-busy="true">${page.placeholder}</div>
<script type="application/json" id="l10n-bundle" nonce="${nonce}">${bundle}</script>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
