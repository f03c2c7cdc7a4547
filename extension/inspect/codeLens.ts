// "Inspect model" above the first line of every *.backbone.json file, and "Inspect" above each
// class of a Python file that the interpreter builds (models/python/).
import * as vscode from 'vscode';
import { Commands } from '../ids';

export class InspectCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!/\.backbone\.json$/i.test(document.uri.path)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: `$(type-hierarchy) ${vscode.l10n.t('Inspect model')}`, command: Commands.inspectModel, arguments: [document.uri] })];
  }
}

export class PythonInspectCodeLensProvider implements vscode.CodeLensProvider {
  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // The interpreter loads on first use, not at activation.
    const { inspectableClasses } = await import('./pythonLenses');
    return inspectableClasses(document.getText(), document.fileName).map((c) => {
      const at = new vscode.Position(c.line - 1, 0);
      return new vscode.CodeLens(new vscode.Range(at, at), { title: `$(type-hierarchy) ${vscode.l10n.t('Inspect')}`, command: Commands.inspectModel, arguments: [{ model: document.uri.toString(), python: c.name }] });
    });
  }
}
