// One entry point for checkpoint bytes: the format is recognised by content, not by extension
// (people rename .pth to .pt, .bin, .ckpt).
import * as l10n from '@vscode/l10n';
import { memorySource, type ByteSource } from './byteSource';
import { WeightsFormatError } from './errors';
import { indexPth, isLegacyTorch, isZip } from './pth';
import { indexSafetensors, isSafetensors } from './safetensors';
import type { ReadLimits } from './limits';
import type { StateDict } from './tensor';
import { materializeAll, type WeightsFormat, type WeightsIndex } from './weightsIndex';

/** Bytes of a file's start that tell its format. */
export const FORMAT_HEAD_BYTES = 16;

/** The format of a file from its first FORMAT_HEAD_BYTES bytes and its size in bytes. */
export function weightsFormat(head: Uint8Array, size = head.length): WeightsFormat | undefined {
  if (isZip(head)) return 'pytorch';
  // Before the legacy check: a header length of 128, 384, … starts with the byte 0x80 too.
  if (isSafetensors(head, size)) return 'safetensors';
  if (isLegacyTorch(head)) return 'pytorch';
  return undefined;
}

/**
 * Indexes a .safetensors or torch.save (.pth/.pt) file from its headers: keys, shapes and dtypes,
 * every size checked against the file and `limits`; the values are read tensor by tensor.
 * `file` names it in errors.
 */
export function indexWeights(source: ByteSource, file: string, limits?: Partial<ReadLimits>): WeightsIndex {
  const format = weightsFormat(source.read(0, Math.min(source.size, FORMAT_HEAD_BYTES)), source.size);
  if (format === 'pytorch') return indexPth(source, file, limits);
  if (format === 'safetensors' || /\.safetensors$/i.test(file)) return indexSafetensors(source, file, limits);
  throw new WeightsFormatError(file, l10n.t('neither a .safetensors file nor a PyTorch (torch.save) checkpoint'));
}

/**
 * Reads a .safetensors or torch.save (.pth/.pt) file. `file` names it in errors; `limits` bound
 * what it may materialise (the model's own needs, when the caller knows the model).
 */
export function readWeights(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): StateDict {
  return materializeAll(indexWeights(memorySource(bytes), file, limits));
}
