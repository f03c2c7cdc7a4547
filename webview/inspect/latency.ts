// Measured latency on the diagram's data: written into ModelData (latencyMs per node and group,
// the run's batch and total) when a `latency` message arrives, cleared for a new model, and the
// side pane's extra columns (ms, % of the run, achieved GFLOP/s = 2 × MACs × batch / time).
import * as l10n from '@vscode/l10n';
import type { LatencyData } from '../../extension/protocol/cost';
import type { ModelData, StatsData } from '../../extension/protocol/inspect';
import { percent } from '../percent';

export function applyLatency(d: ModelData, l: LatencyData | undefined): void {
  d.nodes.forEach((n, i) => {
    if (l && l.nodeMs[i] > 0) n.latencyMs = l.nodeMs[i];
    else delete n.latencyMs;
  });
  d.groups.forEach((g, i) => {
    if (l && l.groupMs[i] > 0) g.latencyMs = l.groupMs[i];
    else delete g.latencyMs;
  });
  if (l) d.latency = { batch: l.batch, totalMs: l.totalMs, provider: l.provider };
  else delete d.latency;
}

export const latencyHeaders = (): string[] => [l10n.t('ms'), l10n.t('% time'), 'GFLOP/s'];

/** The latency cells of a breakdown row (when the model was measured). */
export function appendLatencyCells(tr: HTMLTableRowElement, s: StatsData, d: ModelData): void {
  const l = d.latency;
  if (!l) return;
  const ms = s.latencyMs ?? 0;
  const cells = [ms > 0 ? ms.toFixed(2) : '—', ms > 0 ? percent(ms / l.totalMs) : '—', ms > 0 && s.macs > 0 ? ((2 * s.macs * l.batch) / (ms / 1000) / 1e9).toFixed(1) : '—'];
  for (const text of cells) {
    const td = tr.insertCell();
    td.textContent = text;
    td.className = 'num';
  }
}
