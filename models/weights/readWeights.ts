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

/** The format of `file`'s bytes, or a WeightsFormatError; a .safetensors name decides for a header the sniffing rejected, so its reader says what is wrong. */
export function formatOf(bytes: Uint8Array, file: string): WeightsFormat {
  const format = weightsFormat(bytes) ?? (/\.safetensors$/i.test(file) ? 'safetensors' : undefined);
  if (format === undefined) throw new WeightsFormatError(file, 'neither a .safetensors file nor a PyTorch (torch.save) checkpoint');
  return format;
}

/**
 * Reads a .safetensors or torch.save (.pth/.pt) file. `file` names it in errors; `limits` bound
 * what it may materialise (the model's own needs, when the caller knows the model).
 */
export function readWeights(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  return formatOf(bytes, file) === 'pytorch' ? readPth(bytes, file, limits) : readSafetensors(bytes, file, limits);
}
