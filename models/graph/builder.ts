// GraphBuilder: what family builders, the Python interpreter and the layer hovers call to add layers; it knows no family. It names tensors after the module
// path (so they match checkpoint keys), keeps the group hierarchy, and checks channel
// arithmetic as it goes (a group count that does not divide the channels is a config error).
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';
import type { BackboneGraph, CheckpointSegment, Graph, GraphGroup, GraphNode, GroupKind, OpAttrs, Pair, TensorSpec } from './types';

/** A handle on a node's output while building. */
export interface Tensor {
  readonly node: number;
  readonly channels: number;
}

export interface ConvOptions {
  out: number;
  kernel: number | Pair;
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  groups?: number;
  bias?: boolean;
  /** Counted in the papers' depth (main-path convolutions are; shortcuts and gates are not). */
  depth?: boolean;
}

export interface PoolOptions {
  kernel: number | Pair;
  stride?: number | Pair;
  padding?: number | Pair;
  ceilMode?: boolean;
}

export interface NormOptions {
  affine?: boolean;
  trackRunningStats?: boolean;
  eps?: number;
}

interface MutableGroup {
  id: number;
  path: string;
  kind: GroupKind;
  label: string;
  parent: number | undefined;
  children: number[];
  nodes: number[];
}

const pair = (v: number | Pair): Pair => (typeof v === 'number' ? [v, v] : v);

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly groups: MutableGroup[] = [];
  private readonly paths = new Set<string>();
  /** Stack of [group id, module prefix]. */
  private readonly scopes: Array<{ group: number; prefix: string }> = [];
  private readonly checkpoints: CheckpointSegment[] = [];

  constructor(private readonly modelId: string) {
    this.groups.push({ id: 0, path: '', kind: 'model', label: modelId, parent: undefined, children: [], nodes: [] });
    this.scopes.push({ group: 0, prefix: '' });
  }

  /**
   * Runs `body` inside a new group. `module` is the module-name segment that the group adds to
   * the paths of its nodes (`layer1`, `0`, `se`); `''` adds none (the ResNet stem has no module).
   */
  group<T>(kind: GroupKind, label: string, module: string, body: () => T, navPath?: string): T {
    const outer = this.scopes[this.scopes.length - 1];
    const prefix = module === '' ? outer.prefix : join(outer.prefix, module);
    const id = this.groups.length;
    const path = navPath ?? prefix;
    this.groups.push({ id, path, kind, label, parent: outer.group, children: [], nodes: [] });
    this.groups[outer.group].children.push(id);
    this.scopes.push({ group: id, prefix });
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** Adds a module-name segment to the paths of the nodes built in `body` without a group of its own (torchvision's `features.`). */
  withPrefix<T>(module: string, body: () => T): T {
    const outer = this.scopes[this.scopes.length - 1];
    this.scopes.push({ group: outer.group, prefix: join(outer.prefix, module) });
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  input(channels: number): Tensor {
    return this.add('input', { op: 'input', channels }, [], channels, []);
  }

  conv(name: string, x: Tensor, o: ConvOptions): Tensor {
    const groups = o.groups ?? 1;
    const path = this.pathOf(name);
    if (!Number.isInteger(o.out) || o.out < 1) throw new InvalidConfigError(path, l10n.t('output channels must be a positive integer, got {0}', o.out));
    if (x.channels % groups !== 0 || o.out % groups !== 0) {
      throw new InvalidConfigError(path, l10n.t('groups={0} must divide both the input channels ({1}) and the output channels ({2})', groups, x.channels, o.out));
    }
    const kernel = pair(o.kernel);
    const attrs: OpAttrs = {
      op: 'conv',
      inChannels: x.channels,
      outChannels: o.out,
      kernel,
      stride: pair(o.stride ?? 1),
      padding: pair(o.padding ?? 0),
      dilation: pair(o.dilation ?? 1),
      groups,
      bias: o.bias ?? false,
    };
    const tensors = [param(path, 'weight', [o.out, x.channels / groups, kernel[0], kernel[1]])];
    if (attrs.bias) tensors.push(param(path, 'bias', [o.out]));
    return this.add(name, attrs, [x], o.out, tensors, o.depth ?? false);
  }

  /** BatchNorm; the options are PyTorch's constructor arguments (defaults: affine, tracking running statistics). */
  batchnorm(name: string, x: Tensor, o: NormOptions = {}): Tensor {
    const path = this.pathOf(name);
    const c = x.channels;
    const tensors = normTensors(path, c, o.affine ?? true, o.trackRunningStats ?? true);
    return this.add(name, { op: 'batchnorm', channels: c, eps: o.eps ?? 1e-5 }, [x], c, tensors);
  }

  /** InstanceNorm; the presets' IBN-a uses it affine without running statistics (the defaults here). */
  instancenorm(name: string, x: Tensor, o: NormOptions = {}): Tensor {
    const path = this.pathOf(name);
    const c = x.channels;
    const affine = o.affine ?? true;
    return this.add(name, { op: 'instancenorm', channels: c, eps: o.eps ?? 1e-5, affine }, [x], c, normTensors(path, c, affine, o.trackRunningStats ?? false));
  }

  /** GroupNorm with affine weight and bias (no running statistics); `groups` must divide the channels. */
  groupnorm(name: string, x: Tensor, groups: number): Tensor {
    const path = this.pathOf(name);
    const c = x.channels;
    if (c % groups !== 0) throw new InvalidConfigError(path, l10n.t('GroupNorm with {0} groups needs a channel count divisible by {0}, got {1}', groups, c));
    return this.add(name, { op: 'groupnorm', channels: c, groups, eps: 1e-5 }, [x], c, [param(path, 'weight', [c]), param(path, 'bias', [c])]);
  }

  /** timm's BlurPool2d (filter size 3, reflect padding 1). */
  blurpool(name: string, x: Tensor, stride: number): Tensor {
    return this.add(name, { op: 'blurpool', channels: x.channels, filterSize: 3, stride, padding: 1 }, [x], x.channels, []);
  }

  relu(name: string, x: Tensor): Tensor {
    return this.add(name, { op: 'relu' }, [x], x.channels, []);
  }

  sigmoid(name: string, x: Tensor): Tensor {
    return this.add(name, { op: 'sigmoid' }, [x], x.channels, []);
  }

  maxpool(name: string, x: Tensor, o: PoolOptions): Tensor {
    const attrs: OpAttrs = { op: 'maxpool', kernel: pair(o.kernel), stride: pair(o.stride ?? o.kernel), padding: pair(o.padding ?? 0), ceilMode: o.ceilMode ?? false };
    return this.add(name, attrs, [x], x.channels, []);
  }

  avgpool(name: string, x: Tensor, o: PoolOptions & { countIncludePad?: boolean }): Tensor {
    const attrs: OpAttrs = {
      op: 'avgpool',
      kernel: pair(o.kernel),
      stride: pair(o.stride ?? o.kernel),
      padding: pair(o.padding ?? 0),
      ceilMode: o.ceilMode ?? false,
      countIncludePad: o.countIncludePad ?? true,
    };
    return this.add(name, attrs, [x], x.channels, []);
  }

  globalAvgPool(name: string, x: Tensor): Tensor {
    return this.add(name, { op: 'globalavgpool' }, [x], x.channels, []);
  }

  /** `features`: C·H·W of the map flattened (the presets flatten a C×1×1 map: C). */
  flatten(name: string, x: Tensor, features = x.channels): Tensor {
    return this.add(name, { op: 'flatten' }, [x], features, []);
  }

  linear(name: string, x: Tensor, out: number, o: { bias?: boolean; depth?: boolean } = {}): Tensor {
    const path = this.pathOf(name);
    const bias = o.bias ?? true;
    const tensors = [param(path, 'weight', [out, x.channels])];
    if (bias) tensors.push(param(path, 'bias', [out]));
    return this.add(name, { op: 'linear', inFeatures: x.channels, outFeatures: out, bias }, [x], out, tensors, o.depth ?? false);
  }

  addTensors(name: string, xs: readonly Tensor[]): Tensor {
    const c = xs[0].channels;
    for (const t of xs) {
      if (t.channels !== c) throw new InvalidConfigError(this.pathOf(name), l10n.t('cannot add tensors of {0} and {1} channels', c, t.channels));
    }
    return this.add(name, { op: 'add' }, xs, c, []);
  }

  concat(name: string, xs: readonly Tensor[]): Tensor {
    return this.add(name, { op: 'concat' }, xs, xs.reduce((s, t) => s + t.channels, 0), []);
  }

  /** Splits `x` into parts of the given channel counts (PyTorch's torch.split along dim 1). */
  split(name: string, x: Tensor, sizes: readonly number[]): Tensor[] {
    const total = sizes.reduce((s, v) => s + v, 0);
    if (total !== x.channels) throw new InvalidConfigError(this.pathOf(name), l10n.t('split sizes sum to {0}, expected {1}', total, x.channels));
    let start = 0;
    return sizes.map((channels, part) => {
      const t = this.add(`${name}.${part}`, { op: 'split', start, channels, part, parts: sizes.length }, [x], channels, []);
      start += channels;
      return t;
    });
  }

  mul(name: string, x: Tensor, gate: Tensor): Tensor {
    if (gate.channels !== x.channels) throw new InvalidConfigError(this.pathOf(name), l10n.t('gate of {0} channels for {1} channels', gate.channels, x.channels));
    return this.add(name, { op: 'mul' }, [x, gate], x.channels, []);
  }

  rsoftmax(name: string, x: Tensor, radix: number, cardinality: number): Tensor {
    return this.add(name, { op: 'rsoftmax', radix, cardinality }, [x], x.channels, []);
  }

  /**
   * Marks the nodes from `first` to `last` (inclusive, in construction order) as one
   * torch.utils.checkpoint segment that receives `inputs` (see CheckpointSegment).
   */
  checkpoint(first: Tensor, last: Tensor, inputs: readonly Tensor[]): void {
    if (last.node < first.node) throw new Error(`checkpoint segment ends (${last.node}) before it starts (${first.node}) in ${this.modelId}`);
    const nodes = Array.from({ length: last.node - first.node + 1 }, (_, i) => first.node + i);
    this.checkpoints.push({ nodes, inputs: inputs.map((t) => t.node) });
  }

  /**
   * The graph ending in `output`. `features` marks the backbone's feature map (the last one
   * before global pooling); a graph without one (a single layer) passes none.
   */
  finish(output: Tensor): Graph;
  finish(output: Tensor, features: Tensor): BackboneGraph;
  finish(output: Tensor, features?: Tensor): Graph {
    return {
      modelId: this.modelId,
      nodes: this.nodes,
      groups: this.groups as GraphGroup[],
      featureNode: features?.node,
      outputNode: output.node,
      checkpoints: this.checkpoints,
    };
  }

  private pathOf(name: string): string {
    return join(this.scopes[this.scopes.length - 1].prefix, name);
  }

  private add(name: string, attrs: OpAttrs, inputs: readonly Tensor[], channels: number, tensors: TensorSpec[], countsInDepth = false): Tensor {
    const path = this.pathOf(name);
    if (this.paths.has(path)) throw new Error(`duplicate node path "${path}" in ${this.modelId}`);
    this.paths.add(path);
    const scope = this.scopes[this.scopes.length - 1];
    const id = this.nodes.length;
    this.nodes.push({ id, path, attrs, inputs: inputs.map((t) => t.node), channels, group: scope.group, tensors, countsInDepth });
    this.groups[scope.group].nodes.push(id);
    return { node: id, channels };
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** A norm layer's state dict: weight and bias when affine, running statistics when tracked. */
function normTensors(path: string, c: number, affine: boolean, tracked: boolean): TensorSpec[] {
  const t: TensorSpec[] = affine ? [param(path, 'weight', [c]), param(path, 'bias', [c])] : [];
  if (tracked) t.push(buffer(path, 'running_mean', [c]), buffer(path, 'running_var', [c]), { key: `${path}.num_batches_tracked`, shape: [], dtype: 'int64', learnable: false });
  return t;
}

function param(path: string, name: string, shape: number[]): TensorSpec {
  return { key: `${path}.${name}`, shape, dtype: 'float32', learnable: true };
}

function buffer(path: string, name: string, shape: number[]): TensorSpec {
  return { key: `${path}.${name}`, shape, dtype: 'float32', learnable: false };
}
