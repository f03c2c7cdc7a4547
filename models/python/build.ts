// Entry point: a class or factory of a Python file → its module tree (exact parameters from
// `__init__`) and, when `forward` is understood, the layer graph and its analysis (MACs, shapes,
// receptive field) at an input size. Nothing is executed; anything outside the subset is reported
// with its line, and what was understood before it stays exact.
import * as l10n from '@vscode/l10n';
import type { PyNode as SyntaxNode } from './syntax';
import { analyze, type Analysis, type BackboneAnalysis } from '../analysis/analyze';
import type { BackboneGraph } from '../graph/types';
import { PySourceError, PyUnsupportedError } from './errors';
import { ForwardGraph } from './forward';
import { kids, statements, text } from './interp';
import { layerParams } from './layers';
import { Runtime, type ImportResolver } from './runtime';
import { lineOf, pythonAst } from './syntax';
import { NONE, isModule, typeName, type Scope, type SourceFile, type TensorValue, type Value } from './values';

/** Files larger than this are not read (a model definition is a few thousand lines at most). */
export const MAX_SOURCE_CHARS = 2_000_000;

export interface ModuleRow {
  /** Attribute path (state-dict prefix); '' for the model itself. */
  readonly path: string;
  /** `Conv2d`, `Sequential`, or the user's class name. */
  readonly type: string;
  /** Learnable parameters of the module and everything below it. */
  readonly params: number;
  /** Where the module is constructed (a layer) or its class is defined (a user class). */
  readonly line: number;
  readonly file: string;
}

export interface PyModel {
  /** `ResNet`, or the factory's name. */
  readonly name: string;
  /** Learnable parameters, from `__init__` (exact whenever a model is returned). */
  readonly params: number;
  /** Every module, in `named_modules()` order. */
  readonly modules: readonly ModuleRow[];
  readonly input: readonly [number, number];
  /** Present when `forward` was understood at this input size. */
  readonly graph?: BackboneGraph;
  readonly analysis?: BackboneAnalysis;
  /** Output shape (batch 1) of every module called in forward, by path. */
  readonly shapes?: ReadonlyMap<string, readonly number[]>;
  /** Why the forward pass (MACs, shapes, receptive field) is unknown. */
  readonly forwardError?: PyUnsupportedError;
  /** The innermost module whose forward was being read when it stopped ('' for the model's own). */
  readonly forwardStoppedIn?: string;
  /** Parameters of modules that forward never calls (counted in `params`, absent from the graph). */
  readonly unusedParams?: number;
}

/** A file read as a module: its top-level names, and the errors of statements that failed. */
export interface LoadedModule {
  readonly file: SourceFile;
  readonly scope: Scope;
  readonly rt: Runtime;
}

export function checkSource(file: SourceFile): void {
  if (file.text.length > MAX_SOURCE_CHARS) throw new PySourceError(file.name, l10n.t('is {0} characters, over the {1} read for a model definition', file.text.length.toLocaleString('en-US'), MAX_SOURCE_CHARS.toLocaleString('en-US')));
  if (file.text.includes('\u0000')) throw new PySourceError(file.name, l10n.t('is not a text file (it contains NUL bytes)'));
}

/**
 * Runs the file's top-level statements (imports, defs, classes, constants). A statement that is
 * not understood binds the names it would have set to an "unknown" that names the line, so one
 * odd line (`torch.load(…)`, `print(model)`) does not hide the classes around it.
 */
export function loadModule(file: SourceFile, resolveImport: ImportResolver = () => undefined, rt = new Runtime(resolveImport)): LoadedModule {
  checkSource(file);
    const scope: Scope = { vars: new Map<string, Value>([['__name__', { k: 'str', v: moduleName(file.name) }]]), parent: undefined };
  for (const s of statements(pythonAst(file.text))) {
    try {
      rt.ev.exec(s, scope, file);
    } catch (e) {
      if (!(e instanceof PyUnsupportedError)) throw e;
      for (const name of boundNames(s, file)) scope.vars.set(name, { k: 'opaque', why: l10n.t('is set at {0}, which is not understood', e.short.replace(/^line/, 'line')) });
    }
  }
  return { file, scope, rt };
}

function moduleName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.(py|ipynb)$/, '');
}

/** Names a top-level statement binds (assignment targets, def and class names, imports). */
function boundNames(s: SyntaxNode, file: SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.name === 'VariableName') out.push(text(file, n));
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression') kids(n).forEach(visit);
  };
  if (s.name === 'AssignStatement') {
    const k = kids(s);
    const lastOp = k.map((x) => x.name).lastIndexOf('AssignOp');
    k.slice(0, lastOp).forEach(visit);
  } else if (s.name === 'FunctionDefinition' || s.name === 'ClassDefinition') {
    const n = kids(s).find((x) => x.name === 'VariableName');
    if (n) out.push(text(file, n));
  } else if (s.name === 'DecoratedStatement') {
    const def = kids(s).find((x) => x.name === 'FunctionDefinition' || x.name === 'ClassDefinition');
    if (def) return boundNames(def, file);
  } else if (s.name === 'ImportStatement') {
    kids(s).filter((x) => x.name === 'VariableName').forEach((x) => out.push(text(file, x)));
  }
  return out;
}

/** Evaluates an expression of the file in its module scope (a call at top level, a callee). */
export function evalInModule(mod: LoadedModule, node: SyntaxNode): Value {
  return mod.rt.ev.eval(node, mod.scope, mod.file);
}

/** JSON keyword arguments (the CLI's --args) as Python values. */
export function fromJson(v: unknown): Value {
  if (v === null) return NONE;
  if (typeof v === 'boolean') return { k: 'bool', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { k: 'int', v } : { k: 'float', v };
  if (typeof v === 'string') return { k: 'str', v };
  if (Array.isArray(v)) return { k: 'list', items: v.map(fromJson) };
  if (typeof v === 'object') {
    const map = new Map<string, { key: Value; value: Value }>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) map.set(`s:${k}`, { key: { k: 'str', v: k }, value: fromJson(x) });
    return { k: 'dict', map };
  }
  throw new Error(`not a JSON value: ${String(v)}`);
}

/** Builds `target` (a class or a factory of the module) with keyword arguments. */
export function buildTarget(mod: LoadedModule, target: string, kwargs: ReadonlyMap<string, Value>, input: readonly [number, number]): PyModel {
  const v = mod.scope.vars.get(target);
  // A module-level model (`model = Baseline(num_classes=1041)`) is read as built there.
  if (v !== undefined && isModule(v) && kwargs.size === 0) return finishModel(mod, target, v, input);
  if (v === undefined || (v.k !== 'class' && v.k !== 'func')) throw new PySourceError(mod.file.name, v?.k === 'opaque' ? l10n.t('has no class, function or model `{0}`: it {1}', target, v.why) : l10n.t('has no class, function or model `{0}`', target));
  const anchor = pythonAst(mod.file.text);
  const model = mod.rt.call(v, [], new Map(kwargs), anchor, mod.file);
  return finishModel(mod, target, model, input);
}

/** From a module value built by `__init__`: the module tree, then forward at `input`. */
export function finishModel(mod: LoadedModule, name: string, model: Value, input: readonly [number, number]): PyModel {
  if (!isModule(model)) throw new PySourceError(mod.file.name, l10n.t('`{0}` gives a {1}, not an nn.Module', name, typeName(model)));
  const modules = moduleRows(model);
  const params = modules[0].params;
  const base = { name, params, modules, input };
  const rt = mod.rt;
  const g = new ForwardGraph(name, modules.map((m) => m.path));
  const shapes = new Map<string, readonly number[]>();
  rt.graph = g;
  rt.onModuleOutput = (path, out) => shapes.set(path, out);
  try {
    const x: TensorValue = g.input(input[0], input[1]);
    const anchor = pythonAst(mod.file.text);
    const out = firstTensor(rt.callModule(model, [x], new Map(), anchor, mod.file));
    if (!out) throw new PyUnsupportedError(0, 'forward', l10n.t('returns no tensor'), mod.file.name);
    const graph = g.finish(out);
    const analysis = analyze(graph, input);
    checkShapes(g, analysis, mod.file.name);
    const inGraph = analysis.total.params;
    return { ...base, graph, analysis, shapes, ...(inGraph !== params ? { unusedParams: params - inGraph } : {}) };
  } catch (e) {
    if (e instanceof PyUnsupportedError) return { ...base, forwardError: e, forwardStoppedIn: g.failedIn ?? '' };
    throw e;
  } finally {
    rt.graph = undefined;
    rt.onModuleOutput = undefined;
  }
}

function firstTensor(v: Value): TensorValue | undefined {
  if (v.k === 'tensor') return v;
  if (v.k === 'tuple' || v.k === 'list') for (const x of v.items) if (x.k === 'tensor') return x;
  return undefined;
}

/** The engine's shapes (analysis/shapes.ts) must equal the ones tracked while reading forward. */
function checkShapes(g: ForwardGraph, a: Analysis, file: string): void {
  for (const [id, s] of g.shapes) {
    const engine = a.nodes[id].shape;
    if (engine.join() !== s.slice(1).join()) {
      throw new PyUnsupportedError(0, a.graph.nodes[id].path, l10n.t('has shape [{0}] in forward but [{1}] in the layer graph', s.slice(1).join(', '), engine.join(', ')), file);
    }
  }
}

/** Paths (first registration wins, as named_modules) and parameter totals, parent before children. */
function moduleRows(root: Value): ModuleRow[] {
  const rows: ModuleRow[] = [];
  const seen = new Set<Value>();
  const walk = (m: Value, path: string): number => {
    if (!isModule(m) || seen.has(m)) return 0;
    seen.add(m);
    m.path = path;
    const at = rows.length;
    rows.push({ path, type: m.k === 'obj' ? m.cls.name : m.k === 'layer' ? m.spec.type : m.type, params: 0, line: m.k === 'obj' ? m.cls.line : m.line, file: m.k === 'obj' ? m.cls.file.name : '' });
    let total = m.k === 'layer' ? layerParams(m.spec) : 0;
    if (m.k === 'obj') for (const shape of m.params.values()) total += shape.reduce((p, v) => p * v, 1);
    if (m.k !== 'layer') for (const [k, c] of m.children) total += walk(c, path === '' ? k : `${path}.${k}`);
    rows[at] = { ...rows[at], params: total };
    return total;
  };
  walk(root, '');
  return rows;
}

export { lineOf };
