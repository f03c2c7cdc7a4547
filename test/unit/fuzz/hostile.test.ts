// Hostile files, one per class of fault (built by test/fuzz/hostileWeights.ts): each ends in a
// typed error that names the file and says what is wrong, without hanging or materialising
// gigabytes; the memo fan-out is read with its one tensor materialised once.
import { strict as assert } from 'node:assert';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeHover } from '../../../extension/hover/hoverLogic';
import { modelFromWeights, ModelSourceError } from '../../../inference/modelSource';
import { checkVariantText, readWeights, resolveId, resolveVariant, VariantFileError, WeightsFormatError } from '../../../models';
import { hostileSafetensors, hostileWeights, safetensors } from '../../fuzz/hostileWeights';
import { runVariantText } from '../../fuzz/targets';

for (const c of [...hostileWeights, ...hostileSafetensors]) {
  test(`hostile ${c.name}: ${c.expect ? 'a typed error naming the file' : 'read without multiplying memory'}`, () => {
    const bytes = c.bytes();
    const rssBefore = process.memoryUsage().rss;
    if (c.expect === null) {
      const sd = readWeights(bytes, c.name);
      assert.equal(new Set([...sd.values()].map((t) => t.data)).size, 1, 'one tensor materialised once');
    } else {
      assert.throws(() => readWeights(bytes, c.name), (e: unknown) => {
        assert.ok(e instanceof WeightsFormatError, String(e));
        assert.ok(e.message.startsWith(`${c.name}`), e.message);
        assert.match(e.message, c.expect as RegExp);
        return true;
      });
    }
    assert.ok(process.memoryUsage().rss - rssBefore < 512 * 2 ** 20, 'no more than 512 MiB taken');
  });
}

test('a safetensors header of 128, 384 or 640 bytes is read as safetensors, not taken for a legacy torch file', () => {
  for (const len of [128, 384, 640]) {
    const head = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const st = safetensors(head.padEnd(len, ' '), new Uint8Array([0, 0, 0x80, 0x3f]));
    assert.equal(st[0], len & 0xff);
    assert.deepEqual(Array.from(readWeights(st, 'pad.safetensors').get('a')?.data as Float32Array), [1]);
  }
});

/** Asserts that `fn` throws an error whose message (not its name) matches `re`. */
function throwsMessage(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, re);
    return true;
  });
}

test('the model bounds what a checkpoint may materialise, before any tensor is', () => {
  const one = hostileWeights.find((c) => c.name === 'memo-fanout.pth');
  assert.ok(one);
  throwsMessage(() => readWeights(one.bytes(), 'f.pth', { maxElements: 1_000_000 }), /^f\.pth: the tensors hold 1048576 elements, more than the model needs \(at most 1000000\)/);
});

test('a 3 GiB sparse weights file is refused by its size before it is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-sparse-'));
  try {
    const file = join(dir, 'sparse.pth');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    assert.throws(() => modelFromWeights(resolveId('resnet18'), file, null), (e: unknown) => {
      assert.ok(e instanceof ModelSourceError, String(e));
      assert.match(e.message, /sparse\.pth: 3221225472 bytes is more than a \.safetensors or \.pth file for this model can be .*refused without reading it/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const deep = (n: number): string => `{"extends": "resnet18", "layers": ${'['.repeat(n)}${']'.repeat(n)}}`;

test('variant files: deep nesting is a typed error in the CLI path and no hover on the host, never a stack overflow', () => {
  for (const n of [100, 10_000, 1_000_000]) {
    assert.throws(() => runVariantText(deep(n), 'deep.backbone.json'), (e: unknown) => {
      assert.ok(e instanceof VariantFileError, String(e));
      assert.match(e.message, /^deep\.backbone\.json: (nested (\d+|more than 1000) levels deep|\d+ characters is too large)/);
      return true;
    });
    assert.equal(computeHover({ languageId: 'json', fileName: 'deep.backbone.json', uri: 'file:///deep.backbone.json', text: deep(n) }, 30), undefined);
  }
  throwsMessage(() => checkVariantText(' '.repeat(2 << 20), 'big.backbone.json'), /^big\.backbone\.json: \d+ characters is too large for a variant file/);
});

test('variant files: a UTF-8 BOM is accepted; 1e400 and deep values are described, not "null" or a stack overflow', () => {
  assert.doesNotThrow(() => runVariantText('\uFEFF{"extends": "resnet18"}', 'bom.backbone.json'));
  throwsMessage(() => resolveVariant(JSON.parse('{"extends": "resnet50", "base_width": 1e400}'), 'w.backbone.json'), /^w\.backbone\.json: \$\.base_width: expected an integer .*got infinity \(a number too large to represent\)/);
  const nested = JSON.parse(`{"family": ${'['.repeat(20)}${']'.repeat(20)}}`) as unknown;
  throwsMessage(() => resolveVariant(nested, 'n.backbone.json'), /^n\.backbone\.json: \$\.family: expected one of .*, got a list of 1 items/);
  throwsMessage(() => resolveVariant({ extends: 'x'.repeat(100_000) }, 'long.backbone.json'), /^long\.backbone\.json: \$\.extends: unknown model "x{64}…"/);
});

test('stats on a variant file names the file for errors the analysis raises', async () => {
  const { statsCommand } = await import('../../../cli/commands/stats');
  const dir = mkdtempSync(join(tmpdir(), 'bl-variant-'));
  try {
    const file = join(dir, 'groups.backbone.json');
    // Valid knobs, but ResNeSt's split convolution cannot group 3 channels in 2.
    writeFileSync(file, '{"extends": "resnest50d", "layers": [1, 1], "stem_width": 8, "base_width": 3}');
    throwsMessage(() => statsCommand({ model: file, sets: {}, json: true }), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: layer1\\.0\\.conv2\\.conv: groups=2 must divide`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
