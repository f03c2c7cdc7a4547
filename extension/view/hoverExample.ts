// The walkthrough's "Hover a model in code" step: an untitled Python file with the constructors
// practitioners write, the cursor on the first one and its hover shown. Nothing is saved.
import * as vscode from 'vscode';

const CODE = `import timm
import torch.nn as nn
from torchvision import models

backbone = models.resnet50(num_classes=751)
student = models.resnet18()
teacher = timm.create_model("resnest50d")
neck = nn.Conv2d(2048, 256, kernel_size=1, bias=False)
`;

/** The example's text: its comment in the display language, then the code. */
function example(): string {
  const comment = vscode.l10n.t("Backbone Lens: hover a constructor or a layer to see the engine's numbers\n(params, MACs, output shape, receptive field); the link in the hover opens the diagram.");
  return `${comment.split('\n').map((l) => `# ${l}`).join('\n')}\n${CODE}`;
}

export async function openHoverExample(): Promise<vscode.TextEditor> {
  const EXAMPLE = example();
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: EXAMPLE });
  const editor = await vscode.window.showTextDocument(doc);
  const line = EXAMPLE.split('\n').findIndex((l) => l.startsWith('backbone = '));
  const at = new vscode.Position(line, EXAMPLE.split('\n')[line].indexOf('resnet50') + 2);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
  await vscode.commands.executeCommand('editor.action.showHover');
  return editor;
}
