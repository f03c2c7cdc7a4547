// Python's builtins and operators for the values of a model definition: numbers (ints exact,
// floats as doubles), strings, lists, tuples, dicts; `len`, `range`, `zip`, `enumerate`, `min`,
// `max`, `int`, `isinstance`, … and the torch.nn containers' constructors.
import * as l10n from '@vscode/l10n';
import type { PyNode as SyntaxNode } from './syntax';
import { dictKey, snippet } from './interp';
import type { Runtime } from './runtime';
import { isinstanceLib } from './torchlib';
import { FALSE, NONE, TRUE, bool, int, isModule, typeName, type ContainerValue, type SourceFile, type Value } from './values';

export const BUILTIN_NAMES = new Set([
  'range', 'len', 'int', 'float', 'bool', 'str', 'min', 'max', 'abs', 'round', 'sum', 'zip', 'enumerate', 'list', 'tuple', 'dict',
  'isinstance', 'print', 'getattr', 'setattr', 'hasattr', 'super', 'sorted', 'reversed', 'any', 'all', 'object',
]);

/** Ranges longer than this are refused (the step budget would stop them anyway, later). */
const MAX_RANGE = 1_000_000;

export function callBuiltin(rt: Runtime, name: string, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const num = (v: Value | undefined): number => (v && (v.k === 'int' || v.k === 'float' || v.k === 'bool') ? Number(v.v) : fail(l10n.t('passes a {0} where a number is needed', v ? typeName(v) : l10n.t('nothing'))));
  const intArg = (v: Value | undefined): number => (v && (v.k === 'int' || v.k === 'bool') ? Number(v.v) : fail(l10n.t('passes a {0} where an integer is needed', v ? typeName(v) : l10n.t('nothing'))));
  switch (name) {
    case 'range': {
      const [a, b, c] = args.map(intArg);
      const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, c ?? 1];
      if (step === 0) return fail(l10n.t('range() step must not be zero'));
      const n = Math.max(0, Math.ceil((stop - start) / step));
      if (n > MAX_RANGE) return fail(l10n.t('iterates over {0} values: past the step budget', n.toLocaleString('en-US')));
      return { k: 'list', items: Array.from({ length: n }, (_, i) => int(start + i * step)) };
    }
    case 'len': {
      const v = args[0];
      if (v.k === 'list' || v.k === 'tuple') return int(v.items.length);
      if (v.k === 'str') return int(v.v.length);
      if (v.k === 'dict') return int(v.map.size);
      if (v.k === 'container' || (v.k === 'obj' && isModule(v))) return int(v.children.size);
      if (v.k === 'tensor') return int(v.shape[0]);
      return fail(l10n.t('takes len() of a {0}', typeName(v)));
    }
    case 'int': {
      const v = args[0] ?? int(0);
      if (v.k === 'str' && /^[+-]?\d+$/.test(v.v.trim())) return int(Number(v.v));
      return int(Math.trunc(num(v)));
    }
    case 'float':
      return { k: 'float', v: args.length === 0 ? 0 : num(args[0]) };
    case 'bool':
      return bool(args.length > 0 && rt.truthy(args[0], at, file));
    case 'str':
      return { k: 'str', v: args.length === 0 ? '' : rt.ev.str(args[0], at, file) };
    case 'abs': {
      const v = args[0];
      return v.k === 'float' ? { k: 'float', v: Math.abs(v.v) } : int(Math.abs(intArg(v)));
    }
    case 'round': {
      const v = num(args[0]);
      if (args.length > 1) return fail(l10n.t('round() with digits is not understood'));
      // Python rounds half to even.
      const f = Math.floor(v);
      const d = v - f;
      return int(d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f);
    }
    case 'min':
    case 'max': {
      const items = args.length === 1 ? rt.iterate(args[0], at, file) : args;
      if (items.length === 0) return fail(l10n.t('{0}() of an empty sequence', name));
      let best = items[0];
      for (const v of items.slice(1)) if (name === 'min' ? num(v) < num(best) : num(v) > num(best)) best = v;
      return best;
    }
    case 'sum': {
      const items = rt.iterate(args[0], at, file);
      // sum(tensors) is 0 + t1 + t2 + …: the 0 changes no value, so the graph starts at t1
      // (the split sum of split attention is then the same adds as the presets' graph).
      const fromFirst = args[1] === undefined && items[0]?.k === 'tensor';
      let total: Value = fromFirst ? items[0] : (args[1] ?? int(0));
      for (const v of fromFirst ? items.slice(1) : items) total = rt.binary('+', total, v, at, file);
      return total;
    }
    case 'zip': {
      const lists = args.map((a) => rt.iterate(a, at, file));
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      return { k: 'list', items: Array.from({ length: n }, (_, i) => ({ k: 'tuple', items: lists.map((l) => l[i]) })) };
    }
    case 'enumerate': {
      const start = kwargs.has('start') ? intArg(kwargs.get('start')) : args[1] ? intArg(args[1]) : 0;
      return { k: 'list', items: rt.iterate(args[0], at, file).map((v, i) => ({ k: 'tuple', items: [int(start + i), v] })) };
    }
    case 'list':
      return { k: 'list', items: args.length === 0 ? [] : rt.iterate(args[0], at, file) };
    case 'tuple':
      return { k: 'tuple', items: args.length === 0 ? [] : rt.iterate(args[0], at, file) };
    case 'sorted':
    case 'reversed': {
      const items = rt.iterate(args[0], at, file);
      if (name === 'reversed') return { k: 'list', items: items.reverse() };
      return { k: 'list', items: items.sort((a, b) => num(a) - num(b)) };
    }
    case 'any':
      return bool(rt.iterate(args[0], at, file).some((v) => rt.truthy(v, at, file)));
    case 'all':
      return bool(rt.iterate(args[0], at, file).every((v) => rt.truthy(v, at, file)));
    case 'dict': {
      const map = new Map<string, { key: Value; value: Value }>();
      if (args[0]) {
        if (args[0].k === 'dict') for (const [k, e] of args[0].map) map.set(k, e);
        else
          for (const pair of rt.iterate(args[0], at, file)) {
            const [k, v] = rt.iterate(pair, at, file);
            map.set(dictKey(k) ?? fail(l10n.t('has a dict key that is not a number or a string')), { key: k, value: v });
          }
      }
      for (const [k, v] of kwargs) map.set(`s:${k}`, { key: { k: 'str', v: k }, value: v });
      return { k: 'dict', map };
    }
    case 'isinstance': {
      const [v, t] = args;
      const types = t.k === 'tuple' ? t.items : [t];
      return bool(types.some((ty) => isInstance(rt, v, ty)));
    }
    case 'print':
      return NONE;
    case 'getattr': {
      if (args[1]?.k !== 'str') return fail(l10n.t('getattr() with a name that is not a string'));
      if (args.length > 2) {
        try {
          return rt.getAttr(args[0], args[1].v, at, file);
        } catch {
          return args[2];
        }
      }
      return rt.getAttr(args[0], args[1].v, at, file);
    }
    case 'hasattr': {
      if (args[1]?.k !== 'str') return fail(l10n.t('hasattr() with a name that is not a string'));
      try {
        rt.getAttr(args[0], args[1].v, at, file);
        return TRUE;
      } catch {
        return FALSE;
      }
    }
    case 'setattr':
      if (args[1]?.k !== 'str') return fail(l10n.t('setattr() with a name that is not a literal string'));
      rt.setAttr(args[0], args[1].v, args[2], at, file);
      return NONE;
    case 'super': {
      return fail(l10n.t('super() is only understood inside a method of a class'));
    }
    default:
      return fail(l10n.t('{0}() is not understood', name));
  }
}

function isInstance(rt: Runtime, v: Value, t: Value): boolean {
  if (t.k === 'builtin') {
    const k = { int: 'int', float: 'float', bool: 'bool', str: 'str', list: 'list', tuple: 'tuple', dict: 'dict' }[t.name];
    return t.name === 'int' ? v.k === 'int' || v.k === 'bool' : v.k === k;
  }
  if (t.k === 'class') return v.k === 'obj' && rt.mro(v.cls).includes(t);
  if (t.k === 'lib') return isinstanceLib(rt, v, t.path);
  return false;
}

/** '{}'.format(…) with positional `{}` and `{0}` fields. */
export function formatBraces(s: string, args: string[]): string {
  let next = 0;
  return s.replace(/\{\{|\}\}|\{(\d*)\}/g, (m, index: string) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = index === '' ? next++ : Number(index);
    if (i >= args.length) throw new Error(`format field {${index}} has no argument`);
    return args[i];
  });
}

/** The container type a torch.nn path names, if any. */
export function containerOf(path: string): ContainerValue['type'] | undefined {
  return path === 'torch.nn.Sequential' ? 'Sequential' : path === 'torch.nn.ModuleList' ? 'ModuleList' : path === 'torch.nn.ModuleDict' ? 'ModuleDict' : undefined;
}

/** The children of nn.Sequential(*modules) / nn.Sequential(OrderedDict) / nn.ModuleList(list) / nn.ModuleDict(dict). */
export function initContainer(rt: Runtime, type: ContainerValue['type'], args: Value[], at: SyntaxNode, file: SourceFile): Map<string, Value> {
  const children = new Map<string, Value>();
  const add = (name: string, v: Value): void => {
    if (!isModule(v)) rt.fail(at, file, snippet(file, at), l10n.t('puts a {0} in an nn.{1}, which takes modules', typeName(v), type));
    children.set(name, v);
  };
  if (type === 'Sequential') {
    if (args.length === 1 && args[0].k === 'dict') for (const e of args[0].map.values()) add(rt.ev.str(e.key, at, file), e.value);
    else args.forEach((v, i) => add(String(i), v));
  } else if (type === 'ModuleList') {
    if (args.length > 1) rt.fail(at, file, snippet(file, at), l10n.t('nn.ModuleList takes one list of modules'));
    if (args[0]) rt.iterate(args[0], at, file).forEach((v, i) => add(String(i), v));
  } else {
    if (args.length > 1) rt.fail(at, file, snippet(file, at), l10n.t('nn.ModuleDict takes one dict of modules'));
    if (args[0]) {
      if (args[0].k === 'dict') for (const e of args[0].map.values()) add(rt.ev.str(e.key, at, file), e.value);
      else
        for (const pair of rt.iterate(args[0], at, file)) {
          const [k, v] = rt.iterate(pair, at, file);
          add(rt.ev.str(k, at, file), v);
        }
    }
  }
  return children;
}

// ---------------------------------------------------------------- operators

export function binaryOp(rt: Runtime, op: string, a: Value, b: Value, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const base = op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op) ? op.slice(0, -1) : op;
  const inPlace = base !== op;
  if (a.k === 'tensor' || b.k === 'tensor') return tensorBinary(rt, base, a, b, at, file);
  switch (base) {
    case '==':
      return bool(rt.equals(a, b));
    case '!=':
      return bool(!rt.equals(a, b));
    case 'is':
      return bool(identical(a, b));
    case 'is not':
      return bool(!identical(a, b));
    case 'in':
    case 'not in': {
      let found: boolean;
      if (b.k === 'dict') found = b.map.has(dictKey(a) ?? '');
      else if (b.k === 'str' && a.k === 'str') found = b.v.includes(a.v);
      else if (b.k === 'container' || (b.k === 'obj' && b.children)) found = a.k === 'str' && b.children.has(a.v);
      else found = rt.iterate(b, at, file).some((x) => rt.equals(x, a));
      return bool(base === 'in' ? found : !found);
    }
  }
  // Sequences
  if (base === '+' && (a.k === 'list' || a.k === 'tuple') && a.k === b.k) {
    if (inPlace && a.k === 'list') {
      a.items.push(...b.items);
      return a;
    }
    return { k: a.k, items: [...a.items, ...b.items] } as Value;
  }
  if (base === '+' && a.k === 'list' && inPlace) {
    a.items.push(...rt.iterate(b, at, file));
    return a;
  }
  if (base === '+' && a.k === 'str' && b.k === 'str') return { k: 'str', v: a.v + b.v };
  if (base === '*' && (a.k === 'list' || a.k === 'tuple' || a.k === 'str') && b.k === 'int') return repeat(a, b.v, fail);
  if (base === '*' && (b.k === 'list' || b.k === 'tuple' || b.k === 'str') && a.k === 'int') return repeat(b, a.v, fail);
  if (base === '%' && a.k === 'str') {
    const items = b.k === 'tuple' ? b.items : [b];
    let i = 0;
    return { k: 'str', v: a.v.replace(/%[ds%]/g, (m) => (m === '%%' ? '%' : rt.ev.str(items[i++] ?? fail(l10n.t('has more % fields than values')), at, file))) };
  }
  const isNum = (v: Value): v is Extract<Value, { k: 'int' | 'float' | 'bool' }> => v.k === 'int' || v.k === 'float' || v.k === 'bool';
  if (!isNum(a) || !isNum(b)) return fail(l10n.t('applies `{0}` to a {1} and a {2}', base, typeName(a), typeName(b)));
  const x = Number(a.v);
  const y = Number(b.v);
  const ints = a.k !== 'float' && b.k !== 'float';
  const checked = (v: number): Value => (Number.isSafeInteger(v) ? int(v) : fail(l10n.t('overflows exact integer arithmetic')));
  switch (base) {
    case '+':
      return ints ? checked(x + y) : { k: 'float', v: x + y };
    case '-':
      return ints ? checked(x - y) : { k: 'float', v: x - y };
    case '*':
      return ints ? checked(x * y) : { k: 'float', v: x * y };
    case '/':
      if (y === 0) return fail(l10n.t('divides by zero'));
      return { k: 'float', v: x / y };
    case '//':
      if (y === 0) return fail(l10n.t('divides by zero'));
      return ints ? int(Math.floor(x / y)) : { k: 'float', v: Math.floor(x / y) };
    case '%':
      if (y === 0) return fail(l10n.t('divides by zero'));
      return ints ? int(((x % y) + y) % y) : { k: 'float', v: x - y * Math.floor(x / y) };
    case '**':
      if (ints && y >= 0) return checked(x ** y);
      return { k: 'float', v: x ** y };
    case '<':
      return bool(x < y);
    case '>':
      return bool(x > y);
    case '<=':
      return bool(x <= y);
    case '>=':
      return bool(x >= y);
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      if (!ints) return fail(l10n.t('applies `{0}` to a float', base));
      return checked(base === '&' ? x & y : base === '|' ? x | y : base === '^' ? x ^ y : base === '<<' ? x * 2 ** y : Math.floor(x / 2 ** y));
    default:
      return fail(l10n.t('`{0}` is not understood', base));
  }
}

function repeat(seq: Extract<Value, { k: 'list' | 'tuple' | 'str' }>, n: number, fail: (why: string) => never): Value {
  if (n > 100_000) return fail(l10n.t('repeats a sequence too many times'));
  if (seq.k === 'str') return { k: 'str', v: seq.v.repeat(Math.max(0, n)) };
  const items: Value[] = [];
  for (let i = 0; i < n; i++) items.push(...seq.items);
  return { k: seq.k, items } as Value;
}

function identical(a: Value, b: Value): boolean {
  if (a.k === 'none' || b.k === 'none') return a.k === b.k;
  if (a.k === 'bool' && b.k === 'bool') return a.v === b.v;
  if (a.k === 'lib' && b.k === 'lib') return a.path === b.path;
  return a === b;
}

function tensorBinary(rt: Runtime, op: string, a: Value, b: Value, at: SyntaxNode, file: SourceFile): Value {
  const g = rt.graph;
  if (!g || a.k !== 'tensor' || b.k !== 'tensor') return rt.fail(at, file, snippet(file, at), l10n.t('applies `{0}` to a tensor and a {1}: only tensor-with-tensor arithmetic is in the layer graph', op, a.k === 'tensor' ? typeName(b) : typeName(a)));
  if (op === '+') return rt.forwardOp(at, file, () => g.add(a, b));
  if (op === '*') return rt.forwardOp(at, file, () => g.mul(a, b));
  return rt.fail(at, file, snippet(file, at), l10n.t('`{0}` of two tensors is not in the layer graph', op));
}
