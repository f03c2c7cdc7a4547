// Which definitions of a Python file get an "Inspect" CodeLens: the nn.Module classes the
// interpreter builds with their defaults, and the factories (`def resnet18(**kwargs)`) it builds
// without arguments, whose forward it understands (so the diagram opens). Pure: no vscode import;
// results are kept for the last text.
import { buildTarget, inputFromMarker, isNnModuleClass, loadModule, PySourceError, PyUnsupportedError } from '../../models/python';

export interface InspectableClass {
  readonly name: string;
  /** 1-based line of the `class` or `def` statement. */
  readonly line: number;
}

/** Files larger than this get no lenses (each class is built to know whether it builds). */
const MAX_LENS_CHARS = 400_000;
const MAX_CLASSES = 40;

let last: { text: string; classes: InspectableClass[] } | undefined;

export function inspectableClasses(text: string, fileName: string): InspectableClass[] {
  if (last?.text === text) return last.classes;
  const classes: InspectableClass[] = [];
  if (text.length <= MAX_LENS_CHARS) {
    try {
      const mod = loadModule({ name: fileName, text });
      const input = inputFromMarker(text);
      for (const [name, v] of mod.scope.vars) {
        if (classes.length >= MAX_CLASSES) break;
        const candidate = (v.k === 'class' && isNnModuleClass(v)) || (v.k === 'func' && v.params.every((p) => p.kind !== 'plain' || p.defaultNode !== undefined));
        if (!candidate || (v.k !== 'class' && v.k !== 'func') || v.file !== mod.file) continue;
        try {
          if (buildTarget(mod, name, new Map(), input).analysis) classes.push({ name, line: v.line });
        } catch (e) {
          if (!(e instanceof PyUnsupportedError || e instanceof PySourceError)) throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof PyUnsupportedError || e instanceof PySourceError)) throw e;
    }
  }
  last = { text, classes };
  return classes;
}
