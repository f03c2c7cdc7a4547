// `backbone-lens stats <name> --json` equals PyTorch exactly for each of the 94 names, as each
// name's own library builds it (test/fixtures/oracle/<name>.json.gz): params, MACs, BlurPool's
// multiply-adds (FLOPs ledger), feature shape, every named child's (stage's) output shape and
// every conv/linear/norm/blur layer's shape and MACs, at each size the oracle ran; and the sizes
// PyTorch cannot run fail here too.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { statsCommand } from '../../../cli/commands/stats';
import { presets, type StatsJson } from '../../../models';
import { fixturesDir } from '../fixturePaths';

interface OracleSize {
  input: number[];
  macs: number;
  blur_macs?: number;
  feature_shape: number[];
  children: Record<string, number[]>;
  modules?: Record<string, { shape: number[]; macs?: number; blur_macs?: number }>;
}
interface Oracle {
  params: number;
  sizes: Record<string, OracleSize>;
  size_errors?: Record<string, string>;
}

const stats = (id: string, size: string): StatsJson => {
  const out = statsCommand({ model: id, input: size, sets: {}, json: true });
  return JSON.parse(typeof out === 'string' ? out : out.text) as StatsJson;
};

test('the zoo has the 94 names of issue 13', () => {
  assert.equal(presets.length, 94);
});

for (const preset of presets) {
  test(`stats ${preset.id} --json equals PyTorch`, () => {
    const oracle = JSON.parse(gunzipSync(readFileSync(join(fixturesDir, 'oracle', `${preset.id}.json.gz`))).toString('utf8')) as Oracle;
    for (const [size, o] of Object.entries(oracle.sizes)) {
      const r = stats(preset.id, size);
      assert.deepEqual(r.input, o.input, 'input');
      assert.equal(r.params, oracle.params, `params at ${size}`);
      assert.equal(r.macs, o.macs, `MACs at ${size}`);
      assert.equal(r.flops.blurpool ?? 0, o.blur_macs ?? 0, `blur multiply-adds at ${size}`);
      assert.deepEqual(r.feature_shape, o.feature_shape, `feature shape at ${size}`);
      const byPath = new Map(r.nodes.map((n) => [n.path, n]));
      for (const [child, shape] of Object.entries(o.children)) {
        // A child without a node or group of its own (torchvision's `avgpool` + flatten, timm's
        // `global_pool`) is the last node under its module prefix.
        const node = byPath.get(child) ?? [...r.nodes].reverse().find((n) => n.path.startsWith(`${child}.`));
        assert.ok(node, `${child} is in the report`);
        assert.deepEqual(node.output_shape, shape, `${child} output at ${size}`);
      }
      for (const [path, m] of Object.entries(o.modules ?? {})) {
        const node = byPath.get(path);
        assert.ok(node, `module ${path} is in the report`);
        assert.deepEqual(node.output_shape, m.shape, `${path} output at ${size}`);
        if (m.macs !== undefined) assert.equal(node.macs, m.macs, `${path} MACs at ${size}`);
      }
    }
    for (const size of Object.keys(oracle.size_errors ?? {})) {
      assert.throws(() => stats(preset.id, size), /too small|cannot add/, `${size} fails in PyTorch too`);
    }
  });
}
