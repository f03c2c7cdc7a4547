// The Classify Image results host↔webview contract on the shared request/response helper,
// imported by the extension host bundle and the webview bundle alike; plain JSON only. The host
// owns the run (results, errors, status) and resends everything when the page says `ready`, so
// a webview that was hidden and reloaded shows the same page. Both ends validate what they get
// (the page is untrusted; its saved state too, read back by the serializer).
import type { Api, CalledSchemas, ServedSchemas } from '../rpc';
import { boolean, count, finite, intIn, listOf, literal, nullable, nullValue, object, oneOf, optional, parse, parseOrUndefined, pipe, check, text, transform, unknown, type Parsed, withinSize, type Schema } from '../validate';
import { imageCamsSchema, runCamSchema, saveCamPngSchema, type ImageCams, type RunCam, type SaveCamPngParams } from './classifyCam';

export interface TopClassData {
  index: number;
  /** The model's English class name: what exports and scripts read, in every display language. */
  label: string;
  /** Softmax probability, 0..1. */
  prob: number;
  /** What the page shows instead of `label` in a display language with translated class names
   *  ("丁鲷 (tench)", inference/classLabels.ts); absent in English. The host sets it. */
  displayLabel?: string;
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
  /** Class activation maps of the top classes, when the model gives them. */
  cams?: ImageCams;
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
  /** Whether Inspect Model can open the model that ran: false for a user's .onnx (its architecture is not known). */
  inspectable: boolean;
  /** Weights file, or null for random weights. */
  weights: string | null;
  /** True with random weights: every number is meaningless. */
  untrained: boolean;
  /** The execution provider that ran (cpu, cuda, webgpu, …); null before the first batch. */
  provider: string | null;
  /** Set when `auto` fell back (the reason, shown once). */
  providerNote: string | null;
  /** The eval transform the images went through and whose it is (a timm tag, torchvision weights); null before the first batch. */
  transform: string | null;
  topK: number;
  /** Whether the model gives class activation maps (absent until the first batch says). */
  cam?: RunCam;
  /** Model preparation of the run (export-cache lookup or ONNX export, session start), ms; absent before the first batch. */
  prepareMs?: number;
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

export interface Snapshot {
  info: RunInfo;
  rows: ImageRow[];
  errors: ErrorRow[];
  status: RunStatus;
  /** The image folders the panel may read (kept in the webview state for the serializer). */
  roots: string[];
}

export type ExportFormat = 'csv' | 'json';
export type ExportTarget = 'file' | 'clipboard';

/** What the results host serves its page. Each request's `message` is for the page's status line (null: the user cancelled). */
export interface ResultsHostApi extends Api {
  requests: {
    export: { params: { format: ExportFormat; target: ExportTarget }; result: { message: string | null } };
    /** Opens Inspect Model on the run's model (a NotAvailableError says why it cannot). */
    inspectModel: { params: Record<string, never>; result: null };
    /** Opens an image of this run (the host checks that it is one) in an editor. */
    openImage: { params: { image: string }; result: null };
    /** Saves a CAM overlay the page drew (the host checks the image is of this run and the bytes are a PNG). */
    saveCamPng: { params: SaveCamPngParams; result: { message: string | null } };
  };
  /** The page is up (first load, or reloaded after being hidden): the host answers with a snapshot. */
  notifications: { ready: Record<string, never> };
}

/** What the page takes: everything so far (after `ready`, and after a reload), then what is new. */
export interface ResultsPageApi extends Api {
  requests: Record<string, never>;
  notifications: {
    snapshot: Snapshot;
    /** New rows and errors since the last message, with the status after them. */
    append: Omit<Snapshot, 'roots'>;
  };
}

// ---- webview state (getState/setState), read back by the panel serializer -------------------

export const RESULT_SORT_KEYS = ['seq', 'name', 'label', 'prob', 'ms'] as const;
export type ResultSortKey = (typeof RESULT_SORT_KEYS)[number];
export interface ResultSort {
  key: ResultSortKey;
  desc: boolean;
}

/** What the results webview keeps with setState: everything needed to redraw the run after a
 *  window reload. The serializer gets it back from the workbench; it is untrusted input and goes
 *  through `parseClassifyPanelState` (shape only: the host re-checks paths against the disk). */
export interface ClassifyPanelState {
  version: 1;
  info: RunInfo;
  rows: ImageRow[];
  errors: ErrorRow[];
  status: RunStatus;
  /** The image folders the panel could read (localResourceRoots beyond our own). */
  roots: string[];
  sort: ResultSort;
}

/**
 * A saved results view, sized for real use: maxImages allows 100,000 images; a class label is
 * under 100 characters in ImageNet-1k; the whole state is at most `units` (withinSize) so that a
 * hostile state is refused before the schema walks it (a real 100,000-image run is ~300 M).
 */
export const STATE_LIMITS = { rows: 100_000, errors: 100_001, roots: 1000, top: 100, path: 4096, text: 10_000, label: 200, message: 2000, units: 512 * 2 ** 20 } as const;

const path = text(STATE_LIMITS.path, 1);
const note = text(STATE_LIMITS.text);
const nonNeg = finite(0);

export const resultSortSchema: Schema<ResultSort> = object({ key: oneOf(RESULT_SORT_KEYS), desc: boolean() });

/** A sort order from webview state; undefined when it is not one. */
export const parseResultSort = (v: unknown): ResultSort | undefined => parseOrUndefined(resultSortSchema, v);

const runInfoSchema: Schema<RunInfo> = pipe(
  object({
    model: text(1000, 1),
    inspectable: boolean(),
    weights: nullable(path),
    untrained: boolean(),
    provider: nullable(text(100)),
    providerNote: nullable(note),
    // States saved before the transform was recorded have none.
    transform: optional(nullable(note), null),
    topK: intIn(1, STATE_LIMITS.top),
    cam: optional(runCamSchema),
    prepareMs: optional(nonNeg),
  }),
  // Random weights have no file, and a file is never "untrained".
  check((i) => i.untrained === (i.weights === null), 'untrained exactly when there is no weights file'),
);

const imageRowSchema: Schema<ImageRow> = object({
  seq: count(),
  image: path,
  name: text(STATE_LIMITS.path),
  thumb: nullable(text(2 * STATE_LIMITS.path)),
  top: listOf(object({ index: count(), label: text(STATE_LIMITS.label), prob: pipe(finite(0), check((p) => p <= 1, 'a probability from 0 to 1')), displayLabel: optional(text(STATE_LIMITS.label)) }), STATE_LIMITS.top),
  ms: nonNeg,
  cams: optional(imageCamsSchema),
});

const errorRowSchema: Schema<ErrorRow> = object({ image: text(STATE_LIMITS.path, 1), name: text(STATE_LIMITS.path), message: text(STATE_LIMITS.message) });

const runStatusSchema: Schema<RunStatus> = object({ state: oneOf(['running', 'done', 'cancelled', 'failed']), done: count(), total: count(), elapsedMs: nonNeg, message: optional(note) });

const rows = listOf(imageRowSchema, STATE_LIMITS.rows);
const errors = listOf(errorRowSchema, STATE_LIMITS.errors);
const roots = listOf(path, STATE_LIMITS.roots);
const fitsTopK = (s: { info: RunInfo; rows: readonly ImageRow[] }): boolean => s.rows.every((r) => r.top.length <= s.info.topK);

const snapshotSchema: Schema<Snapshot> = pipe(object({ info: runInfoSchema, rows, errors, status: runStatusSchema, roots }), check((s) => fitsTopK(s), 'more classes in a row than topK'));
const appendSchema: Schema<Omit<Snapshot, 'roots'>> = pipe(object({ info: runInfoSchema, rows, errors, status: runStatusSchema }), check((s) => fitsTopK(s), 'more classes in a row than topK'));

const panelStateSchema: Schema<ClassifyPanelState> = pipe(
  object({
    version: literal(1),
    info: runInfoSchema,
    rows,
    errors,
    status: runStatusSchema,
    roots,
    sort: optional(unknown()),
  }),
  check((s) => fitsTopK(s), 'more classes in a row than topK'),
  // A missing or bad sort falls back to the run's order rather than losing the results.
  transform((s): ClassifyPanelState => ({ ...s, sort: parseResultSort(s.sort) ?? { key: 'seq', desc: false } })),
);

/** Validates the results webview's saved state; undefined when it is not a ClassifyPanelState. */
export const parseClassifyPanelState = (v: unknown): ClassifyPanelState | undefined => (withinSize(v, STATE_LIMITS.units) ? parseOrUndefined(panelStateSchema, v) : undefined);

export const resultsHostServes: ServedSchemas<ResultsHostApi> = {
  requests: {
    export: object({ format: oneOf(['csv', 'json']), target: oneOf(['file', 'clipboard']) }),
    inspectModel: object({}),
    openImage: object({ image: text(4096, 1) }),
    saveCamPng: saveCamPngSchema,
  },
  notifications: { ready: object({}) },
};
export const resultsHostAnswers: CalledSchemas<ResultsHostApi> = {
  results: { export: object({ message: nullable(note) }), inspectModel: nullValue(), openImage: nullValue(), saveCamPng: object({ message: nullable(note) }) },
  progress: {},
};
export const resultsPageServes: ServedSchemas<ResultsPageApi> = { requests: {}, notifications: { snapshot: snapshotSchema, append: appendSchema } };
export const resultsPageAnswers: CalledSchemas<ResultsPageApi> = { results: {}, progress: {} };

/** A request from the page checked as the host checks it (for tests and the log). */
export function parseResultsRequest<M extends keyof ResultsHostApi['requests']>(m: M, params: unknown): Parsed<ResultsHostApi['requests'][M]['params']> {
  return parse(resultsHostServes.requests[m], params);
}
