// The worker's `profile` request: its validation (the host and the webview are not trusted
// blindly) and how the worker serves it.
import { resolveId, resolveVariantFile, withOverrides } from '../models';
import { profileModel, PROFILE_LIMITS, type ProfileResult } from './profile';
import { isEpChoice, type EpChoice } from './session';
import type { ModelRef } from './protocol';

export interface ProfileRequest {
  type: 'profile';
  id: number;
  model: ModelRef;
  sets?: Record<string, string>;
  ep?: EpChoice;
  batch?: number;
  /** [H, W] in pixels. */
  input?: [number, number];
  runs?: number;
  /** Export cache folder; null disables it; absent = the default. */
  cacheDir?: string | null;
}

const intIn = (v: unknown, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

/** Returns the request, or a string saying what is wrong with it. */
export function parseProfileRequest(r: Record<string, unknown>): ProfileRequest | string {
  const m = r.model as Record<string, unknown> | undefined;
  if (!(typeof m === 'object' && m !== null && ((m.kind === 'id' && typeof m.id === 'string') || (m.kind === 'variant' && (m.source === undefined || typeof m.source === 'string'))))) {
    return 'profile: model must be {kind: "id", id} or {kind: "variant", variant, source?}';
  }
  if (r.sets !== undefined && !(typeof r.sets === 'object' && r.sets !== null && Object.values(r.sets).every((v) => typeof v === 'string'))) return 'profile: sets must map knob names to strings';
  if (r.ep !== undefined && !isEpChoice(r.ep)) return `profile: ep ${JSON.stringify(r.ep)} is not a provider choice`;
  if (r.batch !== undefined && !intIn(r.batch, PROFILE_LIMITS.maxBatch)) return `profile: batch must be an integer from 1 to ${PROFILE_LIMITS.maxBatch}`;
  if (r.runs !== undefined && !intIn(r.runs, PROFILE_LIMITS.maxRuns)) return `profile: runs must be an integer from 1 to ${PROFILE_LIMITS.maxRuns}`;
  if (r.input !== undefined && !(Array.isArray(r.input) && r.input.length === 2 && r.input.every((v) => intIn(v, PROFILE_LIMITS.maxSide)))) {
    return `profile: input must be [H, W], each from 1 to ${PROFILE_LIMITS.maxSide}`;
  }
  if (r.cacheDir !== undefined && r.cacheDir !== null && typeof r.cacheDir !== 'string') return 'profile: cacheDir must be a path or null';
  return r as unknown as ProfileRequest;
}

export function serveProfile(r: ProfileRequest): Promise<ProfileResult> {
  const base = r.model.kind === 'id' ? resolveId(r.model.id) : resolveVariantFile(r.model.variant, r.model.source);
  return profileModel({
    spec: withOverrides(base, r.sets ?? {}),
    ep: r.ep,
    batch: r.batch,
    runs: r.runs,
    input: r.input,
    ...(r.cacheDir !== undefined ? { cacheDir: r.cacheDir } : {}),
  });
}
