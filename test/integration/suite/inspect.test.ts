// Inspect Model driven the way a hover link drives it: `executeCommand(inspectModel, arg)` with
// the { model, path, overrides } argument opens (or reuses) the panel and computes that model
// with the overrides (the panel title names the model once the engine accepted them); a bad
// argument resolves with a clear error and never throws. Runs in both the trusted and the
// Restricted Mode runs: viewing a model runs nothing from the workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../expect';
import { test } from '../harness';

const INSPECT = 'backboneLens.inspectModel';
const VIEW_TYPE = 'backboneLens.inspect';

function inspectTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => [t.label, t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('inspectModel: the hover link argument { model, path, overrides } opens a panel on that model', async () => {
  await ourExtension().activate();
  const outcome = await vscode.commands.executeCommand<unknown>(INSPECT, { model: 'resnet50', path: 'layer3', overrides: { last_stride: 1 } });
  assert.deepEqual(outcome, { shown: { kind: 'preset', id: 'resnet50' }, path: 'layer3' });
  // The title becomes "Inspect: <id>" once the webview is up and the engine computed the model;
  // the engine marks a preset with changed knobs with a star, so "resnet50*" shows the overrides were applied.
  const tab = await waitFor('the Inspect panel titled "Inspect: resnet50*"', () => inspectTabs().find((t) => t.label === 'Inspect: resnet50*'));
  assert.equal(inspectTabs().length, 1, 'one Inspect panel');
  await vscode.window.tabGroups.close(tab);
});

test('inspectModel: a bad argument ({ model: 42 }) resolves with a clear error, opens nothing and does not throw', async () => {
  await ourExtension().activate();
  const before = inspectTabs().length;
  const outcome = await vscode.commands.executeCommand<{ error?: string }>(INSPECT, { model: 42 });
  assert.ok(outcome && typeof outcome.error === 'string', `an error outcome, got ${JSON.stringify(outcome)}`);
  assert.match(outcome.error, /^Inspect Model: expected a preset id, a variant file URI or \{ model: id \| uri, path\?, overrides\?, weights\? \}, got \{"model":42\}$/);
  assert.equal(inspectTabs().length, before, 'no panel opened');
  // Other shapes that must not throw either.
  for (const bad of [[1, 2], 17, true]) {
    const r = await vscode.commands.executeCommand<{ error?: string }>(INSPECT, bad);
    assert.ok(r?.error, `an error for ${JSON.stringify(bad)}`);
  }
});
