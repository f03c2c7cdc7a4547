// Writes media/schemas/backbone.schema.json from the engine (run after `npm run compile-tests`,
// which emits out/models). A unit test fails when the committed file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { variantSchema } = require('../out/models/index.js');
mkdirSync('media/schemas', { recursive: true });
writeFileSync('media/schemas/backbone.schema.json', `${JSON.stringify(variantSchema(), null, 2)}\n`);
console.log('wrote media/schemas/backbone.schema.json');
