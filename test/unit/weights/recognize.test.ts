// Architecture recognition from a state dict's keys and shapes, against the state dicts that
// torchvision and timm build (test/oracle/oracle.py for the 94 names, heads_oracle.py for
// fine-tuned and headless heads, and the small real checkpoints of weights_oracle.py): each must
// be recognised exactly, and {"extends": model, ...overrides} must build the file's keys and shapes.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildGraph, indexWeights, memorySource, recognizeArchitecture, tensorEntries, resolveVariant, type Recognition, type RecognitionResult, type TensorEntry } from '../../../models';
import { fixturesDir } from '../fixturePaths';

const oracleDir = join(fixturesDir, 'oracle');
const readGz = <T>(file: string): T => JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as T;
type Entry = [string, number[]];
interface Fixture {
  id: string;
  state_dict: Entry[];
  params: number;
}
const toEntries = (sd: readonly Entry[], prefix = '', dtype = 'float32'): TensorEntry[] =>
  sd.map(([key, shape]) => ({ key: prefix + key, shape, dtype: key.endsWith('num_batches_tracked') ? 'int64' : dtype }));

function recognised(r: RecognitionResult, what: string): Recognition {
  if (r.model === null) assert.fail(`${what}: not recognised: ${r.reason}`);
  return r;
}

/** The variant the recognition names, built by the engine: its keys and shapes in graph order. */
function variantEntries(r: Recognition): Entry[] {
  const graph = buildGraph(resolveVariant({ extends: r.model, ...r.overrides }));
  return graph.nodes.flatMap((n) => n.tensors.map((t): Entry => [t.key, [...t.shape]]));
}

const sorted = (entries: readonly Entry[]): Entry[] => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const fixtures = readdirSync(oracleDir)
  .filter((f) => f.endsWith('.json.gz'))
  .map((f) => readGz<Partial<Fixture>>(join(oracleDir, f)))
  .filter((f): f is Fixture => Array.isArray(f.state_dict));

test('fixtures: the whole zoo is here', () => assert.equal(fixtures.length, 94));

for (const f of fixtures) {
  test(`${f.id}: recognised exactly as itself (or a preset with the same keys and shapes), no overrides`, () => {
    const r = recognised(recognizeArchitecture(toEntries(f.state_dict)), f.id);
    assert.ok(r.exact, `${f.id}: ${r.differences.slice(0, 5).join('; ')}`);
    assert.ok(r.model === f.id || r.alsoFits.includes(f.id), `${f.id}: recognised as ${r.model} (also ${r.alsoFits.join(', ')})`);
    assert.deepEqual(r.overrides, {});
    assert.equal(r.prefix, '');
    assert.deepEqual(r.extraKeys, []);
    assert.deepEqual(sorted(variantEntries(r)), sorted(f.state_dict));
  });
}

interface Heads {
  names: Record<string, Record<string, Record<'10' | '0', { params: number; head: Entry[] }>>>;
}

test('heads: 10-class and headless heads of torchvision and timm, under prefixes, in fp16, are recognised with num_classes', () => {
  const h = readGz<Heads>(join(oracleDir, 'heads.json.gz'));
  const prefixes = ['module.', 'model.', 'backbone.', 'module.model.'];
  let n = 0;
  for (const [name, libs] of Object.entries(h.names)) {
    const f = fixtures.find((x) => x.id === name) as Fixture;
    const headPrefix = f.state_dict.find(([, s]) => s.length === 2 && s[0] === 1000)?.[0].replace(/weight$/, '') as string;
    for (const [library, variants] of Object.entries(libs)) {
      for (const [classes, v] of Object.entries(variants)) {
        const sd = [...f.state_dict.filter(([k]) => !k.startsWith(headPrefix)), ...v.head];
        const prefix = prefixes[n++ % prefixes.length];
        const what = `${name} ${library} num_classes=${classes} under ${prefix}`;
        const r = recognised(recognizeArchitecture(toEntries(sd, prefix, 'float16')), what);
        assert.ok(r.exact, what);
        assert.ok(r.model === name || r.alsoFits.includes(name), `${what}: ${r.model}`);
        assert.deepEqual(r.overrides, { num_classes: Number(classes) }, what);
        assert.equal(r.prefix, prefix, what);
        const built = variantEntries(r);
        assert.deepEqual(sorted(built), sorted(sd), what);
        const graph = buildGraph(resolveVariant({ extends: r.model, ...r.overrides }));
        const params = graph.nodes.flatMap((node) => node.tensors.filter((t) => t.learnable)).reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
        assert.equal(params, v.params, `${what}: params`);
      }
    }
  }
});

const resnet50 = (): Fixture => fixtures.find((x) => x.id === 'resnet50') as Fixture;

test('keys beside the model: an EMA copy, a re-ID wrapper\'s own layers and optimizer tensors are set apart', () => {
  const sd = resnet50().state_dict;
  const ema = recognised(recognizeArchitecture([...toEntries(sd), ...toEntries(sd, 'ema.')]), 'with an EMA copy');
  assert.ok(ema.exact);
  assert.equal(ema.prefix, '');
  assert.equal(ema.extraKeys.length, sd.length);
  assert.ok(ema.extraKeys.every((k) => k.startsWith('ema.')));
  // The seed's re-ID Baseline: base = ResNet without fc, then a BN neck and a classifier of its own.
  const body = sd.filter(([k]) => !k.startsWith('fc.'));
  const reid = recognised(recognizeArchitecture([...toEntries(body, 'module.base.'), { key: 'module.bottleneck.weight', shape: [2048], dtype: 'float32' }, { key: 'module.classifier.weight', shape: [751, 2048], dtype: 'float32' }]), 're-ID');
  assert.ok(reid.exact);
  assert.equal(reid.model, 'resnet50');
  assert.deepEqual(reid.overrides, { num_classes: 0 });
  assert.equal(reid.prefix, 'module.base.');
  assert.deepEqual(reid.extraKeys, ['module.bottleneck.weight', 'module.classifier.weight']);
});

test('nearest: a mis-shaped stem or a head the zoo has no form for is listed as differences', () => {
  const sd = resnet50().state_dict;
  const stem = recognised(recognizeArchitecture(toEntries(sd.map(([k, s]): Entry => (k === 'conv1.weight' ? [k, [64, 3, 5, 5]] : [k, s])))), 'stem');
  assert.equal(stem.exact, false);
  assert.equal(stem.model, 'resnet50');
  assert.deepEqual(stem.differences, ['conv1.weight: [64, 3, 5, 5] vs [64, 3, 7, 7]']);
  const mlp = sd.filter(([k]) => !k.startsWith('fc.')).concat([['fc.0.weight', [512, 2048]], ['fc.0.bias', [512]], ['fc.2.weight', [10, 512]], ['fc.2.bias', [10]]]);
  const head = recognised(recognizeArchitecture(toEntries(mlp)), 'mlp head');
  assert.equal(head.exact, false);
  assert.equal(head.model, 'resnet50');
  assert.deepEqual(head.overrides, { num_classes: 0 });
  assert.deepEqual(head.differences, ['fc.0.weight: unexpected', 'fc.0.bias: unexpected', 'fc.2.weight: unexpected', 'fc.2.bias: unexpected']);
  const gone = recognised(recognizeArchitecture(toEntries(sd.filter(([k]) => k !== 'layer3.2.bn2.running_var'))), 'missing buffer');
  assert.equal(gone.exact, false);
  assert.deepEqual(gone.differences, ['layer3.2.bn2.running_var: missing']);
});

test('num_batches_tracked may be absent (checkpoints saved before PyTorch 0.4.1)', () => {
  const r = recognised(recognizeArchitecture(toEntries(resnet50().state_dict.filter(([k]) => !k.endsWith('num_batches_tracked')))), 'old');
  assert.ok(r.exact);
  assert.equal(r.model, 'resnet50');
});

test('not the zoo: a reason instead of a guess', () => {
  const bert: TensorEntry[] = [
    { key: 'bert.embeddings.word_embeddings.weight', shape: [30522, 768], dtype: 'float32' },
    { key: 'bert.encoder.layer.0.attention.self.query.weight', shape: [768, 768], dtype: 'float32' },
  ];
  const r = recognizeArchitecture(bert);
  assert.equal(r.model, null);
  assert.match((r as { reason: string }).reason, /bert\.embeddings\.word_embeddings\.weight/);
  assert.equal(recognizeArchitecture([]).model, null);
});

const weightsDir = join(fixturesDir, 'weights');
const manifest = JSON.parse(readFileSync(join(weightsDir, 'manifest.json'), 'utf8')) as { models: { name: string; variant: string; pth: string; safetensors: string }[] };

for (const m of manifest.models) {
  test(`${m.name}: the real .pth and .safetensors files written by PyTorch are recognised as their variant`, () => {
    const variant = JSON.parse(readFileSync(join(weightsDir, m.variant), 'utf8')) as Record<string, unknown>;
    const expected = buildGraph(resolveVariant(variant, m.variant)).nodes.flatMap((n) => n.tensors.map((t): Entry => [t.key, [...t.shape]]));
    for (const file of [m.pth, m.safetensors]) {
      const r = recognised(recognizeArchitecture(tensorEntries(indexWeights(memorySource(new Uint8Array(readFileSync(join(weightsDir, file)))), file))), file);
      assert.ok(r.exact, `${file}: ${r.differences.join('; ')}`);
      assert.deepEqual(sorted(variantEntries(r)), sorted(expected), file);
    }
  });
}

test('wrappers: the state dict under "state_dict" with DataParallel\'s prefix', () => {
  const file = 'densenet121_tiny.wrapped.pth';
  const read = indexWeights(memorySource(new Uint8Array(readFileSync(join(weightsDir, file)))), file);
  assert.equal(read.format, 'pytorch');
  assert.equal(read.wrapper, 'state_dict');
  const r = recognised(recognizeArchitecture(tensorEntries(read)), file);
  assert.equal(r.prefix, 'module.');
  assert.ok(r.exact);
});

interface OracleCases {
  cases: { label: string; library: string; call: string; variant: Record<string, unknown>; state_dict: [string, number[], string][] }[];
  files: { file: string; variant: string; wrapper: string | null; prefix: string; dtype: string; num_classes?: number }[];
}
const oracle = readGz<OracleCases>(join(oracleDir, 'recognize.json.gz'));

for (const c of oracle.cases) {
  test(`${c.label}: ${c.library} ${c.call} is recognised exactly, with every knob it sets`, () => {
    const entries = c.state_dict.map(([key, shape, dtype]) => ({ key, shape, dtype }));
    const r = recognised(recognizeArchitecture(entries), c.label);
    assert.ok(r.exact, `${c.label}: ${r.differences.slice(0, 5).join('; ')}`);
    assert.deepEqual(sorted(variantEntries(r)), sorted(c.state_dict.map(([k, s]): Entry => [k, s])));
    const got = resolveVariant({ extends: r.model, ...r.overrides }).knobs;
    const want = resolveVariant(c.variant).knobs;
    for (const knob of Object.keys(c.variant).filter((k) => k !== 'extends')) assert.deepEqual(got[knob], want[knob], `${c.label}: ${knob}`);
  });
}

for (const f of oracle.files) {
  test(`${f.file}: saved as training scripts save it (${f.wrapper ?? 'top level'}, prefix "${f.prefix}", ${f.dtype}) and recognised exactly`, () => {
    const read = indexWeights(memorySource(new Uint8Array(readFileSync(join(weightsDir, 'recognize', f.file)))), f.file);
    assert.equal(read.wrapper, f.wrapper);
    assert.ok(tensorEntries(read).every((e) => e.dtype === (e.key.endsWith('num_batches_tracked') ? 'int64' : f.dtype)), f.file);
    const r = recognised(recognizeArchitecture(tensorEntries(read)), f.file);
    assert.ok(r.exact, `${f.file}: ${r.differences.join('; ')}`);
    assert.equal(r.prefix, f.prefix);
    const variant = JSON.parse(readFileSync(join(weightsDir, f.variant), 'utf8')) as Record<string, unknown>;
    const expected = buildGraph(resolveVariant(f.num_classes === undefined ? variant : { ...variant, num_classes: f.num_classes }, f.variant));
    assert.deepEqual(sorted(variantEntries(r)), sorted(expected.nodes.flatMap((n) => n.tensors.map((t): Entry => [t.key, [...t.shape]]))));
    if (f.wrapper !== null) assert.ok(read.otherKeys.includes('optimizer'), `${f.file}: ${read.otherKeys.join(', ')}`);
  });
}
