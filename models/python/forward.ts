// `forward` with symbolic tensors: each module call and each functional op adds its node to the
// same layer-graph IR the presets use (node paths = the user's attribute paths = state-dict keys,
// groups = the module calls), and tracks the output shape (batch 1) so `x.size(0)`, `view` and
// `split` can be read. An op outside the graph's vocabulary stops the forward with its line.
import * as l10n from '@vscode/l10n';
import { GraphBuilder } from '../graph/builder';
import type { BackboneGraph, GroupKind } from '../graph/types';
import { pairOf, type LayerSpec } from './layers';
import type { LayerValue, TensorValue } from './values';

/** Thrown for a tensor operation the layer graph cannot express; the caller adds the line. */
export class ForwardOpError extends Error {}

export class ForwardGraph {
  readonly b: GraphBuilder;
  /** Paths of every module (reserved, so functional nodes never take a module's name). */
  private readonly reserved: Set<string>;
  private readonly used = new Set<string>();
  /** Tracked output shape per node id, batch first. */
  readonly shapes = new Map<number, readonly number[]>();
  /** Where each module call happens, innermost last: the module path functional nodes are named after. */
  readonly scopes: string[] = [];
  /** The innermost module whose forward stopped (for "MACs unknown after …"). */
  failedIn: string | undefined;
  /** Layers with weights already called once (a second call would share weights). */
  private readonly calledWithWeights = new Set<LayerValue>();

  constructor(modelId: string, modulePaths: Iterable<string>) {
    this.b = new GraphBuilder(modelId);
    this.reserved = new Set(modulePaths);
  }

  input(h: number, w: number): TensorValue {
    const t = this.b.input(3);
    this.shapes.set(t.node, [1, 3, h, w]);
    return { k: 'tensor', shape: [1, 3, h, w], t };
  }

  /** Runs `body` as the call of the module at `path`: one group in the diagram. */
  inModule<T>(path: string, kind: GroupKind, label: string, body: () => T): T {
    this.scopes.push(path);
    try {
      // The root module is the graph's model group itself.
      return path === '' ? body() : this.b.group(kind, label, '', body, path);
    } catch (e) {
      this.failedIn ??= path;
      throw e;
    } finally {
      this.scopes.pop();
    }
  }

  /** A unique path for a node without weights: the module's own path, or `<scope>.<op>`. */
  private nodePath(preferred: string): string {
    let path = preferred;
    for (let k = 1; this.used.has(path) || (path !== preferred && this.reserved.has(path)); k++) path = `${preferred}_${k}`;
    this.used.add(path);
    return path;
  }

  private opPath(op: string): string {
    const scope = this.scopes[this.scopes.length - 1] ?? '';
    const base = scope === '' ? op : `${scope}.${op}`;
    let path = base;
    for (let k = 1; this.used.has(path) || this.reserved.has(path); k++) path = `${base}_${k}`;
    this.used.add(path);
    return path;
  }

  private out(t: { node: number; channels: number }, shape: readonly number[]): TensorValue {
    this.shapes.set(t.node, shape);
    return { k: 'tensor', shape, t };
  }

  // ---------------------------------------------------------------- layers

  layer(layer: LayerValue, x: TensorValue): TensorValue {
    const spec = layer.spec;
    const path = layer.path ?? '';
    const a = spec.args;
    const hasWeights = ['Conv2d', 'Linear', 'BatchNorm1d', 'BatchNorm2d', 'InstanceNorm2d'].includes(spec.type);
    if (hasWeights) {
      if (this.calledWithWeights.has(layer)) throw new ForwardOpError(l10n.t('`{0}` (nn.{1}) is called twice: shared weights are not in the layer graph', path, spec.type));
      this.calledWithWeights.add(layer);
    }
    switch (spec.type) {
      case 'Conv2d': {
        this.need4d(x, `nn.Conv2d \`${path}\``);
        if (x.shape[1] !== a.in_channels) throw new ForwardOpError(l10n.t('`{0}` expects {1} input channels, gets {2}', path, String(a.in_channels), x.shape[1]));
        const kernel = pairOf(a.kernel_size);
        const stride = pairOf(a.stride);
        const dilation = pairOf(a.dilation);
        let padding: [number, number];
        if (a.padding === 'valid') padding = [0, 0];
        else if (a.padding === 'same') {
          const total = [0, 1].map((d) => dilation[d] * (kernel[d] - 1));
          if (total.some((t) => t % 2 !== 0)) throw new ForwardOpError(l10n.t('`{0}`: padding="same" with an even kernel pads unevenly, which the layer graph cannot express', path));
          padding = [total[0] / 2, total[1] / 2];
        } else padding = pairOf(a.padding);
        const hw = [0, 1].map((d) => Math.floor((x.shape[2 + d] + 2 * padding[d] - dilation[d] * (kernel[d] - 1) - 1) / stride[d]) + 1);
        this.fits(hw, path);
        const t = this.b.conv(this.nodePath(path), x.t, { out: a.out_channels as number, kernel, stride, padding, dilation, groups: a.groups as number, bias: a.bias as boolean });
        return this.out(t, [1, a.out_channels as number, hw[0], hw[1]]);
      }
      case 'BatchNorm2d':
      case 'BatchNorm1d': {
        const rank = spec.type === 'BatchNorm2d' ? 4 : 2;
        if (x.shape.length !== rank || x.shape[1] !== a.num_features) throw new ForwardOpError(l10n.t('`{0}` (nn.{1}({2})) gets a tensor of shape [{3}]', path, spec.type, String(a.num_features), x.shape.join(', ')));
        const t = this.b.batchnorm(this.nodePath(path), x.t, { affine: a.affine as boolean, trackRunningStats: a.track_running_stats as boolean, eps: a.eps as number });
        return this.out(t, x.shape);
      }
      case 'InstanceNorm2d': {
        this.need4d(x, `nn.InstanceNorm2d \`${path}\``);
        if (x.shape[1] !== a.num_features) throw new ForwardOpError(l10n.t('`{0}` expects {1} channels, gets {2}', path, String(a.num_features), x.shape[1]));
        const t = this.b.instancenorm(this.nodePath(path), x.t, { affine: a.affine as boolean, trackRunningStats: a.track_running_stats as boolean, eps: a.eps as number });
        return this.out(t, x.shape);
      }
      case 'ReLU':
        return this.out(this.b.relu(this.nodePath(path), x.t), x.shape);
      case 'Sigmoid':
        return this.out(this.b.sigmoid(this.nodePath(path), x.t), x.shape);
      case 'MaxPool2d':
        if (a.return_indices || pairOf(a.dilation).some((d) => d !== 1)) throw new ForwardOpError(l10n.t('`{0}`: a dilated or index-returning max-pool is not in the layer graph', path));
        return this.pool('max', x, this.nodePath(path), a.kernel_size as number, a.stride, a.padding, a.ceil_mode as boolean, true);
      case 'AvgPool2d':
        if (a.divisor_override !== null) throw new ForwardOpError(l10n.t('`{0}`: divisor_override is not in the layer graph', path));
        return this.pool('avg', x, this.nodePath(path), a.kernel_size as number, a.stride, a.padding, a.ceil_mode as boolean, a.count_include_pad as boolean);
      case 'AdaptiveAvgPool2d':
        return this.globalPool(x, this.nodePath(path), a.output_size, `\`${path}\``);
      case 'Linear':
        return this.linear(x, this.nodePath(path), spec);
      case 'Flatten':
        return this.flatten(x, a.start_dim as number, a.end_dim as number, this.nodePath(path));
      case 'Dropout':
      case 'Dropout2d':
      case 'Identity':
        // Identity in eval mode (the model is read as after model.eval()).
        return x;
      default:
        throw new ForwardOpError(l10n.t('nn.{0} (`{1}`) is not in the layer graph yet', spec.type, path));
    }
  }

  private need4d(x: TensorValue, what: string): void {
    if (x.shape.length !== 4) throw new ForwardOpError(l10n.t('{0} gets a tensor of shape [{1}], not N×C×H×W', what, x.shape.join(', ')));
  }

  private fits(hw: readonly number[], where: string): void {
    if (hw[0] < 1 || hw[1] < 1) throw new ForwardOpError(l10n.t('the input is too small: `{0}` would leave {1}×{2}', where, hw[0], hw[1]));
  }

  pool(kind: 'max' | 'avg', x: TensorValue, path: string, kernelArg: unknown, strideArg: unknown, paddingArg: unknown, ceilMode: boolean, countIncludePad: boolean): TensorValue {
    this.need4d(x, `${kind}-pool \`${path}\``);
    const kernel = pairOf(kernelArg as number);
    const stride = strideArg === null || strideArg === undefined ? kernel : pairOf(strideArg as number);
    const padding = pairOf((paddingArg ?? 0) as number);
    if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) throw new ForwardOpError(l10n.t('`{0}`: padding must be at most half the kernel (PyTorch raises)', path));
    const hw = [0, 1].map((d) => {
      const size = x.shape[2 + d];
      const span = size + 2 * padding[d] - (kernel[d] - 1) - 1;
      let o = (ceilMode ? Math.ceil(span / stride[d]) : Math.floor(span / stride[d])) + 1;
      if (ceilMode && (o - 1) * stride[d] >= size + padding[d]) o -= 1;
      return o;
    });
    this.fits(hw, path);
    const opts = { kernel, stride, padding, ceilMode };
    const t = kind === 'max' ? this.b.maxpool(path, x.t, opts) : this.b.avgpool(path, x.t, { ...opts, countIncludePad });
    return this.out(t, [1, x.shape[1], hw[0], hw[1]]);
  }

  globalPool(x: TensorValue, path: string, outputSize: unknown, what: string): TensorValue {
    const one = outputSize === 1 || (Array.isArray(outputSize) && outputSize.length === 2 && outputSize[0] === 1 && outputSize[1] === 1);
    if (!one) throw new ForwardOpError(l10n.t('{0}: adaptive pooling to {1} is not in the layer graph (only to 1×1)', what, JSON.stringify(outputSize)));
    this.need4d(x, what);
    return this.out(this.b.globalAvgPool(path, x.t), [1, x.shape[1], 1, 1]);
  }

  linear(x: TensorValue, path: string, spec: LayerSpec): TensorValue {
    const inF = spec.args.in_features as number;
    const outF = spec.args.out_features as number;
    if (x.shape.length !== 2 || x.shape[1] !== inF) {
      throw new ForwardOpError(l10n.t('`{0}` (nn.Linear({1}, {2})) gets a tensor of shape [{3}]: this forward fits another input size', path, inF, outF, x.shape.join(', ')));
    }
    return this.out(this.b.linear(path, x.t, outF, { bias: spec.args.bias as boolean }), [1, outF]);
  }

  // ---------------------------------------------------------------- functional ops

  /** The rsoftmax node of a transposed grouped view (softmax over its radix dim). */
  rsoftmax(v: { src: TensorValue; radix: number; cardinality: number }): TensorValue {
    return this.out(this.b.rsoftmax(this.opPath('softmax'), v.src.t, v.radix, v.cardinality), v.src.shape);
  }

  relu(x: TensorValue): TensorValue {
    return this.out(this.b.relu(this.opPath('relu'), x.t), x.shape);
  }

  sigmoid(x: TensorValue): TensorValue {
    return this.out(this.b.sigmoid(this.opPath('sigmoid'), x.t), x.shape);
  }

  functionalPool(kind: 'max' | 'avg', x: TensorValue, kernel: unknown, stride: unknown, padding: unknown, ceilMode: boolean, countIncludePad: boolean): TensorValue {
    return this.pool(kind, x, this.opPath(`${kind}_pool2d`), kernel, stride, padding, ceilMode, countIncludePad);
  }

  adaptiveAvgPool(x: TensorValue, outputSize: unknown): TensorValue {
    return this.globalPool(x, this.opPath('adaptive_avg_pool2d'), outputSize, 'adaptive_avg_pool2d');
  }

  /** torch.flatten(x, start_dim, end_dim) / x.view(N, -1) on an N×C×H×W map. */
  flatten(x: TensorValue, startDim: number, endDim: number, path?: string): TensorValue {
    const r = x.shape.length;
    const s = startDim < 0 ? startDim + r : startDim;
    const e = endDim < 0 ? endDim + r : endDim;
    if (s !== 1 || e !== r - 1) throw new ForwardOpError(l10n.t('flatten({0}, {1}) keeps the batch dimension only when flattening from dim 1 to the end', startDim, endDim));
    if (r === 2) return x;
    const features = x.shape.slice(1).reduce((p, v) => p * v, 1);
    return this.out(this.b.flatten(path ?? this.opPath('flatten'), x.t, features), [1, features]);
  }

  /** x.view / x.reshape: flattening to [N, features], or adding or dropping 1×1 dims. */
  view(x: TensorValue, dims: readonly number[]): TensorValue {
    const total = x.shape.reduce((p, v) => p * v, 1);
    const minus = dims.filter((d) => d === -1).length;
    if (minus > 1 || dims.some((d) => d < -1 || d === 0)) throw new ForwardOpError(l10n.t('view({0}) is not a valid shape', dims.join(', ')));
    const known = dims.filter((d) => d !== -1).reduce((p, v) => p * v, 1);
    const shape = dims.map((d) => (d === -1 ? total / known : d));
    if (shape.reduce((p, v) => p * v, 1) !== total || !shape.every(Number.isInteger)) throw new ForwardOpError(l10n.t('view({0}) does not fit a tensor of shape [{1}]', dims.join(', '), x.shape.join(', ')));
    if (shape[0] !== 1) throw new ForwardOpError(l10n.t('view({0}) mixes the batch dimension with others', dims.join(', ')));
    if (shape.length === 2 && x.shape.length === 4) return this.flatten(x, 1, -1);
    // Only 1-sized dims change (N×C ↔ N×C×1×1): the same values, the same node.
    const core = (s: readonly number[]): string => s.filter((v, i) => i === 0 || v !== 1).join('x');
    if (core(shape) === core(x.shape) && (shape.length === 2 || shape.length === 4) && shape[1] === x.shape[1]) return { k: 'tensor', shape, t: x.t };
    throw new ForwardOpError(l10n.t('view({0}) of a [{1}] tensor is not in the layer graph', dims.join(', '), x.shape.join(', ')));
  }

  /** The shape of the node behind a tensor (an expand_as keeps the gate's own shape). */
  private real(x: TensorValue): readonly number[] {
    return this.shapes.get(x.t.node) ?? x.shape;
  }

  add(a: TensorValue, b: TensorValue): TensorValue {
    if (this.real(a).join() !== this.real(b).join()) throw new ForwardOpError(l10n.t('adds tensors of shapes [{0}] and [{1}]: broadcasting is not in the layer graph', a.shape.join(', '), b.shape.join(', ')));
    return this.out(this.b.addTensors(this.opPath('add'), [a.t, b.t]), a.shape);
  }

  /** x * gate (an SE gate N×C×1×1 or N×C), or x * y of one shape. */
  mul(a: TensorValue, b: TensorValue): TensorValue {
    const size = (t: TensorValue): number => this.real(t).reduce((p, v) => p * v, 1);
    const [x, g] = size(a) >= size(b) ? [a, b] : [b, a];
    const xs = this.real(x);
    const gs = this.real(g);
    const sameShape = xs.join() === gs.join();
    const gateOk = sameShape || (gs[1] === xs[1] && gs.slice(2).every((v) => v === 1) && xs.length === 4);
    if (!gateOk) throw new ForwardOpError(l10n.t('multiplies tensors of shapes [{0}] and [{1}]: only a channel gate is in the layer graph', a.shape.join(', '), b.shape.join(', ')));
    return this.out(this.b.mul(this.opPath('mul'), x.t, g.t), xs);
  }

  cat(xs: readonly TensorValue[], dim: number): TensorValue {
    if (xs.length === 0) throw new ForwardOpError(l10n.t('torch.cat of no tensors'));
    const r = xs[0].shape.length;
    if ((dim < 0 ? dim + r : dim) !== 1 || r !== 4) throw new ForwardOpError(l10n.t('torch.cat along dim {0} is not in the layer graph (only channels of N×C×H×W)', dim));
    for (const x of xs) if (x.shape.length !== 4 || x.shape[2] !== xs[0].shape[2] || x.shape[3] !== xs[0].shape[3]) throw new ForwardOpError(l10n.t('torch.cat of maps of different sizes: [{0}]', xs.map((t) => t.shape.join('×')).join('], [')));
    if (xs.length === 1) return xs[0];
    const c = xs.reduce((s, x) => s + x.shape[1], 0);
    return this.out(this.b.concat(this.opPath('cat'), xs.map((x) => x.t)), [1, c, xs[0].shape[2], xs[0].shape[3]]);
  }

  /** torch.split(x, sizes, dim=1) with sizes given as one int or a list. */
  split(x: TensorValue, sizes: number | readonly number[], dim: number): TensorValue[] {
    const r = x.shape.length;
    if ((dim < 0 ? dim + r : dim) !== 1 || r !== 4) throw new ForwardOpError(l10n.t('split along dim {0} is not in the layer graph (only channels of N×C×H×W)', dim));
    const c = x.shape[1];
    let parts: number[];
    if (typeof sizes === 'number') {
      if (!Number.isInteger(sizes) || sizes < 1) throw new ForwardOpError(l10n.t('split size {0}', sizes));
      parts = [];
      for (let left = c; left > 0; left -= sizes) parts.push(Math.min(sizes, left));
    } else parts = [...sizes];
    if (parts.length === 1) return [x];
    const ts = this.b.split(this.opPath('split'), x.t, parts);
    return ts.map((t, i) => this.out(t, [1, parts[i], x.shape[2], x.shape[3]]));
  }

  chunk(x: TensorValue, chunks: number, dim: number): TensorValue[] {
    const size = Math.ceil(x.shape[1] / chunks);
    return this.split(x, size, dim);
  }

  /** x.mean(dim=(2, 3), keepdim=…) / F.adaptive_avg_pool2d: the global average. */
  meanHW(x: TensorValue, keepdim: boolean): TensorValue {
    const pooled = this.globalPool(x, this.opPath('mean'), 1, l10n.t('mean over H, W'));
    return keepdim ? pooled : this.flatten(pooled, 1, -1);
  }

  finish(output: TensorValue): BackboneGraph {
    // The feature map: the last node with a spatial map larger than 1×1 (before global pooling).
    let feature = output.t.node;
    for (const [id, s] of this.shapes) if (s.length === 4 && s[2] * s[3] > 1) feature = id;
    return this.b.finish(output.t, { node: feature, channels: 0 });
  }
}
