// Whether a checkpoint found on disk fits the model, told before it is picked, and what it is
// when it does not: its state dict's keys and shapes (the .safetensors header or the torch.save
// pickle, no tensor data) are recognised by the engine and compared with the model's graph.
import { architectureLabel, buildGraph, compareEntries, type KnobValue, type ModelSpec } from '../../models';
import { recognizeCheckpoint } from './recognizeCheckpoint';

export type CheckpointFit =
  /** Every key and shape of the model's graph, one to one; `what` is the recognised architecture. */
  | { kind: 'fits'; what: string }
  /** Exactly another architecture of the zoo: `{"extends": model, ...overrides}`. */
  | { kind: 'other'; what: string; model: string; overrides: Readonly<Record<string, KnobValue>> }
  | { kind: 'misfit'; why: string }
  /** Not read before the pick (not a file, gone): the loader tells. */
  | { kind: 'unknown'; why: string };

export async function checkpointFit(file: string, spec: ModelSpec): Promise<CheckpointFit> {
  const read = await recognizeCheckpoint(file);
  if (read.kind === 'unread') return { kind: 'unknown', why: read.why };
  if (read.kind === 'failed') return { kind: 'misfit', why: read.why };
  const r = read.result;
  if (r.model === null) return { kind: 'misfit', why: `not an architecture of the zoo: ${r.reason}` };
  const what = architectureLabel(r.model, r.overrides);
  const extra = new Set(r.extraKeys);
  const model = new Map(read.entries.filter((e) => !extra.has(e.key)).map((e) => [e.key.slice(r.prefix.length), e]));
  if (compareEntries(buildGraph(spec), model).differences.length === 0) return { kind: 'fits', what };
  if (r.exact) return { kind: 'other', what, model: r.model, overrides: r.overrides };
  return { kind: 'misfit', why: `nearest is ${what}, ${r.differences.length} key(s) differ (${r.differences.slice(0, 2).join('; ')})` };
}
