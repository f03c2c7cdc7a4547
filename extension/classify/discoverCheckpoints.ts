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

/** findFiles needs ripgrep, which a VS Code Server install may lack: then a bounded walk. */
async function walkWorkspace(): Promise<string[]> {
  const found: string[] = [];
  let budget = 20_000;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8 || budget <= 0 || found.length >= MAX_WORKSPACE_FILES) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget <= 0 || found.length >= MAX_WORKSPACE_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(p, depth + 1);
      } else if (e.isFile() && CHECKPOINT_EXTENSIONS.test(e.name)) found.push(p);
    }
  };
  for (const f of vscode.workspace.workspaceFolders ?? []) if (f.uri.scheme === 'file') await walk(f.uri.fsPath, 0);
  return found;
}

async function inWorkspace(): Promise<FoundCheckpoint[]> {
  if (!vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length) return [];
  let files: string[];
  try {
    const uris = await vscode.workspace.findFiles('**/*.{pth,pt,safetensors,onnx}', '**/{node_modules,.git}/**', MAX_WORKSPACE_FILES);
    files = uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  } catch {
    files = await walkWorkspace();
  }
  return files
    .sort()
    .map((file) => ({ file, origin: 'workspace' as const, preset: presetForFileName(path.basename(file)) }));
}

export async function discoverCheckpoints(): Promise<FoundCheckpoint[]> {
  const [ws, torch, hf] = await Promise.all([inWorkspace(), inTorchHub(), inHfHub()]);
  return [...ws, ...torch, ...hf];
}
