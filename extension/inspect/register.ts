// Registers Inspect Model. Kept light: the panel and the engine load on first use.
import * as vscode from 'vscode';
import { Commands } from '../ids';

export function registerInspect(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.inspectModel, async (arg?: unknown) => {
      const { inspectModel } = await import('./inspectModel');
      return inspectModel(context, log, arg);
    }),
  );
}
