// The validation toolkit's combinators: limits are inclusive, problems name the path, output
// is a fresh copy (unknown keys dropped, arrays copied), never the input object itself.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSize, count, finite, intIn, intPair, listOf, object, oneOf, optional, parse, parseOrUndefined, text } from '../../../shared/validate';

describe('shared/validate.ts', () => {
  const schema = object({ name: text(5, 1), n: intIn(1, 3), side: optional(intPair(1, 10)), kind: oneOf(['a', 'b']), xs: listOf(finite(0), 2), c: count() });
  const good = { name: 'abc', n: 3, side: [1, 10], kind: 'b', xs: [0, 1.5], c: 0 };

  it('accepts values at the limits and copies them', () => {
    const r = parse(schema, { ...good, extra: 'dropped' });
    assert.ok(r.ok);
    assert.deepEqual(r.value, good);
    assert.notEqual(r.value.xs, good.xs);
  });

  const table: [string, unknown, RegExp][] = [
    ['not an object', 7, /^Invalid type/],
    ['empty name', { ...good, name: '' }, /^name: /],
    ['long name', { ...good, name: 'abcdef' }, /^name: /],
    ['n above range', { ...good, n: 4 }, /^n: /],
    ['n below range', { ...good, n: 0 }, /^n: /],
    ['n fractional', { ...good, n: 1.5 }, /^n: /],
    ['n NaN', { ...good, n: NaN }, /^n: /],
    ['side of one', { ...good, side: [1] }, /^side/],
    ['side out of range', { ...good, side: [1, 11] }, /^side\.1: /],
    ['side of three (a tuple takes exactly its items)', { ...good, side: [1, 2, 3] }, /^side/],
    ['kind not in the list', { ...good, kind: 'c' }, /^kind: /],
    ['too many xs', { ...good, xs: [1, 2, 3] }, /^xs: /],
    ['negative x', { ...good, xs: [-1] }, /^xs\.0: /],
    ['infinite x', { ...good, xs: [Infinity] }, /^xs\.0: /],
    ['count unsafe', { ...good, c: 2 ** 53 }, /^c: /],
    ['missing kind', { ...good, kind: undefined }, /^kind: /],
  ];
  for (const [what, raw, problem] of table) {
    it(`refuses ${what}`, () => {
      const r = parse(schema, raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problem, problem);
      assert.equal(parseOrUndefined(schema, raw), undefined);
    });
  }
});

describe('withinSize', () => {
  it('counts characters, keys and scalars, and stops at the budget', () => {
    assert.ok(withinSize({ a: 'xyz', b: [1, 2] }, 3 + 3 + 3 + 2 + 2 + 16));
    assert.ok(!withinSize({ a: 'xyz', b: [1, 2] }, 20));
    assert.ok(!withinSize(['x'.repeat(1000)], 999));
    // A list longer than the budget is refused from its length.
    assert.ok(!withinSize(new Array(2_000_000).fill({ k: 1 }), 1000));
    assert.ok(withinSize(null, 8) && !withinSize(null, 7));
  });
});
