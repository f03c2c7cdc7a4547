// The checkpoint editor's messages and data, without VS Code: both directions of the protocol are
// validated by its schemas, as the request/response helper checks them on arrival (what a hostile
// page or a garbled message sends is refused), the table and header come from the file's index,
// and each refusal of the readers becomes an error naming the file, the problem and what to do.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkpointErrorOf, headerOf, statsData, tensorRows, variantOf } from '../../../extension/checkpoint/checkpointData';
import { checkpointHostAnswers, checkpointHostServes, checkpointPageServes, CHECKPOINT_LIMITS } from '../../../shared/protocol/checkpoint';
import { parse } from '../../../shared/validate';
import { indexWeights, memorySource, StatsStream, WeightsFormatError } from '../../../models';
import { fixturesDir } from '../fixturePaths';
import { accepted } from '../shared/protocolCheck';

const dir = join(fixturesDir, 'weights');
const indexOf = (name: string) => indexWeights(memorySource(new Uint8Array(readFileSync(join(dir, name)))), name);

/** A message as the host takes it from the page, and as the page takes it from the host: the parsed message, or undefined when refused. */
const hostTakes = (m: unknown): unknown => accepted(checkpointHostServes, m);
const pageTakes = (m: unknown): unknown => accepted(checkpointPageServes, m);

const rendered = { phase: 'done', rows: 3, rowsWithStats: 3, architecture: 'exact resnet18', error: '' };
const recognised = {
  recognised: true,
  exact: false,
  model: 'resnet50',
  overrides: { num_classes: 751, last_stride: 1, zero_init: false, norm: 'bn', widths: [64, 128] },
  differences: ['fc.weight: [751, 2048] here, [1000, 2048] in resnet50'],
  prefix: 'module.',
  extraKeys: ['module.extra'],
  totals: { params: 25_557_032, macs: 4_089_184_256, input: [224, 224] },
};
const header = { name: 'a.pth', path: 'a.pth', format: 'pytorch', wrapper: null, otherKeys: [], fileBytes: 10, tensorBytes: 4, params: 1 };
const fileError = { file: 'a.pth', problem: 'truncated', advice: 'download it again' };

test('page → host: ready, the four actions and the rendered state get through; anything else is refused', () => {
  const good: unknown[] = [
    { type: 'ready' },
    ...['inspect', 'classify', 'exportOnnx', 'saveVariant'].map((action) => ({ type: 'action', action })),
    { type: 'rendered', ...rendered },
    { type: 'rendered', ...rendered, phase: 'loading', rows: 0, rowsWithStats: 0, architecture: '' },
    { type: 'rendered', ...rendered, phase: 'statsError', error: 'a.pth: truncated' },
  ];
  for (const m of good) assert.deepEqual(hostTakes(m), m, JSON.stringify(m));
  const bad: [string, unknown][] = [
    ['not an object', null],
    ['a bare string', 'ready'],
    ['an unknown message', { type: 'other' }],
    ['a message the page takes, not the host', { type: 'index', header, architecture: { recognised: false, reason: 'r' }, tensors: [], trusted: true }],
    ['an action that is not one of the four', { type: 'action', action: 'rm -rf' }],
    ['an action without its name', { type: 'action' }],
    ['a negative row count', { type: 'rendered', ...rendered, rows: -1, rowsWithStats: 0 }],
    ['a fractional row count', { type: 'rendered', ...rendered, rowsWithStats: 1.5 }],
    ['an unknown phase', { type: 'rendered', ...rendered, phase: 'lost' }],
    ['an architecture line past its limit', { type: 'rendered', ...rendered, architecture: 'x'.repeat(10_001) }],
    ['an error line that is not text', { type: 'rendered', ...rendered, error: 42 }],
    ['a rendered state without its phase', { type: 'rendered', rows: 1, rowsWithStats: 0, architecture: '', error: '' }],
  ];
  for (const [what, m] of bad) assert.equal(hostTakes(m), undefined, what);
});

test("host → page: an action's answer is the line to show, or null", () => {
  const answer = checkpointHostAnswers.results.action;
  for (const ok of [{ notice: 'Saved a.backbone.json.' }, { notice: null }]) assert.deepEqual(parse(answer, ok), { ok: true, value: ok });
  for (const [what, r] of [
    ['no notice', {}],
    ['a number', { notice: 3 }],
    ['past its limit', { notice: 'x'.repeat(10_001) }],
  ] as const) {
    assert.equal(parse(answer, r).ok, false, what);
  }
});

test('host → page: the index, a stats batch and the BatchNorm health of a real file round-trip through the schemas', () => {
  const index = indexOf('stats_f32.pth');
  const realHeader = headerOf(index, 'stats_f32.pth', 'stats_f32.pth', 481244);
  const indexMsg = { type: 'index', header: realHeader, architecture: { recognised: false, reason: 'r' }, tensors: tensorRows(index), trusted: false };
  assert.deepEqual(pageTakes(JSON.parse(JSON.stringify(indexMsg))), indexMsg);
  const stream = new StatsStream(index);
  const rows = [];
  for (let s = stream.step(); s; s = stream.step()) rows.push({ position: s.position, stats: statsData(s.stats) });
  const statsMsg = { type: 'stats', rows, bytesDone: stream.totalBytes, totalBytes: stream.totalBytes };
  assert.deepEqual(pageTakes(JSON.parse(JSON.stringify(statsMsg))), statsMsg);
  const done = { type: 'statsDone', batchNorm: stream.batchNorm.map((b) => ({ ...b })) };
  assert.deepEqual(pageTakes(JSON.parse(JSON.stringify(done))), done);
  // A statistic that is not a number (NaN crosses postMessage as NaN, JSON as null) and a negative count are refused.
  assert.equal(pageTakes({ ...statsMsg, rows: [{ position: 0, stats: { ...rows[0].stats, mean: Number.NaN } }] }), undefined);
  assert.equal(pageTakes({ ...statsMsg, rows: [{ position: 0, stats: { ...rows[0].stats, zeros: -1 } }] }), undefined);
  assert.equal(pageTakes({ ...indexMsg, tensors: [{ key: 'a', shape: [1.5], dtype: 'float32', params: 1 }] }), undefined);
});

test('host → page: every message kind with good fields is taken; malformed ones are refused', () => {
  const stats = { mean: 0.5, std: null, min: -1, max: 2, zeros: 0, nonfinite: 3, histogram: { lo: -1, hi: 2, counts: [1, 0, 2] } };
  const statsMsg = { type: 'stats', rows: [{ position: 0, stats }], bytesDone: 4, totalBytes: 8 };
  const indexMsg = { type: 'index', header, architecture: recognised, tensors: [{ key: 'w', shape: [], dtype: 'float32', params: 1 }], trusted: true };
  const good: unknown[] = [
    indexMsg,
    { ...indexMsg, architecture: { ...recognised, exact: true, differences: [], overrides: {}, totals: { unknown: 'resnet50: no such knob' } } },
    { ...indexMsg, header: { ...header, format: 'safetensors', wrapper: 'state_dict', otherKeys: ['epoch', 'optimizer'] } },
    statsMsg,
    { ...statsMsg, rows: [{ position: 1, stats: { ...stats, mean: null, min: null, max: null, histogram: null } }] },
    { type: 'statsDone', batchNorm: [] },
    { type: 'statsDone', batchNorm: [{ layer: 'bn1', channels: 64, zeroVariance: [3], dead: [0, 7] }] },
    { type: 'error', error: fileError },
    { type: 'statsError', error: fileError },
  ];
  for (const m of good) assert.deepEqual(pageTakes(m), m, JSON.stringify(m));
  const bad: [string, unknown][] = [
    ['an unknown message', { type: 'notice', message: 'hi' }],
    ['a message the host takes, not the page', { type: 'ready' }],
    ['a header of another format', { ...indexMsg, header: { ...header, format: 'onnx' } }],
    ['a header without its size', { ...indexMsg, header: { ...header, fileBytes: undefined } }],
    ['a dtype name past its limit', { ...indexMsg, tensors: [{ key: 'w', shape: [1], dtype: 'x'.repeat(21), params: 1 }] }],
    ['a tensor of rank 33', { ...indexMsg, tensors: [{ key: 'w', shape: new Array(33).fill(1), dtype: 'float32', params: 1 }] }],
    ['trust that is not a boolean', { ...indexMsg, trusted: 'yes' }],
    ['a recognised architecture without its model', { ...indexMsg, architecture: { ...recognised, model: undefined } }],
    ['totals that are neither counts nor a reason', { ...indexMsg, architecture: { ...recognised, totals: { params: 1, macs: 2 } } }],
    ['an input size of three sides', { ...indexMsg, architecture: { ...recognised, totals: { params: 1, macs: 2, input: [3, 224, 224] } } }],
    ['an override that is an object', { ...indexMsg, architecture: { ...recognised, overrides: { norm: { kind: 'bn' } } } }],
    [`more than ${CHECKPOINT_LIMITS.knobs} overrides`, { ...indexMsg, architecture: { ...recognised, overrides: Object.fromEntries(Array.from({ length: CHECKPOINT_LIMITS.knobs + 1 }, (_, i) => [`k${i}`, i])) } }],
    ['an unrecognised architecture without its reason', { ...indexMsg, architecture: { recognised: false } }],
    ['recognised as something else than a boolean', { ...indexMsg, architecture: { ...recognised, recognised: 'yes' } }],
    ['an infinite statistic', { ...statsMsg, rows: [{ position: 0, stats: { ...stats, max: Number.POSITIVE_INFINITY } }] }],
    ['a histogram bound that is not finite', { ...statsMsg, rows: [{ position: 0, stats: { ...stats, histogram: { ...stats.histogram, hi: Number.NaN } } }] }],
    [`a histogram of more than ${CHECKPOINT_LIMITS.bins} bins`, { ...statsMsg, rows: [{ position: 0, stats: { ...stats, histogram: { ...stats.histogram, counts: new Array(CHECKPOINT_LIMITS.bins + 1).fill(0) } } }] }],
    ['a negative position', { ...statsMsg, rows: [{ position: -1, stats }] }],
    ['progress that is not a count', { ...statsMsg, bytesDone: 1.5 }],
    ['a BatchNorm channel list of fractions', { type: 'statsDone', batchNorm: [{ layer: 'bn1', channels: 64, zeroVariance: [0.5], dead: [] }] }],
    ['no BatchNorm list', { type: 'statsDone' }],
    ['an error without its advice', { type: 'error', error: { file: 'a.pth', problem: 'truncated' } }],
    ['a stats error that is a string', { type: 'statsError', error: 'truncated' }],
  ];
  for (const [what, m] of bad) assert.equal(pageTakes(m), undefined, what);
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
