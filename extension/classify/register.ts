// Registers Classify Image (explorer context menu), Cancel Classification and the results
// panel's serializer (so results survive a window reload). Nothing native loads here, and no
// worker starts until the first classification.
import * as vscode from 'vscode';
import { Commands, ViewTypes } from '../ids';
import type { RecentRuns } from './recentRuns';
import type { ClassifyService } from './service';

export function registerClassify(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, recentRuns: RecentRuns): void {
  let service: ClassifyService | undefined;
  const getService = async (): Promise<ClassifyService> => {
    if (!service) {
      const { ClassifyService } = await import('./service');
      service = new ClassifyService(context, log, recentRuns);
      context.subscriptions.push(service);
    }
    return service;
  };
  context.subscriptions.push(
    // The explorer passes (clicked uri, all selected uris); the view and the checkpoint editor add
    // ClassifyOptions, tests a RunTuning after them (classifyCommand.ts).
    vscode.commands.registerCommand(Commands.classifyImage, async (uri?: vscode.Uri, uris?: vscode.Uri[], options?: unknown, tuning?: unknown) => {
      try {
        const { classifyImage, runTuningOf } = await import('./classifyImage');
        return await classifyImage(await getService(), uri, Array.isArray(uris) ? uris : undefined, typeof options === 'object' && options !== null ? options : {}, runTuningOf(tuning));
      } catch (e) {
        // A bug, not bad input (that is reported where it happens): say so rather than fail silently.
        const message = e instanceof Error ? e.message : String(e);
        log.error(`classify: unexpected error: ${e instanceof Error ? e.stack ?? message : message}`);
        void vscode.window.showErrorMessage(`Backbone Lens: ${vscode.l10n.t('Classify Image failed: {0}', message)}`, vscode.l10n.t('Show Log')).then((a) => a && log.show(true));
        return { state: 'failed', message, results: [], errors: [] };
      }
    }),
    vscode.commands.registerCommand(Commands.cancelClassification, () => {
      service?.running?.cancel();
    }),
    vscode.commands.registerCommand(Commands.chooseWeights, async () => {
      const { chooseWeightsAgain } = await import('./chooseWeights');
      return chooseWeightsAgain(await getService());
    }),
    // `state` is what the results webview saved with setState: untrusted, validated by revive.
    vscode.window.registerWebviewPanelSerializer(ViewTypes.classify, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        try {
          const { ResultsPanel } = await import('./resultsPanel');
          ResultsPanel.revive(panel, context, log, state);
        } catch (e) {
          log.error(`classify: could not restore a results panel: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
          panel.dispose();
        }
      },
    }),
  );
}
