// The Python tokenizer: strings, comments, numbers and half-typed code.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { tokenizePython } from '../../../extension/hover/pyTokens';

const texts = (src: string, window?: { start: number; end: number }): string[] => tokenizePython(src, window).map((t) => t.text);

test('names, operators, numbers and strings', () => {
  assert.deepEqual(texts('m = nn.Conv2d(3, 64, kernel_size=(7, 7), bias=False)'), ['m', '=', 'nn', '.', 'Conv2d', '(', '3', ',', '64', ',', 'kernel_size', '=', '(', '7', ',', '7', ')', ',', 'bias', '=', 'False', ')']);
  assert.deepEqual(texts('x == 1_000 ** 2e-3'), ['x', '==', '1_000', '**', '2e-3']);
  assert.deepEqual(texts(`create_model(r"a\\"b", 'c#d')`), ['create_model', '(', 'r"a\\"b"', ',', "'c#d'", ')']);
});

test('comments and docstrings hide what is inside them', () => {
  assert.deepEqual(texts('# resnet50(\nx = 1'), ['x', '=', '1']);
  assert.deepEqual(texts('"""resnet50(\n"""\ny'), ['"""resnet50(\n"""', 'y']);
});

test('a window starts at a line start outside strings and comments, and ends where asked', () => {
  const src = 'a = """doc\nresnet50(\n"""\n# x = "\nb = f(1)\nc = g(2)\n';
  // The window opens inside the docstring and inside the comment: neither leaks tokens.
  assert.deepEqual(texts(src, { start: src.indexOf('resnet50'), end: src.length }), ['b', '=', 'f', '(', '1', ')', 'c', '=', 'g', '(', '2', ')']);
  assert.deepEqual(texts(src, { start: src.indexOf('= f'), end: src.indexOf('c =') }), ['b', '=', 'f', '(', '1', ')']);
  const whole = tokenizePython(src);
  const windowed = tokenizePython(src, { start: src.indexOf('c ='), end: src.length });
  assert.deepEqual(windowed, whole.slice(whole.length - windowed.length));
});

test('an unterminated string ends at the line and is flagged', () => {
  const toks = tokenizePython("create_model('resnet\nx = 1");
  const s = toks.find((t) => t.kind === 'string');
  assert.equal(s?.unterminated, true);
  assert.equal(s?.text, "'resnet");
  assert.ok(toks.some((t) => t.text === 'x'));
});

test('offsets point into the source', () => {
  const src = 'a = resnet50(num_classes=10)';
  for (const t of tokenizePython(src)) assert.equal(src.slice(t.start, t.end), t.text);
});
