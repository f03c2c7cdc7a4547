// The CLI as a user runs it (a child process), checked against the engine it wraps.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeSpec, presets, resolveId, statsReport } from '../../../models';
import { repoRoot } from '../fixturePaths';

const cliPath = join(repoRoot, 'out', 'cli', 'main.js');

/** The CLI in a locale (`LANG`; LC_ALL and LC_MESSAGES unset): English, the source text, unless a test asks. */
function cliIn(lang: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cli = (...args: string[]): ReturnType<typeof cliIn> => cliIn('C.UTF-8', ...args);

test('list --json lists the 20 presets with the engine numbers', () => {
  const r = cli('list', '--json');
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ id: string; params: number; macs: number; depth: number }>;
  assert.deepEqual(rows.map((x) => x.id), presets.map((p) => p.id));
  for (const row of rows) {
    const a = analyzeSpec(resolveId(row.id));
    assert.deepEqual([row.params, row.macs, row.depth], [a.total.params, a.total.macs, a.total.depth], row.id);
  }
});

test('stats --json carries every field of the contract, equal to the engine', () => {
  const r = cli('stats', 'resnet50', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.id, 'resnet50');
  assert.equal(j.family, 'resnet');
  assert.deepEqual(j.input, [3, 224, 224]);
  assert.equal(j.depth, 50);
  assert.equal(j.params, 25557032);
  assert.equal(j.macs, 4089184256);
  assert.deepEqual(j.feature_shape, [2048, 7, 7]);
  assert.deepEqual(j.receptive_field, { size: 427, min: 11, stride: 32, padding: 213, global_context: false });
  assert.ok(j.activation_bytes > 0);
  assert.ok(j.flops.batchnorm > 0 && j.flops.relu > 0 && j.flops.add > 0);
  const expected = statsReport(resolveId('resnet50'), analyzeSpec(resolveId('resnet50')), 'layer');
  assert.deepEqual(j.nodes, expected.nodes);
  const conv = j.nodes.find((n: { path: string }) => n.path === 'layer3.2.conv2');
  assert.deepEqual(conv, { path: 'layer3.2.conv2', op: 'conv', kind: 'layer', depth: 2, output_shape: [256, 14, 14], params: 589824, macs: 115605504, rf: { size: 171, min: 43, stride: 16, padding: 85, global_context: false } });
});

test('stats honours --input HxW, --set and --depth', () => {
  const r = cli('stats', 'resnet50', '--input', '320x256', '--set', 'last_stride=1', '--depth', 'stage', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.input, [3, 320, 256]);
  assert.deepEqual(j.feature_shape, [2048, 20, 16]);
  assert.deepEqual(j.overrides, { last_stride: 1 });
  assert.deepEqual(j.nodes.map((n: { path: string }) => n.path), ['stem', 'layer1', 'layer2', 'layer3', 'layer4', 'head']);
  const text = cli('stats', 'densenet121', '--depth', 'stage');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /params\s+7,978,856/);
  assert.match(text.stdout, /features\.transition3\s+transition/);
});

test('a variant file is read, and its problems name the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
  const good = join(dir, 'reid.backbone.json');
  writeFileSync(good, JSON.stringify({ extends: 'resnet50', last_stride: 1, num_classes: 751 }));
  const r = cli('stats', good, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).id, 'reid');
  assert.deepEqual(JSON.parse(r.stdout).feature_shape, [2048, 14, 14]);

  const syntax = join(dir, 'broken.backbone.json');
  writeFileSync(syntax, '{\n  "extends": "resnet50",\n}\n');
  const s = cli('stats', syntax);
  assert.equal(s.code, 1);
  assert.match(s.stderr, new RegExp(`${syntax.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: invalid JSON`));

  const wrong = join(dir, 'wrong.backbone.json');
  writeFileSync(wrong, JSON.stringify({ extends: 'resnet50', layers: [3, 4, 'x', 3] }));
  const w = cli('stats', wrong);
  assert.equal(w.code, 1);
  assert.match(w.stderr, /wrong\.backbone\.json: \$\.layers\[2\]: expected an integer/);

  const missing = cli('stats', join(dir, 'nope.backbone.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.backbone\.json: no such file/);
});

test('bad arguments exit non-zero with a clear message', () => {
  const unknown = cli('stats', 'resnet05');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown model "resnet05"; did you mean "resnet50"/);
  const depth = cli('stats', 'resnet50', '--depth', 'deep');
  assert.equal(depth.code, 2);
  assert.match(depth.stderr, /--depth must be one of stage, block, layer, got "deep"/);
  const flag = cli('stats', 'resnet50', '--frobnicate');
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /frobnicate/);
  const small = cli('stats', 'densenet121', '--input', '16');
  assert.equal(small.code, 1);
  assert.match(small.stderr, /input 16x16 is too small: at "features\.transition/);
  const command = cli('frobnicate');
  assert.equal(command.code, 2);
});

test('the CLI speaks its locale: help, usage errors, typed errors and preset descriptions in zh_CN; tables and JSON as in English', () => {
  const zh = JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const help = cliIn('zh_CN.UTF-8', '--help');
  assert.equal(help.code, 0, help.stderr);
  assert.ok(help.stdout.startsWith(`${zh['Usage:']}\n`), help.stdout.slice(0, 80));
  assert.ok(help.stdout.includes(zh['Messages follow the locale (LC_ALL, LC_MESSAGES, LANG); tables keep their columns, and --json output is English in every locale.']));
  // The synopsis is syntax: the same bytes in every language.
  const synopsis = (text: string): string => text.split('\n\n')[0].split('\n').slice(1).join('\n');
  assert.equal(synopsis(help.stdout), synopsis(cli('--help').stdout));
  const depth = cliIn('zh_CN.UTF-8', 'stats', 'resnet50', '--depth', 'deep');
  assert.equal(depth.code, 2);
  assert.ok(depth.stderr.startsWith('backbone-lens: --depth 必须是 stage, block, layer 之一，实际为 "deep"\n'), depth.stderr.slice(0, 120));
  // A typed error: its code's headline in Chinese, then the engine's message, in Chinese too, naming the model.
  const unknown = cliIn('zh_CN.UTF-8', 'stats', 'resnet05');
  assert.equal(unknown.code, 1);
  assert.ok(unknown.stderr.startsWith(`backbone-lens: ${zh['Unknown model']}：`), unknown.stderr);
  assert.ok(unknown.stderr.includes('未知模型 "resnet05"；您是否想输入 "resnet50"'), unknown.stderr);
  for (const args of [['stats', 'resnet50', '--json'], ['list']]) {
    assert.equal(cliIn('zh_CN.UTF-8', ...args).stdout, cli(...args).stdout, `backbone-lens ${args.join(' ')}`);
  }
  // The table is the same; the title line names the preset with its description in Chinese.
  const english = 'ResNet-50, bottleneck blocks, stride on the 3×3';
  const stats = cliIn('zh_CN.UTF-8', 'stats', 'resnet50').stdout;
  assert.ok(stats.startsWith(`resnet50 — ResNet: ${zh[english]}\n`), stats.slice(0, 120));
  assert.equal(stats, cli('stats', 'resnet50').stdout.replace(english, zh[english]));
  // --json is for scripts: English in every locale, its messages included.
  const json = cliIn('zh_CN.UTF-8', 'stats', 'resnet05', '--json');
  assert.ok(json.stderr.startsWith('backbone-lens: unknown model "resnet05"'), json.stderr);
  // LC_ALL wins over LANG, as in every POSIX tool.
  const r = spawnSync(process.execPath, [cliPath, 'stats', 'resnet05'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'zh_CN.UTF-8' } });
  assert.ok(r.stderr.startsWith('backbone-lens: unknown model "resnet05"'), r.stderr);
});
