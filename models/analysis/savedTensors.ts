// What autograd keeps for the backward pass of one training-mode forward pass, as PyTorch 1.13
// does it on the CPU in fp32: the distinct storages that the ops' backward formulas save
// (torch.autograd.graph.saved_tensors_hooks sees them), parameters left out, the input batch
// and BatchNorm's running statistics counted. Each op of the six families, as torchvision and
// timm implement it (all their ReLUs are in place):
//
//   op             its output                    saves for backward
//   conv           new storage                   its input (the weight is a parameter)
//   linear         new                           its input (addmm / mm; weight excluded)
//   batchnorm      new                           its input, running_mean, running_var,
//                                                save_mean, save_invstd (4 × C fp32)
//   relu           in place: its input's storage its output (= its input's storage)
//   sigmoid        new                           its output
//   rsoftmax       new                           its output (softmax over the radix splits)
//   maxpool        new, and int64 indices        its input and the indices (8 bytes each)
//   avgpool        new                           its input
//   globalavgpool  new                           its input (adaptive_avg_pool2d and mean both)
//   mul (gate)     new                           both inputs
//   add, concat    new                           nothing (their backward needs only sizes)
//   split, flatten a view of its input           nothing
//   checkpointed   (torch.utils.checkpoint)      only the segment's inputs
//   head dropout   new (input × noise)           the fp32 noise, the input's size (timm's
//                  (training only, CPU)          drop_rate before the classifier)
//
// A storage saved by several ops counts once, charged to the first node (in forward order)
// that saves it. Sizes are kept as bytes per image plus bytes independent of the batch, so any
// batch size is exact integer arithmetic.
import * as l10n from '@vscode/l10n';
import { checkedAdd, checkedMul, product, type Label } from '../checkedMath';
import type { ErrorCode } from '../../shared/errors';
import { InvalidConfigError } from '../errors';
import type { Graph, GraphNode } from '../graph/types';
import type { Shape } from './shapes';

/** What a count is, for the message of an OverflowError: translated only if one overflows. */
const SAVED_BYTES: Label = () => l10n.t('saved activation bytes');

const FP32_BYTES = 4;
const INT64_BYTES = 8;

/** Bytes of a saved amount: `perImage` × batch + `fixed`. */
export interface Bytes {
  readonly perImage: number;
  readonly fixed: number;
}

export interface SavedLedger {
  /** Per node: the saved storages charged to it. */
  readonly nodes: readonly Bytes[];
  /** The smallest batch PyTorch trains at: 2 where a BatchNorm would see one value per channel at batch 1. */
  readonly minBatch: number;
  /** Why minBatch is 2 (the BatchNorm's path), when it is. */
  readonly minBatchReason: string | undefined;
}

/** Thrown for a graph with an op whose training-time saving is not modelled. */
export class TrainMemoryUnknownError extends InvalidConfigError {
  override readonly code: ErrorCode = 'trainMemoryUnknown';
  constructor(node: GraphNode, why: string) {
    super(node.path, l10n.t('training memory unknown: {0}', why));
  }
}

export function savedLedger(graph: Graph, shapes: readonly Shape[]): SavedLedger {
  const n = graph.nodes.length;
  /** storage[i]: the storage node i's output lives in (a node id, or -1 for none). */
  const storage = new Int32Array(n).fill(-1);
  const charged: Array<{ perImage: number; fixed: number }> = graph.nodes.map(() => ({ perImage: 0, fixed: 0 }));
  const saved = new Set<number>();
  const perImageOf = (id: number): number => checkedMul(() => l10n.t('saved bytes of {0}', graph.nodes[id].path), product(shapes[id]), FP32_BYTES);
  const save = (storageId: number, by: number): void => {
    if (saved.has(storageId)) return;
    saved.add(storageId);
    charged[by].perImage = checkedAdd(SAVED_BYTES, charged[by].perImage, perImageOf(storageId));
  };
  const addFixed = (by: number, bytes: number): void => {
    charged[by].fixed = checkedAdd(SAVED_BYTES, charged[by].fixed, bytes);
  };
  const addPerImage = (by: number, bytes: number): void => {
    charged[by].perImage = checkedAdd(SAVED_BYTES, charged[by].perImage, bytes);
  };

  const segmentOf = new Map<number, { first: number; inputs: readonly number[] }>();
  for (const seg of graph.checkpoints ?? []) for (const id of seg.nodes) segmentOf.set(id, { first: seg.nodes[0], inputs: seg.inputs });

  let minBatch = 1;
  let minBatchReason: string | undefined;
  for (const node of graph.nodes) {
    const a = node.attrs;
    const i = node.id;
    const input = (k: number): number => storage[node.inputs[k]];
    const alias = a.op === 'relu' || a.op === 'split' || a.op === 'flatten';
    storage[i] = alias ? input(0) : i;
    if (a.op === 'batchnorm' && product(shapes[i].slice(1)) === 1 && minBatch < 2) {
      minBatch = 2;
      minBatchReason = l10n.t('training-mode BatchNorm "{0}" sees a 1×1 map, one value per channel at batch 1', node.path);
    }
    const segment = segmentOf.get(i);
    if (segment) {
      // Recomputed in backward: only the checkpointed function's inputs are kept.
      if (segment.first === i) for (const t of segment.inputs) save(storage[t], i);
      continue;
    }
    switch (a.op) {
      case 'input':
      case 'add':
      case 'concat':
      case 'split':
      case 'flatten':
        break;
      case 'linear':
        save(input(0), i);
        // F.dropout before the classifier: on the CPU `input * noise`, which keeps the fp32 noise;
        // the linear then saves the dropout's output, a new storage of the same size.
        if (graph.headDropout && i === graph.outputNode) addPerImage(i, checkedMul(() => l10n.t('saved bytes of {0}', node.path), a.inFeatures, FP32_BYTES));
        break;
      case 'conv':
      case 'avgpool':
      case 'globalavgpool':
        save(input(0), i);
        break;
      case 'batchnorm':
        save(input(0), i);
        // running_mean, running_var (buffers) and save_mean, save_invstd: C fp32 each.
        addFixed(i, checkedMul(() => l10n.t('saved bytes of {0}', node.path), a.channels, 4, FP32_BYTES));
        break;
      case 'relu':
      case 'sigmoid':
      case 'rsoftmax':
        save(storage[i], i);
        break;
      case 'maxpool':
        save(input(0), i);
        addPerImage(i, checkedMul(() => l10n.t('saved bytes of {0}', node.path), product(shapes[i]), INT64_BYTES));
        break;
      case 'mul':
        save(input(0), i);
        save(input(1), i);
        break;
      case 'instancenorm':
        throw new TrainMemoryUnknownError(node, l10n.t('InstanceNorm (IBN-a) is not modelled: its split, copies and instance_norm reshapes depend on the implementation'));
      default:
        // An op added to the graph later saves what its PyTorch implementation saves: unknown
        // until it is measured and modelled here, never silently nothing.
        throw new TrainMemoryUnknownError(node, l10n.t('what the {0} op saves for backward is not modelled yet', (a as { op: string }).op));
    }
  }
  return { nodes: charged, minBatch, minBatchReason };
}
