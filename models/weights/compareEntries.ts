// A graph's state-dict keys and shapes against a file's, one to one. num_batches_tracked is a
// weight key but optional in the file (checkpoints saved before PyTorch 0.4.1 lack it).
import type { Graph } from '../graph/types';
import type { TensorEntry } from './tensorEntry';

const optional = (key: string): boolean => key.endsWith('.num_batches_tracked');
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

export interface EntriesFit {
  /** "key: missing" (the model has it, the file not), "key: unexpected" (the file has it, the model not), "key: [file] vs [model]". */
  readonly differences: string[];
  /** Keys and shapes that agree, over the union of both sides' keys (1 = one to one), num_batches_tracked aside. */
  readonly score: number;
}

export function compareEntries(graph: Graph, model: ReadonlyMap<string, TensorEntry>): EntriesFit {
  const differences: string[] = [];
  const expected = new Set<string>();
  let agree = 0;
  let modelKeys = 0;
  for (const node of graph.nodes) {
    for (const t of node.tensors) {
      expected.add(t.key);
      const got = model.get(t.key);
      if (!optional(t.key)) modelKeys++;
      if (got === undefined) {
        if (!optional(t.key)) differences.push(`${t.key}: missing`);
      } else if (!sameShape(got.shape, t.shape)) differences.push(`${t.key}: ${shapeText(got.shape)} vs ${shapeText(t.shape)}`);
      else if (!optional(t.key)) agree++;
    }
  }
  let fileKeys = 0;
  for (const key of model.keys()) {
    if (!optional(key)) fileKeys++;
    if (!expected.has(key)) differences.push(`${key}: unexpected`);
  }
  const union = modelKeys + fileKeys - agree;
  return { differences, score: union === 0 ? 0 : agree / union };
}
