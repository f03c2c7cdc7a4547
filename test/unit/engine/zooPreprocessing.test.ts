// Each name's preprocessing equals its library's own eval transform (test/oracle/
// preprocessing_oracle.py → test/fixtures/oracle/preprocessing.json.gz): timm's
// create_transform(resolve_data_config(cfg)) for every pretrained tag, torchvision's
// weights.transforms() for every hub file; and a weights path selects the right one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { findPreset, preprocessingFor, presetOfWeightsFile, presets, resolveId, timmPreprocessing, timmTags, type Preprocessing } from '../../../models';
import { fixturesDir } from '../fixturePaths';

type Step = { op: 'resize'; size: number; interpolation: string } | { op: 'center_crop'; size: [number, number] } | { op: 'to_tensor' } | { op: 'normalize'; mean: number[]; std: number[] };
interface TimmTag { input_size: number[]; crop_pct: number; interpolation: string; eval_transform: Step[]; file?: string }
interface TvWeights { file: string; resize_size: [number]; crop_size: [number]; interpolation: string; mean: number[]; std: number[] }
interface NameCfg { family: string; timm: { default_tag: string; tags: Record<string, TimmTag> }; torchvision?: Record<string, TvWeights> }

const fixture = JSON.parse(gunzipSync(readFileSync(join(fixturesDir, 'oracle', 'preprocessing.json.gz'))).toString('utf8')) as { names: Record<string, NameCfg> };

/** Our preprocessing as the steps timm and torchvision write. */
function steps(p: Preprocessing): Step[] {
  return [
    { op: 'resize', size: Math.floor(p.inputSize / p.cropPct), interpolation: p.interpolation },
    { op: 'center_crop', size: [p.inputSize, p.inputSize] },
    { op: 'to_tensor' },
    { op: 'normalize', mean: [...p.mean], std: [...p.std] },
  ];
}

test('the fixture covers every preset, and every preset is in it', () => {
  assert.deepEqual(Object.keys(fixture.names).sort(), presets.map((p) => p.id).sort());
});

test('every timm tag of every name: its eval transform, the default tag first', () => {
  let tags = 0;
  for (const [name, cfg] of Object.entries(fixture.names)) {
    assert.equal(timmTags(name)[0], cfg.timm.default_tag, `${name} default tag`);
    assert.deepEqual(timmTags(name).sort(), Object.keys(cfg.timm.tags).sort(), `${name} tags`);
    for (const [tag, t] of Object.entries(cfg.timm.tags)) {
      const p = timmPreprocessing(name, tag);
      assert.ok(p, `${name}.${tag}`);
      assert.deepEqual(steps(p), t.eval_transform, `${name}.${tag}`);
      // A Hugging Face cache folder of that tag selects it.
      const hub = preprocessingFor(resolveId(name), `/home/u/.cache/huggingface/hub/models--timm--${name}.${tag}/snapshots/0123abcd/model.safetensors`);
      assert.deepEqual(steps(hub), t.eval_transform, `hub folder of ${name}.${tag}`);
      assert.equal(hub.source, `timm ${name}.${tag}`);
      tags++;
    }
  }
  assert.ok(tags >= 150, `${tags} tags`);
});

test('the default preprocessing: torchvision IMAGENET1K_V1 for torchvision names, timm\'s default tag for the others', () => {
  for (const [name, cfg] of Object.entries(fixture.names)) {
    const preset = findPreset(name)!;
    if (cfg.torchvision) {
      const v1 = cfg.torchvision.IMAGENET1K_V1;
      assert.deepEqual(steps(preset.preprocessing), [
        { op: 'resize', size: v1.resize_size[0], interpolation: v1.interpolation },
        { op: 'center_crop', size: [v1.crop_size[0], v1.crop_size[0]] },
        { op: 'to_tensor' },
        { op: 'normalize', mean: v1.mean, std: v1.std },
      ], name);
    } else {
      assert.deepEqual(steps(preset.preprocessing), cfg.timm.tags[cfg.timm.default_tag].eval_transform, name);
      assert.deepEqual(resolveId(name).inputSize, [cfg.timm.tags[cfg.timm.default_tag].input_size[1], cfg.timm.tags[cfg.timm.default_tag].input_size[2]], `${name} input`);
    }
  }
});

test('torchvision hub file names select their weights\' transforms (V1 256, V2 232)', () => {
  let files = 0;
  for (const [name, cfg] of Object.entries(fixture.names)) {
    for (const [weights, w] of Object.entries(cfg.torchvision ?? {})) {
      const p = preprocessingFor(resolveId(name), `/home/u/.cache/torch/hub/checkpoints/${w.file}`);
      assert.deepEqual(steps(p), [
        { op: 'resize', size: w.resize_size[0], interpolation: w.interpolation },
        { op: 'center_crop', size: [w.crop_size[0], w.crop_size[0]] },
        { op: 'to_tensor' },
        { op: 'normalize', mean: w.mean, std: w.std },
      ], `${name} ${weights} ${w.file}`);
      assert.match(p.source ?? '', new RegExp(`^torchvision ${name} ${weights} `));
      assert.equal(presetOfWeightsFile(w.file), name);
      files++;
    }
  }
  assert.ok(files >= 21, `${files} files`);
  // The file of torchvision < 0.13's pretrained=True is IMAGENET1K_V1 too.
  assert.equal(Math.floor(224 / preprocessingFor(resolveId('resnet50'), 'resnet50-19c8e357.pth').cropPct), 256);
  assert.equal(Math.floor(224 / preprocessingFor(resolveId('resnet50'), 'C:\\Users\\u\\.cache\\torch\\hub\\checkpoints\\resnet50-11ad3fa6.pth').cropPct), 232);
});

test('timm release file names select their tag; other names get the preset default', () => {
  for (const [name, cfg] of Object.entries(fixture.names)) {
    for (const [tag, t] of Object.entries(cfg.timm.tags)) {
      if (!t.file || Object.values(cfg.torchvision ?? {}).some((w) => w.file === t.file)) continue;
      const p = preprocessingFor(resolveId(name), `/ckpt/${t.file}`);
      assert.deepEqual(steps(p), t.eval_transform, `${name}.${tag} ${t.file}`);
      assert.equal(presetOfWeightsFile(t.file), name, t.file);
    }
  }
  const spec = resolveId('resnest101e');
  assert.equal(preprocessingFor(spec, '/w/my-finetune.safetensors'), spec.preset!.preprocessing);
  assert.equal(preprocessingFor(spec, undefined).inputSize, 256);
  assert.equal(preprocessingFor(undefined, '/w/x.pth').source, 'torchvision IMAGENET1K_V1');
  // An unknown tag falls back to the name's other evidence, then the default.
  assert.equal(preprocessingFor(spec, '/hub/models--timm--resnest101e.no_such_tag/snapshots/a/model.safetensors'), spec.preset!.preprocessing);
});
