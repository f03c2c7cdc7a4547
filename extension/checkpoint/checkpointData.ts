// What the checkpoint editor is sent, computed from the engine (no vscode: unit-tested): the
// header and table from the file's index, the recognised architecture with its totals, the
// statistics of a step, and a typed error that names the file, the problem and what to do (the
// advice in the display language through @vscode/l10n, configured on activation).
import * as l10n from '@vscode/l10n';
import { analyzeSpec, recognizeArchitecture, resolveVariant, storedBytesOf, tensorEntries, TORCH_DTYPE_NAMES, UnsafePickleError, WeightsFormatError, type BatchNormHealth, type Recognition, type RecognitionResult, type TensorStats, type WeightsIndex } from '../../models';
import type { ArchitectureData, BatchNormRow, CheckpointError, CheckpointHeader, StatsData, TensorRow } from '../../shared/protocol/checkpoint';
import type { CheckpointWeights, WeightTensorStats } from '../../shared/protocol/inspect';

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const isFloat = (dtype: string): boolean => dtype.startsWith('float') || dtype === 'bfloat16';

export function tensorRows(index: WeightsIndex): TensorRow[] {
  return index.tensors.map((t) => ({ key: t.key, shape: [...t.shape], dtype: TORCH_DTYPE_NAMES[t.storedDtype], params: numel(t.shape) }));
}

export function headerOf(index: WeightsIndex, name: string, path: string, fileBytes: number): CheckpointHeader {
  let params = 0;
  let tensorBytes = 0;
  for (const t of index.tensors) {
    if (isFloat(TORCH_DTYPE_NAMES[t.storedDtype])) params += numel(t.shape);
    tensorBytes += storedBytesOf(t);
  }
  return { name, path, format: index.format, wrapper: index.wrapper, otherKeys: [...index.otherKeys], fileBytes, tensorBytes, params };
}

/** The architecture of the index (recognised from keys and shapes alone) and its totals. */
export function architectureOf(index: WeightsIndex): { data: ArchitectureData; recognition: RecognitionResult } {
  const recognition = recognizeArchitecture(tensorEntries(index));
  if (recognition.model === null) return { data: { recognised: false, reason: recognition.reason }, recognition };
  let totals: Extract<ArchitectureData, { recognised: true }>['totals'];
  try {
    const spec = resolveVariant(variantOf(recognition.model, recognition.overrides), undefined, recognition.model);
    const a = analyzeSpec(spec);
    totals = { params: a.total.params, macs: a.total.macs, input: [a.input[0], a.input[1]] };
  } catch (e) {
    totals = { unknown: e instanceof Error ? e.message : String(e) };
  }
  return {
    data: {
      recognised: true,
      exact: recognition.exact,
      model: recognition.model,
      overrides: { ...recognition.overrides } as Record<string, string | number | boolean | null | number[]>,
      differences: [...recognition.differences],
      prefix: recognition.prefix,
      extraKeys: [...recognition.extraKeys],
      totals,
    },
    recognition,
  };
}

/** The variant file's object for a recognised architecture: `{"extends": model, ...overrides}`. */
export function variantOf(model: string, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { extends: model, ...overrides };
}

export function statsData(s: TensorStats): StatsData {
  return { mean: s.mean, std: s.std, min: s.min, max: s.max, zeros: s.zeros, nonfinite: s.nonfinite, histogram: s.histogram ? { lo: s.histogram.lo, hi: s.histogram.hi, counts: [...s.histogram.counts] } : null };
}

/**
 * What Inspect is given for its weight colour modes: the statistics streamed so far (by position
 * in the index) of the architecture's `.weight` tensors, keyed as the model's (the recognised
 * prefix stripped, the keys that are not the model's left out). `done`: every tensor has been
 * streamed; otherwise the weights are marked partial, and Inspect's legend says so (Inspect opens
 * at once with what there is rather than wait for a large file's statistics). `checkpoint`: the
 * file's URI, which the editor's statsDone names again (statsDone.ts).
 */
export function checkpointWeights(index: WeightsIndex, r: Recognition, stats: ReadonlyMap<number, StatsData>, file: string, checkpoint: string, done: boolean): CheckpointWeights {
  const extra = new Set(r.extraKeys);
  const tensors: Record<string, WeightTensorStats> = {};
  index.tensors.forEach((t, position) => {
    if (extra.has(t.key) || !t.key.startsWith(r.prefix) || !t.key.endsWith('.weight')) return;
    const s = stats.get(position);
    if (s === undefined) return;
    tensors[t.key.slice(r.prefix.length)] = { shape: [...t.shape], mean: s.mean, std: s.std, zeros: s.zeros, nonfinite: s.nonfinite };
  });
  return { file, checkpoint, partial: !done || stats.size < index.tensors.length, tensors };
}

export const batchNormRows = (health: readonly BatchNormHealth[]): BatchNormRow[] =>
  health.map((h) => ({ layer: h.layer, channels: h.channels, zeroVariance: [...h.zeroVariance], dead: [...h.dead] }));

/** What to do about a file the readers refused, by the kind of refusal (its message is in the display language). */
function adviceFor(e: WeightsFormatError): string {
  if (e instanceof UnsafePickleError) {
    return l10n.t('Nothing in the file was run. If it is a pickled module (torch.save(model)), save model.state_dict() with torch.save instead, or convert it to .safetensors.');
  }
  if (e.reason === 'legacyFormat') return l10n.t('Re-save it with a current PyTorch: torch.save(torch.load(f), f2), or convert it to .safetensors.');
  if (e.reason === 'torchScript') return l10n.t('Save the scripted model\'s state_dict() with torch.save and open that file.');
  if (e.reason === 'damaged') return l10n.t('The file is incomplete or damaged: download or copy it again.');
  return l10n.t('Check it with torch.load in Python; a state dict saved with torch.save (PyTorch 1.6 or later) or a .safetensors file opens here.');
}

/** The typed error the editor shows for `e`, thrown while reading `file`. */
export function checkpointErrorOf(e: unknown, file: string): CheckpointError {
  if (e instanceof WeightsFormatError) return { file, problem: e.problem, advice: adviceFor(e) };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') return { file, problem: l10n.t('cannot read the file ({0}: {1})', err.code, err.message), advice: l10n.t('Check that the file exists and can be read.') };
  return { file, problem: e instanceof Error ? e.message : String(e), advice: l10n.t('This is a bug in Backbone Lens: the log (Output → Backbone Lens) has the details.') };
}
