// Checkpoint readers against files PyTorch wrote (test/oracle/weights_oracle.py): safetensors
// and torch.save zips in F32/F16/BF16, views, wrappers, refusals, and damaged files.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildGraph,
  closestPreset,
  fitWeights,
  readPth,
  readSafetensors,
  readWeights,
  resolveId,
  resolveVariant,
  UnsafePickleError,
  WeightsFormatError,
  WeightsMismatchError,
  type StateDict,
} from '../../../models';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'weights');
interface ModelFixture {
  name: string;
  variant: string;
  pth: string;
  safetensors: string;
  pth_dtype: string;
  safetensors_dtype: string;
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  models: ModelFixture[];
  views: Record<string, { shape: number[]; values: number[] }>;
};
/** Asserts that `fn` throws an error whose message (not its name) matches `re`. */
function throwsMessage(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, re);
    return true;
  });
}
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
const variantOf = (m: ModelFixture) => resolveVariant(JSON.parse(readFileSync(join(dir, m.variant), 'utf8')), m.variant);

for (const m of manifest.models) {
  test(`${m.name}: .pth (${m.pth_dtype}) and .safetensors (${m.safetensors_dtype}) load onto the engine's graph with identical values`, () => {
    const graph = buildGraph(variantOf(m));
    const fromPth = fitWeights(graph, readWeights(bytes(m.pth), m.pth), m.pth);
    const fromSt = fitWeights(graph, readWeights(bytes(m.safetensors), m.safetensors), m.safetensors);
    const expectedKeys = graph.nodes.flatMap((n) => n.tensors.filter((t) => t.dtype === 'float32').map((t) => t.key));
    assert.deepEqual([...fromPth.keys()].sort(), [...expectedKeys].sort());
    for (const key of expectedKeys) {
      const a = fromPth.get(key) as Float32Array;
      const b = fromSt.get(key) as Float32Array;
      assert.equal(a.length, b.length, key);
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.fail(`${key}[${i}]: pth ${a[i]} vs safetensors ${b[i]}`);
    }
  });
}

test('torch.save views: transposed, offset slices and strided views are gathered row-major; int64 buffers kept', () => {
  const sd = readPth(bytes('views.pth'), 'views.pth');
  for (const [key, want] of Object.entries(manifest.views)) {
    const t = sd.get(key);
    assert.ok(t, key);
    assert.deepEqual([...t.shape], want.shape, key);
    const got = t.dtype === 'int64' ? Array.from(t.data as BigInt64Array, Number) : Array.from(t.data as Float32Array);
    assert.deepEqual(got, want.values, key);
  }
});

test('a {"state_dict": {"module.…"}} wrapper is unwrapped and the DataParallel prefix stripped', () => {
  const m = manifest.models.find((x) => x.name === 'densenet121_tiny') as ModelFixture;
  const graph = buildGraph(variantOf(m));
  const w = fitWeights(graph, readPth(bytes('densenet121_tiny.wrapped.pth'), 'w.pth'), 'w.pth');
  const plain = fitWeights(graph, readPth(bytes(m.pth), m.pth), m.pth);
  assert.deepEqual([...w.keys()], [...plain.keys()]);
  assert.deepEqual(w.get('classifier.weight'), plain.get('classifier.weight'));
});

test('malicious pickles (os.system via REDUCE, builtins.exec via STACK_GLOBAL) are refused by name and nothing runs', () => {
  const marker = '/tmp/backbone-lens-pwned';
  rmSync(marker, { force: true });
  assert.throws(() => readWeights(bytes('malicious.pth'), 'malicious.pth'), (e: unknown) => {
    assert.ok(e instanceof UnsafePickleError, String(e));
    assert.equal(e.refused, 'the global posix.system');
    assert.match(e.message, /^malicious\.pth \(malicious\/data\.pkl\): refused to unpickle the global posix\.system: .*nothing was executed/);
    return true;
  });
  assert.throws(() => readWeights(bytes('malicious_p4.pth'), 'malicious_p4.pth'), (e: unknown) => {
    assert.ok(e instanceof UnsafePickleError, String(e));
    assert.equal(e.refused, 'the global builtins.exec');
    return true;
  });
  assert.equal(existsSync(marker), false);
});

test('a pickled module and the legacy format are refused with what to do instead', () => {
  assert.throws(() => readWeights(bytes('module.pth'), 'module.pth'), /refused to unpickle the global torch\.nn\.modules\.linear\.Linear: this looks like a pickled module \(torch\.save\(model\)\).*model\.state_dict\(\)/);
  throwsMessage(() => readWeights(bytes('legacy.pth'), 'legacy.pth'), /^legacy\.pth: this is the legacy \(pre-1\.6\) torch\.save format, which is not supported/);
});

test('truncated and corrupt files give errors that name the file', () => {
  const st = bytes('resnext50_tiny.safetensors');
  assert.throws(() => readSafetensors(st.subarray(0, st.length - 100), 'cut.safetensors'), (e: unknown) => {
    assert.ok(e instanceof WeightsFormatError);
    assert.match(e.message, /^cut\.safetensors: tensor "[^"]+": data_offsets \[\d+, \d+\] run past the end of the data .*truncated/);
    return true;
  });
  throwsMessage(() => readSafetensors(st.subarray(0, 40), 'head.safetensors'), /^head\.safetensors: header of \d+ bytes runs past the end of the file \(40 bytes\)/);
  throwsMessage(() => readSafetensors(st.subarray(0, 5), 'tiny.safetensors'), /^tiny\.safetensors: 5 bytes is too short/);
  const badJson = st.slice();
  badJson[8] = 0x5b; // '[' where the header's '{' was
  throwsMessage(() => readSafetensors(badJson, 'json.safetensors'), /^json\.safetensors: header is not (valid UTF-8 JSON|a JSON object)/);
  const huge = st.slice();
  new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
  throwsMessage(() => readSafetensors(huge, 'len.safetensors'), /^len\.safetensors: header length exceeds/);

  const pth = bytes('resnext50_tiny.pth');
  assert.throws(() => readWeights(pth.subarray(0, pth.length - 4000), 'cut.pth'), (e: unknown) => {
    assert.ok(e instanceof WeightsFormatError, String(e));
    assert.match(e.message, /^cut\.pth: corrupt or truncated zip archive/);
    return true;
  });
  const scrambled = pth.slice();
  const pklAt = Buffer.from(scrambled).indexOf('data.pkl') + 'data.pkl'.length;
  for (let i = pklAt + 64; i < pklAt + 200; i++) scrambled[i] = 0xff; // inside data.pkl's stored bytes
  assert.throws(() => readWeights(scrambled, 'scrambled.pth'), (e: unknown) => {
    assert.ok(e instanceof WeightsFormatError, String(e));
    assert.match(e.message, /^scrambled\.pth/);
    return true;
  });
  throwsMessage(() => readWeights(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'junk.bin'), /^junk\.bin: neither a \.safetensors file nor a PyTorch/);
});

test('keys that do not fit are listed by name, with the preset or knob that would fit', () => {
  const m = manifest.models.find((x) => x.name === 'resnet18_tiny') as ModelFixture;
  const sd = readWeights(bytes(m.pth), m.pth);
  // The tiny variant's weights on the full resnet18: layer1.1, layer2.1, layer3, layer4 missing, fc mis-shaped.
  assert.throws(() => fitWeights(buildGraph(resolveId('resnet18')), sd, m.pth), (e: unknown) => {
    assert.ok(e instanceof WeightsMismatchError);
    assert.ok(e.missing.includes('layer3.0.conv1.weight'));
    assert.ok(e.mismatched.some((x) => x.key === 'fc.weight' && x.got.join() === '10,128' && x.expected.join() === '1000,512'));
    assert.match(e.message, /^resnet18_tiny\.pth: does not fit resnet18: \d+ missing: layer1\.1\.conv1\.weight, /);
    return true;
  });
  // Only the head differs: say which num_classes.
  const ten = buildGraph(resolveVariant({ extends: 'resnet18', layers: [1, 1], num_classes: 7 }));
  throwsMessage(() => fitWeights(ten, sd, 'x.pth'), /The classifier has 10 classes: use --set num_classes=10/);
});

test('a checkpoint of another preset is recognised ("this looks like resnet101")', () => {
  const sd: StateDict = new Map();
  for (const node of buildGraph(resolveId('resnet101')).nodes) {
    for (const t of node.tensors) sd.set(t.key, { shape: t.shape, dtype: t.dtype, data: new Float32Array(0), storedAs: 'F32' });
  }
  assert.deepEqual(closestPreset(sd), { id: 'resnet101', score: 1 });
  throwsMessage(() => fitWeights(buildGraph(resolveId('resnet50')), sd, 'r101.pth'), /^r101\.pth: does not fit resnet50: 306 unexpected: layer3\.6\..*This looks like resnet101: every key and shape fits it$/);
});
