// The Inspect page's end of the host protocol (shared/protocol/inspect.ts) and its saved state.
import { inspectHostAnswers, modelConfigSchema, type InspectHostApi, type InspectPageApi, type ModelConfig } from '../../shared/protocol/inspect';
import { inspectPageServes } from '../../shared/protocol/inspectPage';
import { listOf, object, oneOf, optional, parseOrUndefined, text, type Schema } from '../../shared/validate';
import { connectToHost, vscodeApi } from '../hostPeer';
import type { DiagramView } from './diagram';
import { METRICS, type Metric } from './metrics';

/** What getState/setState keep across a reload (no retainContextWhenHidden). */
export interface PageState {
  main?: ModelConfig;
  compare?: ModelConfig;
  metric: Metric;
  /** Each diagram's expansion and selection; read back through Diagram.restore, which checks them. */
  views: { main?: DiagramView; compare?: DiagramView };
}

/** The page's connection to its host. */
export const inspectHost = connectToHost<InspectPageApi, InspectHostApi>(inspectPageServes, inspectHostAnswers);

const savedView: Schema<DiagramView> = object({ expanded: listOf(text(1000), 100_000), selected: optional(object({ kind: oneOf(['group', 'node']), path: text(1000) })) });
const pageStateSchema: Schema<PageState> = object({
  main: optional(modelConfigSchema),
  compare: optional(modelConfigSchema),
  metric: oneOf(METRICS),
  views: object({ main: optional(savedView), compare: optional(savedView) }),
});

/** The state saved before a reload, when it is one (the workbench keeps whatever was set). */
export function loadState(): PageState | undefined {
  return parseOrUndefined(pageStateSchema, vscodeApi().getState());
}

export function saveState(s: PageState): void {
  vscodeApi().setState(s);
}
