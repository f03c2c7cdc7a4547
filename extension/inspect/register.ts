// Registers Inspect Model: the command, the CodeLens on variant files and the panel serializer
// (so diagrams survive a window reload). Kept light: the panel and the engine load on first use.
import * as vscode from 'vscode';
import { Commands, TestCommands, ViewTypes } from '../ids';
import { InspectCodeLensProvider, PythonInspectCodeLensProvider } from './codeLens';

export function registerInspect(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.inspectModel, async (arg?: unknown) => {
      const { inspectModel } = await import('./inspectModel');
      return inspectModel(context, log, arg);
    }),
    vscode.commands.registerCommand(Commands.compareModels, async (arg?: unknown) => {
      const { compareModels } = await import('./compareModels');
      return compareModels(context, log, arg);
    }),
    vscode.commands.registerCommand(Commands.measureLatency, async (arg?: unknown) => {
      const { measureLatency } = await import('./measureLatency');
      return measureLatency(context, arg);
    }),
    { dispose: () => void import('./measureLatency').then((m) => m.disposeLatencyRunner()) },
    vscode.commands.registerCommand(TestCommands.inspectWeightsState, async () => {
      const { InspectPanel } = await import('./panel');
      return InspectPanel.activeWeightsState();
    }),
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.backbone.json' }, new InspectCodeLensProvider()),
    vscode.languages.registerCodeLensProvider({ language: 'python' }, new PythonInspectCodeLensProvider()),
    vscode.window.registerWebviewPanelSerializer(ViewTypes.inspect, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        const { InspectPanel } = await import('./panel');
        InspectPanel.revive(panel, context, log);
      },
    }),
  );
}
