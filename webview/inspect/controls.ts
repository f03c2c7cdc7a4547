// The toolbar: model, input size, colour metric, search, view and export actions, and a knob panel
// per diagram (each change recomputes at once). Built once from the toolkit wrappers in
// webview/toolkit.ts and updated in place on every model message: creating toolkit components is
// the expensive part (tens of ms), so a knob grid is rebuilt only when the family (its knob specs)
// changes, and only while its panel is open.
import * as l10n from '@vscode/l10n';
import type { KnobSpec, KnobValue } from '../../models';
import type { ModelData, ModelSource, PresetSummary } from '../../shared/protocol/inspect';
import { EXPORTS, sourceChoices, sourceValue, type ExportRequest } from './choices';
import { button, checkbox, dropdown, setChecked, setValue, textField } from '../toolkit';
import { shape } from '../../models/report/format';
import { metricChoices, type Metric } from './metrics';
import { inputSizeOf } from '../../models/inputSize';
import { parseKnob } from './parse';

export interface KnobEvents {
  setKnob(name: string, value: KnobValue): void;
  resetKnobs(): void;
  invalid(message: string): void;
}

export interface ControlEvents extends KnobEvents {
  pickSource(source: ModelSource): void;
  setInput(hw: [number, number]): void;
  setMetric(m: Metric): void;
  /** `step`: 1 for the next match (Enter), -1 for the previous one (Shift+Enter), 0 to only highlight. */
  search(query: string, step: -1 | 0 | 1): void;
  action(name: 'fit' | 'expandAll' | 'collapseAll' | 'compare' | 'closeCompare'): void;
  exportAs(what: ExportRequest): void;
}

const knobText = (v: KnobValue) => (Array.isArray(v) ? v.join(', ') : String(v));

/** What decides whether a knob grid has to be rebuilt: the family and its knob names and kinds. */
export function knobSignature(d: Pick<ModelData, 'family' | 'knobSpecs'>): string {
  return `${d.family}|${d.knobSpecs.map((s) => `${s.name}:${s.kind}${s.kind === 'enum' ? `=${s.values.join('/')}` : ''}`).join(',')}`;
}

interface KnobControl {
  spec: KnobSpec;
  cell: HTMLElement;
  control: HTMLElement;
}

/**
 * A collapsible panel of one model's knobs. Its grid is built the first time it is opened and
 * again only when the family changes; other updates set values and "changed" marks in place.
 */
export class KnobPanel {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly grid: HTMLDivElement;
  private readonly reset: HTMLElement;
  private controls = new Map<string, KnobControl>();
  private signature = '';
  private data: ModelData | undefined;

  constructor(private readonly ev: KnobEvents) {
    this.element = document.createElement('details');
    this.element.className = 'knobs';
    this.summary = document.createElement('summary');
    this.grid = document.createElement('div');
    this.grid.className = 'knob-grid';
    this.reset = button(l10n.t('Reset knobs'), { secondary: true, onClick: () => ev.resetKnobs() });
    this.element.append(this.summary, this.grid);
    this.element.addEventListener('toggle', () => {
      if (this.element.open && this.data) this.fill(this.data);
    });
  }

  update(d: ModelData, title = l10n.t('Knobs of {0}', d.family)): void {
    this.data = d;
    const changed = Object.keys(d.overrides).length;
    this.summary.textContent = changed ? l10n.t('{0} ({1} changed)', title, changed) : title;
    if (this.element.open) this.fill(d);
  }

  private fill(d: ModelData): void {
    const sig = knobSignature(d);
    if (sig !== this.signature) {
      this.signature = sig;
      this.build(d);
    }
    for (const { spec, cell, control } of this.controls.values()) {
      const value = d.knobs[spec.name];
      cell.classList.toggle('changed', spec.name in d.overrides);
      if (spec.kind === 'bool') setChecked(control, value === true);
      else setValue(control, spec.kind === 'enum' ? String(value) : knobText(value));
    }
    this.reset.hidden = Object.keys(d.overrides).length === 0;
  }

  private build(d: ModelData): void {
    this.controls = new Map();
    const cells: HTMLElement[] = [];
    for (const spec of d.knobSpecs) {
      const value = d.knobs[spec.name];
      const cell = document.createElement('div');
      cell.className = 'knob';
      cell.title = spec.description;
      const label = document.createElement('label');
      label.textContent = spec.name;
      let control: HTMLElement;
      if (spec.kind === 'bool') {
        control = checkbox(spec.name, value === true, { title: spec.description, onChange: (c) => this.ev.setKnob(spec.name, c) });
        cell.append(control);
      } else if (spec.kind === 'enum') {
        control = dropdown(spec.values.map((v) => ({ value: String(v), label: String(v) })), String(value), {
          label: spec.name,
          onChange: (v) => this.ev.setKnob(spec.name, spec.values.find((x) => String(x) === v) ?? v),
        });
        cell.append(label, control);
      } else {
        control = textField(knobText(value), {
          label: spec.name,
          size: spec.kind === 'intList' ? 14 : 6,
          title: spec.description,
          // The cell's own <label> names it, as for dropdowns.
          visibleLabel: false,
          onChange: (t) => {
            const v = parseKnob(spec, t);
            if (v === undefined) this.ev.invalid(spec.kind === 'intList' ? l10n.t('{0}: cannot read "{1}" as a list of integers', spec.name, t) : spec.kind === 'int' ? l10n.t('{0}: cannot read "{1}" as a whole number', spec.name, t) : l10n.t('{0}: cannot read "{1}" as a number', spec.name, t));
            else this.ev.setKnob(spec.name, v);
          },
        });
        cell.append(label, control);
      }
      this.controls.set(spec.name, { spec, cell, control });
      cells.push(cell);
    }
    this.grid.replaceChildren(...cells, this.reset);
  }
}

/** The page's toolbar, created once; `update` reflects the main model, the metric and compare mode. */
export class Toolbar {
  private readonly row: HTMLDivElement;
  private picker: HTMLElement;
  private pickerKey = '';
  private readonly input: HTMLElement;
  private metric: HTMLElement;
  /** The metric choices the dropdown holds (the weight modes come and go with the model's weight statistics). */
  private metricKey = '';
  private readonly compare: HTMLElement;
  private readonly closeCompare: HTMLElement;
  private presets: readonly PresetSummary[] = [];
  readonly knobs: KnobPanel;

  constructor(host: HTMLElement, private readonly ev: ControlEvents, metric: Metric, query: string) {
    this.row = document.createElement('div');
    this.row.className = 'toolbar-row';
    this.picker = this.makePicker([], '');
    this.input = textField('', {
      label: l10n.t('Input'),
      id: 'input-size',
      size: 9,
      title: l10n.t('Input size in pixels: 224 or 224x320 (H×W)'),
      onChange: (v) => {
        const hw = inputSizeOf(v);
        if (hw) ev.setInput(hw);
        else ev.invalid(l10n.t('input size: expected 224 or 224x320, got "{0}"', v));
      },
    });
    this.metric = this.makeMetric(metricChoices(), metric);
    this.metricKey = metricChoices().map((c) => c.value).join('\n');
    const search = textField(query, {
      label: l10n.t('Find'),
      id: 'search',
      placeholder: l10n.t('path, e.g. layer3.2.conv2'),
      size: 18,
      title: l10n.t('Find nodes by path (Enter: next match, Shift+Enter: previous)'),
      // Enter is heard on every press (onEnter), not only when the text changed.
      onChange: () => undefined,
      onInput: (v) => ev.search(v, 0),
      onEnter: (v, shift) => ev.search(v, shift ? -1 : 1),
    });
    this.compare = button(l10n.t('Compare…'), { secondary: true, id: 'compare', title: l10n.t('Open a second model side by side'), onClick: () => ev.action('compare') });
    this.closeCompare = button(l10n.t('Close compare'), { secondary: true, id: 'close-compare', onClick: () => ev.action('closeCompare') });
    this.closeCompare.hidden = true;
    const exp = dropdown(EXPORTS, '', {
      label: l10n.t('Export'),
      id: 'export',
      onChange: (v) => {
        const request = EXPORTS.find((e) => e.value === v)?.request;
        if (!request) return;
        ev.exportAs(request);
        setValue(exp, '');
      },
    });
    // Two groups that wrap as wholes: a narrow panel puts the actions on a second row together,
    // never one button alone.
    const fields = document.createElement('div');
    fields.className = 'toolbar-group';
    fields.append(this.picker, this.input, this.metric, search);
    const actions = document.createElement('div');
    actions.className = 'toolbar-group actions';
    actions.append(
      button(l10n.t('Fit'), { secondary: true, title: l10n.t('Fit to view (0)'), onClick: () => ev.action('fit') }),
      button(l10n.t('Expand all'), { secondary: true, title: l10n.t('Expand every group'), onClick: () => ev.action('expandAll') }),
      button(l10n.t('Collapse'), { secondary: true, title: l10n.t('Collapse to stages'), onClick: () => ev.action('collapseAll') }),
      this.compare,
      this.closeCompare,
      exp,
    );
    this.row.append(fields, actions);
    this.knobs = new KnobPanel(ev);
    host.append(this.row, this.knobs.element);
  }

  setPresets(presets: readonly PresetSummary[]): void {
    this.presets = presets;
  }

  update(d: ModelData, metric: Metric, comparing: boolean): void {
    const choices = sourceChoices(this.presets, d);
    const key = choices.map((c) => c.value).join('\n');
    const current = sourceValue(d.source);
    if (key !== this.pickerKey) {
      // The list changed (the catalog arrived, or a variant file came or went): a new picker.
      this.pickerKey = key;
      const next = this.makePicker(choices, current);
      this.picker.replaceWith(next);
      this.picker = next;
    } else {
      setValue(this.picker, current);
    }
    setValue(this.input, shape(d.input));
    const metrics = metricChoices(d);
    const metricKey = metrics.map((c) => c.value).join('\n');
    if (metricKey !== this.metricKey) {
      this.metricKey = metricKey;
      const next = this.makeMetric(metrics, metric);
      this.metric.replaceWith(next);
      this.metric = next;
    } else {
      setValue(this.metric, metric);
    }
    this.compare.hidden = comparing;
    this.closeCompare.hidden = !comparing;
    this.knobs.update(d);
  }

  private makeMetric(choices: ReturnType<typeof metricChoices>, value: Metric): HTMLElement {
    return dropdown(choices, value, { label: l10n.t('Colour by'), id: 'color-by', onChange: (v) => this.ev.setMetric(v as Metric) });
  }

  private makePicker(choices: ReturnType<typeof sourceChoices>, value: string): HTMLElement {
    return dropdown(choices, value, {
      label: l10n.t('Model'),
      id: 'model-picker',
      onChange: (v) => {
        const source = choices.find((c) => c.value === v)?.source;
        if (source) this.ev.pickSource(source);
      },
    });
  }
}
