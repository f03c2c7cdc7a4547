// Locations of committed fixtures, relative to the compiled test file (out/test/unit/...).
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
