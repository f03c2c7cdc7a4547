// Inspect Model for the user's own Python: a class, factory or module-level model of a .py or
// .ipynb file, read by the static interpreter at the panel's input size. The diagram needs the
// forward pass; when it is not understood the panel says which line stops it.
import * as l10n from '@vscode/l10n';
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
    if (e instanceof PyUnsupportedError || e instanceof PySourceError) throw new Error(l10n.t('{0}: cannot build `{1}`: {2}', source.label, source.target, e instanceof PyUnsupportedError ? e.short : e.message));
    throw e;
  }
  const a = model.analysis;
  if (!a) throw new Error(model.forwardError ? l10n.t('{0}: the diagram of `{1}` needs its forward, and {2}. Its {3} parameters are exact (see the hover).', source.label, source.target, model.forwardError.short, model.params.toLocaleString('en-US')) : l10n.t('{0}: the diagram of `{1}` needs its forward, and it is not understood. Its {2} parameters are exact (see the hover).', source.label, source.target, model.params.toLocaleString('en-US')));
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
