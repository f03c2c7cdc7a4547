// The walkthrough's "Hover a model in code" step: an untitled Python file with the constructors
// practitioners write, the cursor on the first one and its hover shown. Nothing is saved.
import * as vscode from 'vscode';

const EXAMPLE = `# Backbone Lens: hover a constructor or a layer to see the engine's numbers
# (params, MACs, output shape, receptive field); the link in the hover opens the diagram.
import timm
import torch.nn as nn
from torchvision import models

backbone = models.resnet50(num_classes=751)
student = models.resnet18()
teacher = timm.create_model("resnest50d")
neck = nn.Conv2d(2048, 256, kernel_size=1, bias=False)
`;

export async function openHoverExample(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: EXAMPLE });
  const editor = await vscode.window.showTextDocument(doc);
  const line = EXAMPLE.split('\n').findIndex((l) => l.startsWith('backbone = '));
  const at = new vscode.Position(line, EXAMPLE.split('\n')[line].indexOf('resnet50') + 2);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
  await vscode.commands.executeCommand('editor.action.showHover');
  return editor;
}
