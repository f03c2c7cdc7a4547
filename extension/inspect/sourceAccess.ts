// Which variant files Inspect Model may read. The webview names a file by URI (its saved state,
// a compare pick) and a webview is not trusted: it may name /etc/passwd, /dev/zero or an https:
// URI. The host reads only a *.json file that the user gave it in this session (the command, the
// quick pick, a CodeLens), that is open in an editor, or that a workspace folder holds; only
// after stat says it is a regular file of a variant's size; and its errors never quote the text.
import * as vscode from 'vscode';
import { MAX_VARIANT_CHARS } from '../../models';

/** URIs (as strings) the user handed to Inspect Model in this session. */
const granted = new Set<string>();

/** Most bytes read for a variant (UTF-8 takes at most 4 bytes per UTF-16 code unit checkVariantText allows). */
const MAX_VARIANT_BYTES = 4 * MAX_VARIANT_CHARS;

export class SourceAccessError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SourceAccessError';
  }
}

/** Records that the user chose `uri` (a command argument or a pick), so the panel may read it. */
export function grantSource(uri: string): void {
  granted.add(vscode.Uri.parse(uri, true).toString());
}

/** The text of the variant file `uriString`, if Inspect may read it; else a SourceAccessError. */
export async function readGrantedVariant(uriString: string): Promise<string> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(uriString, true);
  } catch {
    throw new SourceAccessError(uriString.slice(0, 200), 'not a valid URI');
  }
  const name = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  if (!/\.json$/i.test(uri.path)) throw new SourceAccessError(name, 'Inspect Model reads only variant files (*.backbone.json or *.json)');
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    const text = open.getText();
    if (text.length > MAX_VARIANT_CHARS) throw new SourceAccessError(name, `${text.length} characters is too large for a variant file (limit ${MAX_VARIANT_CHARS})`);
    return text;
  }
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  if (!granted.has(uri.toString()) && !inWorkspace) {
    throw new SourceAccessError(name, 'Inspect Model reads only variant files you opened or that the workspace holds');
  }
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new SourceAccessError(name, 'cannot read the file (it does not exist or cannot be opened)');
  }
  if ((stat.type & vscode.FileType.File) === 0) throw new SourceAccessError(name, 'not a file');
  if (stat.size > MAX_VARIANT_BYTES) throw new SourceAccessError(name, `${stat.size} bytes is too large for a variant file`);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new SourceAccessError(name, 'cannot read the file');
  }
  // A special file can report a small size and then stream more.
  if (bytes.length > MAX_VARIANT_BYTES) throw new SourceAccessError(name, `${bytes.length} bytes is too large for a variant file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SourceAccessError(name, 'not UTF-8 text');
  }
}
