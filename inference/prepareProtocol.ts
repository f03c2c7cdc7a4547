// Messages between the classifier and its preparation threads (prepareThread.ts). Both ends are
// our own code in one process, so the shapes are trusted; the file content is not (it is only
// ever decoded, in the thread, with the same limits as anywhere else).
import type { Preprocessing } from '../models';
import type { WireError } from '../shared/errors';

export interface PrepareJob {
  readonly id: number;
  readonly file: string;
  readonly preprocessing: Preprocessing;
  /** [H, W] fed to the network. */
  readonly inputSize: readonly [number, number];
  /** Bound on width × height before decoding. */
  readonly maxPixels: number;
}

/** The network input of one image: CHW float32 (3 × H × W), and the decoded image's size in pixels. */
export interface PreparedInput {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** Either the prepared input or why the file could not be prepared. */
export type PrepareReply = { readonly id: number; readonly input: PreparedInput; readonly error?: undefined } | { readonly id: number; readonly input?: undefined; readonly error: WireError };
