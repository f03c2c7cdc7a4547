// Registers the hover providers (variant files and Python). Filled in by the hover work (issue 5).
import type * as vscode from 'vscode';

export function registerHover(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): void {
  // No hover providers yet.
}
