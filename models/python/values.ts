// The values the interpreter computes with. Python objects that matter for a model definition
// (numbers, strings, containers, functions, classes, nn.Module instances, torch.nn layers) and a
// symbolic tensor (a shape and its node in the layer graph, never any data).
import type { PyNode as SyntaxNode } from './syntax';
import type { Tensor } from '../graph/builder';
import type { LayerSpec } from './layers';

export interface Scope {
  readonly vars: Map<string, Value>;
  readonly parent: Scope | undefined;
}

/** The file a definition comes from (its text is needed to read names and line numbers). */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

export interface Param {
  readonly name: string;
  readonly kind: 'plain' | 'star' | 'starstar';
  readonly defaultNode: SyntaxNode | undefined;
  /** Keyword-only (after `*` or `*args`). */
  readonly kwOnly: boolean;
}

export interface FuncValue {
  readonly k: 'func';
  readonly name: string;
  readonly params: readonly Param[];
  /** Defaults are evaluated once, where the def is, as Python does. */
  readonly defaults: ReadonlyMap<string, Value>;
  /** The Body node (or, for a lambda, the expression). */
  readonly body: SyntaxNode;
  readonly isLambda: boolean;
  readonly closure: Scope;
  readonly file: SourceFile;
  /** The class whose body defines the function (for `super()`). */
  owner: ClassValue | undefined;
  readonly line: number;
}

export interface ClassValue {
  readonly k: 'class';
  readonly name: string;
  readonly bases: readonly Value[];
  readonly ns: Map<string, Value>;
  readonly file: SourceFile;
  readonly line: number;
  /** Offsets of the class statement in its file (for the hover and the CodeLens). */
  readonly from: number;
  readonly to: number;
}

/** An instance of a class of the file (an nn.Module subclass, or any other class). */
export interface ObjValue {
  readonly k: 'obj';
  readonly cls: ClassValue;
  readonly attrs: Map<string, Value>;
  /** Registered submodules, in registration order (PyTorch's `_modules`). */
  readonly children: Map<string, Value>;
  /** Learnable tensors set as attributes (`nn.Parameter(torch.zeros(…))`): name → shape. */
  readonly params: Map<string, readonly number[]>;
  path: string | undefined;
}

/** A torch.nn layer (Conv2d, BatchNorm2d, …) with its bound constructor arguments. */
export interface LayerValue {
  readonly k: 'layer';
  readonly spec: LayerSpec;
  path: string | undefined;
  /** Line of the constructor call (diagram ↔ source). */
  readonly line: number;
}

/** nn.Sequential / nn.ModuleList / nn.ModuleDict. */
export interface ContainerValue {
  readonly k: 'container';
  readonly type: 'Sequential' | 'ModuleList' | 'ModuleDict';
  readonly children: Map<string, Value>;
  path: string | undefined;
  readonly line: number;
}

export interface TensorValue {
  readonly k: 'tensor';
  /** With the batch dimension first (batch 1). */
  readonly shape: readonly number[];
  /** Its node in the layer graph. */
  readonly t: Tensor;
}

export type Builtin = (args: Value[], kwargs: Map<string, Value>, at: SyntaxNode) => Value;

export type Value =
  | { readonly k: 'none' }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'int'; readonly v: number }
  | { readonly k: 'float'; readonly v: number }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'list'; readonly items: Value[] }
  | { readonly k: 'tuple'; readonly items: readonly Value[] }
  | { readonly k: 'dict'; readonly map: Map<string, { key: Value; value: Value }> }
  | FuncValue
  | ClassValue
  | ObjValue
  | LayerValue
  | ContainerValue
  | TensorValue
  | GroupedView
  | { readonly k: 'bound'; readonly self: Value; readonly fn: FuncValue }
  | { readonly k: 'builtin'; readonly name: string; readonly fn: Builtin }
  | { readonly k: 'partial'; readonly fn: Value; readonly args: readonly Value[]; readonly kwargs: ReadonlyMap<string, Value> }
  /** A library name (`torch`, `torch.nn.Conv2d`, `math.floor`), by its canonical dotted path. */
  | { readonly k: 'lib'; readonly path: string }
  | { readonly k: 'super'; readonly owner: ClassValue; readonly self: ObjValue }
  /** A name whose value is not known (imported from a file that is not read): an error only when used. */
  | { readonly k: 'opaque'; readonly why: string };

/**
 * `x.view(N, cardinality, radix, -1)` of a split-attention gate, on its way through rSoftMax:
 * `.transpose(1, 2)`, then `F.softmax(·, dim=1)`, then `.reshape(N, -1)` make the graph's
 * rsoftmax node. No other operation accepts it, so any other use is reported, never computed
 * on a shape that is not the tensor's.
 */
export interface GroupedView {
  readonly k: 'grouped';
  /** The gate (N × C or N × C × 1 × 1) the view was taken of, or, once softmaxed, the rsoftmax node. */
  readonly src: TensorValue;
  readonly cardinality: number;
  readonly radix: number;
  readonly step: 'viewed' | 'transposed' | 'softmaxed';
}

export const NONE: Value = { k: 'none' };
export const TRUE: Value = { k: 'bool', v: true };
export const FALSE: Value = { k: 'bool', v: false };

export const int = (v: number): Value => ({ k: 'int', v });
export const bool = (v: boolean): Value => (v ? TRUE : FALSE);

/** A module of the network: anything nn.Module registers as a child. */
export function isModule(v: Value): v is ObjValue | LayerValue | ContainerValue {
  return v.k === 'layer' || v.k === 'container' || (v.k === 'obj' && isNnModuleClass(v.cls));
}

/** Whether the class derives from torch.nn.Module (directly or through other classes). */
export function isNnModuleClass(c: ClassValue, depth = 0): boolean {
  if (depth > 50) return false;
  return c.bases.some((b) => (b.k === 'lib' && NN_BASES.has(b.path)) || (b.k === 'class' && isNnModuleClass(b, depth + 1)));
}

/** torch.nn classes a user class may derive from. */
export const NN_BASES = new Set(['torch.nn.Module', 'torch.nn.Sequential', 'torch.nn.ModuleList', 'torch.nn.ModuleDict']);

/** The torch.nn container a class derives from, if any (torchvision's `_Transition(nn.Sequential)`). */
export function containerBase(c: ClassValue, depth = 0): 'Sequential' | 'ModuleList' | 'ModuleDict' | undefined {
  if (depth > 50) return undefined;
  for (const b of c.bases) {
    if (b.k === 'lib' && b.path !== 'torch.nn.Module' && NN_BASES.has(b.path)) return b.path.slice('torch.nn.'.length) as 'Sequential' | 'ModuleList' | 'ModuleDict';
    if (b.k === 'class') {
      const inner = containerBase(b, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Python's name for a value's type, for messages. */
export function typeName(v: Value): string {
  switch (v.k) {
    case 'obj':
      return v.cls.name;
    case 'layer':
      return `nn.${v.spec.type}`;
    case 'container':
      return `nn.${v.type}`;
    case 'lib':
      return v.path;
    case 'func':
    case 'bound':
      return 'function';
    default:
      return v.k;
  }
}
