// The thin vscode shell over hoverLogic.ts: positions to offsets, Markdown to a MarkdownString
// whose only enabled command is Inspect Model.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { computeHover } from './hoverLogic';
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';

/** Python files a hover's imports may read: bounded in size, read-only, open editors' text first. */
const MAX_IMPORTED_BYTES = 2_000_000;

function readWorkspaceFile(path: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath.split(sep).join('/') === path);
  if (open) return open.getText();
  try {
    return statSync(path).size <= MAX_IMPORTED_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export class BackboneHoverProvider implements vscode.HoverProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const started = performance.now();
    const folder = document.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
    const result = computeHover(
      {
        languageId: document.languageId,
        fileName: folder ? document.uri.fsPath.split(sep).join('/') : document.fileName,
        uri: document.uri.toString(),
        text: document.getText(),
        ...(folder ? { workspace: { root: folder.uri.fsPath.split(sep).join('/'), read: readWorkspaceFile } } : {}),
      },
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
