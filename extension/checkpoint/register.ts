// Registers the checkpoint editor (the default editor of .pth, .pt and .safetensors; read-only)
// and the command the integration tests read its state with. The editor's code loads when the
// first checkpoint opens.
import * as vscode from 'vscode';
import { TestCommands, ViewTypes } from '../ids';

export function registerCheckpointEditor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const provider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
    async resolveCustomEditor(document, panel) {
      const { CheckpointEditor } = await import('./checkpointEditor');
      new CheckpointEditor(document.uri, panel, context, log);
    },
  };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(ViewTypes.checkpoint, provider, { supportsMultipleEditorsPerDocument: true }),
    // What the open editor of `uri` has done and what its page has rendered; undefined when none is open.
    vscode.commands.registerCommand(TestCommands.checkpointEditorState, async (uri: unknown) => {
      const { CheckpointEditor } = await import('./checkpointEditor');
      const key = uri instanceof vscode.Uri ? uri.toString() : typeof uri === 'string' ? uri : '';
      const editor = CheckpointEditor.open.get(key);
      return editor ? { host: { ...editor.state }, rendered: editor.rendered } : undefined;
    }),
  );
}
