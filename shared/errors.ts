// Typed error codes: what every boundary (host ↔ webview, host ↔ worker) carries instead of
// class names or message text. A thrown error that knows its code (CodedError) keeps it across
// the boundary; the receiving side turns the code back into a typed Error class (fromWire), so
// callers branch on `instanceof` or on the code, never on a name string or on the message.
import { object, oneOf, text, type InferOutput } from './validate';

export const ERROR_CODES = [
  // the boundary itself
  'invalidMessage',
  'cancelled',
  'workerExited',
  'resourceLimit',
  'notAvailable',
  'internal',
  // the engine (models/)
  'unknownModel',
  'invalidConfig',
  'inputTooSmall',
  'overflow',
  'variantFile',
  'weightsFormat',
  'unsafePickle',
  'weightsMismatch',
  'trainMemoryUnknown',
  'onnxExport',
  'quantization',
  // inference (the worker)
  'inference',
  'provider',
  'modelSource',
  'modelLoad',
  'modelRun',
  'imageDecode',
  'onnxCheck',
  'profile',
  'profileFormat',
  'cam',
  'randomWeights',
  // a path given to Classify that is not an image it classifies (missing, not an image file, too deep, past the limit)
  'imagePath',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Longest message carried over a boundary (characters); longer ones are cut. */
export const MAX_ERROR_MESSAGE = 10_000;

/** An error on the wire: its code and its message (which names the file or field). */
export const wireErrorSchema = object({ code: oneOf(ERROR_CODES), message: text(MAX_ERROR_MESSAGE) });
export type WireError = InferOutput<typeof wireErrorSchema>;

/** The base of every error that knows its code. */
export abstract class CodedError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A message that does not match its protocol (an untrusted sender, or a version mismatch). */
export class InvalidMessageError extends CodedError {
  readonly code: ErrorCode = 'invalidMessage';
}

/** The request was cancelled (for the worker: the process was killed, which is the cancel). */
export class CancelledError extends CodedError {
  readonly code: ErrorCode = 'cancelled';
}

/** The process serving the request exited (crashed, or was stopped) before it answered. */
export class WorkerExitedError extends CodedError {
  readonly code: ErrorCode = 'workerExited';
}

/** A request went past its time or memory bound and its process was stopped. */
export class ResourceLimitError extends CodedError {
  readonly code: ErrorCode = 'resourceLimit';
}

/** What was asked for does not exist or cannot be given (with the reason): a node the model lacks, latency of a model that cannot be exported. */
export class NotAvailableError extends CodedError {
  readonly code: ErrorCode = 'notAvailable';
}

/** An error raised on the other side of a boundary, by a class this side does not have. */
export class RemoteError extends CodedError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What goes on the wire for a thrown value: its own code, or `internal` (a bug, not a bad input). */
export function toWire(e: unknown): WireError {
  const message = (e instanceof Error ? e.message : String(e)).slice(0, MAX_ERROR_MESSAGE);
  return { code: e instanceof CodedError ? e.code : 'internal', message };
}

/** The typed Error for an error that came over a boundary. */
export function fromWire(w: WireError): CodedError {
  switch (w.code) {
    case 'invalidMessage':
      return new InvalidMessageError(w.message);
    case 'cancelled':
      return new CancelledError(w.message);
    case 'workerExited':
      return new WorkerExitedError(w.message);
    case 'resourceLimit':
      return new ResourceLimitError(w.message);
    case 'notAvailable':
      return new NotAvailableError(w.message);
    default:
      return new RemoteError(w.code, w.message);
  }
}

/** Any thrown value as a CodedError (itself when it is one; `internal` otherwise). */
export function asCoded(e: unknown): CodedError {
  return e instanceof CodedError ? e : fromWire(toWire(e));
}

/** The code of any thrown value (`internal` when it has none). */
export function errorCode(e: unknown): ErrorCode {
  return toWire(e).code;
}
