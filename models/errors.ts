// Typed errors of the engine. Every message names the field (a JSON path where there is one)
// and what was expected, so the shells can show it as is: in the display language (@vscode/l10n,
// as the shell configured it), with the file names, paths, keys and values as they are.
import * as l10n from '@vscode/l10n';
import { CodedError, type ErrorCode } from '../shared/errors';

/** The base of the engine's errors; each carries its code (shared/errors.ts) across every boundary. */
export abstract class EngineError extends CodedError {}

/** An id that names no preset or family. `suggestions` holds the nearest known ids. */
export class UnknownModelError extends EngineError {
  override readonly code: ErrorCode = 'unknownModel';
  constructor(
    readonly id: string,
    readonly suggestions: readonly string[],
  ) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
    super(
      suggestions.length > 0
        ? l10n.t('unknown model "{0}"; did you mean {1}? (backbone-lens list shows every preset)', shown, suggestions.map((s) => `"${s}"`).join(', '))
        : l10n.t('unknown model "{0}" (backbone-lens list shows every preset)', shown),
    );
  }
}

/** A knob or variant field with the wrong type, range or combination. `path` is a JSON path like `$.layers[2]`. */
export class InvalidConfigError extends EngineError {
  override readonly code: ErrorCode = 'invalidConfig';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${path}: ${problem}`);
  }
}

/** An input size for which some feature map would shrink to nothing. */
export class InputTooSmallError extends EngineError {
  override readonly code: ErrorCode = 'inputTooSmall';
  constructor(
    readonly input: readonly [number, number],
    readonly nodePath: string,
    readonly detail: string,
  ) {
    super(l10n.t('input {0}x{1} is too small: at "{2}" {3}', input[0], input[1], nodePath, detail));
  }
}

/** A count that left the range of exactly representable integers (2^53). */
export class OverflowError extends EngineError {
  override readonly code: ErrorCode = 'overflow';
  constructor(readonly what: string) {
    super(l10n.t('{0} exceeds 2^53 and cannot be counted exactly', what));
  }
}
