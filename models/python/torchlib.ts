// torch, torch.nn, torch.nn.functional, math, functools and collections as model code uses them:
// layer constructors (exact parameters), containers, weight-init calls (no-ops: they change no
// count), and the tensor operations of `forward`, which add nodes to the layer graph.
import * as l10n from '@vscode/l10n';
import type { PyNode as SyntaxNode } from './syntax';
import { containerOf, initContainer } from './builtins';
import { snippet } from './interp';
import { LayerArgError, bindLayer, isLayerType, type LayerArg } from './layers';
import type { Runtime } from './runtime';
import { lineOf } from './syntax';
import { NONE, int, isModule, containerBase, typeName, type LayerValue, type SourceFile, type GroupedView, type TensorValue, type Value } from './values';

/** Attribute chains of a layer's weight (`m.weight.data.normal_(…)`): any method on them is an initializer. */
const PARAM_PREFIX = '<param>';

export function callLib(rt: Runtime, path: string, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  if (path.startsWith(PARAM_PREFIX) || path.startsWith('torch.nn.init.')) return NONE;
  if (path.startsWith('torch.nn.') && isLayerType(path.slice('torch.nn.'.length))) {
    const type = path.slice('torch.nn.'.length);
    if (!isLayerType(type)) return fail(l10n.t('is not understood'));
    try {
      const keywords = new Map<string, LayerArg>();
      for (const [k, v] of kwargs) keywords.set(k, layerArg(v, `${k}=`, fail));
      const spec = bindLayer(type, args.map((v, i) => layerArg(v, l10n.t('argument {0}', i + 1), fail)), keywords);
      const layer: LayerValue = { k: 'layer', spec, path: undefined, line: lineOf(file.text, at.from) };
      return layer;
    } catch (e) {
      if (e instanceof LayerArgError) return fail(l10n.t('cannot be built: {0}', e.message));
      throw e;
    }
  }
  const container = containerOf(path);
  if (container) {
    if (kwargs.size > 0) return fail(l10n.t('nn.{0} takes no keyword arguments', container));
    return { k: 'container', type: container, children: initContainer(rt, container, args, at, file), path: undefined, line: lineOf(file.text, at.from) };
  }
  switch (path) {
    case 'functools.partial':
      if (args.length === 0) return fail(l10n.t('partial() needs a function'));
      return { k: 'partial', fn: args[0], args: args.slice(1), kwargs };
    case 'collections.OrderedDict':
      return orderedDict(rt, args, at, file);
    // torch.nn.modules.utils: an int repeated n times; an iterable becomes a tuple as it is.
    case 'torch.nn._single':
    case 'torch.nn._pair':
    case 'torch.nn._triple':
    case 'torch.nn._quadruple': {
      if (args.length !== 1) return fail(l10n.t('{0}() takes one argument', path.slice('torch.nn.'.length)));
      const n = { _single: 1, _pair: 2, _triple: 3, _quadruple: 4 }[path.slice('torch.nn.'.length) as '_single' | '_pair' | '_triple' | '_quadruple'];
      const v = args[0];
      if (v.k === 'int' || v.k === 'float' || v.k === 'bool') return { k: 'tuple', items: Array.from({ length: n }, () => v) };
      return { k: 'tuple', items: [...rt.iterate(v, at, file)] };
    }
    case 'math.floor':
    case 'math.ceil':
    case 'math.sqrt':
    case 'math.log':
    case 'math.log2':
    case 'math.exp':
    case 'math.pow': {
      const xs = args.map((v) => (v.k === 'int' || v.k === 'float' || v.k === 'bool' ? Number(v.v) : fail(l10n.t('passes a {0} to {1}', typeName(v), path))));
      const f = path.slice('math.'.length);
      if (f === 'floor' || f === 'ceil') return int(Math[f](xs[0]));
      const r = f === 'pow' ? xs[0] ** xs[1] : f === 'log' && xs.length > 1 ? Math.log(xs[0]) / Math.log(xs[1]) : (Math as unknown as Record<string, (x: number) => number>)[f](xs[0]);
      return { k: 'float', v: r };
    }
  }
  if (path.startsWith('torchvision.') || path.startsWith('timm.')) return fail(l10n.t('builds a library model, which is read by its name, not by this interpreter'));
  return tensorCall(rt, path, args, kwargs, at, file);
}

function orderedDict(rt: Runtime, args: Value[], at: SyntaxNode, file: SourceFile): Value {
  const map = new Map<string, { key: Value; value: Value }>();
  if (args[0]) {
    for (const pair of rt.iterate(args[0], at, file)) {
      const [k, v] = rt.iterate(pair, at, file);
      map.set(k.k === 'str' ? `s:${k.v}` : k.k === 'int' ? `i:${k.v}` : rt.fail(at, file, snippet(file, at), l10n.t('has a key that is not a string')), { key: k, value: v });
    }
  }
  return { k: 'dict', map };
}

/** A constructor argument as a layer takes it: numbers, booleans, strings, None, tuples of ints. */
function layerArg(v: Value, what: string, fail: (why: string) => never): LayerArg {
  switch (v.k) {
    case 'int':
    case 'float':
      return v.v;
    case 'bool':
      return v.v;
    case 'str':
      return v.v;
    case 'none':
      return null;
    case 'tuple':
    case 'list':
      return v.items.map((x) => (x.k === 'int' ? x.v : fail(l10n.t('passes {0} with a {1} inside, where integers are needed', what, typeName(x)))));
    default:
      return fail(l10n.t('passes a {0} as {1} of a layer', typeName(v), what));
  }
}

// ---------------------------------------------------------------- isinstance

const BATCHNORMS = new Set(['BatchNorm1d', 'BatchNorm2d']);

export function isinstanceLib(_rt: Runtime, v: Value, path: string): boolean {
  if (path === 'torch.nn.Module') return isModule(v);
  if (path === 'torch.Tensor') return v.k === 'tensor';
  const c = containerOf(path);
  if (c) return (v.k === 'container' && v.type === c) || (v.k === 'obj' && containerBase(v.cls) === c);
  if (v.k !== 'layer') return false;
  const name = path.split('.').pop() ?? '';
  if (name === '_BatchNorm' || name === '_NormBase') return BATCHNORMS.has(v.spec.type) || (name === '_NormBase' && v.spec.type === 'InstanceNorm2d');
  if (name === '_ConvNd') return v.spec.type === 'Conv2d';
  return path === `torch.nn.${v.spec.type}`;
}

// ---------------------------------------------------------------- attributes of layers and tensors

export function layerAttr(rt: Runtime, layer: LayerValue, name: string, at: SyntaxNode, file: SourceFile): Value {
  if (name === 'weight' || name === 'bias') return { k: 'lib', path: `${PARAM_PREFIX}.${layer.path ?? ''}.${name}` };
  if (name === 'training') return { k: 'bool', v: false };
  const a = layer.spec.args;
  if (Object.prototype.hasOwnProperty.call(a, name)) {
    const v = a[name];
    const asPair = layer.spec.type === 'Conv2d' && ['kernel_size', 'stride', 'padding', 'dilation'].includes(name) && typeof v === 'number';
    return fromLayerArg(asPair ? [v, v] : v);
  }
  return rt.fail(at, file, snippet(file, at), l10n.t('reads `.{0}` of nn.{1}, which is not understood', name, layer.spec.type));
}

function fromLayerArg(v: LayerArg): Value {
  if (v === null) return NONE;
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : { k: 'float', v };
  if (typeof v === 'boolean') return { k: 'bool', v };
  if (typeof v === 'string') return { k: 'str', v };
  return { k: 'tuple', items: v.map(int) };
}

/** Binds a call's arguments to `names` (positional first, then keywords), with defaults. */
function bind(names: ReadonlyArray<readonly [string, Value | undefined]>, args: Value[], kwargs: Map<string, Value>, fail: (why: string) => never): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (args.length > names.length) fail(l10n.t('has more arguments than understood'));
  args.forEach((v, i) => (out[names[i][0]] = v));
  for (const [k, v] of kwargs) {
    if (!names.some(([n]) => n === k)) fail(l10n.t('has the argument `{0}`, which is not understood', k));
    out[k] = v;
  }
  for (const [n, d] of names) {
    if (out[n] !== undefined) continue;
    if (d === undefined) fail(l10n.t('needs `{0}`', n));
    out[n] = d as Value;
  }
  return out;
}

const intOf = (v: Value, fail: (why: string) => never): number => (v.k === 'int' ? v.v : fail(l10n.t('passes a {0} where an integer is needed', typeName(v))));
const plain = (v: Value): unknown => (v.k === 'int' ? v.v : v.k === 'none' ? null : v.k === 'tuple' || v.k === 'list' ? v.items.map((x) => (x.k === 'int' ? x.v : NaN)) : NaN);

/** torch.* and F.* calls on tensors. */
function tensorCall(rt: Runtime, path: string, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const g = rt.graph;
  const name = path.replace(/^torch\.nn\.functional\./, 'F.').replace(/^torch\./, 'torch.');
  const tensor = (v: Value | undefined): TensorValue => (v?.k === 'tensor' ? v : fail(l10n.t('passes a {0} where a tensor is needed', v ? typeName(v) : l10n.t('nothing'))));
  const op = <T>(f: () => T): T => (g ? rt.forwardOp(at, file, f) : fail(l10n.t('is a tensor operation outside forward')));
  const N = NONE;
  switch (name) {
    case 'F.relu':
    case 'F.relu_':
    case 'torch.relu':
    case 'torch.relu_': {
      const a = bind([['input', undefined], ['inplace', { k: 'bool', v: false }]], args, kwargs, fail);
      return op(() => g!.relu(tensor(a.input)));
    }
    case 'F.softmax':
    case 'torch.softmax': {
      const a = bind([['input', undefined], ['dim', N], ['_stacklevel', int(3)], ['dtype', N]], args, kwargs, fail);
      const v = a.input;
      if (v.k !== 'grouped' || v.step !== 'transposed' || intOf(a.dim, fail) !== 1) return fail(l10n.t('a softmax outside the split-attention rSoftMax pattern (view(N, cardinality, radix, -1).transpose(1, 2), softmax(dim=1)) is not in the layer graph'));
      const node = op(() => g!.rsoftmax(v));
      return { k: 'grouped', src: node, cardinality: v.cardinality, radix: v.radix, step: 'softmaxed' };
    }
    case 'F.sigmoid':
    case 'torch.sigmoid':
      return op(() => g!.sigmoid(tensor(bind([['input', undefined]], args, kwargs, fail).input)));
    case 'F.avg_pool2d': {
      const a = bind([['input', undefined], ['kernel_size', undefined], ['stride', N], ['padding', int(0)], ['ceil_mode', { k: 'bool', v: false }], ['count_include_pad', { k: 'bool', v: true }], ['divisor_override', N]], args, kwargs, fail);
      if (a.divisor_override.k !== 'none') return fail(l10n.t('divisor_override is not in the layer graph'));
      return op(() => g!.functionalPool('avg', tensor(a.input), plain(a.kernel_size), plain(a.stride), plain(a.padding), rt.truthy(a.ceil_mode, at, file), rt.truthy(a.count_include_pad, at, file)));
    }
    case 'F.max_pool2d': {
      const a = bind([['input', undefined], ['kernel_size', undefined], ['stride', N], ['padding', int(0)], ['dilation', int(1)], ['ceil_mode', { k: 'bool', v: false }], ['return_indices', { k: 'bool', v: false }]], args, kwargs, fail);
      if (!(a.dilation.k === 'int' && a.dilation.v === 1) || rt.truthy(a.return_indices, at, file)) return fail(l10n.t('a dilated or index-returning max-pool is not in the layer graph'));
      return op(() => g!.functionalPool('max', tensor(a.input), plain(a.kernel_size), plain(a.stride), plain(a.padding), rt.truthy(a.ceil_mode, at, file), true));
    }
    case 'F.adaptive_avg_pool2d': {
      const a = bind([['input', undefined], ['output_size', undefined]], args, kwargs, fail);
      return op(() => g!.adaptiveAvgPool(tensor(a.input), plain(a.output_size)));
    }
    case 'F.dropout':
    case 'F.dropout2d': {
      // The model is read in eval mode: dropout is the identity.
      const a = bind([['input', undefined], ['p', { k: 'float', v: 0.5 }], ['training', { k: 'bool', v: false }], ['inplace', { k: 'bool', v: false }]], args, kwargs, fail);
      if (rt.truthy(a.training, at, file)) return fail(l10n.t('dropout with training=True is random, not the eval model'));
      return tensor(a.input);
    }
    case 'torch.cat':
    case 'torch.concat': {
      const a = bind([['tensors', undefined], ['dim', int(0)]], args, kwargs, fail);
      const xs = rt.iterate(a.tensors, at, file).map(tensor);
      return op(() => g!.cat(xs, intOf(a.dim, fail)));
    }
    case 'torch.split': {
      const a = bind([['tensor', undefined], ['split_size_or_sections', undefined], ['dim', int(0)]], args, kwargs, fail);
      return splitResult(rt, tensor(a.tensor), a.split_size_or_sections, a.dim, at, file);
    }
    case 'torch.chunk': {
      const a = bind([['input', undefined], ['chunks', undefined], ['dim', int(0)]], args, kwargs, fail);
      return op(() => ({ k: 'tuple', items: g!.chunk(tensor(a.input), intOf(a.chunks, fail), intOf(a.dim, fail)) }) as Value);
    }
    case 'torch.flatten': {
      const a = bind([['input', undefined], ['start_dim', int(0)], ['end_dim', int(-1)]], args, kwargs, fail);
      return op(() => g!.flatten(tensor(a.input), intOf(a.start_dim, fail), intOf(a.end_dim, fail)));
    }
    case 'torch.mean': {
      const x = tensor(args[0]);
      return mean(rt, x, args.slice(1), kwargs, at, file);
    }
  }
  return fail(l10n.t('`{0}` is not understood', path.replace(/^torch\.nn\.functional\./, 'F.')));
}

function splitResult(rt: Runtime, x: TensorValue, sizes: Value, dim: Value, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const g = rt.graph ?? fail(l10n.t('is a tensor operation outside forward'));
  const s = sizes.k === 'int' ? sizes.v : rt.iterate(sizes, at, file).map((v) => intOf(v, fail));
  return { k: 'tuple', items: rt.forwardOp(at, file, () => g.split(x, s, intOf(dim, fail))) };
}

function mean(rt: Runtime, x: TensorValue, args: Value[], kwargs: Map<string, Value>, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const a = bind([['dim', undefined], ['keepdim', { k: 'bool', v: false }]], args, kwargs, fail);
  const dims = (a.dim.k === 'int' ? [a.dim.v] : rt.iterate(a.dim, at, file).map((v) => intOf(v, fail))).map((d) => (d < 0 ? d + x.shape.length : d)).sort();
  if (x.shape.length !== 4 || dims.join() !== '2,3') return fail(l10n.t('a mean over other dims than H and W is not in the layer graph'));
  const g = rt.graph ?? fail(l10n.t('is a tensor operation outside forward'));
  return rt.forwardOp(at, file, () => g.meanHW(x, rt.truthy(a.keepdim, at, file)));
}

/** Tensor attributes and methods: shape, size(), view(), flatten(), mean(), split(), expand_as(), … */
export function tensorAttr(rt: Runtime, x: TensorValue, name: string, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const method = (f: (args: Value[], kwargs: Map<string, Value>) => Value): Value => ({ k: 'builtin', name: `Tensor.${name}`, fn: (args, kwargs) => f(args, kwargs) });
  const g = rt.graph ?? fail(l10n.t('is a tensor operation outside forward'));
  const sizeTuple = (): Value => ({ k: 'tuple', items: x.shape.map(int) });
  const dimsOf = (args: Value[]): number[] => (args.length === 1 && (args[0].k === 'tuple' || args[0].k === 'list') ? args[0].items : args).map((v) => intOf(v, fail));
  switch (name) {
    case 'shape':
      return sizeTuple();
    case 'size':
      return method((args) => {
        if (args.length === 0) return sizeTuple();
        const d = intOf(args[0], fail);
        const i = d < 0 ? d + x.shape.length : d;
        return i >= 0 && i < x.shape.length ? int(x.shape[i]) : fail(l10n.t('size({0}) of a {1}-d tensor', d, x.shape.length));
      });
    case 'dim':
      return method(() => int(x.shape.length));
    case 'view':
    case 'reshape':
      return method((args) => {
        const dims = dimsOf(args);
        const channels = x.shape[1];
        // view(N, cardinality, radix, -1) of a gate: the first step of rSoftMax.
        if (dims.length === 4 && dims[0] === x.shape[0] && dims[3] === -1 && dims[1] > 0 && dims[2] > 1 && x.shape.slice(2).every((d) => d === 1) && channels % (dims[1] * dims[2]) === 0) {
          return { k: 'grouped', src: x, cardinality: dims[1], radix: dims[2], step: 'viewed' };
        }
        return rt.forwardOp(at, file, () => g.view(x, dims));
      });
    case 'flatten':
      return method((args, kwargs) => {
        const a = bind([['start_dim', int(0)], ['end_dim', int(-1)]], args, kwargs, fail);
        return rt.forwardOp(at, file, () => g.flatten(x, intOf(a.start_dim, fail), intOf(a.end_dim, fail)));
      });
    case 'unsqueeze':
    case 'squeeze':
      return method((args) => {
        const shape = [...x.shape];
        if (args.length !== 1) return fail(l10n.t('{0}() without a dim is not understood', name));
        const d = intOf(args[0], fail);
        if (name === 'unsqueeze') shape.splice(d < 0 ? d + shape.length + 1 : d, 0, 1);
        else {
          const i = d < 0 ? d + shape.length : d;
          if (shape[i] === 1) shape.splice(i, 1);
        }
        return rt.forwardOp(at, file, () => g.view(x, shape));
      });
    case 'contiguous':
      return method(() => x);
    case 'expand_as':
      return method((args) => {
        const y = args[0]?.k === 'tensor' ? args[0] : fail(l10n.t('expand_as() of something that is not a tensor'));
        if (x.shape.length !== y.shape.length || x.shape.some((v, i) => v !== 1 && v !== y.shape[i])) return fail(l10n.t('expand_as() of [{0}] to [{1}]', x.shape.join(', '), y.shape.join(', ')));
        // The same values, broadcast: the node stays the gate; `mul` reads its real shape.
        return { k: 'tensor', shape: y.shape, t: x.t };
      });
    case 'mean':
      return method((args, kwargs) => mean(rt, x, args, kwargs, at, file));
    case 'sigmoid':
      return method(() => rt.forwardOp(at, file, () => g.sigmoid(x)));
    case 'relu':
    case 'relu_':
      return method(() => rt.forwardOp(at, file, () => g.relu(x)));
    case 'split':
      return method((args, kwargs) => {
        const a = bind([['split_size', undefined], ['dim', int(0)]], args, kwargs, fail);
        return splitResult(rt, x, a.split_size, a.dim, at, file);
      });
    case 'chunk':
      return method((args, kwargs) => {
        const a = bind([['chunks', undefined], ['dim', int(0)]], args, kwargs, fail);
        return { k: 'tuple', items: rt.forwardOp(at, file, () => g.chunk(x, intOf(a.chunks, fail), intOf(a.dim, fail))) };
      });
  }
  return fail(l10n.t('`Tensor.{0}` is not understood', name));
}

/** Methods of a grouped view (rSoftMax's steps); anything else is reported. */
export function groupedAttr(rt: Runtime, v: GroupedView, name: string, at: SyntaxNode, file: SourceFile): Value {
  const fail = (why: string): never => rt.fail(at, file, snippet(file, at), why);
  const method = (f: (args: Value[]) => Value): Value => ({ k: 'builtin', name: `Tensor.${name}`, fn: (args) => f(args) });
  if (name === 'transpose' && v.step === 'viewed') {
    return method((args) => {
      const dims = args.map((a) => intOf(a, fail)).sort();
      if (dims.join() !== '1,2') return fail(l10n.t('transpose({0}) of the view(N, cardinality, radix, -1) is not in the layer graph', dims.join(', ')));
      return { ...v, step: 'transposed' };
    });
  }
  if ((name === 'reshape' || name === 'view') && v.step === 'softmaxed') {
    return method((args) => {
      const dims = (args.length === 1 && (args[0].k === 'tuple' || args[0].k === 'list') ? args[0].items : args).map((a) => intOf(a, fail));
      if (dims.length !== 2 || dims[1] !== -1) return fail(l10n.t('{0}({1}) after rSoftMax\'s softmax is not in the layer graph (reshape(N, -1) is)', name, dims.join(', ')));
      return { k: 'tensor', shape: [v.src.shape[0], v.src.shape[1]], t: v.src.t };
    });
  }
  if (name === 'size' || name === 'shape') return fail(l10n.t('the size of a view(N, cardinality, radix, -1) is not in the layer graph'));
  return fail(l10n.t('.{0} of a view(N, cardinality, radix, -1) is not in the layer graph (only rSoftMax\'s transpose(1, 2), softmax(dim=1), reshape(N, -1) are)', name));
}
