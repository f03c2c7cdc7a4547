// The `train_memory` object of `backbone-lens stats --train --json`, also what the Inspect
// Model's Memory view shows: one shape for every surface.
import type { FitResult, TrainMemory } from './analysis/trainMemory';
import { groupItemsInOrder } from './graph/order';
import type { Graph } from './graph/types';

export interface TrainMemoryJson {
  batch: number;
  dtype: 'float32';
  input: [number, number];
  optimizer: string;
  params_bytes: number;
  grads_bytes: number;
  optimizer_bytes: number;
  saved_activation_bytes: number;
  total_bytes: number;
  /** Every group but the model, in display order; saved bytes of the group's whole subtree. */
  per_group: Array<{ path: string; kind: string; label: string; depth: number; saved_activation_bytes: number }>;
  /** Every node that saves something for backward, in graph order. */
  per_node: Array<{ path: string; op: string; saved_activation_bytes: number }>;
  /** Present with --fit-memory: the budget and whether (and at which batch) the step fits. */
  fit?: { budget_bytes: number; fits: boolean; min_batch_bytes?: number };
  units: Record<string, string>;
}

export function trainMemoryJson(graph: Graph, m: TrainMemory, fit?: FitResult): TrainMemoryJson {
  const perGroup: TrainMemoryJson['per_group'] = [];
  const visit = (g: number, depth: number): void => {
    for (const item of groupItemsInOrder(graph.groups, g)) {
      if (item.kind !== 'group') continue;
      const group = graph.groups[item.index];
      perGroup.push({ path: group.path, kind: group.kind, label: group.label, depth, saved_activation_bytes: m.groupSaved[group.id] });
      visit(group.id, depth + 1);
    }
  };
  visit(0, 0);
  return {
    batch: m.batch,
    dtype: m.dtype,
    input: [m.input[0], m.input[1]],
    optimizer: m.optimizer,
    params_bytes: m.paramsBytes,
    grads_bytes: m.gradsBytes,
    optimizer_bytes: m.optimizerBytes,
    saved_activation_bytes: m.savedActivationBytes,
    total_bytes: m.totalBytes,
    per_group: perGroup,
    per_node: graph.nodes.filter((n) => m.nodeSaved[n.id] > 0).map((n) => ({ path: n.path, op: n.attrs.op, saved_activation_bytes: m.nodeSaved[n.id] })),
    ...(fit ? { fit: { budget_bytes: fit.budgetBytes, fits: fit.fits, ...(fit.fits ? {} : { min_batch_bytes: fit.minBatchBytes }) } } : {}),
    units: {
      saved_activation_bytes:
        'bytes of the distinct storages autograd saves for backward in one training-mode forward pass (PyTorch 1.13, CPU, fp32): parameters excluded, the input batch and BatchNorm running statistics included; each storage charged to the first node that saves it',
      optimizer_bytes: 'torch.optim state after one step: SGD 0, momentum 1 buffer per parameter, Adam/AdamW 2 buffers per parameter and a 4-byte step per parameter tensor',
      total_bytes: 'params + grads + optimizer state + saved activations (no allocator overhead, workspaces or backward temporaries)',
    },
  };
}
