// The Classify Image results host↔webview contract: tagged unions (by `type`) imported by the
// extension host bundle and the webview bundle alike; plain JSON only. The host owns the run
// (results, errors, status) and resends everything on `ready`, so a webview that was hidden
// and reloaded shows the same page. The webview is untrusted: the host runs every message it
// gets through `parseClassifyWebviewMessage`, which returns undefined for anything else.

export interface TopClassData {
  index: number;
  label: string;
  /** Softmax probability, 0..1. */
  prob: number;
}

/** One classified image. */
export interface ImageRow {
  /** Position in the run (the order the images were walked), a stable key for sorting back. */
  seq: number;
  /** Absolute file path. */
  image: string;
  /** Path relative to the workspace folder (or the file name), for display. */
  name: string;
  /** webview URI of the file for the thumbnail; null when the webview cannot show the format. */
  thumb: string | null;
  top: TopClassData[];
  /** Wall time per image in ms: the batch's time divided by its images (host-measured). */
  ms: number;
}

export interface ErrorRow {
  image: string;
  name: string;
  message: string;
}

/** What produced the numbers; shown with every result. */
export interface RunInfo {
  /** Model id (preset or variant name). */
  model: string;
  /** What to pass to Inspect Model; null when the model cannot be inspected (a user .onnx). */
  inspectable: boolean;
  /** Weights file, or null for random weights. */
  weights: string | null;
  /** True with random weights: every number is meaningless. */
  untrained: boolean;
  /** The execution provider that ran (cpu, cuda, webgpu, …); null before the first batch. */
  provider: string | null;
  /** Set when `auto` fell back (the reason, shown once). */
  providerNote: string | null;
  topK: number;
}

export type RunState = 'running' | 'done' | 'cancelled' | 'failed';

export interface RunStatus {
  state: RunState;
  done: number;
  total: number;
  /** Wall time of the whole run so far, ms. */
  elapsedMs: number;
  /** Why a run failed, or a note on a cancel. */
  message?: string;
}

// ---- host → webview ------------------------------------------------------------------------

export type ClassifyHostMessage =
  /** Everything so far (first message after `ready`, and after a reload). */
  | { type: 'snapshot'; info: RunInfo; rows: ImageRow[]; errors: ErrorRow[]; status: RunStatus }
  /** New rows and errors since the last message, with the status after them. */
  | { type: 'append'; info: RunInfo; rows: ImageRow[]; errors: ErrorRow[]; status: RunStatus }
  /** Outcome of an export, for the status line. */
  | { type: 'exported'; message: string };

// ---- webview → host ------------------------------------------------------------------------

export type ExportFormat = 'csv' | 'json';
export type ExportTarget = 'file' | 'clipboard';

export type ClassifyWebviewMessage =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat; target: ExportTarget }
  | { type: 'inspectModel' }
  /** Opens an image of this run (the host checks that it is one) in an editor. */
  | { type: 'openImage'; image: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a message from the webview; undefined when it is not one of ClassifyWebviewMessage. */
export function parseClassifyWebviewMessage(v: unknown): ClassifyWebviewMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'inspectModel':
      return { type: 'inspectModel' };
    case 'export':
      if ((v.format !== 'csv' && v.format !== 'json') || (v.target !== 'file' && v.target !== 'clipboard')) return undefined;
      return { type: 'export', format: v.format, target: v.target };
    case 'openImage':
      if (typeof v.image !== 'string' || v.image.length === 0 || v.image.length > 4096) return undefined;
      return { type: 'openImage', image: v.image };
    default:
      return undefined;
  }
}
