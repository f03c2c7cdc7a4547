// Decoding + preprocessing against PyTorch/PIL: the oracle's tensors come from
// PIL.Image.open → torchvision Resize (Pillow's resampler) → CenterCrop → ToTensor → Normalize.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeImage } from '../../../inference/decodeImage';
import { preprocess, resizedSize } from '../../../inference/preprocess';
import type { Preprocessing } from '../../../models';
import { fixturePath, inputTensor, manifest, maxAbsDiff } from '../onnx/fixtures';

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;
/** One 8-bit step after normalisation is 1 / 255 / std ≈ 0.0175; the tolerance is a thousandth of it. */
const TOLERANCE = 1e-5;

for (const [key, input] of Object.entries(manifest.inputs)) {
  test(`preprocessing of ${input.image} (${input.interpolation}, crop_pct ${input.crop_pct}) equals PIL + torchvision within ${TOLERANCE}`, async () => {
    const img = await decodeImage(fixturePath(input.image));
    const p: Preprocessing = { inputSize: manifest.size, cropPct: input.crop_pct, interpolation: input.interpolation, mean: MEAN, std: STD };
    const got = preprocess(img, p, [manifest.size, manifest.size]);
    const want = inputTensor(input.image, input.interpolation, input.crop_pct);
    const diff = maxAbsDiff(got, want);
    assert.ok(diff <= TOLERANCE, `${key}: max |Δ| ${diff}`);
  });
}

test('torchvision Resize(int) sizes: shorter side to the size, longer side truncated', () => {
  assert.deepEqual(resizedSize(90, 75, 68), [81, 68]);
  assert.deepEqual(resizedSize(75, 90, 68), [68, 81]);
  assert.deepEqual(resizedSize(640, 480, 256), [341, 256]);
});
