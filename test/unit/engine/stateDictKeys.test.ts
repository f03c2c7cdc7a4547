// Every preset's graph names its tensors exactly as the checkpoints users have: same keys,
// same shapes, same dtypes, nothing missing and nothing extra.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGraph, presets, resolveId } from '../../../models';
import { fixturesDir } from '../fixturePaths';

interface KeyList {
  model: string;
  tensors: Array<[string, number[], string]>;
}

for (const preset of presets) {
  test(`${preset.id}: graph tensors equal the reference state-dict keys and shapes`, () => {
    const ref = JSON.parse(readFileSync(join(fixturesDir, 'state-dict-keys', `${preset.id}.json`), 'utf8')) as KeyList;
    const graph = buildGraph(resolveId(preset.id));
    const ours = new Map<string, string>();
    for (const node of graph.nodes) for (const t of node.tensors) {
      assert.ok(!ours.has(t.key), `duplicate key ${t.key}`);
      ours.set(t.key, `${JSON.stringify(t.shape)} ${t.dtype}`);
    }
    const theirs = new Map(ref.tensors.map(([k, s, d]) => [k, `${JSON.stringify(s)} ${d}`]));
    const missing = [...theirs.keys()].filter((k) => !ours.has(k));
    const extra = [...ours.keys()].filter((k) => !theirs.has(k));
    assert.deepEqual({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }, { missing: [], extra: [] });
    const wrong = [...theirs].filter(([k, v]) => ours.get(k) !== v).map(([k, v]) => `${k}: ours ${ours.get(k)}, reference ${v}`);
    assert.deepEqual(wrong.slice(0, 10), []);
  });
}
