// The Inspect Model host↔webview contract: one file of tagged unions (discriminated by `type`),
// imported by the extension host bundle and the webview bundle alike. Everything that crosses the
// boundary is plain JSON. The webview is untrusted input: the host runs every message it gets
// through `parseWebviewMessage`, which returns undefined for anything that does not match.
//
// Division of labour: the HOST owns the engine. It resolves presets and variant files, builds and
// analyzes the graph and sends the finished numbers (`ModelData`); the webview lays out and draws
// them and never computes a statistic itself. Changing a control posts `configure`; the host
// recomputes (a few ms: graphs and analyses are memoized) and answers with a new `model`.
import type { KnobSpec, KnobValue, OpAttrs } from '../../models';
import { isInputSize } from '../../models/inputSize';
import { parseCostMessage, type CostHostMessage, type CostWebviewMessage } from './cost';

/** Which of the (at most two) models in a panel a message is about. */
export type Slot = 'main' | 'compare';

/** Where a model comes from: a preset or family id, or a variant file (URI string). */
export type ModelSource =
  | { kind: 'preset'; id: string }
  | { kind: 'file'; uri: string; label: string }
  /** A class, factory or module-level model of a Python file, read by models/python/. */
  | { kind: 'python'; uri: string; target: string; label: string };

/** Receptive field in input pixels (see models/analysis/receptiveField.ts). */
export interface RfData {
  size: number | null;
  min: number | null;
  stride: number | null;
  global: boolean;
  globalContext: boolean;
}

export interface StatsData {
  /** Output shape [C, H, W] (or [features]). */
  shape: number[];
  /** Learnable parameters. */
  params: number;
  /** Multiply-accumulates, one image. */
  macs: number;
  rf: RfData;
  /** fp32 bytes of outputs at batch 1. */
  activationBytes: number;
  /** Measured ms (the webview fills it in from a `latency` message; absent until measured). */
  latencyMs?: number;
}

export interface NodeData extends StatsData {
  path: string;
  attrs: OpAttrs;
  /** Indices of input nodes (node index = position in ModelData.nodes). */
  inputs: number[];
  /** Index of the group that holds the node directly. */
  group: number;
}

export interface GroupData extends StatsData {
  path: string;
  kind: 'model' | 'stem' | 'stage' | 'transition' | 'block' | 'module' | 'head';
  label: string;
  /** -1 for the model (groups[0]). */
  parent: number;
  children: number[];
  nodes: number[];
  /** Layers counted in the papers' depth convention. */
  depth: number;
  /** Nodes in the subtree. */
  nodeCount: number;
  /** The node whose output is the group's output. */
  outputNode: number;
}

export interface ModelData {
  id: string;
  family: string;
  description: string;
  source: ModelSource;
  /** Input [H, W] in pixels. */
  input: [number, number];
  /** Every knob of the family, as resolved. */
  knobs: Record<string, KnobValue>;
  /** Knobs changed from the preset/family defaults. */
  overrides: Record<string, KnobValue>;
  knobSpecs: KnobSpec[];
  nodes: NodeData[];
  groups: GroupData[];
  /** The measured run behind the latencyMs fields (set by the webview with them). */
  latency?: { batch: number; totalMs: number; provider: string };
  /** Convenience copy of groups[0]'s stats plus the feature map. */
  totals: { depth: number; params: number; macs: number; activationBytes: number; featureShape: number[]; rf: RfData };
  /** A model read from Python: module path → 1-based line where it is built (diagram ↔ source). */
  sourceLines?: Record<string, number>;
}

export interface PresetSummary {
  id: string;
  family: string;
  description: string;
}

/** What a `configure` asks for: a model plus input size and knob overrides. */
export interface ModelConfig {
  source: ModelSource;
  input?: [number, number];
  knobs?: Record<string, KnobValue>;
}

// ---- host → webview ------------------------------------------------------------------------

export type HostMessage =
  | { type: 'catalog'; presets: PresetSummary[] }
  /** A computed model for a slot; `focus` is a node or group path to reveal and select. */
  | { type: 'model'; slot: Slot; data: ModelData; focus?: string }
  /** Removes the comparison model. */
  | { type: 'clearCompare' }
  /** A configure request failed; the previous model stays on screen. */
  | { type: 'error'; slot: Slot; message: string }
  /** Reveal and select a path in the main model: the Python source link, when the cursor moves onto a line that builds a module (hover links send `model` with `focus`). */
  | { type: 'focus'; path: string }
  /** Result of an export, for the webview's status line. */
  | { type: 'exported'; message: string }
  | CostHostMessage;

export type ImageFormat = 'svg' | 'png';
export type TableFormat = 'markdown' | 'csv';
export type ExportTarget = 'clipboard' | 'file';

// ---- webview → host ------------------------------------------------------------------------

export type WebviewMessage =
  /** The page is up; `state` is what it restored from getState() (undefined on first open). */
  | { type: 'ready'; main?: ModelConfig; compare?: ModelConfig }
  | { type: 'configure'; slot: Slot; config: ModelConfig }
  /** Opens the preset quick pick for a slot (the compare button). */
  | { type: 'pickModel'; slot: Slot }
  | { type: 'clearCompare' }
  /** An image of the current view: SVG text, or a PNG as base64 (PNG goes to a file only). */
  | { type: 'exportImage'; format: ImageFormat; target: ExportTarget; data: string }
  /** The stats table of a slot's model; the host builds it with the engine's statsReport. */
  | { type: 'exportTable'; format: TableFormat; target: ExportTarget; slot: Slot }
  /** A node or group of the main diagram was selected (the host reveals its source line). */
  | { type: 'selected'; path: string }
  /** "Show receptive field on an image…" for a node or group path of a slot's model. */
  | { type: 'showReceptiveField'; slot: Slot; path: string }
  /** Training memory or measured latency of a slot's model (protocol/cost.ts). */
  | CostWebviewMessage;

const SLOTS: readonly string[] = ['main', 'compare'];
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKnobValue = (v: unknown): v is KnobValue =>
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.length <= 200) ||
  (Array.isArray(v) && v.length <= 64 && v.every((n) => typeof n === 'number' && Number.isFinite(n)));

function parseSource(v: unknown): ModelSource | undefined {
  if (!isObj(v)) return undefined;
  if (v.kind === 'preset' && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 200) return { kind: 'preset', id: v.id };
  if (v.kind === 'file' && typeof v.uri === 'string' && v.uri.length <= 4096 && typeof v.label === 'string' && v.label.length <= 1000) {
    return { kind: 'file', uri: v.uri, label: v.label };
  }
  if (v.kind === 'python' && typeof v.uri === 'string' && v.uri.length <= 4096 && typeof v.label === 'string' && v.label.length <= 1000 && typeof v.target === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,199}$/.test(v.target)) {
    return { kind: 'python', uri: v.uri, target: v.target, label: v.label };
  }
  return undefined;
}

export function parseModelConfig(v: unknown): ModelConfig | undefined {
  if (!isObj(v)) return undefined;
  const source = parseSource(v.source);
  if (!source) return undefined;
  const out: ModelConfig = { source };
  if (v.input !== undefined) {
    if (!isInputSize(v.input)) return undefined;
    out.input = [v.input[0], v.input[1]];
  }
  if (v.knobs !== undefined) {
    if (!isObj(v.knobs)) return undefined;
    const knobs: Record<string, KnobValue> = {};
    const entries = Object.entries(v.knobs);
    if (entries.length > 64) return undefined;
    for (const [k, kv] of entries) {
      if (!/^[a-z_][a-z0-9_]{0,63}$/.test(k) || !isKnobValue(kv)) return undefined;
      knobs[k] = Array.isArray(kv) ? [...kv] : kv;
    }
    out.knobs = knobs;
  }
  return out;
}

/** Validates a message from the webview; undefined when it is not one of WebviewMessage. */
export function parseWebviewMessage(v: unknown): WebviewMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  const slotOk = (s: unknown): s is Slot => typeof s === 'string' && SLOTS.includes(s);
  switch (v.type) {
    case 'ready': {
      const main = v.main === undefined ? undefined : parseModelConfig(v.main);
      const compare = v.compare === undefined ? undefined : parseModelConfig(v.compare);
      if ((v.main !== undefined && !main) || (v.compare !== undefined && !compare)) return undefined;
      return { type: 'ready', ...(main ? { main } : {}), ...(compare ? { compare } : {}) };
    }
    case 'configure': {
      const config = parseModelConfig(v.config);
      return slotOk(v.slot) && config ? { type: 'configure', slot: v.slot, config } : undefined;
    }
    case 'pickModel':
      return slotOk(v.slot) ? { type: 'pickModel', slot: v.slot } : undefined;
    case 'clearCompare':
      return { type: 'clearCompare' };
    case 'exportImage':
      if ((v.format !== 'svg' && v.format !== 'png') || typeof v.data !== 'string' || v.data.length > MAX_EXPORT_CHARS) return undefined;
      if (v.target !== 'file' && (v.target !== 'clipboard' || v.format === 'png')) return undefined;
      if (v.format === 'png' && !/^[A-Za-z0-9+/=]*$/.test(v.data)) return undefined;
      return { type: 'exportImage', format: v.format, target: v.target, data: v.data };
    case 'exportTable':
      if ((v.format !== 'markdown' && v.format !== 'csv') || (v.target !== 'clipboard' && v.target !== 'file') || !slotOk(v.slot)) return undefined;
      return { type: 'exportTable', format: v.format, target: v.target, slot: v.slot };
    case 'selected':
      return typeof v.path === 'string' && v.path.length <= 1000 ? { type: 'selected', path: v.path } : undefined;
    case 'showReceptiveField':
      return slotOk(v.slot) && typeof v.path === 'string' && v.path.length > 0 && v.path.length <= 1000 ? { type: 'showReceptiveField', slot: v.slot, path: v.path } : undefined;
    case 'trainMemory':
    case 'profile':
      return parseCostMessage(v, slotOk);
    default:
      return undefined;
  }
}
