// How the worker serves its `profile` request (validated by protocol.ts): the spec the host
// asked for, sized before anything is allocated, then profiled on a session of its own under the
// worker's watchdog (memory for its batch, and each step's time for one run of it).
import { resolveId, resolveVariantFile, withOverrides } from '../models';
import { boundsFor, type Watchdog } from './bounds';
import { profileBounds, profileModel, type ProfileOptions, type ProfileResult } from './profile';
import type { ProfileParams } from './protocol';

export function serveProfile(r: ProfileParams, watchdog: Watchdog): Promise<ProfileResult> {
  const base = r.model.kind === 'id' ? resolveId(r.model.id) : resolveVariantFile(r.model.variant, r.model.source);
  const options: ProfileOptions = {
    spec: withOverrides(base, r.sets ?? {}),
    ep: r.ep,
    batch: r.batch,
    runs: r.runs,
    input: r.input,
    ...(r.cacheDir !== undefined ? { cacheDir: r.cacheDir } : {}),
    step: () => watchdog.step(),
  };
  watchdog.start(`profile of ${options.spec.id}`, profileBounds(options, boundsFor(0)));
  return profileModel(options);
}
