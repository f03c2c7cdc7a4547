// The Backbone Lens view (activity bar) in the real extension host: nothing is scanned until the
// view is shown; then the catalogue lists every preset under its family with the engine's
// numbers, the workspace sections list the fixture workspace's model code, variant files and
// checkpoints, and the nodes are the arguments of the context actions (Inspect, Compare, Open
// Checkpoint). Runs trusted and in Restricted Mode: the view reads files, it runs nothing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackboneLensExports } from '../../../extension/extension';
import type { ModelsNode } from '../../../extension/view/nodes';
import { presets } from '../../../models';
import { ourExtension } from '../expect';
import { test } from '../harness';

async function api(): Promise<BackboneLensExports> {
  return (await ourExtension().activate()) as BackboneLensExports;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function children(node?: ModelsNode): Promise<ModelsNode[]> {
  return (await api()).modelsView.getChildren(node);
}

async function section(name: string): Promise<ModelsNode[]> {
  const s = (await children()).find((n) => n.kind === 'section' && n.section === name);
  assert.ok(s, `section ${name}`);
  return children(s);
}

const rel = (u: vscode.Uri): string => vscode.workspace.asRelativePath(u, false);

test('view: nothing is scanned before the view is shown; showing it asks the tree', async () => {
  const { modelsView } = await api();
  assert.equal(modelsView.opened, false, 'the tree was asked for children before the view was shown');
  await vscode.commands.executeCommand('backboneLens.models.focus');
  await waitFor('the workbench to ask the tree for its sections', () => (modelsView.opened ? true : undefined));
  const labels = await Promise.all((await children()).map(async (n) => (await modelsView.getTreeItem(n)).label));
  assert.deepEqual(labels, ['Catalogue', 'Model code', 'Variant files', 'Checkpoints', 'Recent Classify runs']);
});

test('view: the catalogue lists every preset once under its family, with depth, params and MACs', async () => {
  const { modelsView } = await api();
  const families = await section('catalogue');
  const presets: ModelsNode[] = [];
  for (const f of families) presets.push(...(await children(f)));
  const ids = presets.map((p) => (p.kind === 'preset' ? p.model : `not a preset: ${p.kind}`));
  assert.ok(ids.length >= 90, `${ids.length} presets`);
  assert.equal(new Set(ids).size, ids.length, 'each preset once');
  const resnet50 = presets.find((p) => p.kind === 'preset' && p.model === 'resnet50')!;
  const item = await modelsView.getTreeItem(resnet50);
  assert.equal(item.description, 'depth 50 · 25.56 M params · 4.09 G MACs');
  assert.equal(item.contextValue, 'preset');
  assert.equal(item.command?.command, 'backboneLens.inspectModel');
});

test('view: the catalogue filter keeps the matching presets and their families', async () => {
  const { modelsView } = await api();
  try {
    modelsView.setFilter('resnext101');
    const families = await section('catalogue');
    const ids: string[] = [];
    for (const f of families) for (const p of await children(f)) if (p.kind === 'preset') ids.push(p.model);
    assert.ok(ids.length > 0 && ids.every((id) => id.includes('resnext101')), ids.join(', '));
    modelsView.setFilter('no-such-backbone');
    const none = await section('catalogue');
    assert.deepEqual(none.map((n) => n.kind), ['message']);
  } finally {
    modelsView.setFilter('');
  }
});

test('view: model code, variant files and checkpoints of the workspace', async () => {
  const code = await section('code');
  const files = code.filter((n) => n.kind === 'pythonFile');
  assert.deepEqual(files.map((f) => (f.kind === 'pythonFile' ? rel(f.uri) : '')), ['models/small_net.py']);
  const classes = await children(files[0]);
  assert.deepEqual(classes.map((c) => (c.kind === 'pythonClass' ? `${c.python}@${c.line}` : c.kind)), ['SmallNet@5']);
  const variants = (await section('variants')).map((n) => (n.kind === 'variant' ? rel(n.model) : n.kind));
  assert.deepEqual(variants, ['hover/dense.backbone.json', 'hover/reid.backbone.json']);
  const checkpointNodes = await section('checkpoints');
  const checkpoints = checkpointNodes.map((n) => (n.kind === 'checkpoint' ? rel(n.uri) : n.kind));
  assert.deepEqual(checkpoints, ['checkpoints/resnet18_tiny.pth', 'classify/workspace-weights.safetensors']);
});

test('view: each checkpoint says what its keys and shapes are, or why it cannot be read', async () => {
  const { modelsView } = await api();
  const items = await Promise.all((await section('checkpoints')).map((n) => modelsView.getTreeItem(n)));
  // resnet18_tiny.pth is named for resnet18 but holds two stages and a 10-class head.
  assert.deepEqual(items.map((i) => i.description), ['resnet18 with layers=[1,1], num_classes=10', 'unreadable']);
  assert.match(String(items[0].tooltip), /^checkpoints\/resnet18_tiny\.pth\nExactly resnet18 with layers=\[1,1\], num_classes=10: every key and shape of the file matches\.\n\d+ tensors$/);
  assert.match(String(items[1].tooltip), /workspace-weights\.safetensors: header length exceeds/);
  assert.equal((items[1].iconPath as vscode.ThemeIcon | undefined)?.id, 'warning');
});

test('view: a preset node and a Python class node are what Inspect Model and Compare Models take', async () => {
  const families = await section('catalogue');
  const family = presets.find((p) => p.id === 'resnet50')!.family;
  const resnet = families.find((f) => f.kind === 'family' && f.family === family)!;
  const resnet50 = (await children(resnet)).find((p) => p.kind === 'preset' && p.model === 'resnet50')!;
  assert.deepEqual(await vscode.commands.executeCommand('backboneLens.inspectModel', resnet50), { shown: { kind: 'preset', id: 'resnet50' } });
  const [file] = await section('code');
  const [cls] = await children(file);
  const shown = await vscode.commands.executeCommand<{ shown?: { kind: string; target?: string } }>('backboneLens.inspectModel', cls);
  assert.equal(shown?.shown?.kind, 'python');
  assert.equal(shown?.shown?.target, 'SmallNet');
  // With a diagram open, Compare puts the node beside its model.
  const compared = await vscode.commands.executeCommand('backboneLens.compareModels', resnet50);
  assert.deepEqual(compared, { shown: { kind: 'preset', id: 'resnet50' } });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('view: Open Checkpoint opens a checkpoint node in the editor the manifest names for it', async () => {
  const [checkpoint] = await section('checkpoints');
  assert.equal(checkpoint.kind, 'checkpoint');
  const editors: { viewType: string; selector: { filenamePattern: string }[] }[] = ourExtension().packageJSON.contributes?.customEditors ?? [];
  const ours = editors.find((e) => e.selector.some((s) => /safetensors/.test(s.filenamePattern)));
  const opened = await vscode.commands.executeCommand<{ uri: string; editor: string }>('backboneLens.openCheckpoint', checkpoint);
  assert.equal(opened?.uri, checkpoint.kind === 'checkpoint' ? checkpoint.uri.toString() : '');
  assert.equal(opened?.editor, ours?.viewType ?? 'default');
  const tab = await waitFor('a tab for the checkpoint', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => {
    const input = t.input as { uri?: vscode.Uri } | undefined;
    return input?.uri?.toString() === opened?.uri ? t : undefined;
  }));
  await vscode.window.tabGroups.close(tab);
});

test('view: Classify With Model on a run\'s images records the run under Recent Classify runs (Restricted Mode refuses and records nothing)', async () => {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const variant = path.join(root, 'test', 'fixtures', 'weights', 'resnet18_tiny.backbone.json');
  const image = path.join(root, 'test', 'workspace', 'classify', 'image.png');
  const c = vscode.workspace.getConfiguration();
  await c.update('backboneLens.classify.weights', { resnet18_tiny: path.join(root, 'test', 'fixtures', 'weights', 'resnet18_tiny.safetensors') }, vscode.ConfigurationTarget.Global);
  await c.update('backboneLens.inference.executionProvider', 'cpu', vscode.ConfigurationTarget.Global);
  // Other suites (the checkpoint editor's Classify) may have recorded runs before: compare with them.
  const before = await section('runs');
  // The argument is what a run node carries: the model and the selected paths.
  const summary = await vscode.commands.executeCommand<{ state: string; model?: string; results: unknown[] }>('backboneLens.classifyWithModel', { model: variant, paths: [image] });
  const runs = await section('runs');
  if (vscode.workspace.isTrusted) {
    assert.equal(summary?.state, 'done', JSON.stringify(summary));
    assert.equal(summary?.model, 'resnet18_tiny');
    assert.equal(summary?.results.length, 1);
    const first = runs[0];
    assert.ok(first.kind === 'run', `a run first: ${JSON.stringify(runs.map((r) => r.kind))}`);
    assert.equal(first.model, variant);
    assert.deepEqual(first.paths, [image]);
    const item = await (await api()).modelsView.getTreeItem(first);
    assert.equal(item.contextValue, 'run');
    assert.match(String(item.description), /^1 image · (just now|\d+ min ago)$/);
  } else {
    assert.equal(summary?.state, 'refused');
    const key = (n: (typeof runs)[number]): string => (n.kind === 'run' ? JSON.stringify([n.model, n.paths]) : n.kind);
    assert.deepEqual(runs.map(key), before.map(key), 'nothing recorded for the refused run');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('walkthrough: Open a Hover Example opens an untitled Python file whose resnet50( hovers with the engine\'s numbers', async () => {
  await api();
  await vscode.commands.executeCommand('backboneLens.openHoverExample');
  const editor = await waitFor('the example editor', () => {
    const e = vscode.window.activeTextEditor;
    return e?.document.isUntitled && e.document.languageId === 'python' ? e : undefined;
  });
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.active);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  // resnet50 with num_classes=751: the classifier is 2048×751 + 751 (backbone-lens stats resnet50 --set num_classes=751).
  assert.match(text, /25,046,831/, text.slice(0, 400));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});
