// Typed errors of the engine. Every message names the field (a JSON path where there is one)
// and what was expected, so the shells can show it as is.
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
    super(
      `unknown model "${id.length > 64 ? `${id.slice(0, 64)}…` : id}"` +
        (suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '') +
        ' (backbone-lens list shows every preset)',
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
    super(`input ${input[0]}x${input[1]} is too small: at "${nodePath}" ${detail}`);
  }
}

/** A count that left the range of exactly representable integers (2^53). */
export class OverflowError extends EngineError {
  override readonly code: ErrorCode = 'overflow';
  constructor(readonly what: string) {
    super(`${what} exceeds 2^53 and cannot be counted exactly`);
  }
}
