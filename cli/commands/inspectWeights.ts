// `backbone-lens inspect-weights <file> [--json]`: what a checkpoint is — its format, where the
// state dict sits (wrapper, key prefix), the recognised architecture as a preset plus overrides
// (or the nearest one with the differences), every tensor's key, shape and dtype, and the keys
// that are not the model's weights, and each tensor's statistics (mean, std, min, max, zeros,
// NaN/Inf). The headers are read first; then the tensors one at a time (a 1.7 GB file costs its
// largest tensor in memory).
import * as l10n from '@vscode/l10n';
import { existsSync, statSync } from 'node:fs';
import { openWeightsFile } from '../../inference/weightsFile';
import { architectureLabel, indexWeights, recognizeArchitecture, StatsStream, tensorEntries, type ByteSource, type KnobValue, type TensorEntry, type TensorStats, type WeightsFormat, type WeightsIndex } from '../../models';
import { CliError } from '../cliError';
import { integer } from '../../models/report/format';
import { table } from '../table';

export type ArchitectureJson =
  | { exact: boolean; model: string; overrides: Readonly<Record<string, KnobValue>>; differences: readonly string[]; also_fits: readonly string[] }
  | { exact: false; model: null; reason: string };

/** One row of `tensors`: key, shape, dtype as stored. */
export interface TensorRow {
  key: string;
  shape: number[];
  dtype: string;
}

/** A row with the tensor's statistics (the engine's TensorStats: over its finite elements, null when it has none; zeros and nonfinite are counts). */
export type TensorStatsRow = TensorRow & Pick<TensorStats, 'mean' | 'std' | 'min' | 'max' | 'zeros' | 'nonfinite'>;

export interface InspectWeightsJson {
  file: string;
  format: WeightsFormat;
  wrapper: string | null;
  prefix: string | null;
  architecture: ArchitectureJson;
  tensors: TensorStatsRow[];
  /** Tensor keys outside the model (another prefix, an EMA copy), then the wrapper's other keys (optimizer, epoch…). */
  extra_keys: string[];
}

export const tensorRows = (entries: readonly TensorEntry[]): TensorRow[] => entries.map((e) => ({ key: e.key, shape: [...e.shape], dtype: e.dtype }));

/** Each row with its tensor's statistics, streamed from the file one tensor at a time (memory: the largest tensor). */
function withStats(index: WeightsIndex, rows: readonly TensorRow[]): TensorStatsRow[] {
  const stream = new StatsStream(index);
  const out: TensorStatsRow[] = [];
  for (let step = stream.step(); step !== undefined; step = stream.step()) {
    const { mean, std, min, max, zeros, nonfinite } = step.stats;
    out.push({ ...rows[step.position], mean, std, min, max, zeros, nonfinite });
  }
  return out;
}

/** Indexes the checkpoint from its headers (the safetensors header, or the zip directory and the pickle), then streams each tensor's statistics. */
export function inspectWeightsReport(source: ByteSource, file: string): InspectWeightsJson {
  const index = indexWeights(source, file);
  const { format, wrapper, otherKeys } = index;
  const entries = tensorEntries(index);
  const r = recognizeArchitecture(entries);
  const architecture: ArchitectureJson = r.model === null
    ? { exact: false, model: null, reason: r.reason }
    : { exact: r.exact, model: r.model, overrides: r.overrides, differences: r.differences, also_fits: r.alsoFits };
  return {
    file,
    format,
    wrapper,
    prefix: r.model === null ? null : r.prefix,
    architecture,
    tensors: withStats(index, tensorRows(entries)),
    extra_keys: [...(r.model === null ? [] : r.extraKeys), ...otherKeys],
  };
}

function checkFile(file: string): void {
  if (!existsSync(file)) throw new CliError(l10n.t('{0}: no such file', file));
  if (!statSync(file).isFile()) throw new CliError(l10n.t('{0}: not a file (expected a .pth, .pt or .safetensors checkpoint)', file));
}

const variantText = (model: string, overrides: Readonly<Record<string, KnobValue>>): string => JSON.stringify({ extends: model, ...overrides });

function architectureLines(a: ArchitectureJson): string[] {
  if (a.model === null) return [`architecture: not recognised: ${a.reason}`];
  const name = architectureLabel(a.model, a.overrides);
  const lines = [a.exact ? `architecture: ${name} (exact: every key and shape fits)` : `architecture: nearest is ${name}; ${a.differences.length} differences:`];
  if (!a.exact) lines.push(...a.differences.slice(0, 20).map((d) => `  ${d}`), ...(a.differences.length > 20 ? [`  … ${a.differences.length - 20} more`] : []));
  if (Object.keys(a.overrides).length > 0) lines.push(`variant file: ${variantText(a.model, a.overrides)}`);
  if (a.also_fits.length > 0) lines.push(`same keys and shapes: ${a.also_fits.join(', ')} (strides and anti-aliasing leave no trace in a state dict)`);
  return lines;
}

export function inspectWeightsCommand(o: { file: string | undefined; json: boolean }): string {
  if (o.file === undefined) throw new CliError(l10n.t('{0} takes one checkpoint file (.pth, .pt or .safetensors)', 'inspect-weights'), 2);
  checkFile(o.file);
  const source = openWeightsFile(o.file);
  let report: InspectWeightsJson;
  try {
    report = inspectWeightsReport(source, o.file);
  } finally {
    source.close();
  }
  if (o.json) return JSON.stringify(report, null, 2);
  const where = [report.format, report.wrapper === null ? 'state dict at the top level' : `state dict under "${report.wrapper}"`, report.prefix ? `key prefix "${report.prefix}"` : ''].filter(Boolean);
  const elements = report.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  const lines = [`${report.file}: ${where.join(', ')}`, ...architectureLines(report.architecture), `tensors: ${report.tensors.length} (${integer(elements)} elements)`];
  if (report.extra_keys.length > 0) lines.push(`not model weights: ${report.extra_keys.slice(0, 20).join(', ')}${report.extra_keys.length > 20 ? `, … ${report.extra_keys.length - 20} more` : ''}`);
  const rows = report.tensors.map((t) => [t.key, `[${t.shape.join(', ')}]`, t.dtype, integer(t.shape.reduce((a, b) => a * b, 1))]);
  const cols = [
    { title: 'key', align: 'left' as const },
    { title: 'shape', align: 'left' as const },
    { title: 'dtype', align: 'left' as const },
    { title: 'elements', align: 'right' as const },
  ];
  return `${lines.join('\n')}\n\n${table(cols, rows)}`;
}
