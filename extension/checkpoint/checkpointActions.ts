// The checkpoint editor's four buttons, on the recognised architecture (a preset plus knob
// overrides): Inspect it, Classify images with these weights, Export ONNX with these weights,
// Save it as a variant file `{"extends": model, ...overrides}`. Each returns the line the page
// shows, or undefined when the user dismissed a dialog.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWeightsFile } from '../../inference/weightsFile';
import { architectureLabel, buildGraph, exportOnnx, fitWeights, indexWeights, memorySource, readLimitsFor, resolveVariant, type Recognition, type RecognitionResult, type StateDict, type WeightsIndex } from '../../models';
import { Commands } from '../ids';
import type { CheckpointAction } from '../../shared/protocol/checkpoint';
import { variantOf } from './checkpointData';

export interface ActionContext {
  readonly uri: vscode.Uri;
  readonly index: WeightsIndex;
  readonly recognition: RecognitionResult;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
}

/** The file's name without its checkpoint extension: `model_best.pth` → `model_best`. */
const stem = (uri: vscode.Uri): string => path.basename(uri.fsPath).replace(/\.(pth|pt|safetensors|bin|ckpt)$/i, '');

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif'];

export async function runCheckpointAction(action: CheckpointAction, c: ActionContext): Promise<string | undefined> {
  const r = c.recognition;
  if (r.model === null) return `The architecture was not recognised (${r.reason}), so there is nothing to ${action === 'inspect' ? 'inspect' : action === 'saveVariant' ? 'save' : action === 'classify' ? 'classify with' : 'export'}.`;
  switch (action) {
    case 'inspect':
      await vscode.commands.executeCommand(Commands.inspectModel, { model: r.model, overrides: { ...r.overrides } });
      return `Opened Inspect Model on ${describe(r)}.`;
    case 'saveVariant':
      return saveVariant(c, r);
    case 'exportOnnx':
      return exportWithWeights(c, r);
    case 'classify':
      return classifyWith(c, r);
  }
}

const describe = (r: Recognition): string => architectureLabel(r.model, r.overrides);

async function saveVariant(c: ActionContext, r: Recognition): Promise<string | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(c.uri, '..', `${stem(c.uri)}.backbone.json`),
    filters: { 'Backbone Lens variant': ['json'] },
    title: `Save ${describe(r)} as a variant file`,
  });
  if (!target) return undefined;
  const text = `${JSON.stringify({ name: stem(c.uri), ...variantOf(r.model, r.overrides) }, null, 2)}\n`;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  c.log.info(`checkpoint: saved the architecture of ${c.uri.fsPath} as ${target.fsPath}`);
  void vscode.window.showInformationMessage(`Backbone Lens: saved ${vscode.workspace.asRelativePath(target)}`, 'Open').then((a) => a && vscode.commands.executeCommand('vscode.open', target));
  return `Saved ${vscode.workspace.asRelativePath(target)}.`;
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
    filters: { 'ONNX model': ['onnx'] },
    title: `Export ${describe(r)} with these weights as ONNX`,
  });
  if (!target) return undefined;
  const file = path.basename(c.uri.fsPath);
  const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${file} to ONNX` }, async () => {
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
  void vscode.window.showInformationMessage(`Backbone Lens: exported ${vscode.workspace.asRelativePath(target)}`);
  return `Exported ${vscode.workspace.asRelativePath(target)} (${(bytes.length / 1e6).toFixed(1)} MB).`;
}

async function classifyWith(c: ActionContext, r: Recognition): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) return 'Classifying runs a model: trust this workspace first (Manage Workspace Trust).';
  const picked = await vscode.window.showOpenDialog({
    title: `Classify images with ${path.basename(c.uri.fsPath)} (${describe(r)})`,
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Classify',
    filters: { Images: IMAGE_EXTENSIONS },
  });
  if (!picked || picked.length === 0) return undefined;
  await vscode.commands.executeCommand(Commands.classifyImage, picked[0], picked, { using: { weights: c.uri.fsPath, architecture: { model: r.model, overrides: r.overrides } } });
  return `Classified ${picked.length === 1 ? path.basename(picked[0].fsPath) : `${picked.length} items`} with these weights.`;
}
