// The stats report: the JSON object of `backbone-lens stats --json`, also what the hover and
// the diagram's export read, so every surface shows the same numbers.
import type { Analysis, BackboneAnalysis } from '../analysis/analyze';
import type { FlopLedger } from '../analysis/counts';
import type { ReceptiveField } from '../analysis/receptiveField';
import { groupItemsInOrder } from '../graph/order';
import type { GraphGroup } from '../graph/types';
import type { ModelSpec } from '../modelSpec';
import type { RfFigures, RfPadding } from './format';

export type ReportDepth = 'stage' | 'block' | 'layer';

export interface RfJson {
  size: number | null;
  min: number | null;
  stride: number | null;
  padding: number | null;
  global_context: boolean;
}

export interface NodeJson {
  path: string;
  /** Op of a layer, or the group kind (stem, stage, block, …) for an aggregate row. */
  op: string;
  kind: 'layer' | 'group';
  depth: number;
  output_shape: number[];
  params: number;
  macs: number;
  rf: RfJson;
}

export interface StatsJson {
  id: string;
  family: string;
  description: string;
  overrides: Record<string, unknown>;
  input: [number, number, number];
  depth: number;
  params: number;
  macs: number;
  flops: FlopLedger;
  feature_shape: number[];
  receptive_field: RfJson;
  activation_bytes: number;
  units: Record<string, string>;
  nodes: NodeJson[];
}

export function rfJson(rf: ReceptiveField): RfJson {
  return { size: rf.size, min: rf.min, stride: rf.stride, padding: rf.padding, global_context: rf.globalContext || rf.global };
}

/** The JSON's receptive field in the formatter's terms (`global_context` covers a global output too). */
export function rfFigures(rf: RfJson): RfFigures & RfPadding {
  return { size: rf.size, min: rf.min, stride: rf.stride, padding: rf.padding, globalContext: rf.global_context };
}

export function statsReport(spec: ModelSpec, a: BackboneAnalysis, depth: ReportDepth = 'layer'): StatsJson {
  return {
    id: spec.id,
    family: spec.family,
    description: spec.description,
    overrides: spec.overrides,
    input: [3, a.input[0], a.input[1]],
    depth: a.total.depth,
    params: a.total.params,
    macs: a.total.macs,
    flops: a.total.flops,
    feature_shape: [...a.featureShape],
    receptive_field: rfJson(a.receptiveField),
    activation_bytes: a.total.activationBytes,
    units: {
      params: 'learnable parameters (BatchNorm running statistics excluded)',
      macs: 'multiply-accumulates of conv and linear layers, one image',
      flops: 'FLOPs of all other operations by class (see docs); conv/linear are in macs',
      receptive_field: 'input pixels; stride = jump in input pixels',
      activation_bytes: 'fp32 bytes of every node output at batch 1',
    },
    nodes: reportRows(a, depth),
  };
}

/**
 * Rows in display order. 'stage': the model's top-level groups (stem, stages, transitions, head);
 * 'block': those and the blocks inside stages; 'layer': every group and every node.
 */
export function reportRows(a: Analysis, depth: ReportDepth): NodeJson[] {
  const rows: NodeJson[] = [];
  const { graph } = a;
  const visit = (group: GraphGroup, level: number): void => {
    for (const item of groupItemsInOrder(graph.groups, group.id)) {
      if (item.kind === 'node') {
        const node = graph.nodes[item.index];
        if (depth !== 'layer' || node.attrs.op === 'input') continue;
        const s = a.nodes[item.index];
        rows.push({ path: node.path, op: node.attrs.op, kind: 'layer', depth: level, output_shape: [...s.shape], params: s.params, macs: s.macs, rf: rfJson(s.rf) });
      } else {
        const g = graph.groups[item.index];
        const shown = depth === 'layer' || level === 0 || (depth === 'block' && level === 1 && g.kind === 'block');
        if (!shown) continue;
        const s = a.groups[g.id];
        rows.push({ path: g.path, op: g.kind, kind: 'group', depth: level, output_shape: [...s.shape], params: s.params, macs: s.macs, rf: rfJson(s.rf) });
        if (depth === 'layer' || (depth === 'block' && level === 0)) visit(g, level + 1);
      }
    }
  };
  visit(graph.groups[0], 0);
  return rows;
}
