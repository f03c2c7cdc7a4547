// The checkpoint editor (.pth/.pt/.safetensors): host ↔ webview messages. The host sends the
// table first (from the file's headers), then the statistics in batches as it streams the
// tensors, then the BatchNorm health; a file that cannot be read gets one typed error instead.
// The page asks for the four actions and reports what it has rendered (the integration tests
// read that back through Commands.checkpointEditorState). Both sides validate what they receive.

export interface TensorRow {
  key: string;
  shape: number[];
  /** PyTorch's dtype name (float16, …). */
  dtype: string;
  /** Elements. */
  params: number;
}

export interface HistogramData {
  lo: number;
  hi: number;
  counts: number[];
}

/** One tensor's statistics (models/weights/tensorStats.ts: over its finite elements; null when it has none). */
export interface StatsData {
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  zeros: number;
  nonfinite: number;
  histogram: HistogramData | null;
}

export interface BatchNormRow {
  layer: string;
  channels: number;
  zeroVariance: number[];
  dead: number[];
}

export type ArchitectureData =
  | {
      recognised: true;
      exact: boolean;
      model: string;
      overrides: Record<string, string | number | boolean | null | number[]>;
      differences: string[];
      prefix: string;
      extraKeys: string[];
      /** The recognised architecture's learnable parameters and MACs at its input size, or why they are unknown. */
      totals: { params: number; macs: number; input: [number, number] } | { unknown: string };
    }
  | { recognised: false; reason: string };

export interface CheckpointHeader {
  /** The file's name, and its path as the workspace shows it. */
  name: string;
  path: string;
  format: 'safetensors' | 'pytorch';
  wrapper: string | null;
  otherKeys: string[];
  fileBytes: number;
  /** Stored bytes of the tensors (what the statistics stream). */
  tensorBytes: number;
  /** Elements of the floating-point tensors. */
  params: number;
}

/** Why a checkpoint cannot be read: the file, the problem, and what to do. */
export interface CheckpointError {
  file: string;
  problem: string;
  advice: string;
}

export type CheckpointAction = 'inspect' | 'classify' | 'exportOnnx' | 'saveVariant';
export const CHECKPOINT_ACTIONS: readonly CheckpointAction[] = ['inspect', 'classify', 'exportOnnx', 'saveVariant'];

export type CheckpointHostMessage =
  | { type: 'index'; header: CheckpointHeader; architecture: ArchitectureData; tensors: TensorRow[]; trusted: boolean }
  | { type: 'stats'; rows: { position: number; stats: StatsData }[]; bytesDone: number; totalBytes: number }
  | { type: 'statsDone'; batchNorm: BatchNormRow[] }
  | { type: 'error'; error: CheckpointError }
  | { type: 'statsError'; error: CheckpointError }
  | { type: 'notice'; message: string };

/** What the page shows, as it reports it after each render. */
export interface RenderedState {
  phase: 'loading' | 'table' | 'streaming' | 'done' | 'error' | 'statsError';
  rows: number;
  rowsWithStats: number;
  architecture: string;
  error: string;
}

export type CheckpointWebviewMessage = { type: 'ready' } | { type: 'action'; action: CheckpointAction } | { type: 'rendered'; state: RenderedState };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): boolean => v === null || isNum(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => isStr(s));
const counts = (v: unknown): v is number[] => Array.isArray(v) && v.every(isCount);
const PHASES: readonly RenderedState['phase'][] = ['loading', 'table', 'streaming', 'done', 'error', 'statsError'];

/** Validates a message from the page; undefined when it is not a CheckpointWebviewMessage. */
export function parseCheckpointWebviewMessage(v: unknown): CheckpointWebviewMessage | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready') return { type: 'ready' };
  if (v.type === 'action') return CHECKPOINT_ACTIONS.includes(v.action as CheckpointAction) ? { type: 'action', action: v.action as CheckpointAction } : undefined;
  if (v.type === 'rendered' && isObj(v.state)) {
    const s = v.state;
    if (!PHASES.includes(s.phase as RenderedState['phase']) || !isCount(s.rows) || !isCount(s.rowsWithStats) || !isStr(s.architecture, 10_000) || !isStr(s.error, 10_000)) return undefined;
    return { type: 'rendered', state: { phase: s.phase as RenderedState['phase'], rows: s.rows, rowsWithStats: s.rowsWithStats, architecture: s.architecture, error: s.error } };
  }
  return undefined;
}

function isError(e: unknown): e is CheckpointError {
  return isObj(e) && isStr(e.file) && isStr(e.problem) && isStr(e.advice);
}

function isStats(s: unknown): s is StatsData {
  if (!isObj(s) || !isCount(s.zeros) || !isCount(s.nonfinite) || ![s.mean, s.std, s.min, s.max].every(numOrNull)) return false;
  const h = s.histogram;
  return h === null || (isObj(h) && isNum(h.lo) && isNum(h.hi) && counts(h.counts) && h.counts.length <= 1024);
}

function isArchitecture(a: unknown): a is ArchitectureData {
  if (!isObj(a)) return false;
  if (a.recognised === false) return isStr(a.reason);
  const t = a.totals;
  const totals = isObj(t) && (isStr(t.unknown) || (isCount(t.params) && isCount(t.macs) && Array.isArray(t.input) && t.input.length === 2 && t.input.every(isCount)));
  return a.recognised === true && typeof a.exact === 'boolean' && isStr(a.model, 200) && isObj(a.overrides) && strings(a.differences) && isStr(a.prefix) && strings(a.extraKeys) && totals;
}

function isHeader(h: unknown): h is CheckpointHeader {
  return isObj(h) && isStr(h.name) && isStr(h.path) && (h.format === 'safetensors' || h.format === 'pytorch') && (h.wrapper === null || isStr(h.wrapper)) && strings(h.otherKeys) && isCount(h.fileBytes) && isCount(h.tensorBytes) && isCount(h.params);
}

const isRow = (r: unknown): r is TensorRow => isObj(r) && isStr(r.key) && counts(r.shape) && isStr(r.dtype, 20) && isCount(r.params);

/** Validates a message from the host (the page trusts nothing it is sent either). */
export function parseCheckpointHostMessage(v: unknown): CheckpointHostMessage | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'index':
      if (!isHeader(v.header) || !isArchitecture(v.architecture) || !Array.isArray(v.tensors) || !v.tensors.every(isRow) || typeof v.trusted !== 'boolean') return undefined;
      return { type: 'index', header: v.header, architecture: v.architecture, tensors: v.tensors, trusted: v.trusted };
    case 'stats': {
      const rows = v.rows;
      if (!Array.isArray(rows) || !rows.every((r) => isObj(r) && isCount(r.position) && isStats(r.stats)) || !isCount(v.bytesDone) || !isCount(v.totalBytes)) return undefined;
      return { type: 'stats', rows: rows as { position: number; stats: StatsData }[], bytesDone: v.bytesDone, totalBytes: v.totalBytes };
    }
    case 'statsDone': {
      const bn = v.batchNorm;
      if (!Array.isArray(bn) || !bn.every((b) => isObj(b) && isStr(b.layer) && isCount(b.channels) && counts(b.zeroVariance) && counts(b.dead))) return undefined;
      return { type: 'statsDone', batchNorm: bn as BatchNormRow[] };
    }
    case 'error':
    case 'statsError':
      return isError(v.error) ? { type: v.type, error: v.error } : undefined;
    case 'notice':
      return isStr(v.message, 10_000) ? { type: 'notice', message: v.message } : undefined;
    default:
      return undefined;
  }
}
