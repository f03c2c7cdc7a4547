// Registers Classify Image (explorer context menu) and Cancel Classification. Nothing native
// loads here, and no worker starts until the first classification.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { ClassifyService } from './service';

export function registerClassify(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  let service: ClassifyService | undefined;
  const getService = async (): Promise<ClassifyService> => {
    if (!service) {
      const { ClassifyService } = await import('./service');
      service = new ClassifyService(context, log);
      context.subscriptions.push(service);
    }
    return service;
  };
  context.subscriptions.push(
    // The explorer passes (clicked uri, all selected uris); tests may add ClassifyTestOptions.
    vscode.commands.registerCommand(Commands.classifyImage, async (uri?: vscode.Uri, uris?: vscode.Uri[], options?: unknown) => {
      const { classifyImage } = await import('./classifyImage');
      return classifyImage(await getService(), uri, Array.isArray(uris) ? uris : undefined, typeof options === 'object' && options !== null ? options : {});
    }),
    vscode.commands.registerCommand(Commands.cancelClassification, () => {
      service?.running?.cancel();
    }),
  );
}
