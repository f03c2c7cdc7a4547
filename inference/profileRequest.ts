// How the worker serves its `profile` request (validated by protocol.ts): the spec the host
// asked for, profiled on a session of its own.
import { resolveId, resolveVariantFile, withOverrides } from '../models';
import { profileModel, type ProfileResult } from './profile';
import type { ProfileParams } from './protocol';

export function serveProfile(r: ProfileParams): Promise<ProfileResult> {
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
