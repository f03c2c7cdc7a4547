// The Classify Image results host↔webview contract: tagged unions (by `type`) imported by the
// extension host bundle and the webview bundle alike; plain JSON only. The host owns the run
// (results, errors, status) and resends everything on `ready`, so a webview that was hidden
// and reloaded shows the same page. The webview is untrusted: the host runs every message it
// gets through `parseClassifyWebviewMessage`, which returns undefined for anything else.
import { parseImageCams, parseRunCam, parseSaveCamPng, type ImageCams, type RunCam, type SaveCamPngMessage } from './classifyCam';

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

// ---- host → webview ------------------------------------------------------------------------

export type ClassifyHostMessage =
  /** Everything so far (first message after `ready`, and after a reload); `roots` are the image
   *  folders the panel may read (kept in the webview state for the serializer). */
  | { type: 'snapshot'; info: RunInfo; rows: ImageRow[]; errors: ErrorRow[]; status: RunStatus; roots: string[] }
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
  | { type: 'openImage'; image: string }
  /** Saves a CAM overlay the page drew (the host checks the image is of this run and the bytes are a PNG). */
  | SaveCamPngMessage;

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
    case 'saveCamPng':
      return parseSaveCamPng(v);
    default:
      return undefined;
  }
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

export const STATE_LIMITS = { rows: 100_000, errors: 100_001, roots: 1000, top: 100, path: 4096, text: 10_000 } as const;
const RUN_STATES: readonly string[] = ['running', 'done', 'cancelled', 'failed'];

const str = (v: unknown, max: number, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const strOrNull = (v: unknown, max: number): v is string | null => v === null || str(v, max);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const nonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A sort order from webview state; undefined when it is not one. */
export function parseResultSort(v: unknown): ResultSort | undefined {
  if (!isObj(v) || typeof v.key !== 'string' || typeof v.desc !== 'boolean') return undefined;
  const key = RESULT_SORT_KEYS.find((k) => k === v.key);
  return key ? { key, desc: v.desc } : undefined;
}

function parseRunInfo(v: unknown): RunInfo | undefined {
  if (!isObj(v)) return undefined;
  if (!str(v.model, 1000, 1) || typeof v.inspectable !== 'boolean' || !strOrNull(v.weights, STATE_LIMITS.path) || typeof v.untrained !== 'boolean') return undefined;
  if (!strOrNull(v.provider, 100) || !strOrNull(v.providerNote, STATE_LIMITS.text)) return undefined;
  // States saved before the transform was recorded have none.
  const transform = v.transform === undefined ? null : v.transform;
  if (!strOrNull(transform, STATE_LIMITS.text)) return undefined;
  if (!count(v.topK) || v.topK < 1 || v.topK > STATE_LIMITS.top) return undefined;
  // Random weights have no file, and a file is never "untrained".
  if (v.untrained !== (v.weights === null)) return undefined;
  const cam = v.cam === undefined ? undefined : parseRunCam(v.cam);
  if (v.cam !== undefined && !cam) return undefined;
  if (v.prepareMs !== undefined && !nonNeg(v.prepareMs)) return undefined;
  return { model: v.model, inspectable: v.inspectable, weights: v.weights, untrained: v.untrained, provider: v.provider, providerNote: v.providerNote, transform, topK: v.topK, ...(cam ? { cam } : {}), ...(v.prepareMs !== undefined ? { prepareMs: v.prepareMs } : {}) };
}

function parseTop(v: unknown): TopClassData | undefined {
  if (!isObj(v) || !count(v.index) || !str(v.label, 1000) || !nonNeg(v.prob) || v.prob > 1) return undefined;
  return { index: v.index, label: v.label, prob: v.prob };
}

function parseImageRow(v: unknown): ImageRow | undefined {
  if (!isObj(v) || !count(v.seq) || !str(v.image, STATE_LIMITS.path, 1) || !str(v.name, STATE_LIMITS.path) || !strOrNull(v.thumb, STATE_LIMITS.text) || !nonNeg(v.ms)) return undefined;
  if (!Array.isArray(v.top) || v.top.length > STATE_LIMITS.top) return undefined;
  const top: TopClassData[] = [];
  for (const t of v.top) {
    const p = parseTop(t);
    if (!p) return undefined;
    top.push(p);
  }
  const cams = v.cams === undefined ? undefined : parseImageCams(v.cams);
  if (v.cams !== undefined && !cams) return undefined;
  return { seq: v.seq, image: v.image, name: v.name, thumb: v.thumb, top, ms: v.ms, ...(cams ? { cams } : {}) };
}

function parseErrorRow(v: unknown): ErrorRow | undefined {
  if (!isObj(v) || !str(v.image, STATE_LIMITS.text, 1) || !str(v.name, STATE_LIMITS.text) || !str(v.message, STATE_LIMITS.text)) return undefined;
  return { image: v.image, name: v.name, message: v.message };
}

function parseRunStatus(v: unknown): RunStatus | undefined {
  if (!isObj(v) || typeof v.state !== 'string' || !RUN_STATES.includes(v.state) || !count(v.done) || !count(v.total) || !nonNeg(v.elapsedMs)) return undefined;
  if (v.message !== undefined && !str(v.message, STATE_LIMITS.text)) return undefined;
  return { state: v.state as RunState, done: v.done, total: v.total, elapsedMs: v.elapsedMs, ...(typeof v.message === 'string' ? { message: v.message } : {}) };
}

function parseList<T>(v: unknown, max: number, item: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out: T[] = [];
  for (const x of v) {
    const p = item(x);
    if (p === undefined) return undefined;
    out.push(p);
  }
  return out;
}

/** Validates the results webview's saved state; undefined when it is not a ClassifyPanelState
 *  (a missing or bad `sort` falls back to the run's order rather than losing the results). */
export function parseClassifyPanelState(v: unknown): ClassifyPanelState | undefined {
  if (!isObj(v) || v.version !== 1) return undefined;
  const info = parseRunInfo(v.info);
  const status = parseRunStatus(v.status);
  const rows = parseList(v.rows, STATE_LIMITS.rows, parseImageRow);
  const errors = parseList(v.errors, STATE_LIMITS.errors, parseErrorRow);
  const roots = parseList(v.roots, STATE_LIMITS.roots, (r) => (str(r, STATE_LIMITS.path, 1) ? r : undefined));
  if (!info || !status || !rows || !errors || !roots) return undefined;
  if (rows.some((r) => r.top.length > info.topK)) return undefined;
  return { version: 1, info, rows, errors, status, roots, sort: parseResultSort(v.sort) ?? { key: 'seq', desc: false } };
}
