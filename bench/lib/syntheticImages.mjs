// Deterministic 640×480 JPEG test photos for the classify benchmarks: image i is a gradient and
// XOR pattern shifted by i, so every file differs and decoding costs what a real photo costs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sharp = require('sharp');

export async function writeSyntheticJpeg(file, i) {
  const w = 640;
  const h = 480;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = (y * w + x) * 3;
    px[o] = (x + i * 13) & 255;
    px[o + 1] = (y * 2 + i * 7) & 255;
    px[o + 2] = ((x ^ y) + i) & 255;
  }
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
}
