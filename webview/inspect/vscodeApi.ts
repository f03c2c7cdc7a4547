// The webview side of the host API: typed postMessage and the saved page state.
import type { ModelConfig, WebviewMessage } from '../../extension/protocol/inspect';
import type { DiagramView } from './diagram';
import type { Metric } from './metrics';

/** What getState/setState keep across a reload (no retainContextWhenHidden). */
export interface PageState {
  main?: ModelConfig;
  compare?: ModelConfig;
  metric: Metric;
  /** Each diagram's expansion and selection; read back through Diagram.restore, which checks them. */
  views: { main?: DiagramView; compare?: DiagramView };
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(msg: WebviewMessage): void {
  api.postMessage(msg);
}

export function loadState(): PageState | undefined {
  const s = api.getState();
  if (!s || typeof s !== 'object') return undefined;
  return s as PageState;
}

export function saveState(s: PageState): void {
  api.setState(s);
}
