// `classify` names ImageNet-1k's classes in the CLI's language: "丁鲷 (tench)" in its text output
// under zh_CN, English under C; --json keeps the English label in every locale (scripts read the
// same output anywhere). The model is a small 1000-class ResNet with the seeded random weights
// the extension writes: the classes it picks mean nothing, their names are what is checked.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ensureRandomWeights } from '../../../inference/randomWeights';
import { readVariantText } from '../../../models';
import { repoRoot } from '../fixturePaths';
import { fixturePath } from '../onnx/fixtures';

const cliPath = join(repoRoot, 'out', 'cli', 'main.js');
const names = (file: string): string[] => readFileSync(join(repoRoot, 'media', file), 'utf8').trimEnd().split('\n');
const english = names('imagenet-1k-labels.txt');
const chinese = names('imagenet-1k-labels.zh-cn.txt');

const dir = mkdtempSync(join(tmpdir(), 'bl-cli-labels-'));
const variant = join(dir, 'resnet_imagenet_tiny.backbone.json');
let weights = '';

before(async () => {
  const text = JSON.stringify({ name: 'resnet_imagenet_tiny', extends: 'resnet18', layers: [1, 1], num_classes: 1000, input_size: 60 });
  writeFileSync(variant, text);
  weights = await ensureRandomWeights(readVariantText(text, variant), dir);
});

function classify(lang: string, ...extra: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, 'classify', fixturePath('small.png'), '--model', variant, '--weights', weights, '--ep', 'cpu', '--top', '3', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang, BACKBONE_LENS_CACHE: join(dir, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The text output's classes: [name as printed, index]. */
const classLines = (stdout: string): [string, number][] => [...stdout.matchAll(/^ +[\d.]+ % {2}(.+) \((\d+)\)$/gm)].map((m) => [m[1], Number(m[2])]);

test('classify in zh_CN prints "Chinese (English)" for each class; under C, English', () => {
  const zh = classify('zh_CN.UTF-8');
  assert.equal(zh.code, 0, zh.stderr);
  const shown = classLines(zh.stdout);
  assert.equal(shown.length, 3, zh.stdout);
  for (const [name, i] of shown) assert.equal(name, `${chinese[i]} (${english[i]})`);
  const en = classify('C.UTF-8');
  assert.equal(en.code, 0, en.stderr);
  assert.deepEqual(classLines(en.stdout), shown.map(([, i]) => [english[i], i]));
});

test('classify --json keeps the English labels in zh_CN', () => {
  const r = classify('zh_CN.UTF-8', '--json');
  assert.equal(r.code, 0, r.stderr);
  const top = (JSON.parse(r.stdout) as { results: { top: { index: number; label: string }[] }[] }).results[0].top;
  assert.equal(top.length, 3);
  for (const t of top) assert.deepEqual(Object.keys(t), ['index', 'label', 'prob']);
  for (const t of top) assert.equal(t.label, english[t.index]);
  assert.ok(!/[\u4e00-\u9fff]/.test(r.stdout), 'no Chinese in --json');
});
