// The Python runtime the evaluator calls into: builtins, attribute and item access, operators,
// iteration, imports, and nn.Module semantics (submodules registered in order, super().__init__,
// the torch.nn containers). torch.nn layers and torch ops live in torchlib.ts.
import * as l10n from '@vscode/l10n';
import type { PyNode as SyntaxNode } from './syntax';
import { BUILTIN_NAMES, binaryOp, callBuiltin, containerOf, formatBraces, initContainer } from './builtins';
import { PyUnsupportedError } from './errors';
import { Evaluator, dictKey, snippet, type Host } from './interp';
import { lineOf } from './syntax';
import { callLib, groupedAttr, layerAttr, tensorAttr } from './torchlib';
import type { ForwardGraph } from './forward';
import {
  FALSE,
  NONE,
  containerBase,
  isModule,
  isNnModuleClass,
  typeName,
  type ClassValue,
  type ContainerValue,
  type FuncValue,
  type ObjValue,
  type SourceFile,
  type Value,
} from './values';

/** Resolves an import of a workspace module: the bound value, or undefined when it is not found. */
export type ImportResolver = (module: string, name: string | undefined, from: SourceFile) => Value | undefined;

/** Modules whose names are bound as library references (their calls are read by torchlib.ts or refused there). */
const LIBRARY_ROOTS = new Set(['torch', 'torchvision', 'timm', 'math', 'functools', 'collections', 'typing', '__future__', 'numpy', 'os', 'sys', 'copy', 'warnings', 'logging', 'itertools']);

export class Runtime implements Host {
  readonly ev: Evaluator;
  /** Set while `forward` runs: module calls and tensor ops add nodes to it. */
  graph: ForwardGraph | undefined;
  /** Told the output shape of every module call in forward (the oracle records the same). */
  onModuleOutput: ((path: string, shape: readonly number[]) => void) | undefined;

  constructor(private readonly resolveImport: ImportResolver) {
    this.ev = new Evaluator(this);
  }

  fail(at: SyntaxNode, file: SourceFile, construct: string, why = l10n.t('is not understood')): never {
    throw new PyUnsupportedError(lineOf(file.text, at.from), construct, why, file.name);
  }

  importName(module: string, name: string | undefined, _at: SyntaxNode, file: SourceFile): Value {
    const root = module.split('.')[0];
    if (!module.startsWith('.') && LIBRARY_ROOTS.has(root)) {
      if (name === '*') return NONE;
      return { k: 'lib', path: canonical(name === undefined ? module : `${module}.${name}`) };
    }
    const v = this.resolveImport(module, name, file);
    if (v) return v;
    return { k: 'opaque', why: l10n.t('is imported from `{0}`, which is not found in the workspace', module) };
  }

  builtin(name: string): Value | undefined {
    return BUILTIN_NAMES.has(name) ? { k: 'builtin', name, fn: (args, kwargs, at) => this.callBuiltin(name, args, kwargs, at) } : undefined;
  }

  // ---------------------------------------------------------------- calls

  call(fn: Value, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
    switch (fn.k) {
      case 'func':
        return this.ev.callFunction(fn, args, kwargs, at, file);
      case 'bound':
        return this.ev.callFunction(fn.fn, [fn.self, ...args], kwargs, at, file);
      case 'builtin':
        this.currentFile = file;
        return fn.fn(args, kwargs, at);
      case 'partial':
        return this.call(fn.fn, [...fn.args, ...args], new Map([...fn.kwargs, ...kwargs]), at, file);
      case 'class':
        return this.instantiate(fn, args, kwargs, at, file);
      case 'lib':
        return callLib(this, fn.path, args, kwargs, at, file);
      case 'obj':
      case 'layer':
      case 'container':
        return this.callModule(fn, args, kwargs, at, file);
      case 'opaque':
        return this.fail(at, file, snippet(file, at), l10n.t('calls a name that {0}', fn.why));
      default:
        return this.fail(at, file, snippet(file, at), l10n.t('calls a {0}, which is not callable', typeName(fn)));
    }
  }

  /** The file of the builtin being called (builtins report errors against it). */
  currentFile: SourceFile = { name: '', text: '' };

  private instantiate(cls: ClassValue, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
    const obj: ObjValue = { k: 'obj', cls, attrs: new Map(), children: new Map(), params: new Map(), path: undefined };
    const init = this.lookupInMro(cls, '__init__', undefined);
    if (init?.value.k === 'func') this.ev.callFunction(init.value, [obj, ...args], kwargs, at, file);
    else if (init?.value.k === 'lib') this.libInit(obj, init.value.path, args, kwargs, at, file);
    else if (args.length > 0 || kwargs.size > 0) this.fail(at, file, `${cls.name}(…)`, l10n.t('takes no arguments'));
    return obj;
  }

  /** `__init__` of a torch.nn base class: nn.Module takes nothing; the containers take their modules. */
  libInit(obj: ObjValue, path: string, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): void {
    if (path === 'torch.nn.Module') return;
    if (kwargs.size > 0) this.fail(at, file, `${path}.__init__`, l10n.t('takes no keyword arguments'));
    const c = initContainer(this, path.slice('torch.nn.'.length) as ContainerValue['type'], args, at, file);
    for (const [k, v] of c) obj.children.set(k, v);
  }

  /** Linearized bases, the class first (depth-first, left to right, each class once). */
  mro(cls: ClassValue): Value[] {
    const out: Value[] = [];
    const seen = new Set<Value>();
    const walk = (c: Value, depth: number): void => {
      if (depth > 50 || seen.has(c)) return;
      seen.add(c);
      out.push(c);
      if (c.k === 'class') for (const b of c.bases) walk(b, depth + 1);
    };
    walk(cls, 0);
    // object's and nn.Module's own attributes come last, as in C3 for these hierarchies.
    return [...out.filter((c) => !(c.k === 'lib' && c.path === 'torch.nn.Module')), ...out.filter((c) => c.k === 'lib' && c.path === 'torch.nn.Module')];
  }

  /** `name` in the class hierarchy, starting after `after` (for super()). */
  lookupInMro(cls: ClassValue, name: string, after: ClassValue | undefined): { value: Value; owner: Value } | undefined {
    const chain = this.mro(cls);
    let i = after ? chain.indexOf(after) + 1 : 0;
    if (after && i === 0) return undefined;
    for (; i < chain.length; i++) {
      const c = chain[i];
      if (c.k === 'class') {
        const v = c.ns.get(name);
        if (v !== undefined) return { value: v, owner: c };
      } else if (c.k === 'lib' && name === '__init__' && (c.path === 'torch.nn.Module' || containerOf(c.path))) {
        return { value: c, owner: c };
      }
    }
    return undefined;
  }

  /** Calls a module: in `forward`, its forward with symbolic tensors. */
  callModule(m: ObjValue | Extract<Value, { k: 'layer' }> | ContainerValue, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
    const g = this.graph;
    if (!g) return this.fail(at, file, snippet(file, at), l10n.t('calls a module outside forward'));
    const out = this.moduleForward(g, m, args, kwargs, at, file);
    if (out.k === 'tensor') this.onModuleOutput?.(m.path ?? '', out.shape);
    return out;
  }

  private moduleForward(g: ForwardGraph, m: ObjValue | Extract<Value, { k: 'layer' }> | ContainerValue, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
    if (m.k === 'layer') {
      if (args.length !== 1 || args[0].k !== 'tensor' || kwargs.size > 0) return this.fail(at, file, snippet(file, at), l10n.t('calls nn.{0} with arguments other than one tensor', m.spec.type));
      return this.forwardOp(at, file, () => g.layer(m, args[0] as Extract<Value, { k: 'tensor' }>));
    }
    const path = m.path ?? '';
    const kind = m.k === 'container' || (m.k === 'obj' && containerBase(m.cls)) ? 'stage' : 'block';
    const label = `${path === '' ? '' : `${path.split('.').pop()}: `}${typeName(m)}`;
    return g.inModule(path, path === '' ? 'model' : kind, label, () => {
      if (m.k === 'obj') {
        const fwd = this.lookupInMro(m.cls, 'forward', undefined);
        if (fwd?.value.k === 'func') return this.ev.callFunction(fwd.value, [m, ...args], kwargs, at, file);
        if (containerBase(m.cls) !== 'Sequential') throw new PyUnsupportedError(m.cls.line, m.cls.name, l10n.t('defines no `forward`'), m.cls.file.name);
      } else if (m.type !== 'Sequential') {
        return this.fail(at, file, snippet(file, at), l10n.t('calls an nn.{0}, which has no forward', m.type));
      }
      if (args.length !== 1 || kwargs.size > 0) return this.fail(at, file, snippet(file, at), l10n.t('calls an nn.Sequential with more than one input'));
      let x = args[0];
      for (const child of m.children.values()) {
        if (child.k === 'none') continue;
        x = this.call(child, [x], new Map(), at, file);
      }
      return x;
    });
  }

  /** Runs a graph operation; its ForwardOpError becomes an error at this line. */
  forwardOp<T>(at: SyntaxNode, file: SourceFile, op: () => T): T {
    try {
      return op();
    } catch (e) {
      if (e instanceof PyUnsupportedError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      return this.fail(at, file, snippet(file, at), l10n.t('cannot be followed: {0}', message));
    }
  }

  // ---------------------------------------------------------------- attributes

  getAttr(obj: Value, name: string, at: SyntaxNode, file: SourceFile): Value {
    switch (obj.k) {
      case 'obj':
        return this.objAttr(obj, name, at, file);
      case 'class': {
        const hit = this.lookupInMro(obj, name, undefined);
        if (hit) return hit.value;
        if (name === '__name__') return { k: 'str', v: obj.name };
        break;
      }
      case 'super': {
        const hit = this.lookupInMro(obj.self.cls, name, obj.owner);
        if (!hit) break;
        if (hit.value.k === 'func') return { k: 'bound', self: obj.self, fn: hit.value };
        if (hit.value.k === 'lib' && name === '__init__') {
          const path = hit.value.path;
          const self = obj.self;
          return { k: 'builtin', name: `${path}.__init__`, fn: (args, kwargs, a) => (this.libInit(self, path, args, kwargs, a, this.currentFile), NONE) };
        }
        return hit.value;
      }
      case 'lib':
        return { k: 'lib', path: canonical(`${obj.path}.${name}`) };
      case 'layer':
        return layerAttr(this, obj, name, at, file);
      case 'container':
        return this.containerAttr(obj, obj.children, obj.type, name, at, file) ?? this.fail(at, file, `.${name}`, l10n.t('is not an attribute of nn.{0} that is understood', obj.type));
      case 'tensor':
        return tensorAttr(this, obj, name, at, file);
      case 'grouped':
        return groupedAttr(this, obj, name, at, file);
      case 'list':
        return this.listMethod(obj, name, at, file);
      case 'dict':
        return this.dictMethod(obj, name, at, file);
      case 'str':
        if (name === 'format') {
          const s = obj.v;
          return { k: 'builtin', name: 'str.format', fn: (args, _kw, a) => ({ k: 'str', v: formatBraces(s, args.map((v) => this.ev.str(v, a, file))) }) };
        }
        break;
      case 'opaque':
        return this.fail(at, file, snippet(file, at), l10n.t('uses a name that {0}', obj.why));
      default:
        break;
    }
    return this.fail(at, file, snippet(file, at), l10n.t('reads `.{0}` of a {1}, which is not understood', name, typeName(obj)));
  }

  private objAttr(obj: ObjValue, name: string, at: SyntaxNode, file: SourceFile): Value {
    const own = obj.attrs.get(name);
    if (own !== undefined) return own;
    const hit = this.lookupInMro(obj.cls, name, undefined);
    if (hit && hit.value.k !== 'lib') return hit.value.k === 'func' ? { k: 'bound', self: obj, fn: hit.value as FuncValue } : hit.value;
    const child = obj.children.get(name);
    if (child !== undefined) return child;
    if (obj.params.has(name)) return { k: 'opaque', why: l10n.t('is the parameter `{0}`, whose values are not read', name) };
    if (isNnModuleClass(obj.cls)) {
      if (name === 'training') return FALSE;
      const container = containerBase(obj.cls);
      const m = this.containerAttr(obj, obj.children, container ?? 'Module', name, at, file);
      if (m) return m;
    }
    if (name === '__class__') return obj.cls;
    return this.fail(at, file, snippet(file, at), l10n.t('reads `{0}`, which {1} does not have here', name, obj.cls.name));
  }

  /** nn.Module and container methods: add_module, modules(), children(), append, items(), … */
  private containerAttr(self: Value, children: Map<string, Value>, type: ContainerValue['type'] | 'Module', name: string, at: SyntaxNode, file: SourceFile): Value | undefined {
    const fn = (f: (args: Value[], kwargs: Map<string, Value>, a: SyntaxNode) => Value): Value => ({ k: 'builtin', name, fn: f });
    const modules = (): Value[] => [...children.values()].filter(isModule);
    switch (name) {
      case 'add_module':
      case 'register_module':
        return fn((args) => {
          if (args.length !== 2 || args[0].k !== 'str') return this.fail(at, file, snippet(file, at), l10n.t('add_module needs a literal name and a module'));
          if (!isModule(args[1]) && args[1].k !== 'none') return this.fail(at, file, snippet(file, at), l10n.t('add_module gets a {0}, not a module', typeName(args[1])));
          children.set(args[0].v, args[1]);
          return NONE;
        });
      case 'register_buffer':
      case 'apply':
      case 'eval':
      case 'train':
      case 'requires_grad_':
        return fn(() => NONE);
      case 'children':
        return fn(() => ({ k: 'list', items: modules() }));
      case 'named_children':
        return fn(() => ({ k: 'list', items: [...children].filter(([, v]) => isModule(v)).map(([k, v]) => ({ k: 'tuple', items: [{ k: 'str', v: k }, v] })) }));
      case 'modules':
        return fn(() => ({ k: 'list', items: allModules(self) }));
      case 'parameters':
        return fn(() => ({ k: 'list', items: [] }));
    }
    if (type === 'ModuleList' || type === 'Sequential') {
      if (name === 'append')
        return fn((args) => {
          if (args.length !== 1 || !isModule(args[0])) return this.fail(at, file, snippet(file, at), l10n.t('appends something that is not a module'));
          children.set(String(children.size), args[0]);
          return self;
        });
      if (name === 'extend')
        return fn((args) => {
          for (const v of this.iterate(args[0], at, file)) {
            if (!isModule(v)) return this.fail(at, file, snippet(file, at), l10n.t('extends with something that is not a module'));
            children.set(String(children.size), v);
          }
          return self;
        });
    }
    if (type === 'ModuleDict') {
      const pairs = (): Value[] => [...children].map(([k, v]) => ({ k: 'tuple', items: [{ k: 'str', v: k }, v] }));
      if (name === 'items') return fn(() => ({ k: 'list', items: pairs() }));
      if (name === 'keys') return fn(() => ({ k: 'list', items: [...children.keys()].map((k) => ({ k: 'str', v: k })) }));
      if (name === 'values') return fn(() => ({ k: 'list', items: [...children.values()] }));
    }
    return undefined;
  }

  setAttr(obj: Value, name: string, value: Value, at: SyntaxNode, file: SourceFile): void {
    if (obj.k !== 'obj') return this.fail(at, file, snippet(file, at), l10n.t('sets `.{0}` on a {1}, which is not understood', name, typeName(obj)));
    if (value.k === 'lib' && value.path === 'torch.nn.Parameter') return this.fail(at, file, snippet(file, at), l10n.t('is not understood'));
    if (isNnModuleClass(obj.cls) && isModule(value)) {
      obj.attrs.delete(name);
      obj.children.set(name, value);
      return;
    }
    if (obj.children.has(name)) {
      if (value.k !== 'none') return this.fail(at, file, snippet(file, at), l10n.t('assigns a {0} to the submodule `{1}` (PyTorch raises a TypeError)', typeName(value), name));
      obj.children.set(name, NONE);
      return;
    }
    if (value.k === 'opaque' && value.why.startsWith('param:')) {
      obj.params.set(name, JSON.parse(value.why.slice('param:'.length)) as number[]);
      return;
    }
    obj.attrs.set(name, value);
  }

  // ---------------------------------------------------------------- items

  getItem(obj: Value, index: Value, at: SyntaxNode, file: SourceFile): Value {
    if (obj.k === 'list' || obj.k === 'tuple') {
      if (index.k !== 'int') return this.fail(at, file, snippet(file, at), l10n.t('indexes a sequence with something other than an integer'));
      const i = index.v < 0 ? obj.items.length + index.v : index.v;
      if (i < 0 || i >= obj.items.length) return this.fail(at, file, snippet(file, at), l10n.t('indexes past the end (PyTorch raises an IndexError)'));
      return obj.items[i];
    }
    if (obj.k === 'dict') {
      const e = obj.map.get(dictKey(index) ?? '');
      return e ? e.value : this.fail(at, file, snippet(file, at), l10n.t('reads a key the dict does not have'));
    }
    const children = obj.k === 'container' ? obj.children : obj.k === 'obj' && containerBase(obj.cls) ? obj.children : undefined;
    if (children) {
      const key = index.k === 'str' ? index.v : index.k === 'int' ? String(index.v < 0 ? children.size + index.v : index.v) : undefined;
      const v = key === undefined ? undefined : index.k === 'int' ? [...children.values()][Number(key)] : children.get(key);
      if (v === undefined) return this.fail(at, file, snippet(file, at), l10n.t('indexes a module container past its end'));
      return v;
    }
    if (obj.k === 'tensor') return this.fail(at, file, snippet(file, at), l10n.t('indexing a tensor is not in the layer graph'));
    return this.fail(at, file, snippet(file, at), l10n.t('indexes a {0}, which is not understood', typeName(obj)));
  }

  setItem(obj: Value, index: Value, value: Value, at: SyntaxNode, file: SourceFile): void {
    if (obj.k === 'list' && index.k === 'int' && index.v >= -obj.items.length && index.v < obj.items.length) {
      obj.items[index.v < 0 ? obj.items.length + index.v : index.v] = value;
      return;
    }
    if (obj.k === 'dict') {
      const key = dictKey(index);
      if (key !== undefined) {
        obj.map.set(key, { key: index, value });
        return;
      }
    }
    if (obj.k === 'container' && obj.type === 'ModuleDict' && index.k === 'str' && isModule(value)) {
      obj.children.set(index.v, value);
      return;
    }
    this.fail(at, file, snippet(file, at), l10n.t('is an item assignment that is not understood'));
  }

  private listMethod(list: Extract<Value, { k: 'list' }>, name: string, at: SyntaxNode, file: SourceFile): Value {
    const fn = (f: (args: Value[]) => Value): Value => ({ k: 'builtin', name: `list.${name}`, fn: (args) => f(args) });
    switch (name) {
      case 'append':
        return fn((args) => (list.items.push(args[0]), NONE));
      case 'extend':
        return fn((args) => (list.items.push(...this.iterate(args[0], at, file)), NONE));
      case 'insert':
        return fn((args) => {
          if (args[0]?.k !== 'int') return this.fail(at, file, snippet(file, at), l10n.t('inserts at a position that is not an integer'));
          list.items.splice(args[0].v, 0, args[1]);
          return NONE;
        });
      case 'pop':
        return fn((args) => {
          const i = args[0]?.k === 'int' ? args[0].v : -1;
          const at2 = i < 0 ? list.items.length + i : i;
          if (at2 < 0 || at2 >= list.items.length) return this.fail(at, file, snippet(file, at), l10n.t('pops from an empty list'));
          return list.items.splice(at2, 1)[0];
        });
    }
    return this.fail(at, file, snippet(file, at), l10n.t('uses list.{0}, which is not understood', name));
  }

  private dictMethod(d: Extract<Value, { k: 'dict' }>, name: string, at: SyntaxNode, file: SourceFile): Value {
    const fn = (f: (args: Value[]) => Value): Value => ({ k: 'builtin', name: `dict.${name}`, fn: (args) => f(args) });
    switch (name) {
      case 'items':
        return fn(() => ({ k: 'list', items: [...d.map.values()].map((e) => ({ k: 'tuple', items: [e.key, e.value] })) }));
      case 'keys':
        return fn(() => ({ k: 'list', items: [...d.map.values()].map((e) => e.key) }));
      case 'values':
        return fn(() => ({ k: 'list', items: [...d.map.values()].map((e) => e.value) }));
      case 'get':
        return fn((args) => d.map.get(dictKey(args[0]) ?? '')?.value ?? args[1] ?? NONE);
      case 'pop':
        return fn((args) => {
          const key = dictKey(args[0]) ?? '';
          const e = d.map.get(key);
          d.map.delete(key);
          return e?.value ?? args[1] ?? this.fail(at, file, snippet(file, at), l10n.t('pops a key the dict does not have'));
        });
      case 'update':
        return fn((args) => {
          const other = args[0];
          if (other?.k !== 'dict') return this.fail(at, file, snippet(file, at), l10n.t('updates a dict from something that is not a dict'));
          for (const [k, e] of other.map) d.map.set(k, e);
          return NONE;
        });
      case 'setdefault':
        return fn((args) => {
          const key = dictKey(args[0]) ?? '';
          if (!d.map.has(key)) d.map.set(key, { key: args[0], value: args[1] ?? NONE });
          return (d.map.get(key) as { value: Value }).value;
        });
    }
    return this.fail(at, file, snippet(file, at), l10n.t('uses dict.{0}, which is not understood', name));
  }

  // ---------------------------------------------------------------- operators

  binary(op: string, a: Value, b: Value, at: SyntaxNode, file: SourceFile): Value {
    return binaryOp(this, op, a, b, at, file);
  }

  iterate(v: Value, at: SyntaxNode, file: SourceFile): Value[] {
    switch (v.k) {
      case 'list':
      case 'tuple':
        return [...v.items];
      case 'dict':
        return [...v.map.values()].map((e) => e.key);
      case 'str':
        return [...v.v].map((c) => ({ k: 'str', v: c }));
      case 'container':
        return v.type === 'ModuleDict' ? [...v.children.keys()].map((k) => ({ k: 'str', v: k })) : [...v.children.values()];
      case 'obj':
        if (containerBase(v.cls)) return containerBase(v.cls) === 'ModuleDict' ? [...v.children.keys()].map((k) => ({ k: 'str', v: k })) : [...v.children.values()];
        break;
      default:
        break;
    }
    return this.fail(at, file, snippet(file, at), l10n.t('iterates over a {0}, which is not understood', typeName(v)));
  }

  truthy(v: Value, at: SyntaxNode, file: SourceFile): boolean {
    switch (v.k) {
      case 'none':
        return false;
      case 'bool':
        return v.v;
      case 'int':
      case 'float':
        return v.v !== 0;
      case 'str':
        return v.v.length > 0;
      case 'list':
      case 'tuple':
        return v.items.length > 0;
      case 'dict':
        return v.map.size > 0;
      case 'container':
        return v.children.size > 0;
      case 'tensor':
        return this.fail(at, file, snippet(file, at), l10n.t('tests a tensor\'s value, which is not known statically'));
      case 'opaque':
        return this.fail(at, file, snippet(file, at), l10n.t('tests a name that {0}', v.why));
      default:
        return true;
    }
  }

  equals(a: Value, b: Value): boolean {
    if ((a.k === 'int' || a.k === 'float' || a.k === 'bool') && (b.k === 'int' || b.k === 'float' || b.k === 'bool')) return Number(a.v) === Number(b.v);
    if (a.k === 'str' && b.k === 'str') return a.v === b.v;
    if (a.k === 'none' || b.k === 'none') return a.k === b.k;
    if ((a.k === 'list' && b.k === 'list') || (a.k === 'tuple' && b.k === 'tuple')) return a.items.length === b.items.length && a.items.every((x, i) => this.equals(x, b.items[i]));
    if (a.k === 'lib' && b.k === 'lib') return a.path === b.path;
    return a === b;
  }

  // ---------------------------------------------------------------- builtins

  private callBuiltin(name: string, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode): Value {
    return callBuiltin(this, name, args, kwargs, at, this.currentFile);
  }
}

/** Every module in the tree below `root`, root first, depth-first (nn.Module.modules()). */
export function allModules(root: Value): Value[] {
  const out: Value[] = [];
  const seen = new Set<Value>();
  const walk = (m: Value): void => {
    if (seen.has(m) || !isModule(m)) return;
    seen.add(m);
    out.push(m);
    if (m.k !== 'layer') for (const c of m.children.values()) walk(c);
  };
  walk(root);
  return out;
}

/** Library paths by their public names (torch.nn.modules.conv.Conv2d is torch.nn.Conv2d). */
function canonical(path: string): string {
  return path.replace(/^torch\.nn\.modules\.[a-z_]+\./, 'torch.nn.').replace(/^torch\.functional\./, 'torch.');
}
