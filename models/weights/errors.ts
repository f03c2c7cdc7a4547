// Typed errors of the checkpoint readers. Every message starts with the file it is about.
import type { ErrorCode } from '../../shared/errors';
import { EngineError } from '../errors';

/** A weights file that cannot be read: truncated, corrupt, or a format that is not supported. */
export class WeightsFormatError extends EngineError {
  override readonly code: ErrorCode = 'weightsFormat';
  constructor(
    readonly file: string,
    readonly problem: string,
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
    super(file, `refused to unpickle ${refused}: ${detail} (nothing was executed)`);
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
    if (missing.length > 0) parts.push(`${missing.length} missing: ${listNames(missing)}`);
    if (unexpected.length > 0) parts.push(`${unexpected.length} unexpected: ${listNames(unexpected)}`);
    if (mismatched.length > 0) {
      parts.push(`${mismatched.length} with another shape: ${listNames(mismatched.map((m) => `${m.key} (file [${m.got.join(', ')}], ${modelId} [${m.expected.join(', ')}])`))}`);
    }
    super(`${file}: does not fit ${modelId}: ${parts.join('; ')}${hint ? `. ${hint}` : ''}`);
  }
}

const MAX_LISTED = 8;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown}, … (${names.length - MAX_LISTED} more)` : shown;
}
