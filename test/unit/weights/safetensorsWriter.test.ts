// The engine's safetensors writer (the header; the shells stream the data after it) round-trips
// through the engine's reader, with the data 8-byte aligned.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readSafetensors, safetensorsHeader } from '../../../models';

test('safetensorsHeader + data reads back key by key, the data 8-byte aligned', () => {
  const entries = [
    { key: 'conv1.weight', dtype: 'F32' as const, shape: [2, 1, 1, 3] },
    { key: 'bn1.running_mean', dtype: 'F32' as const, shape: [2] },
    { key: 'naïve.bias', dtype: 'F32' as const, shape: [] },
  ];
  const { header, dataBytes } = safetensorsHeader(entries);
  assert.equal(dataBytes, 4 * (6 + 2 + 1));
  assert.equal(header.length % 8, 0);
  const values = Float32Array.from({ length: 9 }, (_, i) => i + 0.5);
  const file = new Uint8Array(header.length + dataBytes);
  file.set(header);
  file.set(new Uint8Array(values.buffer), header.length);
  const sd = readSafetensors(file, 'w.safetensors');
  assert.deepEqual([...sd.keys()], entries.map((e) => e.key));
  assert.deepEqual([...sd.get('conv1.weight')!.data], [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
  assert.deepEqual(sd.get('conv1.weight')!.shape, [2, 1, 1, 3]);
  assert.deepEqual([...sd.get('bn1.running_mean')!.data], [6.5, 7.5]);
  assert.deepEqual([...sd.get('naïve.bias')!.data], [8.5]);
});
