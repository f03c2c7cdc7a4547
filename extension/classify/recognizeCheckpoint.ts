// What architecture a checkpoint on disk is, for the weights quick pick: the file is read (up to
// MAX_RECOGNISED_BYTES; a larger one is recognised when it is loaded) and its state dict's keys
// and shapes recognised by the engine, decoding no tensor data. Results are kept per file, size
// and modification time, so opening the pick again reads nothing.
import { readFile, stat } from 'node:fs/promises';
import { EngineError, readWeightEntries, recognizeArchitecture, type RecognitionResult, type TensorEntry } from '../../models';

/** Largest checkpoint read to recognise it before a pick (bytes): every preset's fp32 state dict at 1000 classes but the two largest ResNeXts. */
export const MAX_RECOGNISED_BYTES = 1 << 30;

export type CheckpointRecognition =
  | { readonly kind: 'recognised'; readonly result: RecognitionResult; readonly entries: readonly TensorEntry[] }
  /** Not read before the pick: too large, or not a file. */
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
    if (st.size > MAX_RECOGNISED_BYTES) return { kind: 'unread', why: `${Math.round(st.size / 2 ** 20)} MiB: recognised when it is loaded` };
    key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
  } catch (e) {
    return { kind: 'unread', why: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  const hit = memo.get(key);
  if (hit) return hit;
  let out: CheckpointRecognition;
  try {
    const { entries } = readWeightEntries(new Uint8Array(await readFile(file)), file);
    out = { kind: 'recognised', result: recognizeArchitecture(entries), entries };
  } catch (e) {
    // The readers' typed errors and the file system's; anything else is a bug and propagates.
    if (!(e instanceof EngineError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
    out = { kind: 'failed', why: (e as Error).message };
  }
  if (memo.size >= MAX_MEMO) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return out;
}
