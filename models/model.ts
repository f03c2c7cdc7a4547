// From a resolved spec to its graph, memoized by the architecture key: every surface that asks
// for the same model gets the same graph object (and so the same memoized analyses).
import { families } from './families';
import type { BackboneGraph } from './graph/types';
import type { ModelSpec } from './modelSpec';

const graphs = new Map<string, BackboneGraph>();
/** Bound on memoized graphs: the whole zoo (94 presets) plus a few dozen edited variants. */
const MAX_GRAPHS = 160;

/**
 * A stable key for the network `spec` describes: family, module naming and every knob (keys
 * sorted, so equal knob sets written in any order agree). Equal keys build the same layers with
 * the same state-dict keys: the graph memo, the ONNX export cache and the random-weights file
 * name all use it.
 */
export function architectureKey(spec: ModelSpec): string {
  return `${spec.family}\u0000${spec.naming}\u0000${stableStringify(spec.knobs)}`;
}

export function buildGraph(spec: ModelSpec): BackboneGraph {
  // The graph carries the id too (its title).
  const key = `${spec.id}\u0000${architectureKey(spec)}`;
  const hit = graphs.get(key);
  if (hit) return hit;
  const graph = families[spec.family].build(spec.id, spec.knobs, spec.naming);
  if (graphs.size >= MAX_GRAPHS) graphs.delete(graphs.keys().next().value as string);
  graphs.set(key, graph);
  return graph;
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
