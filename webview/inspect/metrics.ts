// Colour by metric: a value per item and five bins mapped to CSS classes (heat-0 … heat-4) whose
// colours come from --vscode-* variables (media/inspect.css). Bins are logarithmic for params,
// MACs, stride and measured latency (they span orders of magnitude) and linear for the receptive field.
import * as l10n from '@vscode/l10n';
import type { StatsData } from '../../extension/protocol/inspect';
import { fmtShort } from './format';

export type Metric = 'none' | 'params' | 'macs' | 'rf' | 'stride' | 'latency';
/** The "Colour by" choices (a function: the labels are read after the page's bundle is configured). */
export const metricChoices = (): ReadonlyArray<{ value: Metric; label: string }> => [
  { value: 'macs', label: l10n.t('Colour: MACs') },
  { value: 'params', label: l10n.t('Colour: parameters') },
  { value: 'rf', label: l10n.t('Colour: receptive field') },
  { value: 'stride', label: l10n.t('Colour: output stride') },
  { value: 'latency', label: l10n.t('Colour: latency (measured)') },
  { value: 'none', label: l10n.t('Colour: none') },
];

export const BINS = 5;

/** The metric's value for an item; null when it has none (a global receptive field, zero MACs). */
export function metricValue(s: StatsData, m: Metric): number | null {
  switch (m) {
    case 'params':
      return s.params > 0 ? s.params : null;
    case 'macs':
      return s.macs > 0 ? s.macs : null;
    case 'rf':
      return s.rf.global ? null : s.rf.size;
    case 'stride':
      return s.rf.global ? null : s.rf.stride;
    case 'latency':
      return s.latencyMs !== undefined && s.latencyMs > 0 ? s.latencyMs : null;
    default:
      return null;
  }
}

/** The metric's values over every group (the model frame aside) and every layer of a model: what the bins are fixed on. */
export function modelValues(d: { groups: readonly StatsData[]; nodes: readonly StatsData[] }, m: Metric): (number | null)[] {
  return [...d.groups.slice(1), ...d.nodes].map((s) => metricValue(s, m));
}

export interface Scale {
  metric: Metric;
  /** Bin of a value (0 … BINS-1), or -1 for none. */
  bin(v: number | null): number;
  /** Lower bound of each bin, for the legend. */
  edges: number[];
  label(v: number): string;
}

export function makeScale(values: readonly (number | null)[], metric: Metric): Scale {
  const vs = values.filter((v): v is number => v !== null && v > 0);
  const log = metric !== 'rf';
  const f = (v: number) => (log ? Math.log(v) : v);
  const lo = vs.length ? Math.min(...vs.map(f)) : 0;
  const hi = vs.length ? Math.max(...vs.map(f)) : 1;
  const span = hi - lo || 1;
  const edges = Array.from({ length: BINS }, (_, i) => (log ? Math.exp(lo + (span * i) / BINS) : lo + (span * i) / BINS));
  return {
    metric,
    edges,
    bin: (v) => (v === null || v <= 0 || metric === 'none' ? -1 : Math.min(BINS - 1, Math.floor(((f(v) - lo) / span) * BINS))),
    label: (v) => (metric === 'rf' ? `${Math.round(v)} px` : metric === 'stride' ? `${Math.round(v)}` : metric === 'latency' ? `${v.toFixed(2)} ms` : fmtShort(Math.round(v))),
  };
}
