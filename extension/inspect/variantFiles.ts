// Reading *.backbone.json variant files: JSON syntax errors with file, line and column; the
// engine's resolveVariant names the file and the field for everything else.
import * as vscode from 'vscode';
import { checkVariantText, resolveVariant, type ModelSpec } from '../../models';
import { parseJsonWithPosition } from './jsonErrors';

export async function readText(uri: vscode.Uri): Promise<string> {
  // An open editor's unsaved text wins over the file on disk.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export async function readVariant(uri: vscode.Uri): Promise<{ spec: ModelSpec; label: string }> {
  const label = vscode.workspace.asRelativePath(uri);
  const text = await readText(uri);
  const name = (uri.path.split('/').pop() ?? label).replace(/\.backbone\.json$/i, '');
  return { spec: resolveVariant(parseJsonWithPosition(checkVariantText(text, label), label), label, name), label };
}
