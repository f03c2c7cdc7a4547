// Two connected in-memory channels (as a webview and its host, or a worker and its client):
// what one sends the other receives, through a JSON round trip as postMessage/IPC would.
import type { Channel } from '../../../shared/rpc';

export interface ChannelPair {
  a: Channel;
  b: Channel;
  /** Every message sent, in order, as it went over the wire. */
  log: { from: 'a' | 'b'; message: unknown }[];
  /** Delivers a raw message to `to`, as a hostile or broken sender would. */
  inject(to: 'a' | 'b', message: unknown): void;
}

export function channelPair(): ChannelPair {
  const listeners: Record<'a' | 'b', Set<(m: unknown) => void>> = { a: new Set(), b: new Set() };
  const log: ChannelPair['log'] = [];
  const deliver = (to: 'a' | 'b', message: unknown): void => {
    for (const l of [...listeners[to]]) l(message);
  };
  const end = (me: 'a' | 'b', other: 'a' | 'b'): Channel => ({
    send(message) {
      log.push({ from: me, message });
      const copy: unknown = JSON.parse(JSON.stringify(message));
      queueMicrotask(() => deliver(other, copy));
    },
    listen(onMessage) {
      listeners[me].add(onMessage);
      return { dispose: () => listeners[me].delete(onMessage) };
    },
  });
  return { a: end('a', 'b'), b: end('b', 'a'), log, inject: (to, m) => queueMicrotask(() => deliver(to, m)) };
}

/** Lets queued deliveries (and the handlers they start) run. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
