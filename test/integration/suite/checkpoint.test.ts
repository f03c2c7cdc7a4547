// The checkpoint editor in the real extension host: a .pth opens in it by default, the page
// renders the table and the recognised architecture, streams every tensor's statistics and says
// so; damaged, pickled-module and legacy files show the typed error naming the file. The state
// is read back with TestCommands.checkpointEditorState: what the host did and what the page reports
// it rendered (no mock). Runs in the trusted and the Restricted Mode runs alike: reading runs nothing.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ourExtension } from '../expect';
import { test } from '../harness';

const VIEW_TYPE = 'backboneLens.checkpoint';
const STATE = 'backboneLens.checkpointEditorState';
// Fixtures come from the repository (the installed-VSIX run has none), relative to out/test/integration/suite.
const fixtures = (): string => path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'weights');

interface EditorState {
  host: { phase: string; tensors: number; statsDone: number; architecture: string; error: string };
  rendered?: { phase: string; rows: number; rowsWithStats: number; architecture: string; error: string };
}

async function waitForState(uri: vscode.Uri, done: (s: EditorState) => boolean, what: string, timeoutMs = 30_000): Promise<EditorState> {
  const deadline = Date.now() + timeoutMs;
  let last: EditorState | undefined;
  for (;;) {
    last = await vscode.commands.executeCommand<EditorState | undefined>(STATE, uri.toString());
    if (last && done(last)) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what} of ${path.basename(uri.fsPath)}; last state ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function checkpointTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType.endsWith(VIEW_TYPE));
}

async function closeAll(): Promise<void> {
  await vscode.window.tabGroups.close(checkpointTabs());
}

/** Tensors of a fixture, as the numpy oracle listed them. */
const oracleKeys = (name: string): string[] => Object.keys((JSON.parse(readFileSync(path.join(fixtures(), 'stats.json'), 'utf8')) as { files: Record<string, { tensors: object }> }).files[name].tensors);

test('checkpoint editor: the manifest makes it the default editor of .pth, .pt and .safetensors', () => {
  const editors = (ourExtension().packageJSON.contributes?.customEditors ?? []) as { viewType: string; priority: string; selector: { filenamePattern: string }[] }[];
  const ours = editors.find((e) => e.viewType === VIEW_TYPE);
  assert.ok(ours, `customEditors: ${JSON.stringify(editors)}`);
  assert.equal(ours.priority, 'default');
  assert.deepEqual(ours.selector.map((s) => s.filenamePattern).sort(), ['*.pt', '*.pth', '*.safetensors']);
});

test('checkpoint editor: a .pth opens in it by default; table, architecture and every statistic render', async () => {
  await ourExtension().activate();
  const uri = vscode.Uri.file(path.join(fixtures(), 'stats_f32.pth'));
  await vscode.commands.executeCommand('vscode.open', uri);
  const state = await waitForState(uri, (s) => s.rendered?.phase === 'done', 'the statistics to render');
  const keys = oracleKeys('stats_f32.pth');
  assert.equal(state.host.phase, 'done');
  assert.equal(state.host.tensors, keys.length);
  assert.equal(state.host.statsDone, keys.length);
  assert.equal(state.rendered?.rows, keys.length);
  assert.equal(state.rendered?.rowsWithStats, keys.length);
  assert.equal(state.rendered?.architecture, state.host.architecture);
  assert.equal(checkpointTabs().length, 1, 'the default editor of a .pth is the checkpoint editor');
  await closeAll();
});

test('checkpoint editor: a .safetensors opens with "Open With" and streams its statistics', async () => {
  await ourExtension().activate();
  const uri = vscode.Uri.file(path.join(fixtures(), 'resnet18_tiny.safetensors'));
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const state = await waitForState(uri, (s) => s.rendered?.phase === 'done', 'the statistics to render');
  assert.equal(state.rendered?.rows, oracleKeys('resnet18_tiny.safetensors').length);
  assert.equal(state.rendered?.rowsWithStats, state.rendered?.rows);
  assert.match(state.rendered?.architecture ?? '', /^(exact|nearest) |^not recognised: /);
  await closeAll();
});

interface InspectWeightsState {
  file: string;
  checkpoint: string;
  partial: boolean;
  tensors: number;
  drawnPartial: boolean | null;
}

const inspectWeights = (): Thenable<InspectWeightsState | null> => vscode.commands.executeCommand<InspectWeightsState | null>('backboneLens.inspectWeightsState');

/** The active Inspect panel's weight state once `done` holds (its page draws the model after it loads). */
async function waitForInspect(done: (s: InspectWeightsState | null) => boolean, what: string): Promise<InspectWeightsState | null> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await inspectWeights();
    if (done(s)) return s;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last state ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('checkpoint editor: an Inspect opened while the statistics streamed takes the whole statistics once they are done', async () => {
  await ourExtension().activate();
  const uri = vscode.Uri.file(path.join(fixtures(), 'resnet18_tiny.safetensors'));
  // What the editor's Inspect sends mid-stream: the recognised architecture and the statistics so far (none yet).
  const inspectMidStream = async (checkpoint: string): Promise<void> => {
    await vscode.commands.executeCommand('backboneLens.inspectModel', { model: 'resnet18', overrides: { layers: [1, 1], num_classes: 10 }, weights: { file: 'resnet18_tiny.safetensors', checkpoint, partial: true, tensors: {} } });
    await waitForInspect((s) => s?.drawnPartial === true, 'Inspect to draw the partial statistics');
  };
  // The editor opens beside the diagram, which stays visible (a hidden page is drawn again when shown).
  const openEditor = async (): Promise<void> => {
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, vscode.ViewColumn.Beside);
    await waitForState(uri, (s) => s.host.phase === 'done', 'the statistics');
  };
  // A file of the same name elsewhere: its statistics are not this one's.
  await inspectMidStream(vscode.Uri.file(path.join(os.tmpdir(), 'elsewhere', 'resnet18_tiny.safetensors')).toString());
  await openEditor();
  // Give a wrong update time to arrive before saying it did not.
  await new Promise((r) => setTimeout(r, 1000));
  const other = await inspectWeights();
  assert.deepEqual([other?.partial, other?.tensors, other?.drawnPartial], [true, 0, true], JSON.stringify(other));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await inspectMidStream(uri.toString());
  await openEditor();
  const after = await waitForInspect((s) => s?.drawnPartial === false, 'Inspect to draw the whole statistics');
  // Every .weight tensor of the file's model: the convolutions, the BatchNorm scales and the classifier.
  assert.deepEqual(after, { file: 'resnet18_tiny.safetensors', checkpoint: uri.toString(), partial: false, tensors: 13, drawnPartial: false });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

const BAD: { name: string; make: (dir: string) => string; problem: RegExp }[] = [
  {
    name: 'a truncated .pth',
    make: (dir) => {
      const f = path.join(dir, 'truncated.pth');
      const bytes = readFileSync(path.join(fixtures(), 'resnet18_tiny.pth'));
      writeFileSync(f, bytes.subarray(0, bytes.length - 4000));
      return f;
    },
    problem: /^truncated\.pth: corrupt or truncated zip archive/,
  },
  { name: 'a pickled module', make: (dir) => copied(dir, 'module.pth'), problem: /^module\.pth: refused to unpickle the global torch\.nn\.modules\.linear\.Linear/ },
  { name: 'a legacy (pre-1.6) file', make: (dir) => copied(dir, 'legacy.pth'), problem: /^legacy\.pth: this is the legacy \(pre-1\.6\) torch\.save format/ },
  { name: 'a hostile pickle', make: (dir) => copied(dir, 'malicious.pth'), problem: /^malicious\.pth: refused to unpickle/ },
];

function copied(dir: string, name: string): string {
  const f = path.join(dir, name);
  copyFileSync(path.join(fixtures(), name), f);
  return f;
}

for (const bad of BAD) {
  test(`checkpoint editor: ${bad.name} shows the typed error naming the file, never a blank page`, async () => {
    await ourExtension().activate();
    const uri = vscode.Uri.file(bad.make(mkdtempSync(path.join(os.tmpdir(), 'bl-ckpt-'))));
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const state = await waitForState(uri, (s) => s.rendered?.phase === 'error', 'the error to render');
    assert.match(state.rendered?.error ?? '', bad.problem);
    assert.equal(state.host.phase, 'error');
    await closeAll();
  });
}
