// The inference worker's messages (child_process.fork IPC), tagged by `type`. Requests carry an
// `id`; every response to a request carries the same id. The worker validates what arrives.
import type { ClassifyResult } from './classify';
import { isPrecision, type Precision } from './modelSource';
import type { ProfileResult } from './profile';
import { parseProfileRequest, type ProfileRequest } from './profileRequest';
import { isEpChoice, type EpChoice } from './session';

/** The architecture: a preset/family id, or a variant object as read from a *.backbone.json file. */
export type ModelRef = { kind: 'id'; id: string } | { kind: 'variant'; variant: unknown; source?: string };

export interface ClassifyRequest {
  type: 'classify';
  id: number;
  /** Image files: the sender walked any folders (walkImages); the worker walks nothing. */
  paths: string[];
  model?: ModelRef;
  /** `--set` style knob overrides. */
  sets?: Record<string, string>;
  weights?: string;
  onnx?: string;
  ep?: EpChoice;
  top?: number;
  batch?: number;
  logits?: boolean;
  /** fp32 (default) or int8. */
  precision?: Precision;
  /** Class activation maps: `cam` of `camClass` (default top-1), `camTop` of every top class. */
  cam?: boolean;
  camClass?: number;
  camTop?: boolean;
  /** Export cache folder; null disables it; absent = the default (~/.cache/backbone-lens). */
  cacheDir?: string | null;
}

/** Drops the open session (frees its memory); the next classify opens a new one. */
export interface ReleaseRequest {
  type: 'release';
  id: number;
}

export type WorkerRequest = ClassifyRequest | ReleaseRequest | ProfileRequest;

export type WorkerResponse =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: ClassifyResult }
  | { type: 'profiled'; id: number; result: ProfileResult }
  | { type: 'released'; id: number }
  /** `name` is the error class (WeightsMismatchError, ProviderError, …); `message` names the file. */
  | { type: 'error'; id: number; name: string; message: string };

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
const isPositiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100_000;

/** Returns the request, or a string saying what is wrong with it. */
export function parseWorkerRequest(raw: unknown): WorkerRequest | string {
  if (typeof raw !== 'object' || raw === null) return 'a request must be an object';
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isInteger(r.id)) return 'a request needs an integer id';
  if (r.type === 'release') return { type: 'release', id: r.id };
  if (r.type === 'profile') return parseProfileRequest(r);
  if (r.type !== 'classify') return `unknown request type ${JSON.stringify(r.type)}`;
  if (!isStringArray(r.paths)) return 'classify: paths must be a list of strings';
  const m = r.model as Record<string, unknown> | undefined;
  if (m !== undefined && !(typeof m === 'object' && m !== null && ((m.kind === 'id' && typeof m.id === 'string') || (m.kind === 'variant' && optional(m.source, (s) => typeof s === 'string'))))) {
    return 'classify: model must be {kind: "id", id} or {kind: "variant", variant, source?}';
  }
  if (!optional(r.sets, (s) => typeof s === 'object' && s !== null && Object.values(s).every((v) => typeof v === 'string'))) return 'classify: sets must map knob names to strings';
  for (const k of ['weights', 'onnx'] as const) if (!optional(r[k], (v) => typeof v === 'string')) return `classify: ${k} must be a path`;
  if (!optional(r.ep, isEpChoice)) return `classify: ep ${JSON.stringify(r.ep)} is not a provider choice`;
  for (const k of ['top', 'batch'] as const) if (!optional(r[k], isPositiveInt)) return `classify: ${k} must be a positive integer`;
  if (!optional(r.precision, isPrecision)) return `classify: precision ${JSON.stringify(r.precision)} is not fp32 or int8`;
  for (const k of ['logits', 'cam', 'camTop'] as const) if (!optional(r[k], (v) => typeof v === 'boolean')) return `classify: ${k} must be true or false`;
  if (!optional(r.camClass, (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 100_000)) return 'classify: camClass must be a class index';
  if (!optional(r.cacheDir, (v) => v === null || typeof v === 'string')) return 'classify: cacheDir must be a path or null';
  return raw as ClassifyRequest;
}
