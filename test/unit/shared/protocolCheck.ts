// Checks a page's message written the short way ({ type, ...fields }) against what a host serves,
// through the same check the request/response helper runs (shared/rpc.ts checkIncoming): the
// parsed message, or undefined when the host would refuse it.
import { checkIncoming, type Api, type ServedSchemas } from '../../../shared/rpc';

export function accepted<A extends Api>(served: ServedSchemas<A>, msg: unknown): unknown {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || !('type' in msg) || typeof msg.type !== 'string') return undefined;
  const { type, ...params } = msg as { type: string } & Record<string, unknown>;
  const kind = Object.hasOwn(served.requests, type) ? 'request' : 'notification';
  const r = checkIncoming(served, kind, type, params);
  return r.ok ? { type, ...(r.value as object) } : undefined;
}
