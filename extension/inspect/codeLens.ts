// "Inspect model" above the first line of every *.backbone.json file.
import * as vscode from 'vscode';
import { Commands } from '../ids';

export class InspectCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!/\.backbone\.json$/i.test(document.uri.path)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: '$(type-hierarchy) Inspect model', command: Commands.inspectModel, arguments: [document.uri] })];
  }
}
