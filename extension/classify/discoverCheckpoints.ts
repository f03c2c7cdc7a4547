// Checkpoints the user already has: in the workspace (trusted workspaces only; bounded), in
// torch hub's cache ($TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints) and in
// the Hugging Face hub cache ($HF_HOME/hub, else ~/.cache/huggingface/hub) for timm models
// (models--timm--<id>.<tag>/snapshots/<rev>/model.safetensors). Each is matched to a preset
// by its name; the keys are checked when the worker loads it.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findWorkspaceFiles } from '../workspaceFiles';
import { CHECKPOINT_EXTENSIONS, presetForFileName, presetForHubFolder } from './checkpointNames';

export type CheckpointOrigin = 'workspace' | 'torch hub cache' | 'Hugging Face cache';

export interface FoundCheckpoint {
  file: string;
  origin: CheckpointOrigin;
  /** The preset the name says it is for. */
  preset?: string;
}

const MAX_WORKSPACE_FILES = 200;

export function torchHubDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.TORCH_HOME || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'torch');
  return path.join(home, 'hub', 'checkpoints');
}

export function hfHubDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  const home = env.HF_HOME || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'huggingface');
  return path.join(home, 'hub');
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function inTorchHub(): Promise<FoundCheckpoint[]> {
  const dir = torchHubDir();
  return (await listDir(dir)).filter((f) => CHECKPOINT_EXTENSIONS.test(f)).map((f) => ({ file: path.join(dir, f), origin: 'torch hub cache' as const, preset: presetForFileName(f) }));
}

async function inHfHub(): Promise<FoundCheckpoint[]> {
  const dir = hfHubDir();
  const out: FoundCheckpoint[] = [];
  for (const folder of await listDir(dir)) {
    if (!folder.startsWith('models--timm--')) continue;
    const snapshots = path.join(dir, folder, 'snapshots');
    for (const rev of await listDir(snapshots)) {
      const file = path.join(snapshots, rev, 'model.safetensors');
      if (existsSync(file)) {
        out.push({ file, origin: 'Hugging Face cache', preset: presetForHubFolder(folder) });
        break;
      }
    }
  }
  return out;
}

async function inWorkspace(): Promise<FoundCheckpoint[]> {
  if (!vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length) return [];
  const uris = await findWorkspaceFiles({ glob: '**/*.{pth,pt,safetensors,onnx}', matches: (f) => CHECKPOINT_EXTENSIONS.test(f), max: MAX_WORKSPACE_FILES });
  return uris
    .filter((u) => u.scheme === 'file')
    .map((u) => ({ file: u.fsPath, origin: 'workspace' as const, preset: presetForFileName(path.basename(u.fsPath)) }));
}

export async function discoverCheckpoints(): Promise<FoundCheckpoint[]> {
  const [ws, torch, hf] = await Promise.all([inWorkspace(), inTorchHub(), inHfHub()]);
  return [...ws, ...torch, ...hf];
}
