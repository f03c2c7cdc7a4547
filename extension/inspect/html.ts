// The Inspect page (strict CSP page shape from ../webviewPage) and the folders it may load from.
import * as vscode from 'vscode';
import { webviewPage } from '../webviewPage';

/** The only folders the webview may load from. */
export function localRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localRoots(extensionUri), enableFindWidget: false };
}

export function inspectHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    script: 'inspect.js',
    stylesheet: 'inspect.css',
    title: vscode.l10n.t('Inspect Model'),
    // blob:/data: images: the PNG export rasterizes the SVG through an <img>.
    extraImgSrc: ['blob:', 'data:'],
    placeholder: `<p class="loading">${vscode.l10n.t('Loading the model…')}</p>`,
  });
}
