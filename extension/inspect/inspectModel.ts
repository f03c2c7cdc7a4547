// Inspect Model (being written by the engine author; see models/).
import * as vscode from 'vscode';

export async function inspectModel(_context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: unknown): Promise<void> {
  log.info(`inspectModel ${String(arg ?? '')}`);
}
