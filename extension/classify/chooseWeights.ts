// Which weights a run uses: the `backboneLens.classify.weights` setting (keyed by the model
// setting, the model's id or the variant file), else what the user picked earlier in this
// session, else a quick pick of the checkpoints found on this machine plus "Browse…" and —
// only as an explicit choice — random weights, whose every result is marked untrained.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverCheckpoints, hfHubDir, torchHubDir, type FoundCheckpoint } from './discoverCheckpoints';
import { settingPath, type ResolvedModel } from './resolveModel';

export type WeightsChoice = { kind: 'file'; file: string; from: 'settings' | 'picked' } | { kind: 'random' };

export const RANDOM_LABEL = 'Random weights (untrained) — numbers are meaningless';

/** The settings entry for this model, if any. */
export function weightsFromSettings(model: ResolvedModel, mapping: Record<string, string>): string | undefined {
  const keys = [model.setting, model.spec.id];
  if (model.file) keys.push(model.file, path.basename(model.file));
  for (const k of keys) if (mapping[k] !== undefined) return settingPath(mapping[k]);
  return undefined;
}

type Item = vscode.QuickPickItem & { choice?: WeightsChoice | 'browse' };

function itemOf(c: FoundCheckpoint, forModel: boolean): Item {
  return {
    label: path.basename(c.file),
    description: `${c.origin}${c.preset ? (forModel ? ` · named for ${c.preset}` : ` · named for ${c.preset} (keys are checked)`) : ''}`,
    detail: c.file,
    choice: { kind: 'file', file: c.file, from: 'picked' },
  };
}

/** Asks the user; undefined when the pick was dismissed. */
export async function pickWeights(model: ResolvedModel, log: vscode.LogOutputChannel): Promise<WeightsChoice | undefined> {
  const t0 = Date.now();
  const found = await discoverCheckpoints();
  const ids = new Set([model.spec.id, model.spec.preset?.id].filter((x): x is string => !!x));
  const mine = found.filter((c) => c.preset && ids.has(c.preset));
  const others = found.filter((c) => !mine.includes(c));
  log.info(`classify: found ${found.length} checkpoint(s) in ${Date.now() - t0} ms (workspace, ${torchHubDir()}, ${hfHubDir()}); ${mine.length} named for ${[...ids].join('/')}`);
  const items: Item[] = [];
  if (mine.length > 0) items.push({ label: `Named for ${model.spec.id}`, kind: vscode.QuickPickItemKind.Separator }, ...mine.map((c) => itemOf(c, true)));
  if (others.length > 0) items.push({ label: 'Other checkpoints found', kind: vscode.QuickPickItemKind.Separator }, ...others.map((c) => itemOf(c, false)));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(folder-opened) Browse…', description: '.pth, .pt, .safetensors or .onnx', choice: 'browse' },
    { label: `$(warning) ${RANDOM_LABEL}`, description: 'for trying the pipeline only', choice: { kind: 'random' } },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: `Weights for ${model.spec.id}`,
    placeHolder: found.length > 0 ? 'Pick a checkpoint (set backboneLens.classify.weights to skip this question)' : `No checkpoint found for ${model.spec.id} in the workspace, ${torchHubDir()} or ${hfHubDir()}`,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked?.choice) return undefined;
  if (picked.choice !== 'browse') return picked.choice;
  const uris = await vscode.window.showOpenDialog({
    title: `Weights for ${model.spec.id}`,
    canSelectMany: false,
    openLabel: 'Use these weights',
    filters: { Checkpoints: ['pth', 'pt', 'safetensors', 'onnx'], 'All files': ['*'] },
  });
  return uris?.[0] ? { kind: 'file', file: uris[0].fsPath, from: 'picked' } : undefined;
}
