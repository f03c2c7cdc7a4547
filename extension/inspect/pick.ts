// The model quick pick: presets grouped by family (depth, params and MACs in the description)
// followed by the workspace's *.backbone.json variant files.
import * as vscode from 'vscode';
import { analyzeSpec, families, familyIds, presets, resolveId } from '../../models';
import type { ModelSource } from '../protocol/inspect';
import { formatCount } from './format';
import { readVariant } from './variantFiles';

interface ModelItem extends vscode.QuickPickItem {
  source?: ModelSource;
}

/** One-line summary of a preset, computed once per session (graphs and analyses are memoized). */
const summaries = new Map<string, string>();
export function presetSummary(id: string): string {
  let s = summaries.get(id);
  if (s === undefined) {
    try {
      const a = analyzeSpec(resolveId(id));
      s = `depth ${a.total.depth} · ${formatCount(a.total.params)} params · ${formatCount(a.total.macs)} MACs`;
    } catch (err) {
      s = `cannot analyze: ${err instanceof Error ? err.message : String(err)}`;
    }
    summaries.set(id, s);
  }
  return s;
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
  for (const family of familyIds) {
    const members = presets.filter((p) => p.family === family);
    if (members.length === 0) continue;
    items.push({ label: families[family].label, kind: vscode.QuickPickItemKind.Separator });
    for (const p of members) {
      items.push({ label: p.id, description: presetSummary(p.id), detail: p.description, source: { kind: 'preset', id: p.id } });
    }
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
