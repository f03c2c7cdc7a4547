// What a checkpoint holds, read from its headers alone (the safetensors JSON header, or the
// torch.save pickle): every tensor's key, shape and dtype, each read from the file on demand, so
// that a surface can show the table at once and stream the values tensor by tensor.
import type { StateDict, StoredDtype, WeightTensor } from './tensor';

export type WeightsFormat = 'safetensors' | 'pytorch';

export interface IndexedTensor {
  readonly key: string;
  readonly shape: readonly number[];
  /** The element type as stored in the file. */
  readonly storedDtype: StoredDtype;
  /** The dtype as the file names it (F16, torch.HalfStorage…), for messages. */
  readonly storedAs: string;
  /** Reads and decodes the tensor (row-major); keys that hold one tensor share this function. */
  readonly read: () => WeightTensor;
}

export interface WeightsIndex {
  readonly format: WeightsFormat;
  /** The key of the dict the state dict was found under (`state_dict`, `model`, `ema`…), null at the top level. */
  readonly wrapper: string | null;
  /** The wrapper's other keys (optimizer, epoch, an EMA copy…): not read as weights. */
  readonly otherKeys: readonly string[];
  /** In file order. */
  readonly tensors: readonly IndexedTensor[];
}

/** Every tensor of an index, materialised (once per tensor, however many keys hold it). */
export function materializeAll(index: WeightsIndex): StateDict {
  const done = new Map<() => WeightTensor, WeightTensor>();
  const out: StateDict = new Map();
  for (const t of index.tensors) {
    let w = done.get(t.read);
    if (w === undefined) {
      w = t.read();
      done.set(t.read, w);
    }
    out.set(t.key, w);
  }
  return out;
}
