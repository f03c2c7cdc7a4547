// The toolbar's menus as data (no DOM, unit-tested): the Export menu and the model picker. An
// option's value is only its DOM id; what it asks for travels with it, typed, and is looked up,
// never parsed back from the value.
import * as l10n from '@vscode/l10n';
import type { ModelData, ModelSource, PresetSummary } from '../../shared/protocol/inspect';
import type { Choice } from '../toolkit';

/** What an entry of the Export menu asks for. */
export interface ExportRequest {
  readonly format: 'svg' | 'png' | 'markdown' | 'csv';
  readonly target: 'file' | 'clipboard';
}

/** The Export menu. Option values are the DOM's ids of the entries; the request is looked up, not parsed. */
export const EXPORTS: ReadonlyArray<Choice & { readonly request?: ExportRequest }> = [
  { value: '', label: l10n.t('Export…') },
  { value: 'svg:file', label: l10n.t('Save SVG…'), request: { format: 'svg', target: 'file' } },
  { value: 'svg:clipboard', label: l10n.t('Copy SVG'), request: { format: 'svg', target: 'clipboard' } },
  { value: 'png:file', label: l10n.t('Save PNG…'), request: { format: 'png', target: 'file' } },
  { value: 'markdown:clipboard', label: l10n.t('Copy table (Markdown)'), request: { format: 'markdown', target: 'clipboard' } },
  { value: 'csv:clipboard', label: l10n.t('Copy table (CSV)'), request: { format: 'csv', target: 'clipboard' } },
  { value: 'markdown:file', label: l10n.t('Save table (Markdown)…'), request: { format: 'markdown', target: 'file' } },
  { value: 'csv:file', label: l10n.t('Save table (CSV)…'), request: { format: 'csv', target: 'file' } },
];

/** The model picker's option value (its DOM id) for a model's source. */
export function sourceValue(source: ModelSource): string {
  return source.kind === 'preset' ? `preset:${source.id}` : source.kind === 'python' ? `python:${source.uri}#${source.target}` : `file:${source.uri}`;
}

/** The model picker's choices, each with its source: the presets, plus the current model when it is not one of them. */
export function sourceChoices(presets: readonly PresetSummary[], d: Pick<ModelData, 'source'>): Array<Choice & { readonly source: ModelSource }> {
  const choice = (source: ModelSource, label: string) => ({ value: sourceValue(source), label, source });
  const sources = presets.map((p) => choice({ kind: 'preset', id: p.id }, p.id));
  const current = sourceValue(d.source);
  if (d.source.kind === 'file') sources.unshift(choice(d.source, d.source.label));
  else if (d.source.kind === 'python') sources.unshift(choice(d.source, `${d.source.label}:${d.source.target}`));
  else if (!sources.some((s) => s.value === current)) sources.unshift(choice(d.source, d.source.id));
  return sources;
}
