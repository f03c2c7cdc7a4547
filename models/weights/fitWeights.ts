// Matching a checkpoint onto a model's graph: every parameter and BatchNorm buffer by key and
// shape (num_batches_tracked optional), with missing, unexpected and mis-shaped keys listed by
// name and, when the file fits another preset better, which one.
import * as l10n from '@vscode/l10n';
import type { Graph } from '../graph/types';
import { buildGraph } from '../model';
import { resolveId } from '../modelSpec';
import { presets } from '../presets';
import { WeightsMismatchError, type ShapeMismatch } from './errors';
import { MAX_ELEMENT_BYTES, MAX_PICKLE_BYTES, type ReadLimits } from './limits';
import type { StateDict } from './tensor';

/** The model's float tensors by key, ready for the exporter. */
export type ModelWeights = ReadonlyMap<string, Float32Array>;

export interface WeightsFit {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly mismatched: ShapeMismatch[];
}

const optional = (key: string): boolean => key.endsWith('.num_batches_tracked');
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Strips DataParallel's `module.` prefix when every key carries it. */
export function normalizeKeys(sd: StateDict): StateDict {
  const keys = [...sd.keys()];
  if (keys.length === 0 || !keys.every((k) => k.startsWith('module.'))) return sd;
  return new Map([...sd].map(([k, v]) => [k.slice('module.'.length), v]));
}

export function compareWeights(graph: Graph, sd: StateDict): WeightsFit {
  const missing: string[] = [];
  const mismatched: ShapeMismatch[] = [];
  const expected = new Set<string>();
  for (const node of graph.nodes) {
    for (const t of node.tensors) {
      expected.add(t.key);
      const got = sd.get(t.key);
      if (got === undefined) {
        if (!optional(t.key)) missing.push(t.key);
      } else if (t.dtype === 'float32' && (got.dtype !== 'float32' || !sameShape(got.shape, t.shape))) {
        mismatched.push({ key: t.key, expected: t.shape, got: got.shape });
      }
    }
  }
  const unexpected = [...sd.keys()].filter((k) => !expected.has(k));
  return { missing, unexpected, mismatched };
}

/**
 * What a checkpoint for `graph` may make the readers materialise: twice the model's own elements
 * (room for extra keys the fit then reports by name) and 1 M more for small extras.
 */
export function readLimitsFor(graph: Graph): ReadLimits {
  let elements = 0;
  for (const node of graph.nodes) for (const t of node.tensors) elements += t.shape.reduce((a, b) => a * b, 1);
  return { maxElements: 2 * elements + (1 << 20) };
}

/** The largest checkpoint file worth reading under `limits` (bytes): every element at 8 bytes, plus the pickle or header. */
export const maxWeightsFileBytes = (limits: ReadLimits): number => limits.maxElements * MAX_ELEMENT_BYTES + MAX_PICKLE_BYTES;

/** Fraction of the file's and the model's (key, shape) pairs that agree: 1 is a perfect fit. */
function fitScore(graph: Graph, sd: StateDict): number {
  let agree = 0;
  let modelKeys = 0;
  for (const node of graph.nodes) {
    for (const t of node.tensors) {
      if (optional(t.key)) continue;
      modelKeys++;
      const got = sd.get(t.key);
      if (got && sameShape(got.shape, t.shape)) agree++;
    }
  }
  const fileKeys = [...sd.keys()].filter((k) => !optional(k)).length;
  return agree / (modelKeys + fileKeys - agree);
}

/** The preset whose graph the checkpoint fits best, with its score (1 = every key and shape). */
export function closestPreset(sd: StateDict): { id: string; score: number } | undefined {
  let best: { id: string; score: number } | undefined;
  for (const p of presets) {
    const score = fitScore(buildGraph(resolveId(p.id)), sd);
    if (!best || score > best.score) best = { id: p.id, score };
  }
  return best;
}

/**
 * The float tensors of `graph` from the checkpoint, or a WeightsMismatchError that lists what
 * does not fit and suggests the preset or knob change that would.
 */
export function fitWeights(graph: Graph, raw: StateDict, file: string): ModelWeights {
  const sd = normalizeKeys(raw);
  const fit = compareWeights(graph, sd);
  if (fit.missing.length > 0 || fit.unexpected.length > 0 || fit.mismatched.length > 0) {
    throw new WeightsMismatchError(file, graph.modelId, fit.missing, fit.unexpected, fit.mismatched, hintFor(graph, sd, fit));
  }
  const out = new Map<string, Float32Array>();
  for (const node of graph.nodes) {
    for (const t of node.tensors) {
      const got = sd.get(t.key);
      if (got && t.dtype === 'float32') out.set(t.key, got.data as Float32Array);
    }
  }
  return out;
}

function hintFor(graph: Graph, sd: StateDict, fit: WeightsFit): string {
  // Only the classifier differs in its number of classes: a fine-tuned head.
  const head = graph.nodes[graph.outputNode];
  if (fit.missing.length === 0 && fit.unexpected.length === 0 && head.attrs.op === 'linear') {
    const headKeys = new Set(head.tensors.map((t) => t.key));
    if (fit.mismatched.every((m) => headKeys.has(m.key))) {
      const w = sd.get(`${head.path}.weight`);
      if (w && w.shape.length === 2 && w.shape[1] === head.attrs.inFeatures) return l10n.t('The classifier has {0} classes: use --set num_classes={0} (or "num_classes": {0} in a variant file)', w.shape[0]);
    }
  }
  const best = closestPreset(sd);
  if (best && best.id !== graph.modelId && best.score === 1) return l10n.t('This looks like {0}: every key and shape fits it', best.id);
  if (best && best.id !== graph.modelId && best.score > fitScore(graph, sd)) return l10n.t('It fits {0} better ({1} % of keys and shapes agree)', best.id, Math.round(best.score * 100));
  return '';
}
