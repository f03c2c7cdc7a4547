// The presets with a reference key list (shared/reference/state-dict-keys, the first 20 presets)
// name their tensors exactly as the checkpoints users have: same keys, same shapes, same dtypes,
// nothing missing and nothing extra. (Every preset's keys and shapes are also in its oracle fixture.)
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGraph, findPreset, resolveId } from '../../../models';
import { fixturesDir } from '../fixturePaths';

interface KeyList {
  model: string;
  tensors: Array<[string, number[], string]>;
}

const keysDir = join(fixturesDir, 'state-dict-keys');
const ids = readdirSync(keysDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));

test('the reference key lists cover the first 20 presets', () => {
  assert.ok(ids.length >= 20, `${ids.length} key lists`);
  for (const id of ids) assert.ok(findPreset(id), `${id}.json names no preset`);
});

for (const id of ids) {
  test(`${id}: graph tensors equal the reference state-dict keys and shapes`, () => {
    const ref = JSON.parse(readFileSync(join(keysDir, `${id}.json`), 'utf8')) as KeyList;
    const graph = buildGraph(resolveId(id));
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
