// The model quick pick: presets grouped by family (depth, params and MACs in the description)
// followed by the workspace's *.backbone.json variant files.
import * as vscode from 'vscode';
import { analyzeSpec, isVariantFileName } from '../../models';
import type { ModelSource } from '../../shared/protocol/inspect';
import { compact } from '../../models/report/format';
import { knownPresetSummary, presetPickEntries, presetsWithoutSummary, presetSummary } from './presetItems';
import { readVariant } from './variantFiles';
import { findWorkspaceFiles } from '../workspaceFiles';

export { presetSummary } from './presetItems';

interface ModelItem extends vscode.QuickPickItem {
  source?: ModelSource;
}

/** The workspace's *.backbone.json files (at most 200). */
export function findVariantFiles(): Promise<vscode.Uri[]> {
  return findWorkspaceFiles({ glob: '**/*.backbone.json', matches: isVariantFileName, max: 200 });
}

/** Presets summarised per slice of work between quick-pick updates (~60 ms on a cold JIT). */
const SUMMARY_SLICE = 10;

function presetItems(): ModelItem[] {
  const items: ModelItem[] = [];
  for (const e of presetPickEntries((id) => knownPresetSummary(id) ?? 'computing depth, params and MACs…')) {
    if (e.kind === 'family') items.push({ label: e.label, kind: vscode.QuickPickItemKind.Separator });
    else items.push({ label: e.id, description: e.description, detail: e.detail, source: { kind: 'preset', id: e.id } });
  }
  return items;
}

async function variantItems(): Promise<ModelItem[]> {
  const files = await findVariantFiles();
  if (files.length === 0) return [];
  const items: ModelItem[] = [{ label: 'Variant files in this workspace', kind: vscode.QuickPickItemKind.Separator }];
  for (const uri of files) {
    const label = vscode.workspace.asRelativePath(uri);
    let description: string;
    try {
      const { spec } = await readVariant(uri);
      const a = analyzeSpec(spec);
      description = `${spec.id} · depth ${a.total.depth} · ${compact(a.total.params)} params · ${compact(a.total.macs)} MACs`;
    } catch (err) {
      description = `$(warning) ${err instanceof Error ? err.message : String(err)}`;
    }
    items.push({ label: `$(file) ${label}`, description, source: { kind: 'file', uri: uri.toString(), label } });
  }
  return items;
}

/**
 * The model quick pick. It opens at once with every preset's name; the depth/params/MACs of the
 * presets this session has not analysed yet arrive in slices (so typing "25.56 M" finds a preset
 * once its numbers are in), and the workspace's variant files follow when found.
 */
export function pickModel(title = vscode.l10n.t('Inspect Model: pick a backbone')): Promise<ModelSource | undefined> {
  const qp = vscode.window.createQuickPick<ModelItem>();
  qp.title = title;
  qp.placeholder = vscode.l10n.t('resnet50, densenet121, resnest50d… or a variant file');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  let variants: ModelItem[] = [];
  let open = true;
  const refresh = (): void => {
    if (!open) return;
    // With no filter typed, keep the row the user moved to; with one, VS Code's own best match
    // is the row to show (an active item the filter hides would leave the list without one).
    const active = qp.value === '' ? qp.activeItems[0]?.label : undefined;
    qp.items = [...presetItems(), ...variants];
    const keep = active === undefined ? undefined : qp.items.find((i) => i.label === active);
    if (keep) qp.activeItems = [keep];
  };
  refresh();
  qp.busy = true;
  qp.show();
  const summaries = (async () => {
    const missing = presetsWithoutSummary();
    for (let i = 0; i < missing.length && open; i += SUMMARY_SLICE) {
      await new Promise((r) => setImmediate(r));
      for (const id of missing.slice(i, i + SUMMARY_SLICE)) presetSummary(id);
      refresh();
    }
  })();
  const files = variantItems().then((items) => {
    variants = items;
    refresh();
  });
  void Promise.allSettled([summaries, files]).then(() => {
    if (open) qp.busy = false;
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const source = qp.selectedItems[0]?.source;
      if (!source) return;
      resolve(source);
      qp.hide();
    });
    qp.onDidHide(() => {
      open = false;
      resolve(undefined);
      qp.dispose();
    });
  });
}
