// The checkpoint editor's four buttons, on the recognised architecture (a preset plus knob
// overrides): Inspect it, Classify images with these weights, Export ONNX with these weights,
// Save it as a variant file `{"extends": model, ...overrides}`. Each returns the line the page
// shows (in the display language), or undefined when the user dismissed a dialog.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWeightsFile } from '../../inference/weightsFile';
import { architectureLabel, buildGraph, exportOnnx, fitWeights, indexWeights, memorySource, readLimitsFor, resolveVariant, type Recognition, type RecognitionResult, type StateDict, type WeightsIndex } from '../../models';
import { Commands } from '../ids';
import type { CheckpointAction, StatsData } from '../../shared/protocol/checkpoint';
import { checkpointWeights, variantOf } from './checkpointData';

export interface ActionContext {
  readonly uri: vscode.Uri;
  readonly index: WeightsIndex;
  readonly recognition: RecognitionResult;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  /** The statistics streamed so far, by tensor position in the index. */
  readonly stats: ReadonlyMap<number, StatsData>;
  /** Whether every tensor's statistics have been streamed. */
  readonly statsDone: boolean;
}

/** The file's name without its checkpoint extension: `model_best.pth` → `model_best`. */
const stem = (uri: vscode.Uri): string => path.basename(uri.fsPath).replace(/\.(pth|pt|safetensors|bin|ckpt)$/i, '');

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif'];

export async function runCheckpointAction(action: CheckpointAction, c: ActionContext): Promise<string | undefined> {
  const r = c.recognition;
  if (r.model === null) return notRecognised(action, r.reason);
  switch (action) {
    case 'inspect':
      // With the weight statistics streamed so far: the diagram's weight colour modes (partial, and
      // its legend says so, when the editor is still streaming).
      await vscode.commands.executeCommand(Commands.inspectModel, { model: r.model, overrides: { ...r.overrides }, weights: checkpointWeights(c.index, r, c.stats, path.basename(c.uri.fsPath), c.uri.toString(), c.statsDone) });
      return vscode.l10n.t('Opened Inspect Model on {0}.', describe(r));
    case 'saveVariant':
      return saveVariant(c, r);
    case 'exportOnnx':
      return exportWithWeights(c, r);
    case 'classify':
      return classifyWith(c, r);
  }
}

const describe = (r: Recognition): string => architectureLabel(r.model, r.overrides);

/** Why `action` cannot run: the architecture was not recognised. One sentence per action, for the translations. */
function notRecognised(action: CheckpointAction, reason: string): string {
  switch (action) {
    case 'inspect':
      return vscode.l10n.t('The architecture was not recognised ({0}), so there is nothing to inspect.', reason);
    case 'saveVariant':
      return vscode.l10n.t('The architecture was not recognised ({0}), so there is nothing to save.', reason);
    case 'classify':
      return vscode.l10n.t('The architecture was not recognised ({0}), so there is nothing to classify with.', reason);
    case 'exportOnnx':
      return vscode.l10n.t('The architecture was not recognised ({0}), so there is nothing to export.', reason);
  }
}

async function saveVariant(c: ActionContext, r: Recognition): Promise<string | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(c.uri, '..', `${stem(c.uri)}.backbone.json`),
    filters: { [vscode.l10n.t('Backbone Lens variant')]: ['json'] },
    title: vscode.l10n.t('Save {0} as a variant file', describe(r)),
  });
  if (!target) return undefined;
  const text = `${JSON.stringify({ name: stem(c.uri), ...variantOf(r.model, r.overrides) }, null, 2)}\n`;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  c.log.info(`checkpoint: saved the architecture of ${c.uri.fsPath} as ${target.fsPath}`);
  void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('saved {0}', vscode.workspace.asRelativePath(target))}`, vscode.l10n.t('Open')).then((a) => a && vscode.commands.executeCommand('vscode.open', target));
  return vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target));
}

/** The graph's tensors from the file, its prefix stripped and the keys that are not weights left out. */
function stateDictFor(index: WeightsIndex, r: Recognition): StateDict {
  const extra = new Set(r.extraKeys);
  const sd: StateDict = new Map();
  for (const t of index.tensors) {
    if (extra.has(t.key) || !t.key.startsWith(r.prefix)) continue;
    sd.set(t.key.slice(r.prefix.length), t.read());
  }
  return sd;
}

async function exportWithWeights(c: ActionContext, r: Recognition): Promise<string | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(c.uri, '..', `${stem(c.uri)}.onnx`),
    filters: { [vscode.l10n.t('ONNX model')]: ['onnx'] },
    title: vscode.l10n.t('Export {0} with these weights as ONNX', describe(r)),
  });
  if (!target) return undefined;
  const file = path.basename(c.uri.fsPath);
  const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0} to ONNX', file) }, async () => {
    const graph = buildGraph(resolveVariant(variantOf(r.model, r.overrides), undefined, r.model));
    const limits = readLimitsFor(graph);
    const onDisk = c.uri.scheme === 'file' ? openWeightsFile(c.uri.fsPath, file) : undefined;
    try {
      const source = onDisk ?? memorySource(await vscode.workspace.fs.readFile(c.uri));
      return exportOnnx(graph, fitWeights(graph, stateDictFor(indexWeights(source, file, limits), r), file));
    } finally {
      onDisk?.close();
    }
  });
  await vscode.workspace.fs.writeFile(target, bytes);
  c.log.info(`checkpoint: exported ${c.uri.fsPath} as ${target.fsPath} (${bytes.length} bytes)`);
  void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('exported {0}', vscode.workspace.asRelativePath(target))}`);
  return vscode.l10n.t('Exported {0} ({1} MB).', vscode.workspace.asRelativePath(target), (bytes.length / 1e6).toFixed(1));
}

async function classifyWith(c: ActionContext, r: Recognition): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) return vscode.l10n.t('Classifying runs a model: trust this workspace first (Manage Workspace Trust).');
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Classify images with {0} ({1})', path.basename(c.uri.fsPath), describe(r)),
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: vscode.l10n.t('Classify'),
    filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
  });
  if (!picked || picked.length === 0) return undefined;
  await vscode.commands.executeCommand(Commands.classifyImage, picked[0], picked, { using: { weights: c.uri.fsPath, architecture: { model: r.model, overrides: r.overrides } } });
  return vscode.l10n.t('Classified {0} with these weights.', picked.length === 1 ? path.basename(picked[0].fsPath) : vscode.l10n.t('{0} items', picked.length));
}
