// The Classify Image command's contract beyond the explorer's (uri, uris): the options of the
// callers that name a model or weights (ClassifyOptions), how a run is paced (RunTuning: tests
// and benchmarks inject it; a user's run takes the defaults), and what the command resolves with
// (ClassifyRunSummary, which the integration tests read).
import type { ImageCams, RunCam } from '../../shared/protocol/classifyCam';
import type { RecognisedArchitecture } from './chooseWeights';
import type { ErrorCode } from '../../shared/errors';

/** What the Backbone Lens view (`model`) and the checkpoint editor (`using`) ask of a run; the explorer passes none. */
export interface ClassifyOptions {
  /** A preset id or variant file path to use instead of backboneLens.classify.model (the view's Classify). */
  model?: string;
  /** Stands in for choosing "Random weights (untrained)" in the quick pick. */
  randomWeights?: boolean;
  /** The checkpoint editor's "Classify with these weights": this file, as the architecture it was recognised as, instead of the settings. */
  using?: { weights: string; architecture: RecognisedArchitecture };
}

/**
 * How a run is paced. Only tests and benchmarks set these (the command's fourth argument), to
 * make a cancel or a crash land mid-run; a user's run takes DEFAULT_TUNING.
 */
export interface RunTuning {
  /** Fixed images per worker request (default: adaptive). */
  readonly chunkSize?: number;
  /** Cancels (kills the worker, as the notification's Cancel does) once this many images are done. */
  readonly cancelAfterImages?: number;
}

/** Adaptive chunks, no cancel but the user's. */
export const DEFAULT_TUNING: RunTuning = {};

/** The command's fourth argument as a RunTuning: numbers kept, anything else the default. */
export function runTuningOf(arg: unknown): RunTuning {
  if (typeof arg !== 'object' || arg === null) return DEFAULT_TUNING;
  const { chunkSize, cancelAfterImages } = arg as Record<string, unknown>;
  return {
    ...(typeof chunkSize === 'number' ? { chunkSize } : {}),
    ...(typeof cancelAfterImages === 'number' ? { cancelAfterImages } : {}),
  };
}

export interface ClassifyRunSummary {
  state: 'done' | 'cancelled' | 'failed' | 'refused' | 'nothing';
  /** Why a run was refused or failed, or what a cancel kept. */
  message?: string;
  model?: string;
  weights?: string | null;
  untrained?: boolean;
  provider?: string | null;
  providerNote?: string | null;
  results: { image: string; top: { index: number; label: string; prob: number }[]; ms: number; cams?: ImageCams }[];
  /** Not classified: each with its error code (shared/errors.ts) where the worker or the walk gave one. */
  errors: { image: string; code?: ErrorCode; message: string }[];
  /** Whether the model gave class activation maps (with the lens), once a batch has run. */
  cam?: RunCam;
}

/** A step before the run that ended it (refused, failed, or nothing to do), with what the command resolves with. */
export interface Stopped {
  readonly stopped: ClassifyRunSummary;
}
