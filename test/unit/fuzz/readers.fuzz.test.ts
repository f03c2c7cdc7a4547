// Fuzz (fixed seed) of the pure readers: every mutated checkpoint and variant file is accepted or
// answered with a typed error naming the file; nothing else escapes, within the bounds
// (10 s and 1 GiB per input, generous by two orders of magnitude: a hang or a blow-up still fails).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatReport, fuzz } from '../../fuzz/harness';
import { variantTarget, weightsTargets } from '../../fuzz/targets';
import { fixturesDir, repoRoot } from '../fixturePaths';

const ITERATIONS = 2000;
const SEED = 12;
const MAX_MS = 10_000;
const MAX_RSS = 2 ** 30;

for (const target of [...weightsTargets(fixturesDir), variantTarget(fixturesDir, join(repoRoot, 'test', 'workspace'))]) {
  test(`fuzz ${target.reader}: ${ITERATIONS} mutated inputs end accepted or in a typed error naming the file`, async () => {
    const r = await fuzz(target, ITERATIONS, SEED);
    console.log(formatReport(r));
    assert.deepEqual(r.crashes.slice(0, 5), []);
    assert.ok(r.typed > 0, 'the mutations reach the readers\' checks');
    assert.ok(r.maxMs < MAX_MS, `slowest input took ${r.maxMs} ms`);
    assert.ok(r.maxRss < MAX_RSS, `peak RSS ${r.maxRss} bytes`);
  });
}
