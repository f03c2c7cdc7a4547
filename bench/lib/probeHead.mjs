// A trained classifier for measuring int8 agreement without pretrained weights: random weights
// give logits whose top-1 margins are tiny and meaningless, so instead a linear head (softmax
// regression, the "linear probe") is trained on the fp32 backbone's pooled features of a labelled
// synthetic image set, and int8 is then compared with fp32 on held-out images of the same set —
// a decision that a trained model makes with real margins.
//
// The set: CLASSES classes of 640×480 images; each class has its own colour waves (frequencies,
// directions, colours), each image of it a random phase, a small frequency jitter and noise.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sharp = require('sharp');
const { mulberry32: prng } = require('../../out/inference/prng.js');

export const CLASSES = 10;


/** Class `cls`'s look, the same for every image of it: four colour waves and a base colour. */
function classLook(cls) {
  const classRand = prng(0xc1a55 + cls * 104729);
  const waves = Array.from({ length: 4 }, () => ({ fx: classRand() * 8 + 1, fy: classRand() * 8 + 1, colour: [classRand() - 0.5, classRand() - 0.5, classRand() - 0.5] }));
  const base = [classRand() * 140 + 58, classRand() * 140 + 58, classRand() * 140 + 58];
  return { waves, base };
}

/**
 * Image `instance` of class `cls` as a 640×480 JPEG file. With `blend`, the image mixes its class's
 * look (weight α, uniform in 0.5 … 1) with another class's (1 − α), as real photographs hold more
 * than one thing: near α = 0.5 it is ambiguous, so a trained head meets small top-1 margins as it
 * does on ImageNet, not only the wide ones of separable classes.
 */
export async function writeLabelledJpeg(file, cls, instance, { blend = false } = {}, w = 640, h = 480) {
  const r = prng(0x1a57 + cls * 7919 + instance * 15485863);
  const own = classLook(cls);
  let alpha = 1;
  let other = own;
  if (blend) {
    alpha = 0.5 + 0.5 * r();
    other = classLook((cls + 1 + Math.floor(r() * (CLASSES - 1))) % CLASSES);
  }
  const jitter = (v, weight) => ({ ...v, amplitude: 110 * weight, fx: v.fx * (0.85 + 0.3 * r()), fy: v.fy * (0.85 + 0.3 * r()), phase: r() * 2 * Math.PI });
  const jittered = [...own.waves.map((v) => jitter(v, alpha)), ...(blend ? other.waves.map((v) => jitter(v, 1 - alpha)) : [])];
  const base = own.base.map((b, c) => alpha * b + (1 - alpha) * other.base[c]);
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    for (let c = 0; c < 3; c++) {
      let v = base[c];
      for (const wv of jittered) v += wv.amplitude * wv.colour[c] * Math.cos(2 * Math.PI * ((wv.fx * x) / w + (wv.fy * y) / h) + wv.phase);
      v += (r() - 0.5) * 30;
      px[(y * w + x) * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
}

/**
 * Softmax regression on standardised features: full-batch gradient descent with L2 decay.
 * Returns the head in the features' own units: weight [classes × dim] and bias [classes].
 */
export function trainHead(features, labels, classes = CLASSES, { epochs = 300, rate = 0.5, decay = 1e-4 } = {}) {
  const n = features.length;
  const dim = features[0].length;
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (const f of features) for (let d = 0; d < dim; d++) mean[d] += f[d] / n;
  for (const f of features) for (let d = 0; d < dim; d++) std[d] += (f[d] - mean[d]) ** 2 / n;
  for (let d = 0; d < dim; d++) std[d] = Math.sqrt(std[d]) || 1;
  const z = features.map((f) => Float64Array.from(f, (v, d) => (v - mean[d]) / std[d]));
  const W = new Float64Array(classes * dim);
  const b = new Float64Array(classes);
  const p = new Float64Array(classes);
  for (let e = 0; e < epochs; e++) {
    const gW = new Float64Array(classes * dim);
    const gb = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        let s = b[k];
        for (let d = 0; d < dim; d++) s += W[k * dim + d] * z[i][d];
        p[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += (p[k] = Math.exp(p[k] - max));
      for (let k = 0; k < classes; k++) {
        const g = p[k] / sum - (labels[i] === k ? 1 : 0);
        gb[k] += g / n;
        for (let d = 0; d < dim; d++) gW[k * dim + d] += (g * z[i][d]) / n;
      }
    }
    for (let j = 0; j < W.length; j++) W[j] -= rate * (gW[j] + decay * W[j]);
    for (let k = 0; k < classes; k++) b[k] -= rate * gb[k];
  }
  // Undo the standardisation: W·(f − μ)/σ + b = (W/σ)·f + (b − Σ W μ/σ).
  const weight = new Float32Array(classes * dim);
  const bias = new Float32Array(classes);
  for (let k = 0; k < classes; k++) {
    let shift = 0;
    for (let d = 0; d < dim; d++) {
      weight[k * dim + d] = W[k * dim + d] / std[d];
      shift += (W[k * dim + d] * mean[d]) / std[d];
    }
    bias[k] = b[k] - shift;
  }
  return { weight, bias };
}
