// One input-size rule (models/inputSize.ts) for variant files, --input, the toolbar, the webview
// protocol, the schema and a Python file's marker. Where the copies disagreed (the marker took no
// comma and stopped at 8192; the schema refused "224X320"), every surface now reads as the engine.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseInputSize as parseSetting } from '../../../models';
import { INPUT_SIZE_TEXT, inputSizeOf, isInputSize, MAX_INPUT_SIDE, parseInputSize } from '../../../models/inputSize';
import { DEFAULT_INPUT, inputFromMarker } from '../../../models/python';
import { modelConfigSchema } from '../../../shared/protocol/inspect';
import { parseOrUndefined } from '../../../shared/validate';
import { resolveId, variantSchema } from '../../../models';

const GOOD: [unknown, [number, number]][] = [
  [224, [224, 224]],
  ['224', [224, 224]],
  [' 256x320 ', [256, 320]],
  ['256X320', [256, 320]],
  ['256×128', [256, 128]],
  ['256, 128', [256, 128]],
  [[320, 480], [320, 480]],
  [String(MAX_INPUT_SIDE), [MAX_INPUT_SIDE, MAX_INPUT_SIDE]],
];
const BAD: unknown[] = ['', 'x', '0', '224x', '-1', '1.5', String(MAX_INPUT_SIDE + 1), [224], [224, 0], [224, 1.5], null, true];

test('every written form reads the same, and the same things are refused', () => {
  for (const [raw, hw] of GOOD) {
    assert.deepEqual(inputSizeOf(raw), hw, String(raw));
    assert.deepEqual(parseInputSize(raw, '--input'), hw);
    assert.equal(parseSetting, parseInputSize);
  }
  for (const raw of BAD) {
    assert.equal(inputSizeOf(raw), undefined, JSON.stringify(raw));
    assert.throws(() => parseInputSize(raw, '$.input_size', 'x.backbone.json'), /^InvalidConfigError: x\.backbone\.json: \$\.input_size: expected an input size such as 224/);
  }
  assert.ok(isInputSize([1, MAX_INPUT_SIDE]) && !isInputSize([1, MAX_INPUT_SIDE + 1]));
});

test('the Python marker, the schema and the panel protocol follow the same rule', () => {
  assert.deepEqual(inputFromMarker('# backbone-lens: input 256,128'), [256, 128]);
  assert.deepEqual(inputFromMarker('# backbone-lens: input 10000'), [10000, 10000]);
  assert.deepEqual(inputFromMarker('# backbone-lens: input 70000'), DEFAULT_INPUT);
  const schema = variantSchema() as { properties: { input_size: { oneOf: { pattern?: string; maximum?: number }[] } } };
  const [int, text] = schema.properties.input_size.oneOf;
  assert.equal(int.maximum, MAX_INPUT_SIDE);
  assert.equal(text.pattern, INPUT_SIZE_TEXT.source);
  for (const [raw] of GOOD.filter(([r]) => typeof r === 'string')) assert.ok(new RegExp(text.pattern as string).test(raw as string), String(raw));
  const configure = (input: unknown) => parseOrUndefined(modelConfigSchema, { source: { kind: 'preset', id: 'resnet50' }, input });
  assert.ok(configure([320, 480]));
  assert.equal(configure([320, MAX_INPUT_SIDE + 1]), undefined);
});

test('without a preset the default input is torchvision\'s crop, for the engine and the interpreter alike', () => {
  assert.deepEqual(resolveId('resnet').inputSize, [224, 224]);
  assert.deepEqual(DEFAULT_INPUT, [224, 224]);
});
