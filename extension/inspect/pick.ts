// The model quick pick: presets grouped by family (depth, params and MACs in the description)
// followed by the workspace's *.backbone.json variant files.
import * as vscode from 'vscode';
import { analyzeSpec } from '../../models';
import type { ModelSource } from '../protocol/inspect';
import { formatCount } from './format';
import { presetPickEntries } from './presetItems';
import { readVariant } from './variantFiles';

export { presetSummary } from './presetItems';

interface ModelItem extends vscode.QuickPickItem {
  source?: ModelSource;
}

/**
 * The workspace's *.backbone.json files. findFiles needs ripgrep, which a VS Code Server install
 * may lack; then a bounded walk of the workspace folders finds them instead.
 */
export async function findVariantFiles(): Promise<vscode.Uri[]> {
  try {
    return await vscode.workspace.findFiles('**/*.backbone.json', '**/node_modules/**', 200);
  } catch {
    const found: vscode.Uri[] = [];
    let budget = 5000;
    const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
      if (depth > 6 || budget <= 0 || found.length >= 200) return;
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return;
      }
      for (const [name, type] of entries) {
        if (--budget <= 0) return;
        const uri = vscode.Uri.joinPath(dir, name);
        if (type & vscode.FileType.Directory) {
          if (name !== 'node_modules' && !name.startsWith('.')) await walk(uri, depth + 1);
        } else if (/\.backbone\.json$/i.test(name)) found.push(uri);
      }
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) await walk(folder.uri, 0);
    return found;
  }
}

export async function pickModel(title = 'Inspect Model: pick a backbone'): Promise<ModelSource | undefined> {
  const items: ModelItem[] = [];
  for (const e of presetPickEntries()) {
    if (e.kind === 'family') items.push({ label: e.label, kind: vscode.QuickPickItemKind.Separator });
    else items.push({ label: e.id, description: e.description, detail: e.detail, source: { kind: 'preset', id: e.id } });
  }
  const files = await findVariantFiles();
  if (files.length > 0) {
    items.push({ label: 'Variant files in this workspace', kind: vscode.QuickPickItemKind.Separator });
    files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    for (const uri of files) {
      const label = vscode.workspace.asRelativePath(uri);
      let description: string;
      try {
        const { spec } = await readVariant(uri);
        const a = analyzeSpec(spec);
        description = `${spec.id} · depth ${a.total.depth} · ${formatCount(a.total.params)} params · ${formatCount(a.total.macs)} MACs`;
      } catch (err) {
        description = `$(warning) ${err instanceof Error ? err.message : String(err)}`;
      }
      items.push({ label: `$(file) ${label}`, description, source: { kind: 'file', uri: uri.toString(), label } });
    }
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'resnet50, densenet121, resnest50d… or a variant file', matchOnDescription: true, matchOnDetail: true });
  return picked?.source;
}
