// The hover tables: model totals (optionally beside another model or without the classifier
// head), one stage, and a knob's with/without comparison. Pure: no vscode import.
import * as l10n from '@vscode/l10n';
import type { ReceptiveField, Shape } from '../../models';
import { delta, macs, params, rf, shape, type HoverTable, type InspectTarget } from './format';
import type { StageStats, Totals } from './modelStats';

export interface Column {
  readonly header: string;
  readonly totals: Totals;
  /** Show the numbers of the backbone without its classifier head (global pool + linear). */
  readonly headless?: boolean;
}

interface Figures {
  params: number;
  macs: number;
  depth: number;
  featureShape: Shape;
  rf: ReceptiveField;
}

function figures(c: Column): Figures {
  const t = c.totals;
  return c.headless
    ? { params: t.params - t.headParams, macs: t.macs - t.headMacs, depth: t.depth - t.headDepth, featureShape: t.featureShape, rf: t.rf }
    : { params: t.params, macs: t.macs, depth: t.depth, featureShape: t.featureShape, rf: t.rf };
}

export function inputNote(input: readonly [number, number]): string {
  return l10n.t('input 3 × {0} × {1} px', input[0], input[1]);
}

/** Totals of one or more models side by side. `partial` leaves out what depends on an unknown. */
export function totalsTable(title: string, columns: readonly Column[], opts: { notes?: string[]; inspect?: InspectTarget; paramsOnly?: boolean } = {}): HoverTable {
  const f = columns.map(figures);
  const rows: string[][] = [[l10n.t('Params'), ...f.map((x) => params(x.params))]];
  if (!opts.paramsOnly) rows.push([l10n.t('MACs (one image)'), ...f.map((x) => macs(x.macs))]);
  rows.push([l10n.t('Depth'), ...f.map((x) => String(x.depth))]);
  if (!opts.paramsOnly) {
    rows.push([l10n.t('Feature map'), ...f.map((x) => shape(x.featureShape))]);
    rows.push([l10n.t('Receptive field'), ...f.map((x) => rf(x.rf))]);
  }
  return { title, header: columns.map((c) => c.header), rows, notes: opts.notes, inspect: opts.inspect };
}

export function stageTable(title: string, s: StageStats, opts: { notes?: string[]; inspect?: InspectTarget } = {}): HoverTable {
  return {
    title,
    header: [s.label],
    rows: [
      [l10n.t('Blocks'), String(s.blocks)],
      [l10n.t('Output'), shape(s.shape)],
      [l10n.t('Params'), params(s.params)],
      [l10n.t('MACs (one image)'), macs(s.macs)],
      [l10n.t('Depth'), String(s.depth)],
      [l10n.t('Receptive field at its end'), rf(s.rf)],
    ],
    notes: opts.notes,
    inspect: opts.inspect,
  };
}

/** A knob's effect: the variant with it, the same variant without it, and the difference. */
export function knobTable(title: string, withIt: Totals, without: Totals | undefined, opts: { notes?: string[]; inspect?: InspectTarget } = {}): HoverTable {
  const a = figures({ header: '', totals: withIt });
  const b = without ? figures({ header: '', totals: without }) : undefined;
  const na = '—';
  const rows: string[][] = [
    [l10n.t('Params'), params(a.params), b ? params(b.params) : na, b ? delta(a.params - b.params) : na],
    [l10n.t('MACs (one image)'), macs(a.macs), b ? macs(b.macs) : na, b ? delta(a.macs - b.macs) : na],
    [l10n.t('Depth'), String(a.depth), b ? String(b.depth) : na, b ? delta(a.depth - b.depth) : na],
    [l10n.t('Feature map'), shape(a.featureShape), b ? shape(b.featureShape) : na, ''],
    [l10n.t('Receptive field'), rf(a.rf), b ? rf(b.rf) : na, ''],
  ];
  return { title, header: [l10n.t('with'), l10n.t('without'), l10n.t('change')], rows, notes: opts.notes, inspect: opts.inspect };
}
