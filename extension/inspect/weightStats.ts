// The checkpoint's weight statistics on Inspect's model (the "Colour: weight std" and "Colour: %
// zero weights" modes). Pure (no vscode): unit-tested against statistics computed from the
// fixtures' tensors directly.
//
// - A layer's value is the statistics of its `<path>.weight` tensor, when the checkpoint has that
//   key with the graph's shape (a knob edited in the page can change a shape: that layer then has
//   none, rather than another layer's numbers). Every op with a weight has one: conv, linear and
//   the norms (whose weight is their scale, γ).
// - A group's value pools the weight tensors of the conv and linear layers of its subtree as if
//   they were one tensor: the std is that of all their finite elements, exactly (combined from each
//   tensor's count, mean and std with Chan's formula, not an average of stds), and the zero share
//   is their zeros over their elements. Norm scales are left out of the pool: they sit around 1,
//   the convs' weights around 0, and pooling both would measure the mix, not either.
// - Partial statistics (Inspect opened while the editor was streaming): a layer not streamed yet
//   has no value, and a group has one only when every one of its conv and linear layers has
//   statistics, so that no group shows the value of a part as if it were the whole. The legend
//   says the statistics are partial (ModelData.weightStats).
import type { Graph } from '../../models';
import type { CheckpointWeights, ModelData, WeightSummary, WeightTensorStats } from '../../shared/protocol/inspect';

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The ops whose weight joins their groups' pool. */
const POOLED = new Set(['conv', 'linear']);

/** Count, mean and M2 (Σ (x − mean)²) of finite elements, plus the zero and element counts: what pools exactly. */
interface Moments {
  finite: number;
  mean: number;
  m2: number;
  zeros: number;
  count: number;
}

const EMPTY: Moments = { finite: 0, mean: 0, m2: 0, zeros: 0, count: 0 };

function momentsOf(t: WeightTensorStats): Moments {
  const count = numel(t.shape);
  const finite = count - t.nonfinite;
  const std = t.std ?? 0;
  return { finite, mean: t.mean ?? 0, m2: finite * std * std, zeros: t.zeros, count };
}

/** Chan et al.'s pairwise combination: the moments of the two sets' union. */
function combine(a: Moments, b: Moments): Moments {
  const finite = a.finite + b.finite;
  const count = a.count + b.count;
  const zeros = a.zeros + b.zeros;
  if (finite === 0) return { finite: 0, mean: 0, m2: 0, zeros, count };
  const delta = b.mean - a.mean;
  return { finite, mean: a.mean + (delta * b.finite) / finite, m2: a.m2 + b.m2 + (delta * delta * a.finite * b.finite) / finite, zeros, count };
}

const summaryOf = (m: Moments): WeightSummary => ({ std: m.finite > 0 ? Math.sqrt(Math.max(0, m.m2) / m.finite) : null, zeros: m.zeros, count: m.count });

/** The tensor statistics of a layer's `.weight`, when the checkpoint has it with the graph's shape. */
function layerStats(graph: Graph, node: number, w: CheckpointWeights): WeightTensorStats | undefined {
  const n = graph.nodes[node];
  const key = `${n.path}.weight`;
  const spec = n.tensors.find((t) => t.key === key);
  if (!spec || !Object.prototype.hasOwnProperty.call(w.tensors, key)) return undefined;
  const t = w.tensors[key];
  return sameShape(t.shape, spec.shape) ? t : undefined;
}

const hasWeight = (graph: Graph, node: number): boolean => {
  const n = graph.nodes[node];
  return n.tensors.some((t) => t.key === `${n.path}.weight`);
};

/** `data` (built from `graph`) with each layer's and group's weight statistics from `w`, and where they come from. */
export function attachWeightStats(data: ModelData, graph: Graph, w: CheckpointWeights): ModelData {
  const layer = graph.nodes.map((_, i) => layerStats(graph, i, w));
  const nodes = data.nodes.map((nd, i) => {
    const t = layer[i];
    return t ? { ...nd, weights: summaryOf(momentsOf(t)) } : nd;
  });
  // Each group's pool, children first (a child's index is larger than its parent's, but go by the tree, not the order).
  const pools: (Moments | null | undefined)[] = new Array(graph.groups.length);
  /** The group's pool; null when one of its conv/linear layers has no statistics, EMPTY-like with count 0 when it has none. */
  const poolOf = (g: number): Moments | null => {
    const known = pools[g];
    if (known !== undefined) return known;
    let m: Moments | null = EMPTY;
    for (const i of graph.groups[g].nodes) {
      if (!POOLED.has(graph.nodes[i].attrs.op) || !hasWeight(graph, i)) continue;
      const t = layer[i];
      m = t && m ? combine(m, momentsOf(t)) : null;
    }
    for (const c of graph.groups[g].children) {
      const child = poolOf(c);
      m = child && m ? combine(m, child) : null;
    }
    pools[g] = m;
    return m;
  };
  const groups = data.groups.map((gd, i) => {
    const m = poolOf(i);
    return m && m.count > 0 ? { ...gd, weights: summaryOf(m) } : gd;
  });
  const expected = graph.nodes.filter((_, i) => hasWeight(graph, i)).length;
  const layers = layer.filter((t) => t !== undefined).length;
  return { ...data, nodes, groups, weightStats: { file: w.file, partial: w.partial, layers, expected } };
}
