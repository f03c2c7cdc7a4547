// The committed JSON schema is what the engine generates, and the manifest contributes it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { variantSchema } from '../../../models';
import { repoRoot } from '../fixturePaths';

test('media/schemas/backbone.schema.json is up to date (node scripts/gen-schema.mjs)', () => {
  const committed = JSON.parse(readFileSync(join(repoRoot, 'media', 'schemas', 'backbone.schema.json'), 'utf8'));
  assert.deepEqual(committed, variantSchema());
});

test('package.json contributes the schema for *.backbone.json', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.backbone.json', url: './media/schemas/backbone.schema.json' }]);
});
