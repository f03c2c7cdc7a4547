// Activation registers commands only: no engine work, no native modules, no file I/O.
// Everything heavier is imported lazily by the command that needs it.
import * as vscode from 'vscode';
import { Commands, OUTPUT_CHANNEL_NAME } from './ids';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(Commands.inspectModel, async (arg?: unknown) => {
      const { inspectModel } = await import('./commands/inspectModel');
      return inspectModel(context, log, arg);
    }),
    vscode.commands.registerCommand(Commands.classifyImage, async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const { classifyImage } = await import('./commands/classifyImage');
      return classifyImage(log, uri, uris);
    }),
  );
}

export function deactivate(): void {
  // Nothing to release: child processes and panels are registered as subscriptions.
}
