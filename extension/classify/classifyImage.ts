// Classify Image: the explorer entry exists and honours workspace trust; running the
// backbones (weights readers, ONNX export, onnxruntime worker) is issue 6/7 work and is not
// built yet, so the command says so plainly instead of pretending.
import * as vscode from 'vscode';

export async function classifyImage(log: vscode.LogOutputChannel, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> {
  const targets = uris && uris.length > 0 ? uris : uri ? [uri] : [];
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Backbone Lens: classifying workspace images runs a model on workspace files, which Restricted Mode does not allow. Trust this workspace (Manage Workspace Trust) to enable it.',
    );
    return;
  }
  log.info(`classifyImage requested for ${targets.length} item(s): ${targets.map((t) => t.fsPath).join(', ')}`);
  void vscode.window.showInformationMessage(
    `Backbone Lens: image classification is not available in this version yet (${targets.length} item(s) selected). Inspect Model works today.`,
  );
}
