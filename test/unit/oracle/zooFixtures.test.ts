// Integrity of the oracle's zoo fixtures (test/oracle/oracle.py and preprocessing_oracle.py →
// test/fixtures/oracle/*.json.gz): every name of issue 13 is there, built by its own library,
// each fixture agrees with itself (totals = sum of its modules, params = its state-dict
// parameters), and where torchvision and timm both build a name their numbers are the same.
// The engine's comparisons with these fixtures are in test/unit/engine/oracle.test.ts.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { fixturesDir } from '../fixturePaths';

/** The 94 names of issue 13, by family, as torchvision 0.14 and timm spell them. */
const ZOO: Record<string, string[]> = {
  resnet: [
    'resnet10t', 'resnet14t', 'resnet18', 'resnet18d', 'resnet26', 'resnet26d', 'resnet26t', 'resnet34', 'resnet34d',
    'resnet50', 'resnet50c', 'resnet50d', 'resnet50s', 'resnet50t', 'resnet50_gn', 'resnet101', 'resnet101c',
    'resnet101d', 'resnet101s', 'resnet152', 'resnet152c', 'resnet152d', 'resnet152s', 'resnet200', 'resnet200d',
    'resnetaa34d', 'resnetaa50', 'resnetaa50d', 'resnetaa101d', 'resnetblur18', 'resnetblur50', 'resnetblur50d',
    'resnetblur101d', 'resnext50_32x4d', 'resnext50d_32x4d', 'resnext101_32x4d', 'resnext101_32x8d',
    'resnext101_32x16d', 'resnext101_32x32d', 'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2',
  ],
  senet: [
    'seresnet18', 'seresnet34', 'seresnet50', 'seresnet50t', 'seresnet101', 'seresnet152', 'seresnet152d',
    'seresnet200d', 'seresnet269d', 'seresnetaa50d', 'seresnext26d_32x4d', 'seresnext26t_32x4d', 'seresnext50_32x4d',
    'seresnext101_32x4d', 'seresnext101_32x8d', 'seresnext101_64x4d', 'seresnext101d_32x8d', 'seresnextaa101d_32x8d',
    'seresnextaa201d_32x8d', 'senet154', 'legacy_senet154', 'legacy_seresnet18', 'legacy_seresnet34',
    'legacy_seresnet50', 'legacy_seresnet101', 'legacy_seresnet152', 'legacy_seresnext26_32x4d',
    'legacy_seresnext50_32x4d', 'legacy_seresnext101_32x4d',
  ],
  densenet: ['densenet121', 'densenet161', 'densenet169', 'densenet201', 'densenet264d', 'densenetblur121d'],
  res2net: [
    'res2net50_14w_8s', 'res2net50_26w_4s', 'res2net50_26w_6s', 'res2net50_26w_8s', 'res2net50_48w_2s', 'res2net50d',
    'res2net101_26w_4s', 'res2net101d', 'res2next50',
  ],
  resnest: [
    'resnest14d', 'resnest26d', 'resnest50d', 'resnest50d_1s4x24d', 'resnest50d_4s2x40d', 'resnest101e', 'resnest200e',
    'resnest269e',
  ],
};
const TORCHVISION = new Set([
  'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'resnext101_32x8d',
  'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2', 'densenet121', 'densenet161', 'densenet169', 'densenet201',
]);
/** At least one name per knob of issue 13 has a receptive field measured by input gradients. */
const RF_PER_KNOB: Record<string, string> = {
  'stem_type deep': 'resnet50c', 'stem_type deep (width 64)': 'resnet50s', 'stem_type deep_tiered': 'resnet26t',
  avg_down: 'resnet50d', 'aa_layer avgpool': 'resnetaa50', 'aa_layer blurpool': 'resnetblur50',
  'DenseNet deep stem + blurpool': 'densenetblur121d', 'SENet-154 layout': 'senet154', 'norm groupnorm': 'resnet50_gn',
  'legacy SE-ResNeXt': 'legacy_seresnext26_32x4d',
};
const SIZES = ['224', '320', '197'];
const BUFFER_SUFFIXES = ['.running_mean', '.running_var', '.num_batches_tracked'];

interface Size {
  input: number[];
  macs: number;
  blur_macs: number;
  logits_shape: number[];
  feature_shape: number[];
  children: Record<string, number[]>;
  modules: Record<string, { shape: number[]; macs?: number; blur_macs?: number }>;
}
/** What the fixture keeps of timm's copy of a name torchvision builds too. */
type TimmSize = Pick<Size, 'macs' | 'blur_macs' | 'logits_shape' | 'feature_shape'>;
interface Fixture {
  id: string;
  family: string;
  source: string;
  params: number;
  state_dict: Array<[string, number[]]>;
  sizes: Record<string, Size>;
  size_errors?: Record<string, string>;
  receptive_field?: Record<string, { size: number; stride: number }>;
  timm?: { source: string; params: number; sizes: Record<string, TimmSize>; differences: string[] };
}

function readGz<T>(file: string): T {
  assert.ok(existsSync(file), `missing ${file} (run the oracle, test/oracle/README.md)`);
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as T;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

test('the zoo lists the 94 names of issue 13 once each', () => {
  const names = Object.values(ZOO).flat();
  assert.equal(names.length, 94);
  assert.equal(new Set(names).size, 94);
});

for (const [family, names] of Object.entries(ZOO)) {
  for (const name of names) {
    test(`${name}: oracle fixture is complete and consistent`, () => {
      const f = readGz<Fixture>(join(fixturesDir, 'oracle', `${name}.json.gz`));
      assert.equal(f.id, name);
      assert.equal(f.family, family);
      assert.match(f.source, TORCHVISION.has(name) ? /^torchvision 0\.14\.\d+ / : /^timm \d+\.\d+/);
      assert.ok(f.source.endsWith(` ${name}`), f.source);

      const keys = f.state_dict.map(([k]) => k);
      assert.equal(new Set(keys).size, keys.length, 'state-dict keys are unique');
      const paramCount = sum(
        f.state_dict.filter(([k]) => !BUFFER_SUFFIXES.some((s) => k.endsWith(s))).map(([, shape]) => shape.reduce((a, b) => a * b, 1)),
      );
      assert.equal(paramCount, f.params, 'params = elements of the state-dict parameters');

      for (const size of SIZES) {
        const failed = f.size_errors?.[size];
        assert.ok((f.sizes[size] === undefined) !== (failed === undefined), `size ${size}: numbers or an error, not both`);
        if (failed !== undefined) continue;
        const s = f.sizes[size];
        assert.deepEqual(s.input, [3, Number(size), Number(size)]);
        const mods = Object.values(s.modules);
        assert.equal(sum(mods.map((m) => m.macs ?? 0)), s.macs, `MACs at ${size} = sum of the conv/linear modules`);
        assert.equal(sum(mods.map((m) => m.blur_macs ?? 0)), s.blur_macs, `blur multiply-adds at ${size}`);
        assert.deepEqual(s.logits_shape, [1000]);
        const featureChild = family === 'densenet' ? 'features.norm5' : 'layer4';
        assert.deepEqual(s.children[featureChild], s.feature_shape);
      }
      for (const size of ['224', '320']) assert.ok(f.sizes[size], `${name} runs at ${size}`);

      if (TORCHVISION.has(name)) {
        const timm = f.timm;
        assert.ok(timm, 'a name torchvision and timm share is built by both');
        assert.match(timm.source, new RegExp(`^timm \\S+ ${name}$`));
        assert.deepEqual(timm.differences, [], 'torchvision and timm agree');
        assert.equal(timm.params, f.params);
        for (const [size, s] of Object.entries(f.sizes)) {
          const t: TimmSize = timm.sizes[size];
          assert.deepEqual([t.macs, t.blur_macs, t.logits_shape, t.feature_shape], [s.macs, s.blur_macs, s.logits_shape, s.feature_shape], `timm at ${size}`);
        }
      } else {
        assert.equal(f.timm, undefined);
      }
      if (f.receptive_field) {
        const last = f.receptive_field[family === 'densenet' ? 'features.norm5' : 'layer4'];
        assert.equal(last.stride, 32);
        assert.ok(last.size > 32);
      }
    });
  }
}

test('every knob of issue 13 has a receptive field measured by the oracle', () => {
  for (const [knob, name] of Object.entries(RF_PER_KNOB)) {
    const f = readGz<Fixture>(join(fixturesDir, 'oracle', `${name}.json.gz`));
    assert.ok(f.receptive_field, `${knob}: ${name} has no receptive field`);
  }
});

interface TimmTag {
  input_size: number[];
  crop_pct?: number;
  crop_mode?: string;
  interpolation: string;
  mean: number[];
  std: number[];
  num_classes: number;
  eval_transform: Array<{ op: string; size?: number | number[]; interpolation?: string }>;
}
interface Preprocessing {
  sources: { timm: string; torchvision: string };
  names: Record<string, {
    family: string;
    timm: { default_tag: string; tags: Record<string, TimmTag> };
    torchvision?: Record<string, { file: string; resize_size: number[]; crop_size: number[]; interpolation: string; num_params: number }>;
  }>;
}

test('preprocessing: every name has its default timm tag, torchvision names their weights', () => {
  const p = readGz<Preprocessing>(join(fixturesDir, 'oracle', 'preprocessing.json.gz'));
  assert.deepEqual(Object.keys(p.names).sort(), Object.values(ZOO).flat().sort());
  for (const [name, rec] of Object.entries(p.names)) {
    const tag = rec.timm.tags[rec.timm.default_tag];
    assert.ok(tag, `${name}: default tag ${rec.timm.default_tag} has a cfg`);
    for (const [tagName, t] of Object.entries(rec.timm.tags)) {
      const crop = t.eval_transform.find((s) => s.op === 'center_crop');
      assert.deepEqual(crop?.size, t.input_size.slice(1), `${name}.${tagName}: crop = input size`);
      assert.equal(t.eval_transform.find((s) => s.op === 'resize')?.interpolation, t.interpolation, `${name}.${tagName}`);
    }
    assert.equal(rec.torchvision !== undefined, TORCHVISION.has(name), `${name}: torchvision weights`);
    if (!rec.torchvision) continue;
    const f = readGz<Fixture>(join(fixturesDir, 'oracle', `${name}.json.gz`));
    for (const [enumName, w] of Object.entries(rec.torchvision)) {
      assert.match(w.file, new RegExp(`^${name}-[0-9a-f]{8}\\.pth$`), `${name}.${enumName}`);
      assert.equal(w.num_params, f.params, `${name}.${enumName}: torchvision's own num_params`);
      assert.deepEqual(w.crop_size, [224]);
    }
  }
});

interface Heads {
  names: Record<string, Record<string, Record<'10' | '0', { params: number; head: Array<[string, number[]]> }>>>;
}

test('heads: a 10-class or headless model differs from its fixture only in the classifier', () => {
  const h = readGz<Heads>(join(fixturesDir, 'oracle', 'heads.json.gz'));
  assert.ok(Object.keys(h.names).length >= 10);
  for (const [name, libs] of Object.entries(h.names)) {
    const f = readGz<Fixture>(join(fixturesDir, 'oracle', `${name}.json.gz`));
    assert.deepEqual(Object.keys(libs).sort(), TORCHVISION.has(name) ? ['timm', 'torchvision'] : ['timm']);
    for (const [library, variants] of Object.entries(libs)) {
      const [, inFeatures] = variants['10'].head.find(([k]) => k.endsWith('.weight'))?.[1] ?? [];
      assert.deepEqual(variants['10'].head.map(([, s]) => s), [[10, inFeatures], [10]], `${name} ${library}: 10-class head`);
      assert.deepEqual(variants['0'].head, [], `${name} ${library}: headless`);
      const prefix = variants['10'].head[0][0].replace(/weight$/, '');
      const base = f.state_dict.filter(([k]) => k.startsWith(prefix));
      assert.deepEqual(base.map(([, s]) => s), [[1000, inFeatures], [1000]], `${name}: 1000-class head ${prefix}`);
      assert.equal(variants['10'].params, f.params - 990 * (inFeatures + 1), `${name} ${library}: params with 10 classes`);
      assert.equal(variants['0'].params, f.params - 1000 * (inFeatures + 1), `${name} ${library}: params headless`);
    }
  }
});
