// The oracle's weights fixtures (test/oracle/weights_oracle.py → test/fixtures/weights/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveVariant, type ModelSpec } from '../../../models';
import { fixturesDir } from '../fixturePaths';

export const weightsDir = join(fixturesDir, 'weights');

export interface ModelFixture {
  name: string;
  variant: string;
  pth: string;
  safetensors: string;
  pth_dtype: string;
  safetensors_dtype: string;
  interpolation: 'bilinear' | 'bicubic';
  crop_pct: number;
  logits: number[];
}
export interface InputFixture {
  image: string;
  interpolation: 'bilinear' | 'bicubic';
  crop_pct: number;
  file: string;
  shape: number[];
}
export interface WeightsManifest {
  size: number;
  models: ModelFixture[];
  inputs: Record<string, InputFixture>;
  views: Record<string, { shape: number[]; values: number[] }>;
}

export const manifest = JSON.parse(readFileSync(join(weightsDir, 'manifest.json'), 'utf8')) as WeightsManifest;
export const fixturePath = (name: string): string => join(weightsDir, name);
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
export const variantOf = (m: ModelFixture): ModelSpec => resolveVariant(JSON.parse(readFileSync(fixturePath(m.variant), 'utf8')), m.variant);

/** The oracle's preprocessed tensor (PIL + torchvision transforms) of a fixture image. */
export function inputTensor(image: string, interpolation: string, cropPct: number): Float32Array {
  const key = `${image.replace(/\.png$/, '')}_${interpolation}_${cropPct}`;
  const input = manifest.inputs[key];
  if (!input) throw new Error(`no oracle input ${key}`);
  const b = readFileSync(fixturePath(input.file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
