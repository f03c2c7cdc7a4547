// The engine speaks the display language: with the zh-cn bundle configured, as the shells
// configure @vscode/l10n, a typed error of the readers or of the variant validation comes out in
// Chinese and still names the file and the field, and a preset's description is translated where
// it is shown; with no bundle both are the English source text, byte for byte.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { findPreset, InvalidConfigError, memorySource, presetDescription, resolveId, resolveVariant, UnknownModelError, WeightsFormatError } from '../../../models';
import { indexSafetensors } from '../../../models/weights/safetensors';
import { repoRoot } from '../fixturePaths';

const zhCn = JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** A safetensors file whose 8-byte header length (1000) runs past its 12 bytes. */
function truncatedSafetensors(): Uint8Array {
  const bytes = new Uint8Array(12);
  new DataView(bytes.buffer).setBigUint64(0, 1000n, true);
  bytes.set([0x7b, 0x22, 0x61, 0x22], 8); // '{"a"'
  return bytes;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

const corruptHeader = (): unknown => thrown(() => indexSafetensors(memorySource(truncatedSafetensors()), 'weights/broken.safetensors'));
const badKnob = (): unknown => thrown(() => resolveVariant({ extends: 'resnet50', groups: 0 }, 'reid.backbone.json'));

describe('the engine in the display language', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('zh-cn: a corrupt safetensors header names the file, in Chinese, and keeps its reason', () => {
    l10n.config({ contents: zhCn });
    const e = corruptHeader();
    assert.ok(e instanceof WeightsFormatError);
    assert.equal(e.message, 'weights/broken.safetensors: 1000 字节的头部超出了文件末尾（12 字节）：文件被截断，或不是 safetensors 文件');
    assert.equal(e.file, 'weights/broken.safetensors');
    // What a surface does about it reads the reason, never the (translated) words.
    assert.equal(e.reason, 'damaged');
  });

  it('zh-cn: a bad variant knob names the file and the JSON path, in Chinese', () => {
    l10n.config({ contents: zhCn });
    const e = badKnob();
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.message, 'reid.backbone.json: $.groups: 应为 1 到 1024 之间的整数，实际为 0');
    assert.equal(e.path, '$.groups');
    const unknown = thrown(() => resolveId('resnet05'));
    assert.ok(unknown instanceof UnknownModelError);
    assert.equal(unknown.message, '未知模型 "resnet05"；您是否想输入 "resnet50", "resnet18", "resnet26"？（backbone-lens list 会列出所有预设）');
  });

  it('zh-cn: a preset description is translated where it is shown, model names kept', () => {
    l10n.config({ contents: zhCn });
    const preset = findPreset('resnet50d');
    assert.ok(preset);
    assert.equal(presetDescription(preset), 'ResNet-50-D：深层 stem 32-32-64，平均池化下采样 shortcut');
    // The data stays the English source text; a spec resolved now carries the translation.
    assert.equal(preset.description, 'ResNet-50-D: deep stem 32-32-64, avg-down shortcuts');
    assert.equal(resolveId('resnet50d').description, presetDescription(preset));
    assert.equal(resolveId('res2net').description, 'Res2Net（模型族默认值）');
  });

  it('without a bundle: the same errors and descriptions are the English source text', () => {
    l10n.config({ contents: {} });
    assert.equal((corruptHeader() as Error).message, 'weights/broken.safetensors: header of 1000 bytes runs past the end of the file (12 bytes): the file is truncated or not a safetensors file');
    assert.equal((badKnob() as Error).message, 'reid.backbone.json: $.groups: expected an integer from 1 to 1024, got 0');
    assert.equal((thrown(() => resolveId('resnet05')) as Error).message, 'unknown model "resnet05"; did you mean "resnet50", "resnet18", "resnet26"? (backbone-lens list shows every preset)');
    const preset = findPreset('resnet50d');
    assert.ok(preset);
    assert.equal(presetDescription(preset), preset.description);
    assert.equal(resolveId('res2net').description, 'Res2Net (family defaults)');
  });
});
