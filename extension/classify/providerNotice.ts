// Execution-provider fallback is never silent. When `auto` ends up on the CPU although this
// platform has GPU providers to try, a separate, short-lived worker asks each of them to start
// on the same model (no images) and reports why it could not; the answer is logged and shown
// once per session. A separate process keeps the run's worker (and its open session) untouched.
import type { InferenceClient } from '../../inference/client';
import { gpuCandidates, type Provider } from '../../inference/session';
import type { ChunkRequest } from './runChunks';

/** One line per GPU provider: why it did not start (the worker's own words). */
export async function fallbackReasons(makeClient: () => InferenceClient, request: ChunkRequest): Promise<{ provider: Provider; reason: string }[]> {
  const client = makeClient();
  const out: { provider: Provider; reason: string }[] = [];
  try {
    for (const provider of gpuCandidates()) {
      try {
        await client.classify({ ...request, ep: provider, paths: [] });
        out.push({ provider, reason: 'it starts now; the run fell back earlier (perhaps the device was busy)' });
      } catch (e) {
        out.push({ provider, reason: cleanReason((e as Error).message, provider) });
      }
    }
  } finally {
    client.dispose();
  }
  return out;
}

/** The worker's ProviderError text without its CLI advice. */
export function cleanReason(message: string, provider: string): string {
  return message
    .replace(`execution provider "${provider}" could not start: `, '')
    .replace(/ \(use --ep auto to fall back to the CPU\)$/, '');
}
