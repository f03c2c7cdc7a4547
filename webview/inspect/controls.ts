// The toolbar: model, input size and the family's knobs (each change recomputes at once), colour
// metric, search, view and export actions. Built from the toolkit wrappers in webview/toolkit.ts.
import type { KnobValue } from '../../models';
import type { ModelData, PresetSummary } from '../../extension/protocol/inspect';
import { button, checkbox, dropdown, setValue, textField, type Choice } from '../toolkit';
import { METRICS, type Metric } from './metrics';
import { parseInputSize, parseKnob } from './parse';

export interface ControlEvents {
  pickSource(value: string): void;
  setInput(hw: [number, number]): void;
  setKnob(name: string, value: KnobValue): void;
  setMetric(m: Metric): void;
  search(query: string, next: boolean): void;
  action(name: 'fit' | 'expandAll' | 'collapseAll' | 'compare' | 'closeCompare' | 'resetKnobs'): void;
  exportAs(what: string): void;
  invalid(message: string): void;
}

const knobText = (v: KnobValue) => (Array.isArray(v) ? v.join(', ') : String(v));

export const EXPORTS: readonly Choice[] = [
  { value: '', label: 'Export…' },
  { value: 'svg:file', label: 'Save SVG…' },
  { value: 'svg:clipboard', label: 'Copy SVG' },
  { value: 'png:file', label: 'Save PNG…' },
  { value: 'markdown:clipboard', label: 'Copy table (Markdown)' },
  { value: 'csv:clipboard', label: 'Copy table (CSV)' },
  { value: 'markdown:file', label: 'Save table (Markdown)…' },
  { value: 'csv:file', label: 'Save table (CSV)…' },
];

export function buildToolbar(host: HTMLElement, presets: readonly PresetSummary[], d: ModelData, metric: Metric, query: string, comparing: boolean, ev: ControlEvents): void {
  host.replaceChildren();
  const row1 = document.createElement('div');
  row1.className = 'toolbar-row';
  const sources: Choice[] = presets.map((p) => ({ value: `preset:${p.id}`, label: `${p.id}` }));
  const current = d.source.kind === 'preset' ? `preset:${d.source.id}` : `file:${d.source.uri}`;
  if (d.source.kind === 'file') sources.unshift({ value: current, label: d.source.label });
  else if (!sources.some((s) => s.value === current)) sources.unshift({ value: current, label: d.source.id });
  row1.append(
    dropdown(sources, current, { label: 'Model', id: 'model-picker', onChange: (v) => ev.pickSource(v) }),
    textField(`${d.input[0]}×${d.input[1]}`, {
      label: 'Input',
      id: 'input-size',
      size: 9,
      title: 'Input size in pixels: 224 or 224x320 (H×W)',
      onChange: (v) => {
        const hw = parseInputSize(v);
        if (hw) ev.setInput(hw);
        else ev.invalid(`input size: expected 224 or 224x320, got "${v}"`);
      },
    }),
    dropdown(METRICS, metric, { label: 'Colour by', id: 'color-by', onChange: (v) => ev.setMetric(v as Metric) }),
    textField(query, {
      label: 'Find',
      id: 'search',
      placeholder: 'path, e.g. layer3.2.conv2',
      size: 22,
      title: 'Find nodes by path (Enter: next match)',
      onChange: (v) => ev.search(v, true),
      onInput: (v) => ev.search(v, false),
    }),
    button('Fit', { secondary: true, title: 'Fit to view (0)', onClick: () => ev.action('fit') }),
    button('Expand all', { secondary: true, title: 'Expand every group', onClick: () => ev.action('expandAll') }),
    button('Collapse', { secondary: true, title: 'Collapse to stages', onClick: () => ev.action('collapseAll') }),
    comparing
      ? button('Close compare', { secondary: true, onClick: () => ev.action('closeCompare') })
      : button('Compare…', { secondary: true, title: 'Open a second model side by side', onClick: () => ev.action('compare') }),
  );
  const exp = dropdown(EXPORTS, '', {
    label: 'Export',
    id: 'export',
    onChange: (v) => {
      if (!v) return;
      ev.exportAs(v);
      setValue(exp, '');
    },
  });
  row1.append(exp);

  const row2 = document.createElement('details');
  row2.className = 'knobs';
  const summary = document.createElement('summary');
  const changed = Object.keys(d.overrides).length;
  summary.textContent = `Knobs of ${d.family}${changed ? ` (${changed} changed)` : ''}`;
  row2.append(summary);
  const grid = document.createElement('div');
  grid.className = 'knob-grid';
  for (const spec of d.knobSpecs) {
    const value = d.knobs[spec.name];
    const cell = document.createElement('div');
    cell.className = `knob${spec.name in d.overrides ? ' changed' : ''}`;
    cell.title = spec.description;
    const label = document.createElement('label');
    label.textContent = spec.name;
    if (spec.kind === 'bool') {
      cell.append(checkbox(spec.name, value === true, { title: spec.description, onChange: (c) => ev.setKnob(spec.name, c) }));
    } else if (spec.kind === 'enum') {
      cell.append(label, dropdown(spec.values.map((v) => ({ value: String(v), label: String(v) })), String(value), {
        label: spec.name,
        onChange: (v) => ev.setKnob(spec.name, spec.values.find((x) => String(x) === v) ?? v),
      }));
    } else {
      cell.append(label, textField(knobText(value), {
        label: spec.name,
        size: spec.kind === 'intList' ? 14 : 6,
        title: spec.description,
        onChange: (t) => {
          const v = parseKnob(spec, t);
          if (v === undefined) ev.invalid(`${spec.name}: cannot read "${t}" as ${spec.kind === 'intList' ? 'a list of integers' : `a ${spec.kind === 'int' ? 'whole ' : ''}number`}`);
          else ev.setKnob(spec.name, v);
        },
      }));
    }
    grid.append(cell);
  }
  if (changed) grid.append(button('Reset knobs', { secondary: true, onClick: () => ev.action('resetKnobs') }));
  row2.append(grid);
  host.append(row1, row2);
}
