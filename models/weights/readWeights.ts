// One entry point for checkpoint bytes: the format is recognised by content, not by extension
// (people rename .pth to .pt, .bin, .ckpt).
import { WeightsFormatError } from './errors';
import { isLegacyTorch, isZip, readPth } from './pth';
import { isSafetensors, readSafetensors } from './safetensors';
import type { StateDict } from './tensor';

export type WeightsFormat = 'safetensors' | 'pytorch';

export function weightsFormat(bytes: Uint8Array): WeightsFormat | undefined {
  if (isZip(bytes) || isLegacyTorch(bytes)) return 'pytorch';
  if (isSafetensors(bytes)) return 'safetensors';
  return undefined;
}

/** Reads a .safetensors or torch.save (.pth/.pt) file. `file` names it in errors. */
export function readWeights(bytes: Uint8Array, file: string): StateDict {
  const format = weightsFormat(bytes);
  if (format === 'pytorch') return readPth(bytes, file);
  if (format === 'safetensors' || /\.safetensors$/i.test(file)) return readSafetensors(bytes, file);
  throw new WeightsFormatError(file, 'neither a .safetensors file nor a PyTorch (torch.save) checkpoint');
}
