// The lint zones (eslint.config.mjs) really reject what they forbid: ESLint runs on small
// probes placed, by file name, in each layer. A zone that stopped matching fails here, not
// silently in a later review.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from './fixturePaths';

const eslint = new ESLint({ cwd: repoRoot });

/** The rule ids ESLint reports for `code` as if it were the file `file` (repository-relative). */
async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const refused = async (file: string, code: string, rule: RegExp): Promise<void> => {
  const found = await problems(file, code);
  assert.ok(found.some((p) => rule.test(p)), `${file}: expected ${rule} for ${JSON.stringify(code)}, got ${JSON.stringify(found)}`);
};
const allowed = async (file: string, code: string): Promise<void> => {
  assert.deepEqual(await problems(file, code), [], `${file}: ${JSON.stringify(code)}`);
};

test('the engine (models/) stays pure', async () => {
  await refused('models/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /^no-restricted-imports: .*no vscode/);
  await refused('models/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /^no-restricted-imports: .*models\/ is the pure engine/);
  await refused('models/analysis/probe.ts', "import { InspectPanel } from '../../extension/inspect/panel';\nexport const p = InspectPanel;\n", /^no-restricted-imports: .*must not depend on the shells/);
  await refused('models/probe.ts', 'export const w = window.innerWidth;\n', /^no-restricted-globals: /);
  await refused('models/probe.ts', "import { Peer } from '../shared/rpc';\nexport const p = Peer;\n", /^no-restricted-imports: .*only the error codes/);
  await refused('models/weights/probe.ts', "import { text } from '../../shared/validate';\nexport const t = text;\n", /^no-restricted-imports: .*only the error codes/);
  await allowed('models/probe.ts', "import { nearest } from './nearest';\nimport type { ErrorCode } from '../shared/errors';\nexport const n = nearest;\nexport type C = ErrorCode;\n");
});

test('shared/ imports neither vscode, the DOM, Node nor the host', async () => {
  await refused('shared/protocol/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /^no-restricted-imports: .*no vscode/);
  await refused('shared/protocol/probe.ts', 'export const d = document.body;\n', /^no-restricted-globals: /);
  await refused('shared/protocol/probe.ts', "import { join } from 'node:path';\nexport const j = join;\n", /^no-restricted-imports: .*no Node built-ins/);
  await refused('shared/protocol/probe.ts', "import { InspectPanel } from '../../extension/inspect/panel';\nexport const p = InspectPanel;\n", /^no-restricted-imports: .*only itself and the engine/);
  await refused('shared/probe.ts', "import { InferenceClient } from '../inference/client';\nexport const c = InferenceClient;\n", /^no-restricted-imports: .*only itself and the engine/);
  await refused('shared/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /^no-restricted-imports: .*no vscode/);
  await allowed('shared/protocol/probe.ts', "import { memoryDataSchema } from './cost';\nimport { text } from '../validate';\nimport { isInputSize } from '../../models/inputSize';\nexport const all = [memoryDataSchema, text, isInputSize];\n");
});

test('webview/ imports neither extension/ nor inference/; the protocols come from shared/', async () => {
  await refused('webview/inspect/probe.ts', "import { InspectPanel } from '../../extension/inspect/panel';\nexport const p = InspectPanel;\n", /^no-restricted-imports: .*nothing of extension\//);
  await refused('webview/classify/probe.ts', "import { walkImages } from '../../inference/walkImages';\nexport const w = walkImages;\n", /^no-restricted-imports: .*nothing of inference\//);
  await refused('webview/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /^no-restricted-imports: .*no vscode/);
  await refused('webview/inspect/probe.ts', "import type { ModelData } from '../../extension/inspect/modelData';\nexport type M = ModelData;\n", /^no-restricted-imports: .*nothing of extension\//);
  await allowed('webview/inspect/probe.ts', "import type { ModelData } from '../../shared/protocol/inspect';\nexport type M = ModelData;\n");
});

test('the worker and the CLI import nothing of extension/; extension/ nothing of webview/', async () => {
  await refused('inference/probe.ts', "import { Commands } from '../extension/ids';\nexport const c = Commands;\n", /^no-restricted-imports: .*nothing of extension\//);
  await refused('inference/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /^no-restricted-imports: .*no vscode/);
  await refused('cli/commands/probe.ts', "import { readSettings } from '../../extension/classify/settings';\nexport const r = readSettings;\n", /^no-restricted-imports: .*nothing of extension\//);
  await refused('extension/inspect/probe.ts', "import { Diagram } from '../../webview/inspect/diagram';\nexport const d = Diagram;\n", /^no-restricted-imports: .*nothing of webview\//);
  await allowed('extension/inspect/probe.ts', "import { walkImages } from '../../inference/walkImages';\nimport * as vscode from 'vscode';\nexport const both = [walkImages, vscode];\n");
});
