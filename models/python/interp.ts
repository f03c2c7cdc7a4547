// The evaluator: Python statements and expressions over lezer's syntax tree, for the subset that
// model definitions use. Nothing is executed on the machine: the tree is walked, with a step
// budget and a recursion limit, and anything outside the subset stops with the construct and its
// line (PyUnsupportedError), never with a guess.
import * as l10n from '@vscode/l10n';
import type { PyNode as SyntaxNode } from './syntax';
import { PyBudgetError, PyMissingArgumentError, PyUnsupportedError } from './errors';
import { lineOf } from './syntax';
import { FALSE, NONE, TRUE, bool, int, type ClassValue, type FuncValue, type Param, type Scope, type SourceFile, type Value } from './values';

/** Statements and expressions evaluated per interpretation: enough for a ResNeXt-152, not for a runaway loop. */
export const STEP_BUDGET = 2_000_000;
/** Nested calls (Python's own default limit is 1000; model code nests a few dozen deep). */
export const MAX_CALL_DEPTH = 200;

export class ReturnSignal {
  constructor(readonly value: Value) {}
}
class BreakSignal {}
class ContinueSignal {}

/** What the evaluator needs from the library layer (builtins, torch, attribute access on objects). */
export interface Host {
  /** A builtin name (`range`, `len`, `super`, …) or undefined. */
  builtin(name: string): Value | undefined;
  call(fn: Value, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value;
  getAttr(obj: Value, name: string, at: SyntaxNode, file: SourceFile): Value;
  setAttr(obj: Value, name: string, value: Value, at: SyntaxNode, file: SourceFile): void;
  getItem(obj: Value, index: Value, at: SyntaxNode, file: SourceFile): Value;
  setItem(obj: Value, index: Value, value: Value, at: SyntaxNode, file: SourceFile): void;
  binary(op: string, a: Value, b: Value, at: SyntaxNode, file: SourceFile): Value;
  iterate(v: Value, at: SyntaxNode, file: SourceFile): Value[];
  truthy(v: Value, at: SyntaxNode, file: SourceFile): boolean;
  equals(a: Value, b: Value): boolean;
  /** `import a.b` / `from a import b`: the value bound, by the module path as written (dots included). */
  importName(module: string, name: string | undefined, at: SyntaxNode, file: SourceFile): Value;
}

export class Evaluator {
  steps = 0;
  depth = 0;

  constructor(readonly host: Host) {}

  fail(at: SyntaxNode, file: SourceFile, construct: string, why = l10n.t('is not understood')): never {
    throw new PyUnsupportedError(lineOf(file.text, at.from), construct, why, file.name);
  }

  tick(at: SyntaxNode, file: SourceFile): void {
    if (++this.steps > STEP_BUDGET) throw new PyBudgetError(lineOf(file.text, at.from), snippet(file, at), l10n.t('runs past the step budget ({0} steps): a loop too long to read statically', STEP_BUDGET.toLocaleString('en-US')), file.name);
  }

  // ---------------------------------------------------------------- statements

  /** Runs the statements of a Body or Script node. */
  execBlock(block: SyntaxNode, scope: Scope, file: SourceFile): void {
    for (const s of statements(block)) this.exec(s, scope, file);
  }

  exec(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    this.tick(s, file);
    switch (s.name) {
      case 'ExpressionStatement':
        this.eval(first(s), scope, file);
        return;
      case 'AssignStatement':
        return this.assign(s, scope, file);
      case 'UpdateStatement': {
        const [target, op, value] = kids(s);
        const rhs = this.eval(value, scope, file);
        const opText = text(file, op).slice(0, -1);
        this.store(target, this.host.binary(opText === '' ? '=' : `${opText}=`, this.eval(target, scope, file), rhs, s, file), scope, file);
        return;
      }
      case 'IfStatement':
        return this.ifStatement(s, scope, file);
      case 'ForStatement':
        return this.forStatement(s, scope, file);
      case 'WhileStatement': {
        const [, cond, body] = kids(s);
        while (this.host.truthy(this.eval(cond, scope, file), cond, file)) {
          this.tick(s, file);
          try {
            this.execBlock(body, scope, file);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (!(e instanceof ContinueSignal)) throw e;
          }
        }
        return;
      }
      case 'ReturnStatement': {
        const parts = kids(s).slice(1);
        throw new ReturnSignal(parts.length === 0 ? NONE : this.evalList(parts, scope, file, s));
      }
      case 'PassStatement':
      case 'AssertStatement':
      case 'ScopeStatement':
        return;
      case 'BreakStatement':
        throw new BreakSignal();
      case 'ContinueStatement':
        throw new ContinueSignal();
      case 'FunctionDefinition':
        scope.vars.set(text(file, child(s, 'VariableName')), this.defineFunction(s, scope, file));
        return;
      case 'ClassDefinition':
        this.defineClass(s, scope, file);
        return;
      case 'DecoratedStatement': {
        // Decorators that register or mark a definition (@register_model, @staticmethod) do not change it.
        const def = kids(s).find((k) => k.name === 'FunctionDefinition' || k.name === 'ClassDefinition');
        if (!def) this.fail(s, file, snippet(file, s));
        this.exec(def, scope, file);
        return;
      }
      case 'ImportStatement':
        return this.importStatement(s, scope, file);
      case 'RaiseStatement':
        return this.fail(s, file, snippet(file, s), l10n.t('is reached: PyTorch would raise here'));
      default:
        this.fail(s, file, s.name === '⚠' ? snippet(file, s) : keywordOf(file, s), s.name === '⚠' ? l10n.t('is not valid Python (syntax error)') : l10n.t('is not understood'));
    }
  }

  private assign(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    const parts = kids(s).filter((k) => k.name !== 'TypeDef');
    // a = b = value  /  a, b = value  /  x: int = 3
    const ops = parts.map((k, i) => (k.name === 'AssignOp' ? i : -1)).filter((i) => i >= 0);
    if (ops.length === 0) return; // an annotation without a value
    const valueNodes = parts.slice(ops[ops.length - 1] + 1);
    const value = this.evalList(valueNodes, scope, file, s);
    let start = 0;
    for (const op of ops) {
      const targets = parts.slice(start, op).filter((k) => k.name !== ',');
      if (targets.length === 1 && parts.slice(start, op).length === 1) this.store(targets[0], value, scope, file);
      else this.unpack(targets, value, scope, file, s);
      start = op + 1;
    }
  }

  /** Stores into a target: a name, `obj.attr`, `obj[i]`, or a tuple/list of targets. */
  store(target: SyntaxNode, value: Value, scope: Scope, file: SourceFile): void {
    switch (target.name) {
      case 'VariableName':
        scope.vars.set(text(file, target), value);
        return;
      case 'MemberExpression': {
        const k = kids(target);
        const obj = this.eval(k[0], scope, file);
        if (k[1].name === '.') return this.host.setAttr(obj, text(file, k[2]), value, target, file);
        return this.host.setItem(obj, this.subscript(k.slice(2, -1), scope, file, target), value, target, file);
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        return this.unpack(kids(target).filter((k) => !['(', ')', '[', ']', ','].includes(k.name)), value, scope, file, target);
      default:
        this.fail(target, file, snippet(file, target), l10n.t('cannot be assigned to here'));
    }
  }

  private unpack(targets: SyntaxNode[], value: Value, scope: Scope, file: SourceFile, at: SyntaxNode): void {
    const items = this.host.iterate(value, at, file);
    const star = targets.findIndex((t) => t.name === '*' );
    if (star >= 0) this.fail(at, file, snippet(file, at), l10n.t('starred assignment is not understood'));
    if (items.length !== targets.length) this.fail(at, file, snippet(file, at), l10n.t('unpacks {0} values into {1} names', items.length, targets.length));
    targets.forEach((t, i) => this.store(t, items[i], scope, file));
  }

  private ifStatement(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    const k = kids(s);
    for (let i = 0; i < k.length; i++) {
      const kw = k[i].name;
      if (kw === 'if' || kw === 'elif') {
        if (this.host.truthy(this.eval(k[i + 1], scope, file), k[i + 1], file)) return this.execBlock(k[i + 2], scope, file);
        i += 2;
      } else if (kw === 'else') {
        return this.execBlock(k[i + 1], scope, file);
      }
    }
  }

  private forStatement(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    const k = kids(s);
    const inAt = k.findIndex((x) => x.name === 'in');
    const targets = k.slice(1, inAt).filter((x) => x.name !== ',');
    const body = k.find((x) => x.name === 'Body');
    if (!body || k.some((x) => x.name === 'else')) this.fail(s, file, 'for … else');
    const iterable = this.evalList(k.slice(inAt + 1, k.indexOf(body)), scope, file, s);
    for (const item of this.host.iterate(iterable, s, file)) {
      this.tick(s, file);
      if (targets.length === 1) this.store(targets[0], item, scope, file);
      else this.unpack(targets, item, scope, file, s);
      try {
        this.execBlock(body, scope, file);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (!(e instanceof ContinueSignal)) throw e;
      }
    }
  }

  private importStatement(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    const k = kids(s);
    if (k[0].name === 'import') {
      // import a.b.c [as d], e
      let i = 1;
      while (i < k.length) {
        let j = i;
        const dotted: string[] = [];
        while (j < k.length && (k[j].name === 'VariableName' || k[j].name === '.')) dotted.push(text(file, k[j++]));
        const module = dotted.join('');
        if (k[j]?.name === 'as') {
          scope.vars.set(text(file, k[j + 1]), this.host.importName(module, undefined, s, file));
          j += 2;
        } else {
          const top = module.split('.')[0];
          scope.vars.set(top, this.host.importName(top, undefined, s, file));
        }
        i = j + 1;
      }
      return;
    }
    // from .a.b import x [as y], (z)
    const importAt = k.findIndex((x) => x.name === 'import');
    const module = k.slice(1, importAt).map((x) => text(file, x)).join('');
    const names = k.slice(importAt + 1).filter((x) => !['(', ')', ','].includes(x.name));
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (n.name === '*') {
        this.host.importName(module, '*', s, file);
        scope.vars.set(`*${module}`, { k: 'opaque', why: l10n.t('names from `from {0} import *`', module) });
        continue;
      }
      const name = text(file, n);
      let bound = name;
      if (names[i + 1]?.name === 'as') {
        bound = text(file, names[i + 2]);
        i += 2;
      }
      scope.vars.set(bound, this.host.importName(module, name, s, file));
    }
  }

  defineFunction(s: SyntaxNode, scope: Scope, file: SourceFile): FuncValue {
    const name = text(file, child(s, 'VariableName'));
    const paramList = child(s, 'ParamList');
    const { params, defaults } = this.params(paramList, scope, file);
    return { k: 'func', name, params, defaults, body: child(s, 'Body'), isLambda: false, closure: scope, file, owner: undefined, line: lineOf(file.text, s.from) };
  }

  private params(list: SyntaxNode, scope: Scope, file: SourceFile): { params: Param[]; defaults: Map<string, Value> } {
    const params: Param[] = [];
    const defaults = new Map<string, Value>();
    const k = kids(list).filter((x) => x.name !== '(' && x.name !== ')' && x.name !== 'TypeDef');
    let kwOnly = false;
    for (let i = 0; i < k.length; i++) {
      const x = k[i];
      if (x.name === ',') continue;
      if (x.name === '/') continue;
      if (x.name === '*' || x.name === '**') {
        const next = k[i + 1];
        if (x.name === '*' && (!next || next.name === ',')) {
          kwOnly = true;
          continue;
        }
        params.push({ name: text(file, next), kind: x.name === '*' ? 'star' : 'starstar', defaultNode: undefined, kwOnly });
        if (x.name === '*') kwOnly = true;
        i++;
        continue;
      }
      if (x.name !== 'VariableName') this.fail(x, file, snippet(file, list), l10n.t('is a parameter list that is not understood'));
      const name = text(file, x);
      let defaultNode: SyntaxNode | undefined;
      if (k[i + 1]?.name === 'AssignOp') {
        defaultNode = k[i + 2];
        defaults.set(name, this.eval(defaultNode, scope, file));
        i += 2;
      }
      params.push({ name, kind: 'plain', defaultNode, kwOnly });
    }
    return { params, defaults };
  }

  private defineClass(s: SyntaxNode, scope: Scope, file: SourceFile): void {
    const name = text(file, child(s, 'VariableName'));
    const bases: Value[] = [];
    const argList = kids(s).find((x) => x.name === 'ArgList');
    if (argList) {
      const { args, kwargs } = this.args(argList, scope, file);
      if (kwargs.size > 0) this.fail(argList, file, snippet(file, argList), l10n.t('class keywords (metaclass=…) are not understood'));
      bases.push(...args);
    }
    const ns = new Map<string, Value>();
    const cls: ClassValue = { k: 'class', name, bases, ns, file, line: lineOf(file.text, s.from), from: s.from, to: s.to };
    // The class body runs in its own namespace; methods see the enclosing scope, not the class's.
    const bodyScope: Scope = { vars: ns, parent: scope };
    this.execBlock(child(s, 'Body'), bodyScope, file);
    for (const v of ns.values()) if (v.k === 'func' && v.owner === undefined) v.owner = cls;
    // Methods' closure is the enclosing scope (Python's class scope is not visible inside them).
    for (const [n, v] of ns) if (v.k === 'func' && v.closure === bodyScope) ns.set(n, { ...v, closure: scope });
    scope.vars.set(name, cls);
  }

  // ---------------------------------------------------------------- calls

  /** Calls a function of the file: binds arguments as Python does and runs its body. */
  callFunction(fn: FuncValue, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, callerFile: SourceFile): Value {
    if (++this.depth > MAX_CALL_DEPTH) {
      this.depth = 0;
      throw new PyBudgetError(lineOf(callerFile.text, at.from), `${fn.name}(…)`, l10n.t('nests calls deeper than {0} (recursion)', MAX_CALL_DEPTH), callerFile.name);
    }
    try {
      const vars = new Map<string, Value>();
      const positional = [...args];
      const extra = new Map(kwargs);
      let star: Param | undefined;
      let starstar: Param | undefined;
      for (const p of fn.params) {
        if (p.kind === 'star') {
          star = p;
          vars.set(p.name, { k: 'tuple', items: positional.splice(0) });
          continue;
        }
        if (p.kind === 'starstar') {
          starstar = p;
          continue;
        }
        if (!p.kwOnly && positional.length > 0) {
          if (extra.has(p.name)) this.fail(at, callerFile, `${fn.name}(…)`, l10n.t('gets `{0}` twice', p.name));
          vars.set(p.name, positional.shift() as Value);
        } else if (extra.has(p.name)) {
          vars.set(p.name, extra.get(p.name) as Value);
          extra.delete(p.name);
        } else if (fn.defaults.has(p.name)) {
          vars.set(p.name, fn.defaults.get(p.name) as Value);
        } else {
          throw new PyMissingArgumentError(lineOf(callerFile.text, at.from), `${fn.name}(…)`, l10n.t('is called without `{0}` (PyTorch would raise a TypeError)', p.name), callerFile.name, p.name);
        }
      }
      if (positional.length > 0 && !star) this.fail(at, callerFile, `${fn.name}(…)`, l10n.t('takes {0} arguments but is given more', fn.params.length));
      if (starstar) {
        const map = new Map<string, { key: Value; value: Value }>();
        for (const [key, value] of extra) map.set(`s:${key}`, { key: { k: 'str', v: key }, value });
        vars.set(starstar.name, { k: 'dict', map });
      } else if (extra.size > 0) {
        this.fail(at, callerFile, `${fn.name}(…)`, l10n.t('has no parameter `{0}` (PyTorch would raise a TypeError)', [...extra.keys()][0]));
      }
      // What a zero-argument super() reads: the defining class and the first argument.
      if (fn.owner && fn.params[0]?.kind === 'plain') {
        vars.set('__class__', fn.owner);
        vars.set('__self__', vars.get(fn.params[0].name) as Value);
      }
      const scope: Scope = { vars, parent: fn.closure };
      if (fn.isLambda) return this.eval(fn.body, scope, fn.file);
      try {
        this.execBlock(fn.body, scope, fn.file);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value;
        if (e instanceof BreakSignal || e instanceof ContinueSignal) this.fail(at, fn.file, 'break', l10n.t('outside a loop'));
        throw e;
      }
      return NONE;
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  /** Evaluates an ArgList: positional values (with `*` unpacked) and keywords (with `**` unpacked). */
  args(list: SyntaxNode, scope: Scope, file: SourceFile): { args: Value[]; kwargs: Map<string, Value> } {
    const args: Value[] = [];
    const kwargs = new Map<string, Value>();
    const k = kids(list).filter((x) => x.name !== '(' && x.name !== ')');
    for (let i = 0; i < k.length; i++) {
      const x = k[i];
      if (x.name === ',') continue;
      if (x.name === '*' || x.name === '**') {
        const v = this.eval(k[i + 1], scope, file);
        i++;
        if (x.name === '*') args.push(...this.host.iterate(v, k[i], file));
        else {
          if (v.k !== 'dict') this.fail(k[i], file, snippet(file, k[i]), l10n.t('is unpacked with ** but is not a dict'));
          for (const { key, value } of v.map.values()) {
            if (key.k !== 'str') this.fail(k[i], file, snippet(file, k[i]), l10n.t('has a keyword that is not a string'));
            kwargs.set(key.v, value);
          }
        }
        continue;
      }
      if (x.name === 'VariableName' && k[i + 1]?.name === 'AssignOp') {
        kwargs.set(text(file, x), this.eval(k[i + 2], scope, file));
        i += 2;
        continue;
      }
      if (k[i + 1]?.name === 'for') this.fail(list, file, snippet(file, list), l10n.t('a generator argument is not understood'));
      args.push(this.eval(x, scope, file));
    }
    return { args, kwargs };
  }

  // ---------------------------------------------------------------- expressions

  /** A comma-separated list of expressions (`return a, b`): one value, or a tuple. */
  evalList(nodes: SyntaxNode[], scope: Scope, file: SourceFile, at: SyntaxNode): Value {
    const items = nodes.filter((n) => n.name !== ',');
    if (items.length === 1 && nodes.length === 1) return this.eval(items[0], scope, file);
    if (items.length === 0) this.fail(at, file, snippet(file, at), l10n.t('has no value'));
    return { k: 'tuple', items: this.elements(items, scope, file) };
  }

  private elements(nodes: SyntaxNode[], scope: Scope, file: SourceFile): Value[] {
    const out: Value[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.name === ',') continue;
      if (n.name === '*') {
        out.push(...this.host.iterate(this.eval(nodes[i + 1], scope, file), nodes[i + 1], file));
        i++;
      } else out.push(this.eval(n, scope, file));
    }
    return out;
  }

  eval(n: SyntaxNode, scope: Scope, file: SourceFile): Value {
    this.tick(n, file);
    switch (n.name) {
      case 'Number':
        return numberValue(text(file, n)) ?? this.fail(n, file, text(file, n), l10n.t('is a number literal that is not understood'));
      case 'String':
        return { k: 'str', v: stringValue(text(file, n)) ?? this.fail(n, file, text(file, n), l10n.t('is a string literal that is not understood')) };
      case 'ContinuedString':
        return { k: 'str', v: kids(n).map((p) => this.str(this.eval(p, scope, file), p, file)).join('') };
      case 'FormatString':
        return { k: 'str', v: this.formatString(n, scope, file) };
      case 'Boolean':
        return text(file, n) === 'True' ? TRUE : FALSE;
      case 'None':
        return NONE;
      case 'VariableName':
        return this.lookup(text(file, n), scope, n, file);
      case 'ParenthesizedExpression':
        return this.eval(kids(n)[1], scope, file);
      case 'TupleExpression':
        return { k: 'tuple', items: this.elements(inner(n), scope, file) };
      case 'ArrayExpression':
        return { k: 'list', items: this.elements(inner(n), scope, file) };
      case 'DictionaryExpression':
        return this.dict(n, scope, file);
      case 'MemberExpression': {
        const k = kids(n);
        // lezer reads `2.` and `1.e-3` as a member of the number 2: they are float literals.
        if (k[0].name === 'Number' && k[1]?.name === '.') {
          const f = numberValue(text(file, n).replace(/\s+/g, ''));
          if (f) return f.k === 'int' ? { k: 'float', v: f.v } : f;
        }
        const obj = this.eval(k[0], scope, file);
        if (k[1].name === '.') return this.host.getAttr(obj, text(file, k[2]), n, file);
        const index = k.slice(2, -1);
        if ((obj.k === 'list' || obj.k === 'tuple') && index.some((x) => x.name === ':') && !index.some((x) => x.name === ',')) return this.sliced(obj, index, scope, file, n);
        return this.host.getItem(obj, this.subscript(index, scope, file, n), n, file);
      }
      case 'CallExpression': {
        const [callee, argList] = kids(n);
        if (callee.name === 'VariableName' && text(file, callee) === 'super') return this.superCall(n, argList, scope, file);
        const fn = this.eval(callee, scope, file);
        const { args, kwargs } = this.args(argList, scope, file);
        return this.host.call(fn, args, kwargs, n, file);
      }
      case 'UnaryExpression': {
        const [op, operand] = kids(n);
        const v = this.eval(operand, scope, file);
        const o = text(file, op);
        if (o === 'not') return bool(!this.host.truthy(v, n, file));
        if (o === '-') return this.host.binary('*', v, int(-1), n, file);
        if (o === '+') return this.host.binary('*', v, int(1), n, file);
        return this.fail(n, file, o);
      }
      case 'BinaryExpression':
        return this.binaryExpression(n, scope, file);
      case 'ConditionalExpression': {
        const [a, , cond, , b] = kids(n);
        return this.host.truthy(this.eval(cond, scope, file), cond, file) ? this.eval(a, scope, file) : this.eval(b, scope, file);
      }
      case 'ArrayComprehensionExpression':
        return { k: 'list', items: this.comprehension(n, scope, file).map((s) => this.eval(kids(n)[1], s, file)) };
      case 'ComprehensionExpression':
        return { k: 'tuple', items: this.comprehension(n, scope, file).map((s) => this.eval(kids(n)[1], s, file)) };
      case 'DictionaryComprehensionExpression': {
        const [, keyNode, , valueNode] = kids(n);
        const map = new Map<string, { key: Value; value: Value }>();
        for (const s of this.comprehension(n, scope, file)) {
          const key = this.eval(keyNode, s, file);
          map.set(dictKey(key) ?? this.fail(keyNode, file, snippet(file, keyNode), l10n.t('is a dict key that is not a number or a string')), { key, value: this.eval(valueNode, s, file) });
        }
        return { k: 'dict', map };
      }
      case 'LambdaExpression': {
        const list = kids(n).find((x) => x.name === 'ParamList');
        const { params, defaults } = list ? this.params(list, scope, file) : { params: [], defaults: new Map<string, Value>() };
        const body = kids(n)[kids(n).length - 1];
        return { k: 'func', name: '<lambda>', params, defaults, body, isLambda: true, closure: scope, file, owner: undefined, line: lineOf(file.text, n.from) };
      }
      case 'Ellipsis':
        return this.fail(n, file, '...');
      default:
        return this.fail(n, file, snippet(file, n), n.name === '⚠' ? l10n.t('is not valid Python (syntax error)') : l10n.t('is not understood'));
    }
  }

  /** `super()` (the method's class and its first argument) or `super(Class, self)`. */
  private superCall(n: SyntaxNode, argList: SyntaxNode, scope: Scope, file: SourceFile): Value {
    const { args } = this.args(argList, scope, file);
    let owner: Value | undefined;
    let self: Value | undefined;
    if (args.length === 2) [owner, self] = args;
    else if (args.length === 0) {
      owner = this.lookupOptional('__class__', scope);
      self = this.lookupOptional('__self__', scope);
    }
    if (owner?.k !== 'class' || self?.k !== 'obj') return this.fail(n, file, snippet(file, n), l10n.t('is a super() call that is not understood'));
    return { k: 'super', owner, self };
  }

  private lookupOptional(name: string, scope: Scope): Value | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  lookup(name: string, scope: Scope, at: SyntaxNode, file: SourceFile): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    const b = this.host.builtin(name);
    if (b) return b;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      for (const key of s.vars.keys()) if (key.startsWith('*')) this.fail(at, file, name, l10n.t('may come from `from {0} import *`, which is not read', key.slice(1)));
    }
    return this.fail(at, file, name, l10n.t('is not defined'));
  }

  private binaryExpression(n: SyntaxNode, scope: Scope, file: SourceFile): Value {
    const k = kids(n);
    const opText = k.slice(1, -1).map((x) => text(file, x)).join(' ');
    if (opText === 'and' || opText === 'or') {
      const a = this.eval(k[0], scope, file);
      const t = this.host.truthy(a, k[0], file);
      if (opText === 'and' ? !t : t) return a;
      return this.eval(k[k.length - 1], scope, file);
    }
    // a < b <= c: lezer nests comparisons left to right; Python chains them.
    if (COMPARE.has(opText) && k[0].name === 'BinaryExpression' && COMPARE.has(kids(k[0]).slice(1, -1).map((x) => text(file, x)).join(' '))) {
      const left = this.eval(k[0], scope, file);
      if (!this.host.truthy(left, k[0], file)) return FALSE;
      const lk = kids(k[0]);
      return this.host.binary(opText, this.eval(lk[lk.length - 1], scope, file), this.eval(k[k.length - 1], scope, file), n, file);
    }
    return this.host.binary(opText, this.eval(k[0], scope, file), this.eval(k[k.length - 1], scope, file), n, file);
  }

  /** The scopes of a comprehension's iterations (`for … in … if …`, nested fors). */
  private comprehension(n: SyntaxNode, scope: Scope, file: SourceFile): Scope[] {
    const k = kids(n);
    const clauses: Array<{ kind: 'for'; targets: SyntaxNode[]; iter: SyntaxNode } | { kind: 'if'; cond: SyntaxNode }> = [];
    for (let i = 0; i < k.length; i++) {
      if (k[i].name === 'for') {
        const inAt = k.findIndex((x, j) => j > i && x.name === 'in');
        clauses.push({ kind: 'for', targets: k.slice(i + 1, inAt).filter((x) => x.name !== ','), iter: k[inAt + 1] });
        i = inAt + 1;
      } else if (k[i].name === 'if') {
        clauses.push({ kind: 'if', cond: k[i + 1] });
        i++;
      }
    }
    const out: Scope[] = [];
    const walk = (c: number, s: Scope): void => {
      this.tick(n, file);
      if (c === clauses.length) {
        out.push(s);
        return;
      }
      const clause = clauses[c];
      if (clause.kind === 'if') {
        if (this.host.truthy(this.eval(clause.cond, s, file), clause.cond, file)) walk(c + 1, s);
        return;
      }
      for (const item of this.host.iterate(this.eval(clause.iter, s, file), clause.iter, file)) {
        const inner: Scope = { vars: new Map(), parent: s };
        if (clause.targets.length === 1) this.store(clause.targets[0], item, inner, file);
        else this.unpack(clause.targets, item, inner, file, n);
        walk(c + 1, inner);
      }
    };
    walk(0, scope);
    return out;
  }

  private dict(n: SyntaxNode, scope: Scope, file: SourceFile): Value {
    const k = inner(n).filter((x) => x.name !== ',');
    const map = new Map<string, { key: Value; value: Value }>();
    for (let i = 0; i < k.length; i++) {
      if (k[i].name === '**') {
        const v = this.eval(k[i + 1], scope, file);
        if (v.k !== 'dict') this.fail(k[i + 1], file, snippet(file, k[i + 1]), l10n.t('is unpacked with ** but is not a dict'));
        for (const [key, e] of v.map) map.set(key, e);
        i++;
        continue;
      }
      const key = this.eval(k[i], scope, file);
      const value = this.eval(k[i + 2], scope, file);
      map.set(dictKey(key) ?? this.fail(k[i], file, snippet(file, k[i]), l10n.t('is a dict key that is not a number or a string')), { key, value });
      i += 2;
    }
    return { k: 'dict', map };
  }

  /** `seq[start:stop:step]` of a list or tuple (`x.shape[:2]`, `layers[1:]`), as Python slices. */
  private sliced(seq: Extract<Value, { k: 'list' | 'tuple' }>, index: SyntaxNode[], scope: Scope, file: SourceFile, at: SyntaxNode): Value {
    const parts: (SyntaxNode | undefined)[] = [undefined];
    for (const x of index) {
      if (x.name === ':') parts.push(undefined);
      else if (parts[parts.length - 1] === undefined) parts[parts.length - 1] = x;
      else this.fail(at, file, snippet(file, at), l10n.t('is a slice that is not understood'));
    }
    if (parts.length > 3) this.fail(at, file, snippet(file, at), l10n.t('is a slice that is not understood'));
    const bound = (x: SyntaxNode | undefined): number | undefined => {
      if (x === undefined) return undefined;
      const v = this.eval(x, scope, file);
      if (v.k === 'none') return undefined;
      if (v.k !== 'int') return this.fail(x, file, snippet(file, x), l10n.t('is a slice bound that is not an int'));
      return Number(v.v);
    };
    const n = seq.items.length;
    const step = bound(parts[2]) ?? 1;
    if (step === 0) this.fail(at, file, snippet(file, at), l10n.t('has a slice step of zero'));
    const clamp = (v: number | undefined, dflt: number, lo: number, hi: number): number => (v === undefined ? dflt : Math.min(hi, Math.max(lo, v < 0 ? v + n : v)));
    const start = step > 0 ? clamp(bound(parts[0]), 0, 0, n) : clamp(bound(parts[0]), n - 1, -1, n - 1);
    const stop = step > 0 ? clamp(bound(parts[1]), n, 0, n) : clamp(bound(parts[1]), -1, -1, n - 1);
    const items: Value[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) items.push(seq.items[i]);
    return seq.k === 'list' ? { k: 'list', items } : { k: 'tuple', items };
  }

  /** A subscript's index: one value, a slice, or a tuple of them (`x[:, 0:2]`). */
  private subscript(nodes: SyntaxNode[], scope: Scope, file: SourceFile, at: SyntaxNode): Value {
    if (nodes.some((x) => x.name === ':')) this.fail(at, file, snippet(file, at), l10n.t('slicing is not understood'));
    return this.evalList(nodes, scope, file, at);
  }

  private formatString(n: SyntaxNode, scope: Scope, file: SourceFile): string {
    const raw = text(file, n);
    const prefix = /^[a-zA-Z]*/.exec(raw)?.[0] ?? '';
    const quote = raw.slice(prefix.length).startsWith('"""') || raw.slice(prefix.length).startsWith("'''") ? 3 : 1;
    let out = '';
    let at = n.from + prefix.length + quote;
    for (const r of kids(n)) {
      if (r.name !== 'FormatReplacement') continue;
      out += literalText(file.text.slice(at, r.from));
      const parts = kids(r).filter((x) => x.name !== '{' && x.name !== '}');
      if (parts.length !== 1) this.fail(r, file, text(file, r), l10n.t('is a format field that is not understood'));
      out += this.str(this.eval(parts[0], scope, file), r, file);
      at = r.to;
    }
    out += literalText(file.text.slice(at, n.to - quote));
    return out;
  }

  /** str(v) for the values names are made of. */
  str(v: Value, at: SyntaxNode, file: SourceFile): string {
    if (v.k === 'str') return v.v;
    if (v.k === 'int') return String(v.v);
    if (v.k === 'bool') return v.v ? 'True' : 'False';
    return this.fail(at, file, snippet(file, at), l10n.t('formats a {0}, which is not understood', v.k));
  }
}

const COMPARE = new Set(['<', '>', '<=', '>=', '==', '!=', 'in', 'not in', 'is', 'is not']);

function literalText(s: string): string {
  return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

/** Key of a dict entry: ints and strings (and bools, as Python hashes them like ints). */
export function dictKey(v: Value): string | undefined {
  if (v.k === 'str') return `s:${v.v}`;
  if (v.k === 'int') return `i:${v.v}`;
  if (v.k === 'bool') return `i:${v.v ? 1 : 0}`;
  return undefined;
}

// ---------------------------------------------------------------- syntax helpers

/** Children, comments left out. */
export function kids(n: SyntaxNode): SyntaxNode[] {
  return n.children as SyntaxNode[];
}

function inner(n: SyntaxNode): SyntaxNode[] {
  return kids(n).slice(1, -1);
}

function first(n: SyntaxNode): SyntaxNode {
  return kids(n)[0];
}

export function child(n: SyntaxNode, name: string): SyntaxNode {
  const c = kids(n).find((x) => x.name === name);
  if (!c) throw new PyUnsupportedError(0, n.name, l10n.t('is incomplete'), '');
  return c;
}

/** The statements of a Body or Script (the `:` and blank-line nodes left out). */
export function statements(block: SyntaxNode): SyntaxNode[] {
  return kids(block).filter((x) => x.name !== ':' && x.name !== 'Comment');
}

export function text(file: SourceFile, n: SyntaxNode): string {
  return file.text.slice(n.from, n.to);
}

/** The node's text on one line, shortened, for messages. */
export function snippet(file: SourceFile, n: SyntaxNode): string {
  const t = file.text.slice(n.from, Math.min(n.to, n.from + 200)).split('\n')[0].trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function keywordOf(file: SourceFile, n: SyntaxNode): string {
  const c = n.children[0];
  return c ? text(file, c) : n.name;
}

function numberValue(t: string): Value | undefined {
  const s = t.replace(/_/g, '');
  if (/^(?:0|[1-9][0-9]*)$/.test(s)) return safeInt(Number(s));
  if (/^0+$/.test(s)) return int(0);
  if (/^0[xX][0-9a-fA-F]+$/.test(s) || /^0[oO][0-7]+$/.test(s) || /^0[bB][01]+$/.test(s)) {
    return safeInt(parseInt(s.slice(2), { x: 16, o: 8, b: 2 }[s[1].toLowerCase() as 'x' | 'o' | 'b']));
  }
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return { k: 'float', v: Number(s) };
  return undefined;
}

function safeInt(v: number): Value | undefined {
  return Number.isSafeInteger(v) ? int(v) : undefined;
}

/** A plain or raw string literal's value; undefined for bytes and anything half-typed. */
function stringValue(raw: string): string | undefined {
  const m = /^([rRuU]?)(['"])/.exec(raw);
  if (!m) return undefined;
  const body = raw.slice(m[1].length);
  const q = body[0];
  const n = body.startsWith(q.repeat(3)) ? 3 : 1;
  if (body.length < 2 * n || !body.endsWith(q.repeat(n))) return undefined;
  const innerText = body.slice(n, body.length - n);
  if (m[1].toLowerCase() === 'r') return innerText;
  return innerText.replace(/\\(.)/gs, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' })[ch] ?? `\\${ch}`);
}
