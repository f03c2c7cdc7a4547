// The layer graph (IR) that every surface reads: nodes in topological order, each with its
// attributes, its parameter and buffer tensors (named exactly as the checkpoint keys), the
// ids of its inputs, and the group (stem / stage / block / module / head) it belongs to.
// The graph carries channel counts only; spatial sizes depend on the input and are computed
// by analysis/shapes.ts for any H×W.

export type Pair = readonly [number, number];

export type OpAttrs =
  | { op: 'input'; channels: number }
  | {
      op: 'conv';
      inChannels: number;
      outChannels: number;
      kernel: Pair;
      stride: Pair;
      padding: Pair;
      dilation: Pair;
      groups: number;
      bias: boolean;
    }
  | { op: 'batchnorm'; channels: number; eps: number }
  | { op: 'instancenorm'; channels: number; eps: number; affine: boolean }
  /** GroupNorm (timm's resnet50_gn: 32 groups): statistics over each group's channels and the whole map, then a per-channel affine. */
  | { op: 'groupnorm'; channels: number; groups: number; eps: number }
  | { op: 'relu' }
  | { op: 'sigmoid' }
  | { op: 'maxpool'; kernel: Pair; stride: Pair; padding: Pair; ceilMode: boolean }
  | { op: 'avgpool'; kernel: Pair; stride: Pair; padding: Pair; ceilMode: boolean; countIncludePad: boolean }
  /**
   * timm's BlurPool2d: reflect padding, then a fixed depthwise binomial filter (1 2 1 ⊗ 1 2 1 / 16
   * for size 3) with a stride. The filter is a non-persistent buffer: no parameter, no state-dict key.
   */
  | { op: 'blurpool'; channels: number; filterSize: number; stride: number; padding: number }
  /** Adaptive average pooling to 1×1 (the "squeeze" of SE, the head's pooling). */
  | { op: 'globalavgpool' }
  | { op: 'flatten' }
  | { op: 'linear'; inFeatures: number; outFeatures: number; bias: boolean }
  /** Element-wise sum of all inputs (residual add, Res2Net's hierarchical add, radix sum). */
  | { op: 'add' }
  /** Concatenation along channels. */
  | { op: 'concat' }
  /** One part of a channel split: channels [start, start + channels) of the input. */
  | { op: 'split'; start: number; channels: number; part: number; parts: number }
  /** Channel-wise gate: input 0 (C×H×W) times input 1 (C×1×1). */
  | { op: 'mul' }
  /** Softmax across the radix splits of a C·radix×1×1 attention vector (ResNeSt's rSoftMax). */
  | { op: 'rsoftmax'; radix: number; cardinality: number };

export type OpKind = OpAttrs['op'];

/** A tensor of a node's state dict: learnable parameter or buffer. */
export interface TensorSpec {
  /** The state-dict key, e.g. `layer1.0.conv1.weight`. */
  readonly key: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int64';
  /** true for parameters (counted in params); false for buffers (BN running statistics). */
  readonly learnable: boolean;
}

export interface GraphNode {
  readonly id: number;
  /** Module path, unique in the graph; equals the state-dict prefix for nodes with tensors. */
  readonly path: string;
  readonly attrs: OpAttrs;
  readonly inputs: readonly number[];
  /** Output channels (or features, for linear/flatten). */
  readonly channels: number;
  readonly group: number;
  readonly tensors: readonly TensorSpec[];
  /** Counted in the depth of the papers' convention (the number in the model's name). */
  readonly countsInDepth: boolean;
}

export type GroupKind = 'model' | 'stem' | 'stage' | 'transition' | 'block' | 'module' | 'head';

export interface GraphGroup {
  readonly id: number;
  /** Dotted path used for navigation and search; module path where one exists (`layer3.2`), else a name such as `stem`. */
  readonly path: string;
  readonly kind: GroupKind;
  readonly label: string;
  readonly parent: number | undefined;
  readonly children: readonly number[];
  /** Nodes directly in this group, in topological order. */
  readonly nodes: readonly number[];
}

/**
 * Nodes that run under torch.utils.checkpoint (DenseNet's `memory_efficient`): in training,
 * autograd keeps only the storages of `inputs` (the tensors the checkpointed function receives)
 * and recomputes the segment's own activations in the backward pass. Inference is unchanged.
 */
export interface CheckpointSegment {
  /** Node ids of the segment, in topological order. */
  readonly nodes: readonly number[];
  /** The tensors passed to the checkpointed function, each a node id. */
  readonly inputs: readonly number[];
}

export interface Graph {
  readonly modelId: string;
  /** Nodes in topological (construction) order; node.id is the index. */
  readonly nodes: readonly GraphNode[];
  /** groups[0] is the model. */
  readonly groups: readonly GraphGroup[];
  /**
   * The last feature map before global pooling (the backbone's output); absent for a graph that
   * has none, such as the single layer a hover analyses.
   */
  readonly featureNode: number | undefined;
  /** The logits. */
  readonly outputNode: number;
  /**
   * timm's `drop_rate`: F.dropout on the pooled features before the classifier, active only in
   * training (legacy SENet: 0.2). Absent when the model has none. Changes only training memory.
   */
  readonly headDropout?: number;
  /** Segments recomputed in backward (training memory only); absent or empty when none. */
  readonly checkpoints?: readonly CheckpointSegment[];
}

/** A graph with a feature map: every family's, and the interpreter's (its last spatial map). */
export interface BackboneGraph extends Graph {
  readonly featureNode: number;
}
