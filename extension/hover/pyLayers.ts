// Hovers for single layers: nn.Conv2d, nn.Linear, nn.BatchNorm2d. Numbers come from the engine
// (layerStats.ts); the formula beside each number is the arguments as written. An argument that
// is not a literal (a variable such as `inplanes`) keeps its name in the formula and every number
// that depends on it is left out. Pure: no vscode import.
import { integer, shape } from '../../models/report/format';
import { codeSpan, escapeMd, renderHover } from './markdown';
import { batchNormStats, convStats, linearStats, type ConvArgs } from './layerStats';
import type { PyArg, PyValue } from './pyCalls';

type Pair = readonly [number, number];

/** A bound argument: a literal of the expected type, a non-literal (kept as source text), or absent. */
type Bound<T> = { kind: 'value'; value: T; text: string } | { kind: 'unknown'; text: string };

const ORDERS: Record<string, readonly string[]> = {
  Conv2d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode', 'device', 'dtype'],
  Linear: ['in_features', 'out_features', 'bias', 'device', 'dtype'],
  BatchNorm2d: ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'],
};

/** Markdown for `nn.<name>(…)`, or undefined (not a layer we know, half-typed, or arguments PyTorch would reject). */
export function layerHover(name: string, qualifier: string, args: readonly PyArg[] | undefined): string | undefined {
  const order = ORDERS[name];
  if (!order || !args) return undefined;
  const bound = bind(args, order);
  if (!bound) return undefined;
  const shown = qualifier === '' ? name : `${qualifier}.${name}`;
  switch (name) {
    case 'Conv2d':
      return conv(shown, bound);
    case 'Linear':
      return linear(shown, bound);
    case 'BatchNorm2d':
      return batchNorm(shown, bound);
  }
  return undefined;
}

function bind(args: readonly PyArg[], order: readonly string[]): Map<string, PyArg> | undefined {
  const out = new Map<string, PyArg>();
  let i = 0;
  for (const a of args) {
    if (a.star) return undefined;
    const key = a.keyword ?? order[i++];
    if (key === undefined || !order.includes(key) || out.has(key)) return undefined;
    out.set(key, a);
  }
  return out;
}

/** undefined: PyTorch would reject the literal. */
function asInt(a: PyArg | undefined, dflt?: number): Bound<number> | undefined | 'missing' {
  if (!a) return dflt === undefined ? 'missing' : { kind: 'value', value: dflt, text: String(dflt) };
  if (a.value.kind === 'int') return { kind: 'value', value: a.value.value, text: a.text };
  return nonLiteral(a);
}

function asPair(a: PyArg | undefined, dflt?: number): Bound<Pair> | undefined | 'missing' {
  if (!a) return dflt === undefined ? 'missing' : { kind: 'value', value: [dflt, dflt], text: String(dflt) };
  const v = a.value;
  if (v.kind === 'int') return { kind: 'value', value: [v.value, v.value], text: a.text };
  if ((v.kind === 'tuple' || v.kind === 'list') && v.items.length === 2) {
    const [x, y] = v.items;
    if (x.kind === 'int' && y.kind === 'int') return { kind: 'value', value: [x.value, y.value], text: a.text };
    if (x.kind === 'unknown' || x.kind === 'name' || y.kind === 'unknown' || y.kind === 'name') return { kind: 'unknown', text: a.text };
    return undefined;
  }
  return nonLiteral(a);
}

function asBool(a: PyArg | undefined, dflt: boolean): Bound<boolean> | undefined {
  if (!a) return { kind: 'value', value: dflt, text: String(dflt) };
  if (a.value.kind === 'bool') return { kind: 'value', value: a.value.value, text: a.text };
  return nonLiteral(a);
}

/** A variable or an expression is unknown; a literal of the wrong type (a float, a string) is an error PyTorch would raise. */
function nonLiteral(a: PyArg): { kind: 'unknown'; text: string } | undefined {
  const k: PyValue['kind'] = a.value.kind;
  return k === 'name' || k === 'unknown' ? { kind: 'unknown', text: a.text } : undefined;
}


function unknownNote(names: readonly string[]): string {
  return `${names.map(codeSpan).join(', ')} ${names.length === 1 ? 'is' : 'are'} not ${names.length === 1 ? 'a literal' : 'literals'}: the numbers that depend on ${names.length === 1 ? 'it' : 'them'} are left out.`;
}

function conv(shown: string, b: Map<string, PyArg>): string | undefined {
  const inC = asInt(b.get('in_channels'));
  const outC = asInt(b.get('out_channels'));
  const kernel = asPair(b.get('kernel_size'));
  const stride = asPair(b.get('stride'), 1);
  const dilation = asPair(b.get('dilation'), 1);
  const groups = asInt(b.get('groups'), 1);
  const bias = asBool(b.get('bias'), true);
  const padArg = b.get('padding');
  let padding: Bound<Pair | 'same' | 'valid'> | undefined | 'missing';
  if (padArg?.value.kind === 'str') padding = padArg.value.value === 'same' || padArg.value.value === 'valid' ? { kind: 'value', value: padArg.value.value, text: padArg.text } : undefined;
  else padding = asPair(padArg, 0);
  const all = [inC, outC, kernel, stride, dilation, groups, bias, padding];
  if (all.some((x) => x === undefined || x === 'missing')) return undefined;
  const [i, o, k, s, d, g, bi, p] = all as [Bound<number>, Bound<number>, Bound<Pair>, Bound<Pair>, Bound<Pair>, Bound<number>, Bound<boolean>, Bound<Pair | 'same' | 'valid'>];
  const unknown = [i, o, k, s, d, g, bi, p].filter((x) => x.kind === 'unknown').map((x) => x.text);

  const kText = k.kind === 'value' ? `${k.value[0]} × ${k.value[1]}` : `kh × kw (${codeSpan(k.text)})`;
  const inText = i.kind === 'value' ? String(i.value) : codeSpan(i.text);
  const outText = o.kind === 'value' ? String(o.value) : codeSpan(o.text);
  const perGroup = g.kind === 'value' && g.value === 1 ? inText : `(${inText} / ${g.kind === 'value' ? g.value : codeSpan(g.text)})`;
  const weightFormula = `${outText} × ${perGroup} × ${kText}`;
  const biasFormula = bi.kind === 'unknown' ? ` + ${outText} bias if ${codeSpan(bi.text)}` : bi.value ? ` + ${outText} bias` : ', no bias';

  const titleParts = [`${inText} → ${outText}`, `kernel ${k.kind === 'value' ? shape(k.value) : codeSpan(k.text)}`];
  if (!(s.kind === 'value' && s.value[0] === 1 && s.value[1] === 1)) titleParts.push(`stride ${pairText(s)}`);
  if (!(p.kind === 'value' && p.value !== 'same' && p.value !== 'valid' && p.value[0] === 0 && p.value[1] === 0)) titleParts.push(`padding ${p.kind === 'value' && typeof p.value === 'string' ? p.value : pairText(p as Bound<Pair>)}`);
  if (!(d.kind === 'value' && d.value[0] === 1 && d.value[1] === 1)) titleParts.push(`dilation ${pairText(d)}`);
  if (!(g.kind === 'value' && g.value === 1)) titleParts.push(`groups ${g.kind === 'value' ? g.value : codeSpan(g.text)}`);
  const title = `**${escapeMd(shown)}**(${titleParts.join(', ')})`;

  const rows: string[][] = [];
  const notes: string[] = [];
  const countsKnown = [i, o, k, g, bi].every((x) => x.kind === 'value');
  if (countsKnown) {
    // Channels and kernel known: params and MACs per output pixel from the engine. Stride, padding
    // and dilation change neither; where they are unknown, stand-ins of 1 / 0 are used for them.
    const args: ConvArgs = {
      inChannels: (i as { value: number }).value,
      outChannels: (o as { value: number }).value,
      kernel: (k as { value: Pair }).value,
      stride: s.kind === 'value' ? s.value : [1, 1],
      padding: p.kind === 'value' ? p.value : [0, 0],
      dilation: d.kind === 'value' ? d.value : [1, 1],
      groups: (g as { value: number }).value,
      bias: (bi as { value: boolean }).value,
    };
    if (args.padding === 'same' && (args.stride[0] !== 1 || args.stride[1] !== 1)) return undefined;
    const st = convStats(args);
    if (!st) return undefined;
    rows.push(['Params', `${integer(st.params)} = ${weightFormula} weight${biasFormula}`]);
    rows.push(['MACs per output pixel', `${integer(st.macsPerPixel)} = ${weightFormula}`]);
    if (s.kind === 'value' && d.kind === 'value') rows.push(['Receptive field step', rfStep(st.rfGrowth, st.jumpFactor, args)]);
  } else {
    rows.push(['Params', `${weightFormula} weight${biasFormula}`]);
    rows.push(['MACs per output pixel', weightFormula]);
    if (k.kind === 'value' && s.kind === 'value' && d.kind === 'value') {
      // The receptive field does not depend on channels: ask the engine with one channel.
      const st = convStats({ inChannels: 1, outChannels: 1, kernel: k.value, stride: s.value, padding: [0, 0], dilation: d.value, groups: 1, bias: false });
      if (st) rows.push(['Receptive field step', rfStep(st.rfGrowth, st.jumpFactor, { kernel: k.value, stride: s.value, dilation: d.value })]);
    }
  }
  if (unknown.length > 0) notes.push(unknownNote(unknown));
  notes.push('MACs of the whole layer = MACs per output pixel × H_out × W_out. In the step, r is the receptive field and j its stride (the jump: input pixels between adjacent outputs).');
  return renderHover({ title, header: ['value'], rows, notes });
}

function pairText(b: Bound<Pair>): string {
  if (b.kind === 'unknown') return codeSpan(b.text);
  return b.value[0] === b.value[1] ? String(b.value[0]) : shape(b.value);
}

/** "r ← r + 2·j, j ← 2·j (kernel 3, dilation 1, stride 2)", per dimension when they differ. */
function rfStep(growth: Pair, jump: Pair, a: { kernel: Pair; stride: Pair; dilation: Pair }): string {
  const one = (dim: 0 | 1): string => `r ← r + ${growth[dim]}·j, j ← ${jump[dim]}·j (kernel ${a.kernel[dim]}, dilation ${a.dilation[dim]}, stride ${a.stride[dim]})`;
  return growth[0] === growth[1] && jump[0] === jump[1] && a.kernel[0] === a.kernel[1] ? one(0) : `H: ${one(0)}; W: ${one(1)}`;
}

function linear(shown: string, b: Map<string, PyArg>): string | undefined {
  const inF = asInt(b.get('in_features'));
  const outF = asInt(b.get('out_features'));
  const bias = asBool(b.get('bias'), true);
  if ([inF, outF, bias].some((x) => x === undefined || x === 'missing')) return undefined;
  const [i, o, bi] = [inF, outF, bias] as [Bound<number>, Bound<number>, Bound<boolean>];
  const inText = i.kind === 'value' ? String(i.value) : codeSpan(i.text);
  const outText = o.kind === 'value' ? String(o.value) : codeSpan(o.text);
  const weightFormula = `${inText} × ${outText}`;
  const biasFormula = bi.kind === 'unknown' ? ` + ${outText} bias if ${codeSpan(bi.text)}` : bi.value ? ` + ${outText} bias` : ', no bias';
  const rows: string[][] = [];
  if (i.kind === 'value' && o.kind === 'value' && bi.kind === 'value') {
    const st = linearStats(i.value, o.value, bi.value);
    if (!st) return undefined;
    rows.push(['Params', `${integer(st.params)} = ${weightFormula} weight${biasFormula}`]);
    rows.push(['MACs per sample', `${integer(st.macs)} = ${weightFormula}`]);
  } else {
    rows.push(['Params', `${weightFormula} weight${biasFormula}`]);
    rows.push(['MACs per sample', weightFormula]);
  }
  rows.push(['Receptive field step', 'none: acts on a flat feature vector']);
  const unknown = [i, o, bi].filter((x) => x.kind === 'unknown').map((x) => x.text);
  const notes = unknown.length > 0 ? [unknownNote(unknown)] : [];
  return renderHover({ title: `**${escapeMd(shown)}**(${inText} → ${outText})`, header: ['value'], rows, notes });
}

function batchNorm(shown: string, b: Map<string, PyArg>): string | undefined {
  const c = asInt(b.get('num_features'));
  const affine = asBool(b.get('affine'), true);
  const tracked = asBool(b.get('track_running_stats'), true);
  // Without affine (or with an unknown affine) the parameter count is not the engine's BatchNorm.
  if (c === undefined || c === 'missing' || !affine || affine.kind !== 'value' || !affine.value || !tracked) return undefined;
  const cText = c.kind === 'value' ? String(c.value) : codeSpan(c.text);
  const rows: string[][] = [];
  if (c.kind === 'value') {
    const st = batchNormStats(c.value);
    if (!st) return undefined;
    rows.push(['Params', `${integer(st.params)} = ${cText} weight (γ) + ${cText} bias (β)`]);
    if (tracked.kind === 'value' && tracked.value) rows.push(['Buffers (not params)', `${integer(st.bufferElements)} = ${cText} running_mean + ${cText} running_var + 1 num_batches_tracked`]);
    rows.push(['MACs per output pixel', `${integer(st.macsPerPixel)}: BatchNorm goes to the FLOPs ledger, ${integer(st.flopsPerElement)} FLOPs per element at inference`]);
  } else {
    rows.push(['Params', `${cText} weight (γ) + ${cText} bias (β)`]);
    const st = batchNormStats(1);
    if (!st) return undefined;
    rows.push(['MACs per output pixel', `${integer(st.macsPerPixel)}: BatchNorm goes to the FLOPs ledger, ${integer(st.flopsPerElement)} FLOPs per element at inference`]);
  }
  rows.push(['Receptive field step', 'none: per-pixel']);
  const notes = c.kind === 'unknown' ? [unknownNote([c.text])] : [];
  return renderHover({ title: `**${escapeMd(shown)}**(${cText})`, header: ['value'], rows, notes });
}
