// The one number formatter of every surface: the CLI's text, the hovers, the diagram (boxes,
// tooltip, side pane, compare), its exports and the quick picks. Pure (no vscode, no DOM), so the
// host, the webviews and the CLI import the same functions. It formats; it computes nothing.
//
// Conventions chosen where the old copies disagreed (pinned by test/unit/report/format.test.ts):
// integers grouped with commas on every locale and a true minus sign (U+2212); short counts with
// two decimals at every magnitude ("9.41 k", "25.56 M"); bytes in binary units with two decimals;
// shapes as "2048×7×7" (no spaces, like H×W in the conventions); percentages with one decimal.
import { RF_WORDS, UNITS, type RfWords } from './vocabulary';

const MINUS = '\u2212';
const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: true });

/** 25557032 → "25,557,032"; −1000 → "−1,000". Rounds to an integer (the engine's counts are). */
export function integer(n: number): string {
  const text = grouping.format(Math.abs(n));
  return n < 0 && text !== '0' ? MINUS + text : text;
}

/** A signed difference: "+1,024", "−3", "0". */
export function signedInteger(n: number): string {
  return n > 0 ? `+${integer(n)}` : integer(n);
}

/** A count with a decimal prefix and two decimals: 4089184256 → "4.09 G", 9408 → "9.41 k", 512 → "512". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  for (let i = UNITS.decimal.length - 1; i >= 0; i--) {
    const scale = 1000 ** (i + 1);
    if (abs >= scale) return `${n < 0 ? MINUS : ''}${(abs / scale).toFixed(2)} ${UNITS.decimal[i]}`;
  }
  return integer(n);
}

/** The exact count and its magnitude: "4,089,184,256 (4.09 G)"; below 1,000 only "512". */
export function exactAndCompact(n: number): string {
  return Math.abs(n) >= 1000 ? `${integer(n)} (${compact(n)})` : integer(n);
}

/** Bytes in the largest binary unit that keeps the number at least 1: "2.56 GiB", "1.50 KiB", "512 B". */
export function bytes(b: number): string {
  for (let i = UNITS.binary.length - 1; i >= 0; i--) {
    const scale = 1024 ** (i + 1);
    if (b >= scale) return `${(b / scale).toFixed(2)} ${UNITS.binary[i]}`;
  }
  return `${integer(b)} ${UNITS.byte}`;
}

/**
 * A tensor statistic (mean, std, min, max): 4 significant digits, exponent notation outside
 * [1e-3, 1e4); "—" where there is no value (a tensor without a finite element).
 */
export function statistic(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e4) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}

/** A tensor shape or a size: [2048, 7, 7] → "2048×7×7"; [] → "—". */
export function shape(dims: readonly number[]): string {
  return dims.length === 0 ? '—' : dims.join('×');
}

/**
 * A share: one decimal always, so that a column of them lines up ("100.0 %", "24.2 %", "0.3 %"),
 * and "< 0.1 %" for a share that is not zero but rounds to it.
 */
export function percent(fraction: number): string {
  const v = fraction * 100;
  if (v > 0 && v < 0.05) return `< 0.1 ${UNITS.percent}`;
  return `${v.toFixed(1)} ${UNITS.percent}`;
}

/** A signed relative change: "+3.2 %", "−12.0 %". */
export function signedPercent(fraction: number): string {
  const text = `${Math.abs(fraction * 100).toFixed(1)} ${UNITS.percent}`;
  return fraction > 0 ? `+${text}` : fraction < 0 ? `${MINUS}${text}` : text;
}

/** A measured latency, two decimals: "12.34 ms". */
export function milliseconds(ms: number): string {
  return `${ms.toFixed(2)} ${UNITS.milliseconds}`;
}

/** A wall-clock duration, as precise as it is useful: "12.3 ms", "934 ms", "1.23 s". */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} ${UNITS.seconds}`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ${UNITS.milliseconds}`;
}

/** What a receptive-field phrase needs; the engine's ReceptiveField, the protocol's and the JSON's fit it. */
export interface RfFigures {
  /** Largest field over all paths, input pixels; null once the output sees the whole image. */
  readonly size: number | null;
  readonly min: number | null;
  /** The jump: input pixels between adjacent outputs. */
  readonly stride: number | null;
  readonly global?: boolean;
  readonly globalContext?: boolean;
}

/** Effective paddings in input pixels, where a surface shows them (the CLI, the RF lens). */
export interface RfPadding {
  readonly padding: number | null;
  readonly minPadding?: number | null;
}

/**
 * "427 px (smallest path 11 px, stride 32)", "…, gated by global context" after an SE or
 * split-attention gate, "global (whole image)" once the output sees every input pixel. With
 * paddings: "427 px (smallest path 11 px, stride 32, effective padding 213 px, smallest path's
 * padding 5 px)". `words` are RF_WORDS unless a surface in another display language passes
 * their translation.
 */
export function receptiveField(rf: RfFigures, pad?: RfPadding, words: RfWords = RF_WORDS): string {
  if (rf.global || rf.size === null) return words.global;
  const px = (n: number | null | undefined): string => `${integer(n ?? 0)} ${UNITS.pixels}`;
  const parts = [`${words.smallestPath} ${px(rf.min ?? rf.size)}`, `${words.stride} ${integer(rf.stride ?? 0)}`];
  if (pad && pad.padding !== null) parts.push(`${words.effectivePadding} ${px(pad.padding)}`);
  if (pad && pad.minPadding !== undefined && pad.minPadding !== null) parts.push(`${words.smallestPathPadding} ${px(pad.minPadding)}`);
  return `${px(rf.size)} (${parts.join(', ')})${rf.globalContext ? `, ${words.gated}` : ''}`;
}

/**
 * The receptive field in a table cell whose header names the parts (size/smallest path/stride,
 * input pixels): "427/11/32", "487/43/32 +ctx" after a global-context gate, "global".
 */
export function receptiveFieldCell(rf: RfFigures, words: RfWords = RF_WORDS): string {
  if (rf.global || rf.size === null) return words.globalCell;
  return `${rf.size}/${rf.min ?? rf.size}/${rf.stride ?? 0}${rf.globalContext ? ` ${words.gatedCell}` : ''}`;
}
