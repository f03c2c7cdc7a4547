// Inspect Model for the user's own Python: a class, factory or module-level model of a .py or
// .ipynb file, read by the static interpreter at the panel's input size. The diagram needs the
// forward pass; when it is not understood the panel says which line stops it.
import { buildTarget, inputFromMarker, loadModule, PySourceError, PyUnsupportedError } from '../../models/python';
import { notebookSource } from '../../models/python/notebook';
import type { ModelConfig, ModelSource } from '../../shared/protocol/inspect';
import { graphData, type Resolved } from './modelData';

export function resolvePython(config: ModelConfig, source: Extract<ModelSource, { kind: 'python' }>, raw: string): Resolved {
  const text = /\.ipynb$/i.test(source.label) ? notebookSource(raw, source.label).text : raw;
  let model;
  try {
    model = buildTarget(loadModule({ name: source.label, text }), source.target, new Map(), config.input ?? inputFromMarker(text));
  } catch (e) {
    if (e instanceof PyUnsupportedError || e instanceof PySourceError) throw new Error(`${source.label}: cannot build \`${source.target}\`: ${e instanceof PyUnsupportedError ? e.short : e.message}`);
    throw e;
  }
  const a = model.analysis;
  if (!a) throw new Error(`${source.label}: the diagram of \`${source.target}\` needs its forward, and ${model.forwardError?.short ?? 'it is not understood'}. Its ${model.params.toLocaleString('en-US')} parameters are exact (see the hover).`);
  const root = model.modules[0];
  return {
    id: source.target,
    analysis: a,
    data: {
      ...graphData(a),
      id: source.target,
      family: 'python',
      description: `${root.type} from ${source.label} (read from the source, nothing executed)`,
      source,
      knobs: {},
      overrides: {},
      knobSpecs: [],
      sourceLines: Object.fromEntries(model.modules.filter((m) => m.file === '' || m.file === source.label).map((m) => [m.path, m.line])),
    },
  };
}
