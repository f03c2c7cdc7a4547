// Hovers for Python: torchvision/timm constructors (`resnet50(`, `timm.create_model("…")`),
// `ResNet(block=…, layers=[…])` in the seed's or torchvision's style, and nn.Conv2d / nn.Linear /
// nn.BatchNorm2d with literal arguments. What cannot be read as a literal is never guessed:
// the hover leaves out the numbers that depend on it, or shows nothing. Pure: no vscode import.
import * as l10n from '@vscode/l10n';
import { findPreset, presets, resolveId, resolveVariant, withOverrides, type ModelSpec } from '../../models';
import { codeSpan, escapeMd, renderHover, type InspectTarget } from './format';
import { layerHover } from './pyLayers';
import { pythonModelHover, type Workspace } from './pyModelHover';
import { callAt, type PyArg, type PyCall, type PyValue } from './pyCalls';
import { totals } from './modelStats';
import { bindingOf, declarationsOf, fromOneOf } from './pyImports';
import { tokenizePython, type PyToken } from './pyTokens';
import { inputNote, totalsTable, type Column } from './tables';

export interface HoverResult {
  readonly markdown: string;
  /** Document offsets of the hovered range, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/**
 * Only the text around the cursor is tokenized: the callee sits just before or under it and its
 * arguments follow it. A call whose arguments run past the window counts as not closed (no hover).
 */
const WINDOW_STEP = 1000;
const WINDOW_LENGTH = 12_000;

let cache: { text: string; start: number; tokens: PyToken[] } | undefined;

/** Tokens around `offset`, reused while the document does not change (one hover after another). */
function tokensAround(text: string, offset: number): PyToken[] {
  const start = Math.max(0, Math.floor(offset / WINDOW_STEP) * WINDOW_STEP - WINDOW_STEP);
  if (cache?.start !== start || cache.text !== text) cache = { text, start, tokens: tokenizePython(text, { start, end: start + WINDOW_LENGTH }) };
  return cache.tokens;
}

export function pythonHover(text: string, offset: number, fileName = 'model.py', uri?: string, workspace?: Workspace): HoverResult | undefined {
  const call = callAt(tokensAround(text, offset), offset);
  const markdown = call && !call.qualifierUnknown ? memoized(call, () => hoverForCall(call, text), text) : undefined;
  if (markdown !== undefined && call) return { markdown, start: call.hoverStart, end: call.hoverEnd };
  // The user's own classes and factories: read by the interpreter, never given a library's numbers.
  return pythonModelHover(text, offset, fileName, uri, workspace);
}

/**
 * Markdown by call (callee, arguments as written, and whether the file rebinds the callee's first
 * name): the same call hovered again costs a map lookup. Bounded; oldest entries go first.
 */
const rendered = new Map<string, string | undefined>();
const MAX_RENDERED = 128;

function memoized(call: PyCall, render: () => string | undefined, text: string): string | undefined {
  const args = call.args?.map((a) => `${a.star ?? ''}${a.keyword ?? ''}=${a.text}`).join('\u0001') ?? '\u0000open';
  const key = `${call.callee.join('.')}\u0002${call.onFirstArgString}\u0002${args}\u0002${JSON.stringify(bindingOf(declarationsOf(text), call.callee[0]) ?? null)}`;
  if (rendered.has(key)) return rendered.get(key);
  const md = render();
  if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value as string);
  rendered.set(key, md);
  return md;
}

function hoverForCall(call: PyCall, text: string): string | undefined {
  const name = call.callee[call.callee.length - 1];
  const qualifier = call.callee.slice(0, -1).join('.');
  // The name the call starts from must not come from elsewhere (`def resnet50(last_stride)` in the
  // file itself, `from reid.backbones import resnet50`, `from mylib import *`).
  const from = (roots: readonly string[]): boolean => fromOneOf(declarationsOf(text), call.callee[0], roots);
  if (call.onFirstArgString) return name === 'create_model' && TIMM_QUALIFIERS.has(qualifier) && from(['timm']) ? timmHover(call.args) : undefined;
  if (NN_QUALIFIERS.has(qualifier) && ORDERS_KNOWN.has(name) && from(['torch'])) return layerHover(name, qualifier, call.args);
  if (name === 'create_model' && TIMM_QUALIFIERS.has(qualifier) && from(['timm'])) return timmHover(call.args);
  if (findPreset(name) && presetQualifierOk(qualifier) && from(['torchvision', 'timm']) && libraryBuilds(name, libraryOf(call, text))) return presetHover(name, call.args, 'constructor');
  // Only torchvision's own ResNet class gets the engine's numbers: a `class ResNet` of the file, or
  // one imported from anywhere else (the seed's re-ID class, a CIFAR ResNet), is the user's code.
  if (name === 'ResNet' && RESNET_QUALIFIERS.has(qualifier) && from(['torchvision'])) return torchvisionResNetHover(call.args, (n, roots) => fromOneOf(declarationsOf(text), n, roots));
  return undefined;
}

const ORDERS_KNOWN = new Set(['Conv2d', 'Linear', 'BatchNorm2d']);
const NN_QUALIFIERS = new Set(['', 'nn', 'torch.nn']);
const TIMM_QUALIFIERS = new Set(['', 'timm', 'timm.models']);
const RESNET_QUALIFIERS = new Set(['', 'models', 'torchvision.models', 'models.resnet', 'torchvision.models.resnet', 'resnet']);

/** The library a constructor call comes from: its import, else its qualifier (`torchvision.models.…`); undefined when neither says. */
function libraryOf(call: PyCall, text: string): 'torchvision' | 'timm' | undefined {
  const b = bindingOf(declarationsOf(text), call.callee[0]);
  const root = b?.kind === 'module' ? b.module.split('.')[0] : call.callee[0];
  return root === 'torchvision' || root === 'timm' ? root : undefined;
}

/** `torchvision.models.resnet50d(` is no torchvision model: only a library that builds the name gets its numbers. */
function libraryBuilds(id: string, library: 'torchvision' | 'timm' | undefined): boolean {
  return library === undefined || (findPreset(id)?.origins.includes(library) ?? false);
}

/** `resnet50(`, `models.resnet50(`, `torchvision.models.resnet50(`, `timm.models.seresnet50(`. */
function presetQualifierOk(q: string): boolean {
  if (q === '') return true;
  const parts = q.split('.');
  return parts[0] === 'torchvision' || parts[0] === 'timm' || parts[parts.length - 1] === 'models' || (parts.length === 2 && parts[0] === 'models');
}

/** Keyword arguments that change neither the architecture nor any count. */
const NO_EFFECT = new Set([
  'pretrained', 'weights', 'progress', 'zero_init_residual', 'memory_efficient', 'drop_rate', 'drop_path_rate', 'drop_block_rate',
  'pretrained_cfg', 'pretrained_cfg_overlay', 'checkpoint_path', 'cache_dir', 'scriptable', 'exportable', 'no_jit', 'device', 'dtype',
]);

type NumClasses = { kind: 'default' } | { kind: 'literal'; value: number } | { kind: 'headless'; why: string };

/** Reads the keyword arguments of a preset constructor; undefined when one changes the model in a way we do not model. */
function presetKeywords(args: readonly PyArg[]): NumClasses | undefined {
  let numClasses: NumClasses = { kind: 'default' };
  for (const a of args) {
    if (a.star) return undefined;
    if (a.keyword === undefined || NO_EFFECT.has(a.keyword)) continue;
    if (a.keyword === 'num_classes') {
      if (a.value.kind === 'int' && a.value.value >= 1 && a.value.value <= 1_000_000) numClasses = { kind: 'literal', value: a.value.value };
      else if (a.value.kind === 'int' && a.value.value === 0) numClasses = { kind: 'headless', why: l10n.t("`num_classes=0`: no classifier (timm), so these are the backbone's numbers.") };
      else if (a.value.kind !== 'name' && a.value.kind !== 'unknown') return undefined;
      else numClasses = { kind: 'headless', why: l10n.t("{0} is not a literal: the classifier is left out; these are the backbone's numbers.", codeSpan(`num_classes=${a.text}`)) };
    } else if (a.keyword === 'in_chans') {
      if (!(a.value.kind === 'int' && a.value.value === 3)) return undefined;
    } else if (a.keyword === 'global_pool') {
      if (!(a.value.kind === 'str' && a.value.value === 'avg')) return undefined;
    } else {
      return undefined;
    }
  }
  return numClasses;
}

function presetHover(id: string, args: readonly PyArg[] | undefined, how: 'constructor' | 'timm', positionalAllowed = 2): string | undefined {
  if (!args) return undefined;
  const positional = args.filter((a) => a.keyword === undefined && !a.star);
  // Positional arguments of torchvision/timm constructors are pretrained / progress flags; anything
  // else (`resnet50(1)`, the seed's `resnet50(last_stride)`) is some other function.
  if (positional.length > positionalAllowed || positional.some((a) => a.value.kind !== 'bool')) return undefined;
  const nc = presetKeywords(args);
  if (!nc) return undefined;
  let spec: ModelSpec;
  try {
    spec = resolveId(id);
    if (nc.kind === 'literal') spec = withOverrides(spec, { num_classes: nc.value });
  } catch {
    return undefined;
  }
  const t = totals(spec);
  const label = nc.kind === 'literal' ? `${id}, num_classes=${nc.value}` : nc.kind === 'headless' ? l10n.t('{0} without classifier', id) : id;
  const title = `**${escapeMd(id)}** — ${escapeMd(spec.description)} · ${inputNote(t.input)}`;
  const notes: string[] = [];
  if (nc.kind === 'headless') notes.push(nc.why);
  if (how === 'timm') notes.push(l10n.t('Built by `timm.create_model` from the name {0}.', codeSpan(id)));
  const origins = spec.preset?.origins ?? [];
  if (origins.length > 1) notes.push(l10n.t('{0} build the same architecture under this name (same state-dict keys).', origins.join(l10n.t(' and '))));
  const inspect: InspectTarget = nc.kind === 'literal' ? { model: id, overrides: { num_classes: nc.value } } : { model: id };
  return renderHover(totalsTable(title, [{ header: label, totals: t, headless: nc.kind === 'headless' }], { notes, inspect }));
}

function timmHover(args: readonly PyArg[] | undefined): string | undefined {
  if (!args) return undefined;
  const positional = args.filter((a) => a.keyword === undefined && !a.star);
  const nameArg = args.find((a) => a.keyword === 'model_name') ?? positional[0];
  if (!nameArg || nameArg.value.kind !== 'str') return undefined;
  // `resnet50.a1_in1k`: the part after the dot names pretrained weights, not the architecture.
  const id = nameArg.value.value.split('.')[0];
  if (!findPreset(id)) return undefined;
  const rest = args.filter((a) => a !== nameArg && a.keyword !== 'model_name');
  return presetHover(id, rest, 'timm', nameArg.keyword === undefined ? 1 : 0);
}

/** The parameters of torchvision's `ResNet.__init__`, in order. */
const TORCHVISION_RESNET_ARGS = ['block', 'layers', 'num_classes', 'zero_init_residual', 'groups', 'width_per_group', 'replace_stride_with_dilation', 'norm_layer'];

/**
 * torchvision's `ResNet(block, layers, num_classes=1000, …)`. Any argument outside its signature
 * (the seed's `last_stride`) means some other class: no hover. `isFrom` tells whether a name the
 * file uses (the block class, the norm layer) comes from those libraries, not from the file itself.
 */
function torchvisionResNetHover(args: readonly PyArg[] | undefined, isFrom: (name: string, roots: readonly string[]) => boolean): string | undefined {
  if (!args || args.some((a) => a.star)) return undefined;
  const positional = args.filter((a) => a.keyword === undefined);
  if (positional.length > TORCHVISION_RESNET_ARGS.length) return undefined;
  const named = new Map<string, PyValue>();
  positional.forEach((a, i) => named.set(TORCHVISION_RESNET_ARGS[i], a.value));
  for (const a of args) {
    if (a.keyword === undefined) continue;
    if (named.has(a.keyword) || !TORCHVISION_RESNET_ARGS.includes(a.keyword)) return undefined;
    named.set(a.keyword, a.value);
  }
  const block = named.get('block');
  const layers = named.get('layers');
  if (block === undefined || layers === undefined) return undefined;
  const knobs: Record<string, unknown> = { family: 'resnet' };
  const b = blockOf(block);
  if (!b || block.kind !== 'name' || !isFrom(block.dotted.split('.')[0], ['torchvision'])) return undefined;
  knobs.block = b;
  const l = intList(layers);
  if (!l) return undefined;
  knobs.layers = l;
  for (const [key, knob] of [['num_classes', 'num_classes'], ['groups', 'groups'], ['width_per_group', 'base_width']] as const) {
    const v = named.get(key);
    if (v === undefined) continue;
    if (v.kind !== 'int') return undefined;
    knobs[knob] = v.value;
  }
  for (const key of ['replace_stride_with_dilation', 'norm_layer'] as const) {
    const v = named.get(key);
    if (v === undefined || v.kind === 'none') continue;
    if (key === 'norm_layer' && v.kind === 'name' && /(^|\.)BatchNorm2d$/.test(v.dotted) && isFrom(v.dotted.split('.')[0], ['torch'])) continue;
    if (key === 'replace_stride_with_dilation' && (v.kind === 'list' || v.kind === 'tuple') && v.items.every((x) => x.kind === 'bool' && !x.value)) continue;
    return undefined;
  }
  const zero = named.get('zero_init_residual');
  if (zero !== undefined && zero.kind !== 'bool') return undefined;
  let spec: ModelSpec;
  try {
    spec = resolveVariant(knobs, undefined, 'ResNet');
  } catch {
    return undefined;
  }
  const t = totals(spec);
  const target = inspectTarget(spec);
  const knobText = Object.entries(spec.overrides).filter(([k]) => k !== 'family').map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const title = `**ResNet** (torchvision, ${escapeMd(knobText)}) · ${inputNote(t.input)}`;
  const columns: Column[] = [{ header: target.match ?? 'ResNet', totals: t }];
  const inspect: InspectTarget = Object.keys(target.overrides).length > 0 ? { model: target.model, overrides: target.overrides } : { model: target.model };
  return renderHover(totalsTable(title, columns, { inspect }));
}

function blockOf(v: PyValue): 'basic' | 'bottleneck' | undefined {
  if (v.kind !== 'name') return undefined;
  const last = v.dotted.split('.').pop();
  return last === 'Bottleneck' ? 'bottleneck' : last === 'BasicBlock' ? 'basic' : undefined;
}

function intList(v: PyValue): number[] | undefined {
  if (v.kind !== 'list' && v.kind !== 'tuple') return undefined;
  const out: number[] = [];
  for (const x of v.items) {
    if (x.kind !== 'int') return undefined;
    out.push(x.value);
  }
  return out;
}

/** The preset of the same family whose knobs differ least from `spec` (or the family), with the differences as overrides. */
function inspectTarget(spec: ModelSpec): { model: string; overrides: Record<string, unknown>; match: string | undefined } {
  let best: { model: string; overrides: Record<string, unknown> } | undefined;
  for (const p of presets.filter((x) => x.family === spec.family)) {
    const base = knobsOf(p.id);
    const diff = Object.fromEntries(Object.entries(spec.knobs).filter(([k, v]) => JSON.stringify(base[k]) !== JSON.stringify(v)));
    if (!best || Object.keys(diff).length < Object.keys(best.overrides).length) best = { model: p.id, overrides: diff };
  }
  const familyBase = knobsOf(spec.family);
  const familyDiff = Object.fromEntries(Object.entries(spec.knobs).filter(([k, v]) => JSON.stringify(familyBase[k]) !== JSON.stringify(v)));
  const chosen = best && Object.keys(best.overrides).length <= Object.keys(familyDiff).length ? best : { model: spec.family, overrides: familyDiff };
  return { ...chosen, match: Object.keys(chosen.overrides).length === 0 ? chosen.model : undefined };
}

const knobCache = new Map<string, ModelSpec['knobs']>();

function knobsOf(id: string): ModelSpec['knobs'] {
  let k = knobCache.get(id);
  if (!k) knobCache.set(id, (k = resolveId(id).knobs));
  return k;
}
