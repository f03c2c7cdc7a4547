// The committed JSON schema is what the engine generates, and the manifest contributes it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveVariant, variantSchema } from '../../../models';
import { repoRoot } from '../fixturePaths';

test('media/schemas/backbone.schema.json is up to date (node scripts/gen-schema.mjs)', () => {
  const committed = JSON.parse(readFileSync(join(repoRoot, 'media', 'schemas', 'backbone.schema.json'), 'utf8'));
  assert.deepEqual(committed, variantSchema());
});

test('package.json contributes the schema for *.backbone.json', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.backbone.json', url: './media/schemas/backbone.schema.json' }]);
});

test('the schema says what the CLI says: "last_stride: expected one of 1, 2" for every knob, and describes each property once', () => {
  const schema = variantSchema() as { properties: Record<string, { description?: string }>; allOf: Array<{ then: { properties: Record<string, { errorMessage?: string; description?: string }> } }> };
  const resnet = schema.allOf.find((b) => 'last_stride' in b.then.properties)!.then.properties;
  assert.equal(resnet.last_stride.errorMessage, 'last_stride: expected one of 1, 2');
  // The engine's own message for the same mistake starts with the schema's words.
  assert.throws(() => resolveVariant({ extends: 'resnet50', last_stride: 3 }, 'x.backbone.json'), (e: Error) => e.message.endsWith('last_stride: expected one of 1, 2, got 3'));
  for (const branch of schema.allOf) {
    for (const [name, p] of Object.entries(branch.then.properties)) {
      if (name in schema.properties) assert.equal(p.description, undefined, `${name}: described at the top level only`);
      else if (!['extends', 'family'].includes(name)) assert.match(p.errorMessage ?? '', new RegExp(`^${name}: expected `), `${name} has an error message`);
    }
  }
});
