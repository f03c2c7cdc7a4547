// Writes the benchmarks' generated weights (F32 only) with the engine's safetensors header
// (models/weights/safetensors.ts; `npm run compile-tests` first).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { safetensorsHeader } = require(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'models'));

/** `tensors`: [key, shape, Float32Array] triples, written in order. */
export function writeSafetensors(file, tensors) {
  const { header } = safetensorsHeader(tensors.map(([key, shape]) => ({ key, dtype: 'F32', shape })));
  const blobs = tensors.map(([, , data]) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(file, Buffer.concat([header, ...blobs]));
}
