// Registers the Backbone Lens view (activity bar) and the commands it and the walkthrough use.
// Light at activation: the tree provider computes nothing until the view asks for its children.
import * as vscode from 'vscode';
import { Commands, Views } from '../ids';
import type { RecentRuns } from '../classify/recentRuns';
import { ModelsTreeProvider } from './modelsTree';

/** The Classify With argument: a view node (preset, variant, run) or the same fields. */
function classifyArgs(arg: unknown): { model: string; uris?: vscode.Uri[] } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { model?: unknown; paths?: unknown };
  const model = o.model instanceof vscode.Uri ? o.model.fsPath : typeof o.model === 'string' ? o.model : undefined;
  if (!model) return undefined;
  const paths = Array.isArray(o.paths) && o.paths.every((p) => typeof p === 'string') ? (o.paths as string[]) : undefined;
  return paths ? { model, uris: paths.map((p) => vscode.Uri.file(p)) } : { model };
}

export function registerModelsView(context: vscode.ExtensionContext, runs: RecentRuns): ModelsTreeProvider {
  const provider = new ModelsTreeProvider(runs);
  const view = vscode.window.createTreeView(Views.models, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(Commands.filterCatalogue, async () => {
      const filter = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter the catalogue'),
        prompt: vscode.l10n.t('Words that a preset\'s name, numbers or description contain (e.g. "resnext", "timm", "25.56 M"); empty clears the filter'),
        value: provider.catalogueFilter,
      });
      if (filter !== undefined) provider.setFilter(filter);
    }),
    vscode.commands.registerCommand(Commands.clearCatalogueFilter, () => provider.setFilter('')),
    vscode.commands.registerCommand(Commands.refreshModelsView, () => provider.refresh()),
    vscode.commands.registerCommand(Commands.classifyWithModel, async (arg?: unknown) => {
      const args = classifyArgs(arg);
      if (!args) {
        void vscode.window.showErrorMessage(`${vscode.l10n.t('Classify With Model')}: ${vscode.l10n.t('expected {0}, got {1}', '{ model, paths? }', String(JSON.stringify(arg)?.slice(0, 100)))}`);
        return undefined;
      }
      return vscode.commands.executeCommand(Commands.classifyImage, undefined, args.uris, { model: args.model });
    }),
    vscode.commands.registerCommand(Commands.openCheckpoint, async (arg?: unknown) => {
      const { openCheckpoint } = await import('./openCheckpoint');
      return openCheckpoint(arg);
    }),
    vscode.commands.registerCommand(Commands.openHoverExample, async () => {
      const { openHoverExample } = await import('./hoverExample');
      await openHoverExample();
    }),
  );
  return provider;
}
