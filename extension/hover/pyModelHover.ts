// Hovers on the user's own model code, from the static interpreter (models/python/): a call that
// builds a class or factory of the file (`ResNet18()`, `ResNet(BasicBlock, [2, 2, 2, 2])`,
// `model = Net(num_classes=751)`) and `class X(nn.Module)` itself. The numbers are the
// interpreter's (checked against PyTorch); what it does not understand is named with its line.
// Pure: no vscode import.
import * as l10n from '@vscode/l10n';
import {
  PyMissingArgumentError,
  PySourceError,
  PyUnsupportedError,
  evalInModule,
  finishModel,
  inputFromMarker,
  isModule,
  isNnModuleClass,
  loadModule,
  pythonAst,
  type LoadedModule,
  type PyModel,
  type PyNode,
  type Value,
} from '../../models/python';
import { workspaceImports } from '../../models/python/imports';
import { exactAndCompact, shape } from '../../models/report/format';
import { codeSpan, escapeMd, renderHover, rfText, type InspectTarget } from './markdown';
import { inputNote } from './tables';

export interface ModelHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** Where the file's imports of other files are looked up (read-only). */
export interface Workspace {
  readonly root: string;
  readonly read: (path: string) => string | undefined;
}

let loaded: { text: string; fileName: string; root: string | undefined; mod: LoadedModule | undefined } | undefined;

/** The file read as a module, once per text (its imported files are read again with it). */
function moduleOf(text: string, fileName: string, workspace: Workspace | undefined): LoadedModule | undefined {
  if (loaded?.text !== text || loaded.fileName !== fileName || loaded.root !== workspace?.root) {
    let mod: LoadedModule | undefined;
    try {
      const imports = workspace ? workspaceImports(workspace.root, workspace.read, loadModule).resolve : undefined;
      mod = loadModule({ name: fileName, text }, imports);
    } catch (e) {
      if (!(e instanceof PySourceError || e instanceof PyUnsupportedError)) throw e;
      mod = undefined;
    }
    loaded = { text, fileName, root: workspace?.root, mod };
    rendered.clear();
  }
  return loaded.mod;
}

/** Rendered hovers for the current text, by the hovered node's span. */
const rendered = new Map<string, ModelHover | undefined>();
const MAX_RENDERED = 64;

export function pythonModelHover(text: string, offset: number, fileName: string, uri?: string, workspace?: Workspace): ModelHover | undefined {
  const mod = moduleOf(text, fileName, workspace);
  if (!mod) return undefined;
  const path = nodePath(pythonAst(text), offset);
  const target = classNameAt(path, offset) ?? callAt(path, offset);
  if (!target) return undefined;
  const key = `${target.kind}:${target.node.from}:${target.node.to}`;
  if (rendered.has(key)) return rendered.get(key);
  const h = render(mod, target, text, uri);
  if (rendered.size >= MAX_RENDERED) rendered.clear();
  rendered.set(key, h);
  return h;
}

type Target = { kind: 'class'; node: PyNode; name: PyNode } | { kind: 'call'; node: PyNode; callee: PyNode; insideDef: boolean };

/** Nodes from the root down to the innermost one containing `offset`. */
function nodePath(root: PyNode, offset: number): PyNode[] {
  const out: PyNode[] = [root];
  for (let n: PyNode | undefined = root; n; ) {
    n = n.children.find((c) => c.from <= offset && offset < c.to);
    if (n) out.push(n);
  }
  return out;
}

function classNameAt(path: readonly PyNode[], offset: number): Target | undefined {
  const n = path[path.length - 1];
  const parent = path[path.length - 2];
  if (n?.name !== 'VariableName' || parent?.name !== 'ClassDefinition' || parent.children.find((c) => c.name === 'VariableName') !== n) return undefined;
  return offset >= n.from && offset < n.to ? { kind: 'class', node: parent, name: n } : undefined;
}

/** The innermost call whose callee (a name or a dotted name) is under the cursor. */
function callAt(path: readonly PyNode[], offset: number): Target | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (n.name !== 'CallExpression') continue;
    const callee = n.children[0];
    if (!callee || offset < callee.from || offset >= callee.to || !isDotted(callee)) return undefined;
    const insideDef = path.slice(0, i).some((p) => p.name === 'FunctionDefinition' || p.name === 'ClassDefinition' || p.name === 'LambdaExpression');
    return { kind: 'call', node: n, callee, insideDef };
  }
  return undefined;
}

function isDotted(n: PyNode): boolean {
  if (n.name === 'VariableName') return true;
  return n.name === 'MemberExpression' && n.children[1]?.name === '.' && isDotted(n.children[0]);
}

function render(mod: LoadedModule, target: Target, text: string, uri: string | undefined): ModelHover | undefined {
  const input = inputFromMarker(text);
  if (target.kind === 'class') {
    const cls = mod.scope.vars.get(text.slice(target.name.from, target.name.to));
    if (cls?.k !== 'class' || !isNnModuleClass(cls)) return undefined;
    const span = { start: target.name.from, end: target.name.to };
    let model: Value;
    try {
      model = mod.rt.call(cls, [], new Map(), target.node, mod.file);
    } catch (e) {
      if (!(e instanceof PyUnsupportedError)) throw e;
      const why =
        e instanceof PyMissingArgumentError
          ? l10n.t('{0} needs {1}: hover a call that builds it, e.g. {2}.', codeSpan(`${cls.name}()`), codeSpan(e.parameter), codeSpan(`${cls.name}(…)`))
          : l10n.t('Not built: {0}.', errorMd(e));
      return { markdown: `**${escapeMd(cls.name)}** (${l10n.t('nn.Module, line {0}', cls.line)})\n\n${why}`, ...span };
    }
    const inspect = uri ? { model: uri, python: cls.name } : undefined;
    return { markdown: modelMarkdown(finishModel(mod, cls.name, model, input), `${cls.name}()`, l10n.t('class of this file, line {0}', cls.line), inspect), ...span };
  }
  // A call: the callee must be a class or a function of this file (or imported from the workspace).
  let callee: Value;
  try {
    callee = evalInModule(mod, target.callee);
  } catch {
    return undefined;
  }
  const isModelClass = callee.k === 'class' && isNnModuleClass(callee);
  if (!isModelClass && callee.k !== 'func') return undefined;
  const span = { start: target.callee.from, end: target.callee.to };
  const written = text.slice(target.node.from, Math.min(target.node.to, target.node.from + 80)).replace(/\s+/g, ' ');
  let model: Value;
  try {
    model = evalInModule(mod, target.node);
  } catch (e) {
    if (!(e instanceof PyUnsupportedError)) throw e;
    // Inside a def the arguments are the function's own: nothing to say about this call alone.
    if (target.insideDef || !isModelClass) return undefined;
    return { markdown: l10n.t('{0} — not built: {1}.', codeSpan(written), errorMd(e)), ...span };
  }
  if (!isModule(model)) return undefined;
  const name = callee.k === 'class' ? callee.name : callee.k === 'func' ? callee.name : '';
  const file = callee.k === 'class' || callee.k === 'func' ? (callee.file.name === mod.file.name ? undefined : callee.file.name.split('/').pop()) : undefined;
  const where = callee.k === 'class'
    ? file ? l10n.t('class {0} of {1}, line {2}', callee.name, file, callee.line) : l10n.t('class {0}, line {1}', callee.name, callee.line)
    : callee.k === 'func'
      ? file ? l10n.t('function {0} of {1}, line {2}', callee.name, file, callee.line) : l10n.t('function {0}, line {1}', callee.name, callee.line)
      : '';
  // The diagram builds a definition with its defaults: offered when this call passes no arguments.
  const noArgs = target.node.children[1]?.children.every((c) => c.name === '(' || c.name === ')');
  const inspect = uri && noArgs && !target.insideDef ? { model: uri, python: name } : undefined;
  return { markdown: modelMarkdown(finishModel(mod, name, model, input), written.length >= 80 ? `${written}…` : written, where, inspect), ...span };
}

/** The hover table of a built model: exact params always; MACs and shapes when forward was read. */
export function modelMarkdown(m: PyModel, written: string, where: string, inspect?: InspectTarget): string {
  const a = m.analysis;
  const root = m.modules[0];
  const title = `${codeSpan(written)} → **${escapeMd(root.type)}** (${escapeMd(where)}) · ${inputNote(m.input)}`;
  const rows: string[][] = [[l10n.t('Params'), exactAndCompact(m.params)]];
  const notes: string[] = [];
  if (a) {
    rows.push([l10n.t('MACs (one image)'), exactAndCompact(a.total.macs)]);
    rows.push([l10n.t('Output'), shape(a.nodes[a.graph.outputNode].shape)]);
    rows.push([l10n.t('Feature map'), shape(a.featureShape)]);
    rows.push([l10n.t('Receptive field'), rfText(a.receptiveField)]);
    if (m.unusedParams) notes.push(l10n.t('{0} of the params are in modules that `forward` does not call in eval mode (a training-only classifier, say); MACs count only what is called.', exactAndCompact(m.unusedParams)));
  } else if (m.forwardError) {
    const because = m.forwardStoppedIn ? l10n.t('{0} (in {1})', errorMd(m.forwardError), codeSpan(m.forwardStoppedIn)) : errorMd(m.forwardError);
    notes.push(l10n.t('MACs, shapes and receptive field unknown, because {0}. The parameters come from `__init__` alone and are exact.', because));
  }
  const children = m.modules.filter((r) => r.path !== '' && !r.path.includes('.'));
  if (children.length > 0) notes.push(l10n.t('Top-level modules: {0}.', `${children.slice(0, 8).map((c) => `${codeSpan(c.path)} ${exactAndCompact(c.params)}`).join(', ')}${children.length > 8 ? ', …' : ''}`));
  return renderHover({ title, header: [root.type], rows, notes, ...(inspect && m.analysis ? { inspect } : {}) });
}

/** "line 87: `torch.einsum(…)` is not understood": the construct as code, the reason's own `spans` kept. */
export function errorMd(e: PyUnsupportedError): string {
  const why = e.why
    .split('`')
    .map((part, i) => (i % 2 === 1 ? codeSpan(part) : escapeMd(part)))
    .join('');
  return `${l10n.t('line {0}:', e.line)} ${codeSpan(e.construct)} ${why}`;
}
