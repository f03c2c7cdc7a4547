// Whether a graph ends in global average pooling + a linear classifier over its feature map, the
// condition under which the class activation map (Zhou et al., CVPR 2016) is exact:
//   logit_k = b_k + Σ_c W[k, c] · mean_{y,x} F_c(y, x) = b_k + mean_{y,x} CAM_k(y, x),
//   CAM_k(y, x) = Σ_c W[k, c] · F_c(y, x).
import * as l10n from '@vscode/l10n';
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

/** The graph's CAM head, or a sentence saying why the graph has none (in the display language). */
export function camHead(graph: Graph): CamHead | string {
  const nodes = graph.nodes;
  const out = nodes[graph.outputNode];
  if (out.attrs.op !== 'linear') return l10n.t('the output ({0}) is not a linear classifier', out.path);
  const flat = nodes[out.inputs[0]];
  const pool = flat.attrs.op === 'flatten' ? nodes[flat.inputs[0]] : flat;
  if (pool.attrs.op !== 'globalavgpool') return l10n.t('the classifier ({0}) does not read a global average pool', out.path);
  if (graph.featureNode === undefined) return l10n.t('the graph marks no feature map');
  if (pool.inputs[0] !== graph.featureNode) return l10n.t('the global pool ({0}) does not read the feature map', pool.path);
  const weight = out.tensors.find((t) => t.key === `${out.path}.weight`);
  if (!weight) return l10n.t('the classifier ({0}) has no weight', out.path);
  return { featureNode: graph.featureNode, classifierNode: out.id, weightKey: weight.key, channels: out.attrs.inFeatures, classes: out.attrs.outFeatures };
}
