// A minimal .safetensors writer for the benchmarks' generated weights (F32 only).
import { writeFileSync } from 'node:fs';

/** `tensors`: [key, shape, Float32Array] triples, written in order. */
export function writeSafetensors(file, tensors) {
  const header = {};
  const blobs = [];
  let offset = 0;
  for (const [key, shape, data] of tensors) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[key] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([len, json, ...blobs]));
}
