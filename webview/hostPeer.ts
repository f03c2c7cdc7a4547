// The page's end of the shared request/response helper (shared/rpc.ts): postMessage to the host,
// window message events from it. The VS Code API object can be acquired once per page, so every
// module of a page gets it here.
import { Peer, type Api, type CalledSchemas, type Channel, type ServedSchemas } from '../shared/rpc';

export interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The page's one VS Code API object. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

const channel: Channel = {
  send: (m) => vscodeApi().postMessage(m),
  listen(onMessage) {
    const listener = (e: MessageEvent<unknown>): void => onMessage(e.data);
    window.addEventListener('message', listener);
    return { dispose: () => window.removeEventListener('message', listener) };
  },
};

/** Connects the page to its host: the page serves `Serves` (validated with `served`) and calls the host's `Calls`. */
export function connectToHost<Serves extends Api, Calls extends Api>(served: ServedSchemas<Serves>, called: CalledSchemas<Calls>): Peer<Serves, Calls> {
  return new Peer<Serves, Calls>(channel, served, called, { onInvalid: (problem) => console.warn(`Backbone Lens: ignored an invalid message from the host: ${problem}`) });
}
