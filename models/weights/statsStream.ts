// Statistics of a checkpoint, tensor by tensor: each step reads one tensor through the index,
// summarises it and lets it go, so that memory stays bounded by the largest tensor (plus the
// index). The caller decides when to step (the shells yield between steps and report progress).
import { batchNormHealth, batchNormLayers, type BatchNormHealth, type BatchNormLayer } from './batchNormHealth';
import { BYTES_PER_ELEMENT, numelOf, type WeightTensor } from './tensor';
import { tensorStats, type TensorStats } from './tensorStats';
import type { IndexedTensor, WeightsIndex } from './weightsIndex';

/** The bytes the file stores for a tensor (its elements at the stored width). */
export const storedBytesOf = (t: IndexedTensor): number => numelOf(t.shape) * BYTES_PER_ELEMENT[t.storedDtype];

export interface TensorStatsStep {
  /** Position of the tensor in the index. */
  readonly position: number;
  readonly key: string;
  readonly stats: TensorStats;
  /** Stored bytes of the tensors done so far, this one included. */
  readonly bytesDone: number;
}

export class StatsStream {
  private next = 0;
  private bytesDone = 0;
  private readonly done = new Map<() => WeightTensor, TensorStats>();
  /** The 1-D values of BatchNorm weights and running variances, kept until their layer is complete. */
  private readonly pending = new Map<string, Float32Array>();
  /** BatchNorm layers by the key of their weight and of their running variance. */
  private readonly layerOf = new Map<string, BatchNormLayer>();
  private readonly health: BatchNormHealth[] = [];
  /** Stored bytes of every tensor of the index. */
  readonly totalBytes: number;

  constructor(private readonly index: WeightsIndex) {
    for (const l of batchNormLayers(index.tensors)) {
      this.layerOf.set(l.weightKey, l);
      this.layerOf.set(l.varianceKey, l);
    }
    this.totalBytes = index.tensors.reduce((n, t) => n + storedBytesOf(t), 0);
  }

  get finished(): boolean {
    return this.next >= this.index.tensors.length;
  }

  /** BatchNorm health of the layers whose weight and running variance have both been read, in file order of their variance. */
  get batchNorm(): readonly BatchNormHealth[] {
    return this.health;
  }

  /** Reads and summarises the next tensor; undefined when every tensor is done. Errors of the reader propagate. */
  step(): TensorStatsStep | undefined {
    if (this.finished) return undefined;
    const position = this.next++;
    const t = this.index.tensors[position];
    this.bytesDone += storedBytesOf(t);
    let stats = this.done.get(t.read);
    if (stats === undefined) {
      const tensor = t.read();
      stats = tensorStats(tensor);
      this.done.set(t.read, stats);
      this.keepForBatchNorm(t.key, tensor);
    }
    return { position, key: t.key, stats, bytesDone: this.bytesDone };
  }

  private keepForBatchNorm(key: string, tensor: WeightTensor): void {
    if (!(tensor.data instanceof Float32Array)) return;
    const layer = this.layerOf.get(key);
    if (layer === undefined) return;
    this.pending.set(key, tensor.data);
    const variance = this.pending.get(layer.varianceKey);
    const weight = this.pending.get(layer.weightKey);
    if (variance === undefined || weight === undefined) return;
    this.health.push(batchNormHealth(layer, variance, weight));
    this.pending.delete(layer.varianceKey);
    this.pending.delete(layer.weightKey);
  }
}
