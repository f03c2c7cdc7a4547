// What architecture a checkpoint on disk is, for the weights quick pick: the file's headers (the
// safetensors header, or the zip directory and the pickle; no tensor data, whatever its size) are
// indexed and its state dict's keys and shapes recognised by the engine. Results are kept per
// file, size and modification time, so opening the pick again reads nothing.
import { stat } from 'node:fs/promises';
import { openWeightsFile } from '../../inference/weightsFile';
import { EngineError, indexWeights, recognizeArchitecture, tensorEntries, type RecognitionResult, type TensorEntry } from '../../models';

export type CheckpointRecognition =
  | { readonly kind: 'recognised'; readonly result: RecognitionResult; readonly entries: readonly TensorEntry[] }
  /** Not a file, or gone. */
  | { readonly kind: 'unread'; readonly why: string }
  /** Read, and refused by the readers (the typed error's message: the file, the problem, what to do). */
  | { readonly kind: 'failed'; readonly why: string };

const memo = new Map<string, CheckpointRecognition>();
/** Files remembered: a hub cache folder holds tens. */
const MAX_MEMO = 64;

export async function recognizeCheckpoint(file: string): Promise<CheckpointRecognition> {
  let key: string;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { kind: 'unread', why: 'not a file' };
    key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
  } catch (e) {
    return { kind: 'unread', why: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  const hit = memo.get(key);
  if (hit) return hit;
  let out: CheckpointRecognition;
  try {
    const source = openWeightsFile(file);
    try {
      const entries = tensorEntries(indexWeights(source, file));
      out = { kind: 'recognised', result: recognizeArchitecture(entries), entries };
    } finally {
      source.close();
    }
  } catch (e) {
    // The readers' typed errors and the file system's; anything else is a bug and propagates.
    if (!(e instanceof EngineError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
    out = { kind: 'failed', why: (e as Error).message };
  }
  if (memo.size >= MAX_MEMO) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return out;
}
