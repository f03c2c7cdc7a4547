// The base of inference/'s errors: the CLI prints their message as one line (exit 1) and the
// worker sends it back with its code (shared/errors.ts). Each names the file or provider it is about.
import { CodedError, type ErrorCode } from '../shared/errors';

/** An inference failure without a more precise class (the image preparation threads). */
export class InferenceError extends CodedError {
  readonly code: ErrorCode = 'inference';
}
