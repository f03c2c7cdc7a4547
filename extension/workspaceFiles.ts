// The workspace's files of one kind, found one way for every feature (the model quick pick, the
// checkpoint discovery, the Backbone Lens view). findFiles needs ripgrep, which a VS Code Server
// install may lack: then a bounded walk of the workspace folders through vscode.workspace.fs
// (URIs, so it works the same when the workspace is remote).
import * as vscode from 'vscode';

export interface WorkspaceFileQuery {
  /** The findFiles glob, e.g. `**\/*.backbone.json`. */
  readonly glob: string;
  /** The same set as a test on the file name, for the walk. */
  readonly matches: (fileName: string) => boolean;
  /** Most files returned. */
  readonly max: number;
}

/** Folders neither findFiles nor the walk enter. */
const EXCLUDE_GLOB = '**/{node_modules,.git,__pycache__,.venv,venv}/**';
const SKIPPED = new Set(['node_modules', '__pycache__', 'venv']);
/** Directory entries the walk reads at most, and how deep it goes. */
const WALK_BUDGET = 20_000;
const WALK_DEPTH = 8;

export async function findWorkspaceFiles(query: WorkspaceFileQuery): Promise<vscode.Uri[]> {
  let found: vscode.Uri[];
  try {
    found = await vscode.workspace.findFiles(query.glob, EXCLUDE_GLOB, query.max);
  } catch {
    found = await walkWorkspace(query);
  }
  return found.sort((a, b) => a.toString().localeCompare(b.toString()));
}

async function walkWorkspace(query: WorkspaceFileQuery): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  let budget = WALK_BUDGET;
  const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
    if (depth > WALK_DEPTH || budget <= 0 || found.length >= query.max) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (--budget <= 0 || found.length >= query.max) return;
      const uri = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) {
        if (!SKIPPED.has(name) && !name.startsWith('.')) await walk(uri, depth + 1);
      } else if (query.matches(name)) found.push(uri);
    }
  };
  for (const folder of vscode.workspace.workspaceFolders ?? []) await walk(folder.uri, 0);
  return found;
}
