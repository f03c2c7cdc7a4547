// Decoding + preprocessing against PyTorch/PIL: the oracle's tensors come from
// PIL.Image.open → torchvision Resize (Pillow's resampler) → CenterCrop → ToTensor → Normalize.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeImage } from '../../../inference/decodeImage';
import { preprocess, resizedSize, resizeRgb, type RgbImage } from '../../../inference/preprocess';
import type { Preprocessing } from '../../../models';
import { fixturePath, inputTensor, manifest, maxAbsDiff } from '../onnx/fixtures';

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

for (const [key, input] of Object.entries(manifest.inputs)) {
  test(`preprocessing of ${input.image} (${input.interpolation}, crop_pct ${input.crop_pct}) equals PIL + torchvision bit for bit`, async () => {
    const img = await decodeImage(fixturePath(input.image));
    const p: Preprocessing = { inputSize: manifest.size, cropPct: input.crop_pct, interpolation: input.interpolation, mean: MEAN, std: STD };
    const got = preprocess(img, p, [manifest.size, manifest.size]);
    const want = inputTensor(input.image, input.interpolation, input.crop_pct);
    const diff = maxAbsDiff(got, want);
    assert.equal(diff, 0, `${key}: max |Δ| ${diff}`);
    assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(want.buffer), key);
  });
}

test('torchvision Resize(int) sizes: shorter side to the size, longer side truncated', () => {
  assert.deepEqual(resizedSize(90, 75, 68), [81, 68]);
  assert.deepEqual(resizedSize(75, 90, 68), [68, 81]);
  assert.deepEqual(resizedSize(640, 480, 256), [341, 256]);
});

/** The transform as torchvision states it: Pillow's full resize (the JS passes, the kernel's reference), then crop (zero padding), then normalise. */
function reference(img: RgbImage, p: Preprocessing, crop: number): Float32Array {
  const [w, h] = resizedSize(img.width, img.height, Math.floor(crop / p.cropPct));
  const r = w === img.width && h === img.height ? img : resizeRgb(img, w, h, p.interpolation, null);
  const roundHalfEven = (v: number): number => (v - Math.floor(v) === 0.5 ? (Math.floor(v) % 2 === 0 ? Math.floor(v) : Math.floor(v) + 1) : Math.round(v));
  const off = (size: number): number => (crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2));
  const top = off(h);
  const left = off(w);
  const out = new Float32Array(3 * crop * crop);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < crop; y++) {
      for (let x = 0; x < crop; x++) {
        const sy = y + top;
        const sx = x + left;
        const v = sy >= 0 && sy < h && sx >= 0 && sx < w ? r.data[(sy * w + sx) * 3 + c] : 0;
        out[(c * crop + y) * crop + x] = Math.fround(Math.fround(v / 255) - Math.fround(p.mean[c])) / Math.fround(p.std[c]);
      }
    }
  }
  return out;
}

test('preprocessing resizes only the crop window, bit for bit what a full resize then crop gives (sizes, filters, padding)', () => {
  let seed = 12345;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 255;
  const cases: [number, number, number, number][] = [
    // width, height, crop, crop_pct
    [640, 480, 224, 0.875],
    [480, 640, 224, 0.95],
    [333, 251, 64, 0.875],
    [97, 1000, 48, 1],
    [40, 33, 60, 0.875], // upscaling
    [256, 256, 224, 0.875], // the vertical and horizontal sizes unchanged
    [20, 90, 64, 0.5], // the crop larger than the resized image: zero padding
    [1, 1, 8, 0.875],
  ];
  for (const [width, height, crop, cropPct] of cases) {
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? 255 * (rand() & 1) : rand(); // hard edges as well as noise
    const img = { width, height, data };
    for (const interpolation of ['bilinear', 'bicubic'] as const) {
      const p: Preprocessing = { inputSize: crop, cropPct, interpolation, mean: MEAN, std: STD };
      const got = preprocess(img, p, [crop, crop]);
      const want = reference(img, p, crop);
      assert.deepEqual(new Uint32Array(got.buffer), new Uint32Array(want.buffer), `${width}x${height} → ${crop} (${interpolation}, ${cropPct})`);
    }
  }
});
