// The panel lifecycle in the real extension host: every panel's listeners are held by its panel
// host (extension/panels/panelHost.ts) and released when the panel closes. Opening and closing
// Inspect Model N times leaves no panel and no disposable behind, counted by the panel hosts'
// own accounting (the extension's exports); while a panel is open the count is not zero, so the
// check can fail.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from '../expect';
import { test } from '../harness';

interface Accounting {
  panels: number;
  disposables: number;
  areas: string[];
}

const INSPECT = 'backboneLens.inspectModel';
const VIEW_TYPE = 'backboneLens.inspect';
const ROUNDS = 5;

function accounting(): Accounting {
  const exports = ourExtension().exports as { panelAccounting?: () => Accounting } | undefined;
  assert.ok(exports?.panelAccounting, 'the extension exports panelAccounting()');
  return exports.panelAccounting();
}

/** Every tab of one of our panels: webview panels (Inspect, Classify results, the receptive-field lens) and the checkpoint editor (a custom editor). */
const ourTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input instanceof vscode.TabInputWebview || t.input instanceof vscode.TabInputCustom) && t.input.viewType.includes('backboneLens.'));
const inspectTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; accounting ${JSON.stringify(accounting())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(`panels: opening and closing Inspect Model ${ROUNDS} times leaves no listener behind`, async () => {
  await ourExtension().activate();
  // Earlier tests leave Inspect, Classify results or checkpoint editor tabs open: close every one of ours.
  for (const t of ourTabs()) await vscode.window.tabGroups.close(t);
  await until('no panel left from earlier tests', () => (accounting().panels === 0 ? true : undefined));
  const before = accounting();
  assert.deepEqual(before, { panels: 0, disposables: 0, areas: [] });
  const held: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await vscode.commands.executeCommand(INSPECT, i % 2 === 0 ? 'resnet18' : 'densenet121');
    // The title names the model once the page was up and the host answered it: the protocol ran.
    const tab = await until('the Inspect panel with its model', () => inspectTabs().find((t) => /^Inspect: (resnet18|densenet121)$/.test(t.label)));
    const open = accounting();
    assert.deepEqual(open.areas, ['inspect'], 'one Inspect panel open');
    assert.ok(open.disposables > 0, 'an open panel holds its listeners');
    held.push(open.disposables);
    await vscode.window.tabGroups.close(tab);
    await until('the panel released everything', () => (accounting().panels === 0 ? true : undefined));
    assert.deepEqual(accounting(), before, `round ${i + 1}: nothing left behind`);
  }
  // Each round holds the same listeners: nothing accumulates from one panel to the next.
  assert.equal(new Set(held).size, 1, `the same count each round: ${held.join(', ')}`);
});
