// torch.nn layers as PyTorch 1.13 defines them: each constructor's signature (so positional and
// keyword arguments bind as Python binds them), the checks its constructor makes, and the
// parameters and buffers it registers (state-dict names and shapes).
import * as l10n from '@vscode/l10n';

/** A bound constructor argument: only the kinds a layer's signature takes. */
export type LayerArg = number | boolean | string | null | readonly number[];

export interface LayerSpec {
  readonly type: LayerType;
  readonly args: Readonly<Record<string, LayerArg>>;
}

export interface LayerTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly learnable: boolean;
  readonly dtype: 'float32' | 'int64';
}

/** [name, default] in signature order; `REQUIRED` marks arguments without a default. */
const REQUIRED = Symbol('required');
type Sig = ReadonlyArray<readonly [string, LayerArg | typeof REQUIRED]>;

const dev: Sig = [['device', null], ['dtype', null]];
const norm: Sig = [['num_features', REQUIRED], ['eps', 1e-5], ['momentum', 0.1], ['affine', true], ['track_running_stats', true], ...dev];
const inplace: Sig = [['inplace', false]];

export const LAYER_SIGNATURES = {
  Conv2d: [['in_channels', REQUIRED], ['out_channels', REQUIRED], ['kernel_size', REQUIRED], ['stride', 1], ['padding', 0], ['dilation', 1], ['groups', 1], ['bias', true], ['padding_mode', 'zeros'], ...dev],
  Linear: [['in_features', REQUIRED], ['out_features', REQUIRED], ['bias', true], ...dev],
  BatchNorm1d: norm,
  BatchNorm2d: norm,
  InstanceNorm2d: [['num_features', REQUIRED], ['eps', 1e-5], ['momentum', 0.1], ['affine', false], ['track_running_stats', false], ...dev],
  GroupNorm: [['num_groups', REQUIRED], ['num_channels', REQUIRED], ['eps', 1e-5], ['affine', true], ...dev],
  LayerNorm: [['normalized_shape', REQUIRED], ['eps', 1e-5], ['elementwise_affine', true], ...dev],
  ReLU: inplace,
  ReLU6: inplace,
  LeakyReLU: [['negative_slope', 0.01], ['inplace', false]],
  PReLU: [['num_parameters', 1], ['init', 0.25], ...dev],
  SiLU: inplace,
  GELU: [['approximate', 'none']],
  Sigmoid: [],
  Tanh: [],
  Hardswish: inplace,
  Hardsigmoid: inplace,
  MaxPool2d: [['kernel_size', REQUIRED], ['stride', null], ['padding', 0], ['dilation', 1], ['return_indices', false], ['ceil_mode', false]],
  AvgPool2d: [['kernel_size', REQUIRED], ['stride', null], ['padding', 0], ['ceil_mode', false], ['count_include_pad', true], ['divisor_override', null]],
  AdaptiveAvgPool2d: [['output_size', REQUIRED]],
  AdaptiveMaxPool2d: [['output_size', REQUIRED], ['return_indices', false]],
  Dropout: [['p', 0.5], ['inplace', false]],
  Dropout2d: [['p', 0.5], ['inplace', false]],
  Identity: [],
  Flatten: [['start_dim', 1], ['end_dim', -1]],
  Upsample: [['size', null], ['scale_factor', null], ['mode', 'nearest'], ['align_corners', null], ['recompute_scale_factor', null]],
  Softmax: [['dim', null]],
} satisfies Record<string, Sig>;

export type LayerType = keyof typeof LAYER_SIGNATURES;

export function isLayerType(name: string): name is LayerType {
  return Object.prototype.hasOwnProperty.call(LAYER_SIGNATURES, name);
}

/** Why a constructor call cannot be bound (PyTorch would raise, or an argument is not a constant). */
export class LayerArgError extends Error {}

/**
 * Binds positional and keyword arguments to the signature, as Python does. `Identity` accepts and
 * ignores any arguments. Checks what PyTorch's constructors check for the counts to be real.
 */
export function bindLayer(type: LayerType, positional: readonly LayerArg[], keywords: ReadonlyMap<string, LayerArg>): LayerSpec {
  if (type === 'Identity') return { type, args: {} };
  const sig: Sig = LAYER_SIGNATURES[type];
  if (positional.length > sig.length) throw new LayerArgError(l10n.t('nn.{0} takes at most {1} arguments, got {2}', type, sig.length, positional.length));
  const args: Record<string, LayerArg> = {};
  positional.forEach((v, i) => (args[sig[i][0]] = v));
  for (const [k, v] of keywords) {
    if (!sig.some(([n]) => n === k)) throw new LayerArgError(l10n.t('nn.{0} has no argument `{1}`', type, k));
    if (k in args) throw new LayerArgError(l10n.t('nn.{0} got `{1}` twice', type, k));
    args[k] = v;
  }
  for (const [n, d] of sig) {
    if (n in args) continue;
    if (d === REQUIRED) throw new LayerArgError(l10n.t('nn.{0} needs `{1}`', type, n));
    args[n] = d;
  }
  check(type, args);
  return { type, args };
}

const isInt = (v: LayerArg): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const positiveInt = (v: LayerArg): boolean => isInt(v) && v >= 1;

function check(type: LayerType, a: Record<string, LayerArg>): void {
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new LayerArgError(`nn.${type}: ${what}`);
  };
  const pairOk = (v: LayerArg, min: number): boolean => (isInt(v) && v >= min) || (Array.isArray(v) && v.length === 2 && v.every((x) => isInt(x) && x >= min));
  switch (type) {
    case 'Conv2d': {
      need(positiveInt(a.in_channels) && positiveInt(a.out_channels), l10n.t('channel counts must be positive integers'));
      need(positiveInt(a.groups), l10n.t('`groups` must be a positive integer'));
      need((a.in_channels as number) % (a.groups as number) === 0 && (a.out_channels as number) % (a.groups as number) === 0, l10n.t('groups={0} must divide in_channels and out_channels', String(a.groups)));
      need(pairOk(a.kernel_size, 1) && pairOk(a.stride, 1) && pairOk(a.dilation, 1), l10n.t('kernel_size, stride and dilation must be positive integers or pairs'));
      need(pairOk(a.padding, 0) || a.padding === 'same' || a.padding === 'valid', l10n.t('`padding` must be an integer, a pair, "same" or "valid"'));
      need(typeof a.bias === 'boolean', l10n.t('`bias` must be True or False'));
      need(a.padding !== 'same' || pairOne(a.stride), l10n.t('padding="same" needs stride 1 (PyTorch raises otherwise)'));
      break;
    }
    case 'Linear':
      need(isInt(a.in_features) && isInt(a.out_features) && (a.in_features as number) >= 0 && (a.out_features as number) >= 0, l10n.t('feature counts must be integers'));
      need(typeof a.bias === 'boolean', l10n.t('`bias` must be True or False'));
      break;
    case 'BatchNorm1d':
    case 'BatchNorm2d':
    case 'InstanceNorm2d':
      need(positiveInt(a.num_features), l10n.t('`num_features` must be a positive integer'));
      need(typeof a.affine === 'boolean' && typeof a.track_running_stats === 'boolean', l10n.t('`affine` and `track_running_stats` must be True or False'));
      break;
    case 'GroupNorm':
      need(positiveInt(a.num_groups) && positiveInt(a.num_channels) && (a.num_channels as number) % (a.num_groups as number) === 0, l10n.t('num_groups must divide num_channels'));
      need(typeof a.affine === 'boolean', l10n.t('`affine` must be True or False'));
      break;
    case 'LayerNorm':
      need(positiveInt(a.normalized_shape) || (Array.isArray(a.normalized_shape) && a.normalized_shape.every(positiveInt)), l10n.t('`normalized_shape` must be integers'));
      need(typeof a.elementwise_affine === 'boolean', l10n.t('`elementwise_affine` must be True or False'));
      break;
    case 'PReLU':
      need(positiveInt(a.num_parameters), l10n.t('`num_parameters` must be a positive integer'));
      break;
    case 'MaxPool2d':
    case 'AvgPool2d':
      need(pairOk(a.kernel_size, 1) && (a.stride === null || pairOk(a.stride, 1)) && pairOk(a.padding, 0), l10n.t('kernel_size, stride and padding must be integers or pairs'));
      break;
    default:
      break;
  }
}

function pairOne(v: LayerArg): boolean {
  return v === 1 || (Array.isArray(v) && v[0] === 1 && v[1] === 1);
}

export function pairOf(v: LayerArg): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v)) return [v[0], v[1]];
  throw new LayerArgError(l10n.t('expected an integer or a pair, got {0}', String(v)));
}

/** The parameters and buffers the layer registers, as in its state dict. */
export function layerTensors(spec: LayerSpec): LayerTensor[] {
  const a = spec.args;
  const p = (name: string, shape: readonly number[]): LayerTensor => ({ name, shape, learnable: true, dtype: 'float32' });
  const buf = (name: string, shape: readonly number[]): LayerTensor => ({ name, shape, learnable: false, dtype: 'float32' });
  const stats = (c: number): LayerTensor[] => [buf('running_mean', [c]), buf('running_var', [c]), { name: 'num_batches_tracked', shape: [], learnable: false, dtype: 'int64' }];
  switch (spec.type) {
    case 'Conv2d': {
      const [kh, kw] = pairOf(a.kernel_size);
      const out = a.out_channels as number;
      const t = [p('weight', [out, (a.in_channels as number) / (a.groups as number), kh, kw])];
      return a.bias ? [...t, p('bias', [out])] : t;
    }
    case 'Linear': {
      const t = [p('weight', [a.out_features as number, a.in_features as number])];
      return a.bias ? [...t, p('bias', [a.out_features as number])] : t;
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d':
    case 'InstanceNorm2d': {
      const c = a.num_features as number;
      return [...(a.affine ? [p('weight', [c]), p('bias', [c])] : []), ...(a.track_running_stats ? stats(c) : [])];
    }
    case 'GroupNorm':
      return a.affine ? [p('weight', [a.num_channels as number]), p('bias', [a.num_channels as number])] : [];
    case 'LayerNorm': {
      const shape = typeof a.normalized_shape === 'number' ? [a.normalized_shape] : (a.normalized_shape as number[]);
      return a.elementwise_affine ? [p('weight', shape), p('bias', shape)] : [];
    }
    case 'PReLU':
      return [p('weight', [a.num_parameters as number])];
    default:
      return [];
  }
}

/** Learnable parameter count of a layer. */
export function layerParams(spec: LayerSpec): number {
  let n = 0;
  for (const t of layerTensors(spec)) if (t.learnable) n += t.shape.reduce((x, y) => x * y, 1);
  return n;
}
