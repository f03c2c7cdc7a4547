// Registers Classify Image (explorer context menu). Nothing native loads here.
import * as vscode from 'vscode';
import { Commands } from '../ids';

export function registerClassify(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.classifyImage, async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const { classifyImage } = await import('./classifyImage');
      return classifyImage(log, uri, uris);
    }),
  );
}
