// The checkpoint editor's messages and data, without VS Code: both directions of the protocol are
// validated (what a hostile page or a garbled message sends is dropped), the table and header come
// from the file's index, and each refusal of the readers becomes an error naming the file, the
// problem and what to do.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkpointErrorOf, headerOf, statsData, tensorRows, variantOf } from '../../../extension/checkpoint/checkpointData';
import { parseCheckpointHostMessage, parseCheckpointWebviewMessage } from '../../../shared/protocol/checkpoint';
import { indexWeights, memorySource, StatsStream, WeightsFormatError } from '../../../models';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'weights');
const indexOf = (name: string) => indexWeights(memorySource(new Uint8Array(readFileSync(join(dir, name)))), name);

test('page → host: only the three message kinds, with valid fields, get through', () => {
  assert.deepEqual(parseCheckpointWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseCheckpointWebviewMessage({ type: 'action', action: 'exportOnnx' }), { type: 'action', action: 'exportOnnx' });
  const rendered = { type: 'rendered', state: { phase: 'done', rows: 3, rowsWithStats: 3, architecture: 'exact resnet18', error: '' } };
  assert.deepEqual(parseCheckpointWebviewMessage(rendered), rendered);
  for (const bad of [null, 'ready', { type: 'action', action: 'rm -rf' }, { type: 'rendered', state: { phase: 'done', rows: -1, rowsWithStats: 0, architecture: '', error: '' } }, { type: 'rendered', state: { phase: 'lost', rows: 1, rowsWithStats: 0, architecture: '', error: '' } }, { type: 'other' }]) {
    assert.equal(parseCheckpointWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('host → page: the index, a stats batch and the BatchNorm health of a real file round-trip through the validator', () => {
  const index = indexOf('stats_f32.pth');
  const header = headerOf(index, 'stats_f32.pth', 'stats_f32.pth', 481244);
  const indexMsg = { type: 'index', header, architecture: { recognised: false, reason: 'r' }, tensors: tensorRows(index), trusted: false };
  assert.deepEqual(parseCheckpointHostMessage(JSON.parse(JSON.stringify(indexMsg))), indexMsg);
  const stream = new StatsStream(index);
  const rows = [];
  for (let s = stream.step(); s; s = stream.step()) rows.push({ position: s.position, stats: statsData(s.stats) });
  const statsMsg = { type: 'stats', rows, bytesDone: stream.totalBytes, totalBytes: stream.totalBytes };
  assert.deepEqual(parseCheckpointHostMessage(JSON.parse(JSON.stringify(statsMsg))), statsMsg);
  const done = { type: 'statsDone', batchNorm: stream.batchNorm.map((b) => ({ ...b })) };
  assert.deepEqual(parseCheckpointHostMessage(JSON.parse(JSON.stringify(done))), done);
  // A statistic that is not a number (NaN crosses postMessage as NaN, JSON as null) and a negative count are refused.
  assert.equal(parseCheckpointHostMessage({ ...statsMsg, rows: [{ position: 0, stats: { ...rows[0].stats, mean: Number.NaN } }] }), undefined);
  assert.equal(parseCheckpointHostMessage({ ...statsMsg, rows: [{ position: 0, stats: { ...rows[0].stats, zeros: -1 } }] }), undefined);
  assert.equal(parseCheckpointHostMessage({ ...indexMsg, tensors: [{ key: 'a', shape: [1.5], dtype: 'float32', params: 1 }] }), undefined);
});

test('the table and header: PyTorch dtype names, element counts, the wrapper and its other keys', () => {
  const rows = tensorRows(indexOf('resnet18_tiny.pth'));
  assert.deepEqual(rows[0], { key: 'conv1.weight', shape: [64, 3, 7, 7], dtype: 'float16', params: 64 * 3 * 7 * 7 });
  assert.ok(rows.some((r) => r.dtype === 'int64' && r.key.endsWith('num_batches_tracked')));
  const wrapped = headerOf(indexOf('densenet121_tiny.wrapped.pth'), 'w.pth', 'w.pth', 1);
  assert.equal(wrapped.wrapper, 'state_dict');
  assert.equal(wrapped.format, 'pytorch');
  const mixed = headerOf(indexOf('stats_mixed.safetensors'), 'm', 'm', 1);
  // float64 (1001) + float32 fc (640) elements; the int32 tensor is not counted as parameters.
  assert.deepEqual([mixed.params, mixed.wrapper, mixed.format], [1001 + 640, null, 'safetensors']);
});

test('errors name the file, the problem and what to do', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['module.pth', /^refused to unpickle the global torch\.nn\.modules\.linear\.Linear/, /state_dict\(\)/],
    ['legacy.pth', /legacy \(pre-1\.6\)/, /^Re-save it with a current PyTorch/],
    ['malicious.pth', /^refused to unpickle/, /^Nothing in the file was run/],
  ];
  for (const [name, problem, advice] of cases) {
    let error: unknown;
    try {
      indexOf(name);
    } catch (e) {
      error = e;
    }
    const ce = checkpointErrorOf(error, name);
    assert.equal(ce.file, name);
    assert.match(ce.problem, problem, name);
    assert.match(ce.advice, advice, name);
  }
  const cut = new Uint8Array(readFileSync(join(dir, 'resnet18_tiny.pth'))).subarray(0, 100_000);
  let error: unknown;
  try {
    indexWeights(memorySource(cut), 'cut.pth');
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof WeightsFormatError);
  assert.match(checkpointErrorOf(error, 'cut.pth').advice, /^The file is incomplete or damaged/);
  const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
  assert.match(checkpointErrorOf(missing, 'gone.pth').problem, /^cannot read the file \(ENOENT/);
});

test('the variant file of a recognised architecture is {"extends": model, ...overrides}', () => {
  assert.deepEqual(variantOf('resnet50', { num_classes: 751, last_stride: 1 }), { extends: 'resnet50', num_classes: 751, last_stride: 1 });
});
