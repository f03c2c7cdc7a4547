// Colour by metric: a value per item and five bins mapped to CSS classes (heat-0 … heat-4) whose
// colours come from --vscode-* variables (media/inspect.css). Bins are logarithmic for params,
// MACs, stride, measured latency and the weights' std (they span orders of magnitude) and linear
// for the receptive field and the share of zero weights. The two weight modes exist only for a
// model opened from a checkpoint (ModelData.weightStats); for them zero is a value (a layer
// without zeros, a γ initialised to zero), in the lowest bin.
import * as l10n from '@vscode/l10n';
import type { ModelData, StatsData } from '../../shared/protocol/inspect';
import { compact, milliseconds, percent, statistic } from '../../models/report/format';

export const METRICS = ['none', 'params', 'macs', 'rf', 'stride', 'latency', 'weightStd', 'weightZeros'] as const;
export type Metric = (typeof METRICS)[number];

/** The metrics that read the checkpoint's weight statistics. */
export const WEIGHT_METRICS: readonly Metric[] = ['weightStd', 'weightZeros'];

/**
 * The "Colour by" choices for a model (a function: the labels are read after the page's bundle is
 * configured). The weight modes are offered only when the model has weight statistics.
 */
export const metricChoices = (d?: Pick<ModelData, 'weightStats'>): ReadonlyArray<{ value: Metric; label: string }> => [
  { value: 'macs', label: l10n.t('Colour: MACs') },
  { value: 'params', label: l10n.t('Colour: parameters') },
  { value: 'rf', label: l10n.t('Colour: receptive field') },
  { value: 'stride', label: l10n.t('Colour: output stride') },
  { value: 'latency', label: l10n.t('Colour: latency (measured)') },
  ...(d?.weightStats
    ? [
        { value: 'weightStd' as const, label: l10n.t('Colour: weight std') },
        { value: 'weightZeros' as const, label: l10n.t('Colour: % zero weights') },
      ]
    : []),
  { value: 'none', label: l10n.t('Colour: none') },
];

/** The metric a model is coloured by: `m`, unless the model does not offer it (a weight mode without weight statistics). */
export const effectiveMetric = (m: Metric, d: Pick<ModelData, 'weightStats'> | undefined): Metric => (metricChoices(d).some((c) => c.value === m) ? m : 'none');

/**
 * What the legend adds for a weight mode: where the statistics come from, how a group's value is
 * made, and whether they are partial. Empty for the other metrics.
 */
export function weightLegendNote(m: Metric, d: Pick<ModelData, 'weightStats'> | undefined): string {
  const w = d?.weightStats;
  if (!w || !WEIGHT_METRICS.includes(m)) return '';
  const groups = m === 'weightStd' ? l10n.t('a group: the std of its conv and linear weights together') : l10n.t('a group: the zeros among its conv and linear weights');
  if (w.partial) return l10n.t('{0}, partial: {1} of {2} layers had statistics when Inspect opened (use "Inspect this architecture" again once the checkpoint editor is done) · {3}', w.file, w.layers, w.expected, groups);
  if (w.layers < w.expected) return l10n.t('{0}: {1} of {2} layers have weights of this shape in the file · {3}', w.file, w.layers, w.expected, groups);
  return `${w.file} · ${groups}`;
}

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
    case 'weightStd':
      return s.weights?.std ?? null;
    case 'weightZeros':
      return s.weights && s.weights.count > 0 ? s.weights.zeros / s.weights.count : null;
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
  const zeroIsValue = WEIGHT_METRICS.includes(metric);
  const log = metric !== 'rf' && metric !== 'weightZeros';
  // Logarithmic bins are fixed on the positive values; linear ones on every value there is.
  const vs = values.filter((v): v is number => v !== null && (v > 0 || (!log && zeroIsValue && v === 0)));
  const hasZero = zeroIsValue && values.some((v) => v === 0);
  const f = (v: number) => (log ? Math.log(v) : v);
  let lo = vs.length ? f(vs[0]) : 0;
  let hi = vs.length ? f(vs[0]) : 1;
  for (const v of vs) {
    lo = Math.min(lo, f(v));
    hi = Math.max(hi, f(v));
  }
  const span = hi - lo || 1;
  const edges = Array.from({ length: BINS }, (_, i) => (log ? Math.exp(lo + (span * i) / BINS) : lo + (span * i) / BINS));
  // A zero on a logarithmic scale sits in the lowest bin, whose label then starts at 0.
  if (log && hasZero) edges[0] = 0;
  const bin = (v: number | null): number => {
    if (v === null || metric === 'none') return -1;
    if (v <= 0) return zeroIsValue && v === 0 ? 0 : -1;
    return Math.max(0, Math.min(BINS - 1, Math.floor(((f(v) - lo) / span) * BINS)));
  };
  return {
    metric,
    edges,
    bin,
    label: (v) =>
      metric === 'rf' ? `${Math.round(v)} px` : metric === 'stride' ? `${Math.round(v)}` : metric === 'latency' ? milliseconds(v) : metric === 'weightStd' ? statistic(v) : metric === 'weightZeros' ? percent(v) : compact(Math.round(v)),
  };
}
