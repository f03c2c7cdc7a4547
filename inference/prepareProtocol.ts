// Messages between the classifier and its preparation threads (prepareThread.ts). Both ends are
// our own code in one process, so the shapes are trusted; the file content is not (it is only
// ever decoded, in the thread, with the same limits as anywhere else).
import type { Preprocessing } from '../models';

export interface PrepareJob {
  readonly id: number;
  readonly file: string;
  readonly preprocessing: Preprocessing;
  /** [H, W] fed to the network. */
  readonly inputSize: readonly [number, number];
  /** Bound on width × height before decoding. */
  readonly maxPixels: number;
}

/** Either the CHW float32 input (3 × H × W) or why the file could not be prepared. */
export type PrepareReply = { readonly id: number; readonly data: Float32Array; readonly error?: undefined } | { readonly id: number; readonly data?: undefined; readonly error: string };
