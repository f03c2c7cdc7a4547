// Reading *.backbone.json variant files from the workspace: an open editor's unsaved text, else
// the file; the engine's readVariantText gives syntax errors with file, line and column and
// names the file and the field for everything else.
import * as vscode from 'vscode';
import { readVariantText, type ModelSpec } from '../../models';

export async function readText(uri: vscode.Uri): Promise<string> {
  // An open editor's unsaved text wins over the file on disk.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export async function readVariant(uri: vscode.Uri): Promise<{ spec: ModelSpec; label: string }> {
  const label = vscode.workspace.asRelativePath(uri);
  return { spec: readVariantText(await readText(uri), label), label };
}
