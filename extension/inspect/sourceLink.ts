// Diagram ↔ source for a model read from Python: selecting a node or group in the diagram reveals
// the line that builds it, and moving the cursor onto such a line selects that module in the
// diagram. Kept apart from panel.ts, which only forwards the two events.
import * as vscode from 'vscode';
import type { ModelData } from '../../shared/protocol/inspect';

export class SourceLink implements vscode.Disposable {
  private uri: string | undefined;
  private lines: Record<string, number> = {};
  /** The path last sent to the diagram from the cursor: its echo must not move the cursor. */
  private fromCursor: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly focus: (path: string) => void) {
    this.subscription = vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e));
  }

  /** The main model changed. */
  set(data: ModelData): void {
    this.uri = data.source.kind === 'python' ? data.source.uri : undefined;
    this.lines = data.sourceLines ?? {};
  }

  /** The module path's line, or its nearest enclosing module's (functional ops have none). */
  lineOf(path: string): number | undefined {
    for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
      const line = this.lines[p];
      if (line !== undefined) return line;
      if (p === '') return undefined;
    }
  }

  async reveal(path: string): Promise<void> {
    if (!this.uri || path === this.fromCursor) return;
    const line = this.lineOf(path);
    if (line === undefined) return;
    const uri = vscode.Uri.parse(this.uri, true);
    const visible = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.toString() === this.uri);
    const doc = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    const pos = new vscode.Position(Math.min(line - 1, doc.lineCount - 1), 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private cursorMoved(e: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.uri || e.textEditor.document.uri.toString() !== this.uri || e.kind === undefined) return;
    const line = e.selections[0].active.line + 1;
    const path = Object.keys(this.lines).find((p) => this.lines[p] === line);
    if (path === undefined || path === this.fromCursor) return;
    this.fromCursor = path;
    this.focus(path);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
