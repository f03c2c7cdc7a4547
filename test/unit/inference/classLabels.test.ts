// ImageNet-1k's class names in English and Simplified Chinese (media/imagenet-1k-labels*.txt,
// inference/classLabels.ts): the Chinese list is aligned with the English one class for class,
// and results are shown "丁鲷 (tench)" in zh-cn only, keeping their English label.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { displayLabel, imagenetClassNames } from '../../../inference/classLabels';
import { labelsFor } from '../../../inference/modelSource';
import { repoRoot } from '../fixturePaths';

const lines = (name: string): string[] => readFileSync(join(repoRoot, 'media', name), 'utf8').split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
const english = lines('imagenet-1k-labels.txt');
const chinese = lines('imagenet-1k-labels.zh-cn.txt');

test('the Chinese list has 1000 names, one a line: none empty, none padded, none twice', () => {
  assert.equal(chinese.length, 1000);
  for (const [i, name] of chinese.entries()) {
    assert.ok(name.trim() !== '', `line ${i + 1} is empty`);
    assert.equal(name, name.trim(), `line ${i + 1} has surrounding white space`);
    assert.ok(!name.includes('\r'), `line ${i + 1} ends in CR`);
  }
  assert.equal(new Set(chinese).size, 1000, `repeated: ${chinese.filter((n, i) => chinese.indexOf(n) !== i).join(', ')}`);
  assert.equal(english.length, 1000);
});

test('the Chinese names are those of the English list\'s classes, index for index', () => {
  const spot: [number, string, string][] = [
    [0, 'tench', '丁鲷'],
    [1, 'goldfish', '金鱼'],
    [2, 'great white shark', '大白鲨'],
    [134, 'crane bird', '鹤'],
    [155, 'Shih-Tzu', '西施犬'],
    [207, 'golden retriever', '金毛寻回犬'],
    [281, 'tabby', '虎斑猫'],
    [388, 'giant panda', '大熊猫'],
    [409, 'analog clock', '指针式时钟'],
    [504, 'coffee mug', '咖啡杯'],
    [517, 'crane', '起重机'],
    [638, 'maillot', '紧身连体衣'],
    [639, 'maillot tank suit', '连体泳衣'],
    [817, 'sports car', '跑车'],
    [948, 'Granny Smith', '澳洲青苹'],
    [999, 'toilet tissue', '卫生纸'],
  ];
  for (const [i, en, zh] of spot) assert.deepEqual([english[i], chinese[i]], [en, zh], `class ${i}`);
});

test('the loader: English for "en" and every language without a list, Chinese for zh-cn, read once', () => {
  assert.deepEqual(imagenetClassNames('en'), english);
  assert.deepEqual(imagenetClassNames(), english);
  for (const other of ['fr', 'zh-tw', 'zh', 'de-de', '']) assert.deepEqual(imagenetClassNames(other), english, other);
  assert.deepEqual(imagenetClassNames('zh-cn'), chinese);
  assert.deepEqual(imagenetClassNames('zh-CN'), chinese);
  assert.equal(imagenetClassNames('zh-cn'), imagenetClassNames('zh-cn'), 'cached');
  // The worker's results keep the English names.
  assert.deepEqual(labelsFor(1000), english);
});

test('displayLabel: "Chinese (English)" in zh-cn for ImageNet\'s names, the label itself otherwise', () => {
  assert.equal(displayLabel(0, 'tench', 'zh-cn'), '丁鲷 (tench)');
  assert.equal(displayLabel(517, 'crane', 'zh-cn'), '起重机 (crane)');
  assert.equal(displayLabel(134, 'crane bird', 'zh-cn'), '鹤 (crane bird)');
  assert.equal(displayLabel(0, 'tench', 'en'), 'tench');
  assert.equal(displayLabel(0, 'tench', 'fr'), 'tench');
  // Not ImageNet-1k's name of that class (a 10-class model, a user's .onnx): shown as it is.
  assert.equal(displayLabel(3, 'class 3', 'zh-cn'), 'class 3');
  assert.equal(displayLabel(0, 'goldfish', 'zh-cn'), 'goldfish');
  assert.equal(displayLabel(1000, 'tench', 'zh-cn'), 'tench');
});
