// Whether a graph ends in global average pooling + a linear classifier over its feature map, the
// condition under which the class activation map (Zhou et al., CVPR 2016) is exact:
//   logit_k = b_k + Σ_c W[k, c] · mean_{y,x} F_c(y, x) = b_k + mean_{y,x} CAM_k(y, x),
//   CAM_k(y, x) = Σ_c W[k, c] · F_c(y, x).
import type { Graph } from '../graph/types';

export interface CamHead {
  /** The feature map F (the global pool's input). */
  readonly featureNode: number;
  /** The linear classifier whose rows are W[k]. */
  readonly classifierNode: number;
  /** State-dict key of W (classes × channels). */
  readonly weightKey: string;
  readonly channels: number;
  readonly classes: number;
}

/** The graph's CAM head, or a sentence saying why the graph has none. */
export function camHead(graph: Graph): CamHead | string {
  const nodes = graph.nodes;
  const out = nodes[graph.outputNode];
  if (out.attrs.op !== 'linear') return `the output (${out.path}) is not a linear classifier`;
  const flat = nodes[out.inputs[0]];
  const pool = flat.attrs.op === 'flatten' ? nodes[flat.inputs[0]] : flat;
  if (pool.attrs.op !== 'globalavgpool') return `the classifier (${out.path}) does not read a global average pool`;
  if (graph.featureNode === undefined) return 'the graph marks no feature map';
  if (pool.inputs[0] !== graph.featureNode) return `the global pool (${pool.path}) does not read the feature map`;
  const weight = out.tensors.find((t) => t.key === `${out.path}.weight`);
  if (!weight) return `the classifier (${out.path}) has no weight`;
  return { featureNode: graph.featureNode, classifierNode: out.id, weightKey: weight.key, channels: out.attrs.inFeatures, classes: out.attrs.outFeatures };
}
