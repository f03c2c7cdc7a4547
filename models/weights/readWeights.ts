// One entry point for checkpoint bytes: the format is recognised by content, not by extension
// (people rename .pth to .pt, .bin, .ckpt).
import { WeightsFormatError } from './errors';
import { isLegacyTorch, isZip, readPth } from './pth';
import { isSafetensors, readSafetensors } from './safetensors';
import type { ReadLimits } from './limits';
import type { StateDict } from './tensor';

export type WeightsFormat = 'safetensors' | 'pytorch';

export function weightsFormat(bytes: Uint8Array): WeightsFormat | undefined {
  if (isZip(bytes)) return 'pytorch';
  // Before the legacy check: a header length of 128, 384, … starts with the byte 0x80 too.
  if (isSafetensors(bytes)) return 'safetensors';
  if (isLegacyTorch(bytes)) return 'pytorch';
  return undefined;
}

/**
 * Reads a .safetensors or torch.save (.pth/.pt) file. `file` names it in errors; `limits` bound
 * what it may materialise (the model's own needs, when the caller knows the model).
 */
export function readWeights(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  const format = weightsFormat(bytes);
  if (format === 'pytorch') return readPth(bytes, file, limits);
  if (format === 'safetensors' || /\.safetensors$/i.test(file)) return readSafetensors(bytes, file, limits);
  throw new WeightsFormatError(file, 'neither a .safetensors file nor a PyTorch (torch.save) checkpoint');
}
