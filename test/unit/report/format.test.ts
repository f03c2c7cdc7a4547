// The one formatter (models/report/format.ts): the text every surface prints for a number. Where
// the old copies disagreed, these pin the choice: two decimals at every decimal prefix, a true
// minus sign, binary byte units with two decimals, "2048×7×7", and the receptive field's words.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  bytes,
  compact,
  duration,
  exactAndCompact,
  integer,
  milliseconds,
  percent,
  receptiveField,
  receptiveFieldCell,
  shape,
  signedInteger,
  signedPercent,
  statistic,
} from '../../../models/report/format';

describe('counts', () => {
  it('integers are grouped the same on every locale, with a true minus sign', () => {
    assert.equal(integer(25557032), '25,557,032');
    assert.equal(integer(999), '999');
    assert.equal(integer(0), '0');
    assert.equal(integer(-1000), '−1,000');
    assert.equal(signedInteger(1024), '+1,024');
    assert.equal(signedInteger(-3), '−3');
    assert.equal(signedInteger(0), '0');
  });
  it('short forms carry two decimals at every prefix (the old copies gave "9.4 k" here, "9.41 k" there)', () => {
    assert.equal(compact(9408), '9.41 k');
    assert.equal(compact(25557032), '25.56 M');
    assert.equal(compact(4089184256), '4.09 G');
    assert.equal(compact(1.5e12), '1.50 T');
    assert.equal(compact(999), '999');
    assert.equal(compact(-2500), '−2.50 k');
  });
  it('an exact count with its magnitude', () => {
    assert.equal(exactAndCompact(4089184256), '4,089,184,256 (4.09 G)');
    assert.equal(exactAndCompact(9408), '9,408 (9.41 k)');
    assert.equal(exactAndCompact(512), '512');
  });
});

describe('bytes, shapes, shares, times', () => {
  it('bytes in the largest binary unit, two decimals', () => {
    assert.equal(bytes(512), '512 B');
    assert.equal(bytes(1536), '1.50 KiB');
    assert.equal(bytes(107_008_000), '102.05 MiB');
    assert.equal(bytes(2.56 * 2 ** 30), '2.56 GiB');
  });
  it('shapes without spaces; an empty one as a dash', () => {
    assert.equal(shape([2048, 7, 7]), '2048×7×7');
    assert.equal(shape([224, 224]), '224×224');
    assert.equal(shape([]), '—');
  });
  it('percentages with one decimal, "< 0.1 %" for a tiny share', () => {
    assert.equal(percent(1), '100.0 %');
    assert.equal(percent(0.2419), '24.2 %');
    assert.equal(percent(0.003), '0.3 %');
    assert.equal(percent(0.0001), '< 0.1 %');
    assert.equal(percent(0), '0.0 %');
    assert.equal(signedPercent(0.032), '+3.2 %');
    assert.equal(signedPercent(-0.12), '−12.0 %');
  });
  it('latencies with two decimals; durations as precise as useful', () => {
    assert.equal(milliseconds(12.345), '12.35 ms');
    assert.equal(duration(12.34), '12.3 ms');
    assert.equal(duration(934.2), '934 ms');
    assert.equal(duration(1234), '1.23 s');
  });
});

describe('tensor statistics', () => {
  it('4 significant digits from 1e-3 up to 1e4, trailing zeros dropped', () => {
    assert.equal(statistic(3.14159), '3.142');
    assert.equal(statistic(0.123456), '0.1235');
    assert.equal(statistic(1234.5678), '1235');
    assert.equal(statistic(1.5), '1.5');
    assert.equal(statistic(0.001), '0.001');
    assert.equal(statistic(9999.4), '9999');
  });
  it('exponent notation outside [1e-3, 1e4), with 4 significant digits', () => {
    assert.equal(statistic(0.000999), '9.990e-4');
    assert.equal(statistic(1e4), '1.000e+4');
    assert.equal(statistic(123456), '1.235e+5');
    assert.equal(statistic(2.5e-8), '2.500e-8');
  });
  it('"—" where there is no value (no finite element), "0" for zero', () => {
    assert.equal(statistic(null), '—');
    assert.equal(statistic(0), '0');
    assert.equal(statistic(-0), '0');
  });
});

describe('the receptive field', () => {
  const resnet50 = { size: 427, min: 11, stride: 32, padding: 213, minPadding: 5, global: false, globalContext: false };
  it('says size, smallest path and stride in input pixels (README: "What the numbers mean")', () => {
    assert.equal(receptiveField(resnet50), '427 px (smallest path 11 px, stride 32)');
    assert.equal(receptiveField({ ...resnet50, globalContext: true }), '427 px (smallest path 11 px, stride 32), gated by global context');
    assert.equal(receptiveField({ size: null, min: null, stride: null, global: true }), 'global (whole image)');
    // Grouped like every other count (the diagram's old copy printed "1031 px", the hover's "1,031 px").
    assert.equal(receptiveField({ size: 1031, min: 23, stride: 16 }), '1,031 px (smallest path 23 px, stride 16)');
  });
  it('adds the effective paddings where a surface shows them', () => {
    assert.equal(receptiveField(resnet50, { padding: 213 }), '427 px (smallest path 11 px, stride 32, effective padding 213 px)');
    assert.equal(receptiveField(resnet50, resnet50), "427 px (smallest path 11 px, stride 32, effective padding 213 px, smallest path's padding 5 px)");
  });
  it('in a table cell: size/smallest path/stride', () => {
    assert.equal(receptiveFieldCell(resnet50), '427/11/32');
    assert.equal(receptiveFieldCell({ ...resnet50, globalContext: true }), '427/11/32 +ctx');
    assert.equal(receptiveFieldCell({ size: null, min: null, stride: null, global: true }), 'global');
  });
});
