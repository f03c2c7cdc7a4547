// Typed errors of the checkpoint readers. Every message starts with the file it is about; the rest
// is in the display language (@vscode/l10n), so what a surface does about an error is read from its
// fields (`reason`), never from its words.
import * as l10n from '@vscode/l10n';
import type { ErrorCode } from '../../shared/errors';
import { EngineError } from '../errors';

/**
 * Why a file is unreadable, where a surface has advice for it: `damaged` (truncated or corrupt:
 * copy it again), `legacyFormat` (torch.save before 1.6: re-save it), `torchScript` (torch.jit.save:
 * save its state_dict). Undefined: some other format or content that is not supported.
 */
export type WeightsFormatReason = 'damaged' | 'legacyFormat' | 'torchScript';

/** A weights file that cannot be read: truncated, corrupt, or a format that is not supported. */
export class WeightsFormatError extends EngineError {
  override readonly code: ErrorCode = 'weightsFormat';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly reason?: WeightsFormatReason,
  ) {
    super(`${file}: ${problem}`);
  }
}

/**
 * A pickle that asks for something the restricted unpickler does not allow (a global outside
 * the allow-list, an object constructor). Nothing was executed: the unpickler only builds data.
 */
export class UnsafePickleError extends WeightsFormatError {
  override readonly code: ErrorCode = 'unsafePickle';
  constructor(
    file: string,
    /** What was refused, e.g. `posix.system` or the opcode name. */
    readonly refused: string,
    detail: string,
  ) {
    super(file, l10n.t('refused to unpickle {0}: {1} (nothing was executed)', refused, detail));
  }
}

export interface ShapeMismatch {
  readonly key: string;
  readonly expected: readonly number[];
  readonly got: readonly number[];
}

/** A checkpoint whose keys or shapes do not fit the model's graph. */
export class WeightsMismatchError extends EngineError {
  override readonly code: ErrorCode = 'weightsMismatch';
  constructor(
    readonly file: string,
    readonly modelId: string,
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly mismatched: readonly ShapeMismatch[],
    readonly hint: string,
  ) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(l10n.t('{0} missing: {1}', missing.length, listNames(missing)));
    if (unexpected.length > 0) parts.push(l10n.t('{0} unexpected: {1}', unexpected.length, listNames(unexpected)));
    if (mismatched.length > 0) {
      parts.push(l10n.t('{0} with another shape: {1}', mismatched.length, listNames(mismatched.map((m) => l10n.t('{0} (file [{1}], {2} [{3}])', m.key, m.got.join(', '), modelId, m.expected.join(', '))))));
    }
    super(hint ? l10n.t('{0}: does not fit {1}: {2}. {3}', file, modelId, parts.join('; '), hint) : l10n.t('{0}: does not fit {1}: {2}', file, modelId, parts.join('; ')));
  }
}

const MAX_LISTED = 8;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? l10n.t('{0}, … ({1} more)', shown, names.length - MAX_LISTED) : shown;
}
