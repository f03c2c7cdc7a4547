// extension/ids.ts holds every identifier the extension contributes (DESIGN.md: "all ids in one
// file"): the manifest's commands, settings and context keys are exactly the ones it lists.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLASSIFY_SETTINGS_SECTION, Commands, ContextKeys, SettingKeys } from '../../../extension/ids';
import { repoRoot } from '../fixturePaths';

interface Manifest {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
}

const text = readFileSync(join(repoRoot, 'package.json'), 'utf8');
const manifest = JSON.parse(text) as Manifest;
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test('the manifest\'s commands are the ones in ids.ts', () => {
  assert.deepEqual(sorted(manifest.contributes.commands.map((c) => c.command)), sorted(Object.values(Commands)));
});

test('the manifest\'s settings are the ones in ids.ts, and the Classify section holds the classify ones', () => {
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  assert.deepEqual(sorted(sections.flatMap((s) => Object.keys(s.properties))), sorted(Object.values(SettingKeys)));
  assert.ok(SettingKeys.model.startsWith(`${CLASSIFY_SETTINGS_SECTION}.`));
});

test('every backboneLens context key in a when or enablement clause is in ids.ts', () => {
  const clauses = [...text.matchAll(/"(?:when|enablement)":\s*"([^"]*)"/g)].map((m) => m[1]);
  // The right-hand side of a comparison is a value (`view == backboneLens.models` names a view), not a key.
  const keysOf = (clause: string): string[] => [...clause.replace(/(==|!=|=~)\s*[^\s&|)]+/g, '').matchAll(/backboneLens\.[A-Za-z.]+/g)].map((m) => m[0]);
  const keys = new Set(clauses.flatMap(keysOf));
  assert.deepEqual(sorted(keys), sorted(Object.values(ContextKeys)));
});
