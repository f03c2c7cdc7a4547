// One pass over the graph for an input size: per-node shape, params, MACs, FLOPs ledger,
// receptive field and activation bytes, then the same aggregated per group (block, stage, model).
// Results are memoized per graph and input size.
import * as l10n from '@vscode/l10n';
import { checkedAdd, checkedMul, product, type Label } from '../checkedMath';
import { InvalidConfigError } from '../errors';
import type { BackboneGraph, Graph } from '../graph/types';
import { addLedger, flopLedger, macCount, paramCount, type FlopLedger } from './counts';
import { receptiveFields, type ReceptiveField } from './receptiveField';
import { computeShapes, type Shape } from './shapes';

/** What a count is, for the message of an OverflowError: translated only if one overflows. */
const PARAMS: Label = () => l10n.t('params');
const ACTIVATION_BYTES: Label = () => l10n.t('activation bytes');

/** Bytes per activation element: fp32. */
const FP32_BYTES = 4;

export interface NodeStats {
  readonly shape: Shape;
  readonly params: number;
  /** Multiply-accumulates of this node for one image. */
  readonly macs: number;
  readonly flops: FlopLedger;
  readonly rf: ReceptiveField;
  /** fp32 bytes of this node's output at batch 1. */
  readonly activationBytes: number;
}

export interface GroupStats {
  readonly params: number;
  readonly macs: number;
  readonly flops: FlopLedger;
  readonly activationBytes: number;
  /** Layers counted by the papers' depth convention. */
  readonly depth: number;
  /** The node whose output is the group's output. */
  readonly outputNode: number;
  readonly shape: Shape;
  readonly rf: ReceptiveField;
  /** Nodes in the group's subtree. */
  readonly nodeCount: number;
}

export interface Analysis {
  readonly graph: Graph;
  /** Input [H, W] in pixels. */
  readonly input: readonly [number, number];
  readonly nodes: readonly NodeStats[];
  /** Indexed like graph.groups; groups[0] is the whole model. */
  readonly groups: readonly GroupStats[];
  readonly total: GroupStats;
  /** [C, H, W] of the feature map before global pooling; undefined when the graph marks none (one layer). */
  readonly featureShape: Shape | undefined;
  /** Receptive field of the feature map before global pooling; undefined when the graph marks none. */
  readonly receptiveField: ReceptiveField | undefined;
}

/** The analysis of a graph with a feature map (every family's, the interpreter's). */
export interface BackboneAnalysis extends Analysis {
  readonly graph: BackboneGraph;
  readonly featureShape: Shape;
  readonly receptiveField: ReceptiveField;
}

const memo = new WeakMap<Graph, Map<string, Analysis>>();

export function analyze(graph: BackboneGraph, input: readonly [number, number]): BackboneAnalysis;
export function analyze(graph: Graph, input: readonly [number, number]): Analysis;
export function analyze(graph: Graph, input: readonly [number, number]): Analysis {
  for (const v of input) {
    if (!Number.isInteger(v) || v < 1) throw new InvalidConfigError('input', l10n.t('expected positive integer pixels, got {0}', v));
  }
  let perGraph = memo.get(graph);
  if (!perGraph) memo.set(graph, (perGraph = new Map()));
  const key = `${input[0]}x${input[1]}`;
  const hit = perGraph.get(key);
  if (hit) return hit;
  const result = compute(graph, input);
  perGraph.set(key, result);
  return result;
}

function compute(graph: Graph, input: readonly [number, number]): Analysis {
  const shapes = computeShapes(graph, input);
  const rfs = receptiveFields(graph.nodes);
  const nodes: NodeStats[] = graph.nodes.map((node, i) => ({
    shape: shapes[i],
    params: paramCount(node),
    macs: macCount(node, shapes[i]),
    flops: flopLedger(node, shapes[i], node.inputs.map((j) => shapes[j])),
    rf: rfs[i],
    activationBytes: node.attrs.op === 'input' ? 0 : checkedMul(ACTIVATION_BYTES, product(shapes[i]), FP32_BYTES),
  }));
  const groups: GroupStats[] = new Array(graph.groups.length);
  // Children always have larger ids than their parent, so a reverse sweep sees children first.
  for (let g = graph.groups.length - 1; g >= 0; g--) {
    const group = graph.groups[g];
    let params = 0;
    let macs = 0;
    let activationBytes = 0;
    let depth = 0;
    let outputNode = -1;
    let nodeCount = 0;
    const flops: FlopLedger = {};
    for (const id of group.nodes) {
      const s = nodes[id];
      params = checkedAdd(PARAMS, params, s.params);
      macs = checkedAdd('MACs', macs, s.macs);
      activationBytes = checkedAdd(ACTIVATION_BYTES, activationBytes, s.activationBytes);
      addLedger(flops, s.flops);
      if (graph.nodes[id].countsInDepth) depth++;
      outputNode = Math.max(outputNode, id);
      nodeCount++;
    }
    for (const c of group.children) {
      const s = groups[c];
      params = checkedAdd(PARAMS, params, s.params);
      macs = checkedAdd('MACs', macs, s.macs);
      activationBytes = checkedAdd(ACTIVATION_BYTES, activationBytes, s.activationBytes);
      addLedger(flops, s.flops);
      depth += s.depth;
      outputNode = Math.max(outputNode, s.outputNode);
      nodeCount += s.nodeCount;
    }
    const out = outputNode >= 0 ? nodes[outputNode] : undefined;
    groups[g] = {
      params,
      macs,
      flops,
      activationBytes,
      depth,
      outputNode,
      shape: out?.shape ?? [],
      rf: out?.rf ?? { size: null, min: null, stride: null, padding: null, minPadding: null, global: false, globalContext: false },
      nodeCount,
    };
  }
  return {
    graph,
    input,
    nodes,
    groups,
    total: groups[0],
    featureShape: graph.featureNode === undefined ? undefined : nodes[graph.featureNode].shape,
    receptiveField: graph.featureNode === undefined ? undefined : nodes[graph.featureNode].rf,
  };
}
