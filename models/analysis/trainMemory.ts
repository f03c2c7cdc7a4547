// Memory of one training step in fp32, as PyTorch 1.13 holds it: parameters, their gradients,
// the optimizer's state and the activations autograd saves for the backward pass (see
// savedTensors.ts for what each op saves), per node, per group and in total; and the largest
// batch that fits a memory budget. Allocator overhead, workspace buffers and the transient
// tensors of the backward pass itself are not included.
import * as l10n from '@vscode/l10n';
import { checkedAdd, checkedMul, type Label } from '../checkedMath';
import { InvalidConfigError } from '../errors';
import type { Graph } from '../graph/types';
import { analyze } from './analyze';
import { savedLedger, type Bytes, type SavedLedger } from './savedTensors';

/** What a count is, for the message of an OverflowError: translated only if one overflows. */
const SAVED_BYTES: Label = () => l10n.t('saved activation bytes');
const OPTIMIZER_BYTES: Label = () => l10n.t('optimizer bytes');
const PARAMETER_BYTES: Label = () => l10n.t('parameter bytes');
const TRAINING_BYTES: Label = () => l10n.t('training bytes');

export type OptimizerKind = 'sgd' | 'sgd-momentum' | 'adam' | 'adamw';
export const optimizerKinds: readonly OptimizerKind[] = ['sgd', 'sgd-momentum', 'adam', 'adamw'];

const FP32_BYTES = 4;
/** Largest batch considered (a bound for budgets far beyond any model). */
export const MAX_TRAIN_BATCH = 1 << 20;

export interface TrainMemory {
  readonly batch: number;
  readonly input: readonly [number, number];
  readonly optimizer: OptimizerKind;
  readonly dtype: 'float32';
  readonly paramsBytes: number;
  readonly gradsBytes: number;
  /** torch.optim state: SGD none, momentum one buffer per parameter, Adam/AdamW two plus a 4-byte step counter per parameter tensor. */
  readonly optimizerBytes: number;
  readonly savedActivationBytes: number;
  readonly totalBytes: number;
  /** Saved bytes charged to each node, indexed like graph.nodes. */
  readonly nodeSaved: readonly number[];
  /** Saved bytes of each group's subtree, indexed like graph.groups. */
  readonly groupSaved: readonly number[];
  /** The smallest batch PyTorch can train this model at (1, or 2 with a BatchNorm on a 1×1 map). */
  readonly minBatch: number;
}

interface Prepared {
  readonly ledger: SavedLedger;
  /** Per group subtree. */
  readonly groups: readonly Bytes[];
  readonly total: Bytes;
  readonly params: number;
  readonly paramTensors: number;
}

const memo = new WeakMap<Graph, Map<string, Prepared>>();

function prepare(graph: Graph, input: readonly [number, number]): Prepared {
  let perGraph = memo.get(graph);
  if (!perGraph) memo.set(graph, (perGraph = new Map()));
  const key = `${input[0]}x${input[1]}`;
  const hit = perGraph.get(key);
  if (hit) return hit;
  const analysis = analyze(graph, input);
  const ledger = savedLedger(graph, analysis.nodes.map((s) => s.shape));
  const groups: Bytes[] = new Array(graph.groups.length);
  for (let g = graph.groups.length - 1; g >= 0; g--) {
    const group = graph.groups[g];
    let perImage = 0;
    let fixed = 0;
    for (const id of group.nodes) {
      perImage = checkedAdd(SAVED_BYTES, perImage, ledger.nodes[id].perImage);
      fixed = checkedAdd(SAVED_BYTES, fixed, ledger.nodes[id].fixed);
    }
    for (const c of group.children) {
      perImage = checkedAdd(SAVED_BYTES, perImage, groups[c].perImage);
      fixed = checkedAdd(SAVED_BYTES, fixed, groups[c].fixed);
    }
    groups[g] = { perImage, fixed };
  }
  let paramTensors = 0;
  for (const node of graph.nodes) for (const t of node.tensors) if (t.learnable) paramTensors++;
  const prepared = { ledger, groups, total: groups[0], params: analysis.total.params, paramTensors };
  perGraph.set(key, prepared);
  return prepared;
}

const sum = (what: Label, ...values: number[]): number => values.reduce((s, v) => checkedAdd(what, s, v), 0);
const at = (b: Bytes, batch: number): number => checkedAdd(SAVED_BYTES, checkedMul(SAVED_BYTES, b.perImage, batch), b.fixed);

function optimizerBytes(p: Prepared, optimizer: OptimizerKind): number {
  switch (optimizer) {
    case 'sgd':
      return 0;
    case 'sgd-momentum':
      return checkedMul(OPTIMIZER_BYTES, p.params, FP32_BYTES);
    case 'adam':
    case 'adamw':
      // exp_avg and exp_avg_sq per parameter; `step` is a 0-d fp32 tensor per parameter tensor in torch 1.13.
      return checkedAdd(OPTIMIZER_BYTES, checkedMul(OPTIMIZER_BYTES, p.params, 2, FP32_BYTES), checkedMul(OPTIMIZER_BYTES, p.paramTensors, FP32_BYTES));
  }
}

function checkBatch(batch: number): void {
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_TRAIN_BATCH) {
    throw new InvalidConfigError('batch', l10n.t('expected an integer from 1 to {0}, got {1}', MAX_TRAIN_BATCH, batch));
  }
}

export function trainMemory(graph: Graph, input: readonly [number, number], batch: number, optimizer: OptimizerKind): TrainMemory {
  checkBatch(batch);
  const p = prepare(graph, input);
  if (batch < p.ledger.minBatch) throw new InvalidConfigError('batch', l10n.t('{0}; PyTorch refuses to train it: use a batch of {1} or more', p.ledger.minBatchReason ?? l10n.t('BatchNorm needs more than one value per channel'), p.ledger.minBatch));
  const paramsBytes = checkedMul(PARAMETER_BYTES, p.params, FP32_BYTES);
  const opt = optimizerBytes(p, optimizer);
  const saved = at(p.total, batch);
  return {
    batch,
    input,
    optimizer,
    dtype: 'float32',
    paramsBytes,
    gradsBytes: paramsBytes,
    optimizerBytes: opt,
    savedActivationBytes: saved,
    totalBytes: sum(TRAINING_BYTES, paramsBytes, paramsBytes, opt, saved),
    nodeSaved: p.ledger.nodes.map((b) => at(b, batch)),
    groupSaved: p.groups.map((b) => at(b, batch)),
    minBatch: p.ledger.minBatch,
  };
}

export type FitResult =
  | { readonly fits: true; readonly batch: number; readonly memory: TrainMemory; readonly budgetBytes: number }
  | { readonly fits: false; readonly budgetBytes: number; readonly minBatch: number; readonly minBatchBytes: number };

/** The largest batch whose training step (params + grads + optimizer + saved activations) fits in `budgetBytes`. */
export function fitBatch(graph: Graph, input: readonly [number, number], optimizer: OptimizerKind, budgetBytes: number): FitResult {
  if (!Number.isSafeInteger(budgetBytes) || budgetBytes < 1) throw new InvalidConfigError('budget', l10n.t('expected a positive whole number of bytes, got {0}', budgetBytes));
  const p = prepare(graph, input);
  const paramsBytes = checkedMul(PARAMETER_BYTES, p.params, FP32_BYTES);
  const fixed = sum(TRAINING_BYTES, paramsBytes, paramsBytes, optimizerBytes(p, optimizer), p.total.fixed);
  const room = budgetBytes - fixed;
  const batch = p.total.perImage === 0 ? MAX_TRAIN_BATCH : Math.min(MAX_TRAIN_BATCH, Math.floor(room / p.total.perImage));
  if (room < 0 || batch < p.ledger.minBatch) {
    return { fits: false, budgetBytes, minBatch: p.ledger.minBatch, minBatchBytes: trainMemory(graph, input, p.ledger.minBatch, optimizer).totalBytes };
  }
  return { fits: true, batch, memory: trainMemory(graph, input, batch, optimizer), budgetBytes };
}

/** Parses a memory size: `24GiB`, `24 GB`, `512MiB`, `1e9` (bytes). GB/MB/kB are decimal, GiB/MiB/KiB binary. */
export function parseMemorySize(text: string, field: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kKmMgGtT]i?B|B)?\s*$/.exec(text);
  if (!m) throw new InvalidConfigError(field, l10n.t('expected a size such as 24GiB, 16GB or 512MiB, got {0}', JSON.stringify(text)));
  const unit = (m[2] ?? 'B').toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
  const bytes = Math.floor(Number(m[1]) * scale[unit]);
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new InvalidConfigError(field, l10n.t('expected a positive size below 2^53 bytes, got {0}', JSON.stringify(text)));
  return bytes;
}
