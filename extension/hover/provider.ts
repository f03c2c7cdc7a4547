// The thin vscode shell over hoverLogic.ts: positions to offsets, Markdown to a MarkdownString
// whose only enabled command is Inspect Model.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { computeHover } from './hoverLogic';

export class BackboneHoverProvider implements vscode.HoverProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const started = performance.now();
    const result = computeHover(
      { languageId: document.languageId, fileName: document.fileName, uri: document.uri.toString(), text: document.getText() },
      document.offsetAt(position),
    );
    if (!result) return undefined;
    const md = new vscode.MarkdownString(result.markdown);
    md.isTrusted = { enabledCommands: [Commands.inspectModel] };
    md.supportHtml = false;
    this.log.trace(`hover ${document.uri.toString()} @${position.line}:${position.character} in ${(performance.now() - started).toFixed(1)} ms`);
    return new vscode.Hover(md, new vscode.Range(document.positionAt(result.start), document.positionAt(result.end)));
  }
}
