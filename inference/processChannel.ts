// The worker's end and the host's end of the fork IPC as shared/rpc.ts channels.
import type { ChildProcess } from 'node:child_process';
import type { Channel } from '../shared/rpc';

/** This process's channel to its parent (the worker's side). */
export function parentChannel(): Channel {
  return {
    send: (m) => void process.send?.(m),
    listen(onMessage) {
      process.on('message', onMessage);
      return { dispose: () => void process.off('message', onMessage) };
    },
  };
}

/** A forked child's channel (the host's side); a message sent while the child exits is dropped (its 'close' fails the requests). */
export function childChannel(child: ChildProcess): Channel {
  return {
    send(m) {
      if (child.connected) child.send(m as object);
    },
    listen(onMessage) {
      child.on('message', onMessage);
      return { dispose: () => void child.off('message', onMessage) };
    },
  };
}
