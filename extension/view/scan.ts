// What the Backbone Lens view lists from the workspace, found when a section is first expanded
// (never at activation): Python files with classes or factories the interpreter builds (the
// same test as the Inspect CodeLens), variant files, and checkpoints. Files are read through
// vscode.workspace.fs, so a remote workspace is read where it lives.
import * as vscode from 'vscode';
import { presetForFileName } from '../classify/checkpointNames';
import { recognizeCheckpoint, type CheckpointRecognition } from '../classify/recognizeCheckpoint';
import { inspectableClasses, type InspectableClass } from '../inspect/pythonLenses';
import { findVariantFiles } from '../inspect/pick';
import { findWorkspaceFiles } from '../workspaceFiles';

export interface PythonModelFile {
  readonly uri: vscode.Uri;
  readonly classes: readonly InspectableClass[];
}

export interface CheckpointFile {
  readonly uri: vscode.Uri;
  /** What the file's headers say it is; absent where the file is not on this host's disk (a virtual workspace). */
  readonly what?: CheckpointRecognition;
  /** The preset the file is named for (a hint from the name, shown where the file was not read). */
  readonly namedFor?: string;
}

/** Python files looked at, and the largest one read (bytes; the CodeLens stops at 400 k characters). */
const MAX_PYTHON_FILES = 300;
const MAX_PYTHON_BYTES = 400_000;
const MAX_CHECKPOINTS = 200;

/** The workspace's Python files that define at least one model the interpreter builds. */
export async function pythonModelFiles(token?: vscode.CancellationToken): Promise<PythonModelFile[]> {
  const uris = await findWorkspaceFiles({ glob: '**/*.py', matches: (f) => /\.py$/i.test(f), max: MAX_PYTHON_FILES });
  const out: PythonModelFile[] = [];
  for (const uri of uris) {
    if (token?.isCancellationRequested) break;
    const text = await readSmallText(uri);
    if (text === undefined) continue;
    // One file at a time, yielding between files: the interpreter runs on the host's thread.
    await new Promise((r) => setImmediate(r));
    const classes = inspectableClasses(text, uri.scheme === 'file' ? uri.fsPath : uri.path);
    if (classes.length > 0) out.push({ uri, classes });
  }
  return out;
}

async function readSmallText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_PYTHON_BYTES) return undefined;
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export function variantFiles(): Promise<vscode.Uri[]> {
  return findVariantFiles();
}

/**
 * The workspace's checkpoints, each recognised from its headers (the safetensors header or the
 * pickle and zip directory; no tensor data, 1–20 ms a file, remembered per size and mtime). A
 * remote workspace's files are on the extension host's disk (extensionKind "workspace"), so
 * every file: URI is read; other schemes keep the name's hint.
 */
export async function checkpointFiles(): Promise<CheckpointFile[]> {
  const uris = await findWorkspaceFiles({ glob: '**/*.{pth,pt,safetensors}', matches: (f) => /\.(pth|pt|safetensors)$/i.test(f), max: MAX_CHECKPOINTS });
  const out: CheckpointFile[] = [];
  for (const uri of uris) {
    const namedFor = presetForFileName(uri.path.split('/').pop() ?? '');
    let what: CheckpointRecognition | undefined;
    if (uri.scheme === 'file') {
      // One file at a time, yielding between files: the readers run on the host's thread.
      await new Promise((r) => setImmediate(r));
      what = await recognizeCheckpoint(uri.fsPath);
    }
    out.push({ uri, ...(what ? { what } : {}), ...(namedFor ? { namedFor } : {}) });
  }
  return out;
}
