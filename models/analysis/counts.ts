// Per-node counts: learnable parameters, MACs and the FLOPs ledger.
//
// MACs (multiply-accumulates, per image): conv = output elements × (in channels / groups) × kh × kw,
// linear = in × out; biases are not MACs. Everything else goes to the FLOPs ledger, by operation
// class, counting one FLOP per elementary arithmetic operation per output element:
//   batchnorm 2 (scale and shift, statistics folded at inference), instancenorm and groupnorm 4
//   (mean, variance, normalise, affine), relu 1, sigmoid 4 (negate, exp, add, divide), add (inputs − 1),
//   mul 1, maxpool kh·kw − 1 comparisons, avgpool kh·kw (sums and a divide), globalavgpool H·W per
//   channel, softmax 3 (exp, sum, divide), bias 1 per output element of a conv/linear with bias,
//   blurpool k² per output element: the multiply-adds of BlurPool2d's fixed filter. That filter
//   runs through F.conv2d, not an nn.Conv2d, so PyTorch's Conv2d hooks (and torchvision's and
//   timm's MAC counts) do not see it; it is a fixed buffer, not a learned layer, so it stays out
//   of MACs and is labelled here.
// Splits, concatenation and flatten move memory and count 0.
import * as l10n from '@vscode/l10n';
import { checkedAdd, checkedMul, product, type Label } from '../checkedMath';
import type { GraphNode } from '../graph/types';
import type { Shape } from './shapes';

/** What a count is, for the message of an OverflowError: translated only if one overflows. */
const PARAMS: Label = () => l10n.t('params');

export type FlopClass = 'batchnorm' | 'instancenorm' | 'groupnorm' | 'relu' | 'sigmoid' | 'add' | 'mul' | 'maxpool' | 'avgpool' | 'globalavgpool' | 'softmax' | 'bias' | 'blurpool';
export type FlopLedger = Partial<Record<FlopClass, number>>;

export function paramCount(node: GraphNode): number {
  let n = 0;
  for (const t of node.tensors) if (t.learnable) n = checkedAdd(PARAMS, n, product(t.shape));
  return n;
}

export function macCount(node: GraphNode, out: Shape): number {
  const a = node.attrs;
  if (a.op === 'conv') return checkedMul(() => l10n.t('MACs of {0}', node.path), product(out), a.inChannels / a.groups, a.kernel[0], a.kernel[1]);
  if (a.op === 'linear') return checkedMul(() => l10n.t('MACs of {0}', node.path), a.inFeatures, a.outFeatures);
  return 0;
}

export function flopLedger(node: GraphNode, out: Shape, ins: readonly Shape[]): FlopLedger {
  const a = node.attrs;
  const n = product(out);
  const what = (): string => l10n.t('FLOPs of {0}', node.path);
  switch (a.op) {
    case 'conv':
    case 'linear':
      return a.bias ? { bias: n } : {};
    case 'batchnorm':
      return { batchnorm: checkedMul(what, n, 2) };
    case 'instancenorm':
      return { instancenorm: checkedMul(what, n, 4) };
    case 'groupnorm':
      return { groupnorm: checkedMul(what, n, 4) };
    case 'blurpool':
      return { blurpool: checkedMul(what, n, a.filterSize * a.filterSize) };
    case 'relu':
      return { relu: n };
    case 'sigmoid':
      return { sigmoid: checkedMul(what, n, 4) };
    case 'add':
      return { add: checkedMul(what, n, ins.length - 1) };
    case 'mul':
      return { mul: n };
    case 'maxpool':
      return { maxpool: checkedMul(what, n, a.kernel[0] * a.kernel[1] - 1) };
    case 'avgpool':
      return { avgpool: checkedMul(what, n, a.kernel[0] * a.kernel[1]) };
    case 'globalavgpool':
      return { globalavgpool: product(ins[0]) };
    case 'rsoftmax':
      return { softmax: checkedMul(what, n, 3) };
    case 'input':
    case 'split':
    case 'concat':
    case 'flatten':
      return {};
  }
}

export function addLedger(into: FlopLedger, from: FlopLedger): void {
  for (const k in from) {
    const c = k as FlopClass;
    into[c] = checkedAdd('FLOPs', into[c] ?? 0, from[c] as number);
  }
}
