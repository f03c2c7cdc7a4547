// Engine → ModelData: resolves a ModelConfig (preset or variant file, input size, knob
// overrides), builds and analyzes it, and flattens graph + analysis into the protocol's JSON.
// Pure apart from the file reader it is given, so unit tests can run it without VS Code.
import { analyze, buildGraph, families, knobsDiffering, readVariantText, resolveId, withOverrides, type BackboneAnalysis, type ModelSpec, type ReceptiveField } from '../../models';
import type { GroupData, ModelConfig, ModelData, NodeData, RfData } from '../../shared/protocol/inspect';
import { resolvePython } from './pythonModel';

/** Reads a variant file's text; the host passes a vscode.workspace.fs based reader. */
export type ReadText = (uri: string) => Promise<string>;

export interface Resolved {
  /** The id the exports title (a preset or variant id, or the Python class or factory). */
  id: string;
  /** The engine's spec, for presets and variant files; absent for a model read from Python. */
  spec?: ModelSpec;
  analysis: BackboneAnalysis;
  data: ModelData;
}

export async function resolveConfig(config: ModelConfig, read: ReadText): Promise<Resolved> {
  if (config.source.kind === 'python') return resolvePython(config, config.source, await read(config.source.uri));
  let spec: ModelSpec;
  if (config.source.kind === 'preset') {
    spec = resolveId(config.source.id);
  } else {
    spec = readVariantText(await read(config.source.uri), config.source.label);
  }
  if (config.knobs && Object.keys(config.knobs).length > 0) {
    // The controls send the model's overrides plus the knob just edited: one set back to the
    // source's value is no override any more.
    spec = withOverrides(spec, knobsDiffering(config.knobs, spec.knobs));
  }
  const input = config.input ?? spec.inputSize;
  const analysis = analyze(buildGraph(spec), input);
  return { id: spec.id, spec, analysis, data: toModelData(spec, analysis, config) };
}

export const rfData = (rf: ReceptiveField): RfData => ({ size: rf.size, min: rf.min, stride: rf.stride, global: rf.global, globalContext: rf.globalContext });

export function toModelData(spec: ModelSpec, a: BackboneAnalysis, config: ModelConfig): ModelData {
  return {
    ...graphData(a),
    id: spec.id,
    family: spec.family,
    description: spec.description,
    source: config.source,
    knobs: { ...spec.knobs },
    overrides: { ...spec.overrides },
    knobSpecs: [...families[spec.family].knobs],
  };
}

/** The parts of ModelData that come from the graph and its analysis alone (any model, presets or the user's code). */
export function graphData(a: BackboneAnalysis): Pick<ModelData, 'input' | 'nodes' | 'groups' | 'totals'> {
  const g = a.graph;
  const nodes: NodeData[] = g.nodes.map((n, i) => {
    const s = a.nodes[i];
    return {
      path: n.path,
      attrs: n.attrs,
      inputs: [...n.inputs],
      group: n.group,
      shape: [...s.shape],
      params: s.params,
      macs: s.macs,
      rf: rfData(s.rf),
      activationBytes: s.activationBytes,
    };
  });
  const groups: GroupData[] = g.groups.map((grp, i) => {
    const s = a.groups[i];
    return {
      path: grp.path,
      kind: grp.kind,
      label: grp.label,
      parent: grp.parent ?? -1,
      children: [...grp.children],
      nodes: [...grp.nodes],
      shape: [...s.shape],
      params: s.params,
      macs: s.macs,
      rf: rfData(s.rf),
      activationBytes: s.activationBytes,
      depth: s.depth,
      nodeCount: s.nodeCount,
      outputNode: s.outputNode,
    };
  });
  return {
    input: [a.input[0], a.input[1]],
    nodes,
    groups,
    totals: {
      depth: a.total.depth,
      params: a.total.params,
      macs: a.total.macs,
      activationBytes: a.total.activationBytes,
      featureShape: [...a.featureShape],
      rf: rfData(a.receptiveField),
    },
  };
}
