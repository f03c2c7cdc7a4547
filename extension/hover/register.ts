// Registers the hover providers: Python files, and variant files (*.backbone.json, as JSON or
// JSONC). Light at activation: the engine is imported on the first hover.
import * as vscode from 'vscode';

export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'json', pattern: '**/*.backbone.json' },
  { language: 'jsonc', pattern: '**/*.backbone.json' },
];

export function registerHover(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  let provider: vscode.HoverProvider | undefined;
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, {
      provideHover(document, position, token) {
        if (!provider) {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { BackboneHoverProvider } = require('./provider') as typeof import('./provider');
          provider = new BackboneHoverProvider(log);
        }
        return provider.provideHover(document, position, token);
      },
    }),
  );
}
