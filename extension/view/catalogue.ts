// The catalogue section of the Backbone Lens view, without vscode (unit-tested): the zoo's
// families, each with its presets in zoo order, filtered by a text that matches a preset's id,
// its depth/params/MACs summary or its description (so "25.56 M" or "timm" finds presets too).
// Labels are in the display language through @vscode/l10n (configured on activation).
import * as l10n from '@vscode/l10n';
import { presetPickEntries, presetSummary } from '../inspect/presetItems';
import { families, presets, type FamilyId } from '../../models';

export interface CataloguePreset {
  readonly id: string;
  /** depth · params · MACs, from the engine; empty when not asked for (see `catalogue`). */
  readonly summary: string;
  /** The preset's description and its origins (torchvision, timm). */
  readonly detail: string;
}

export interface CatalogueFamily {
  readonly family: FamilyId;
  /** The family's label with its preset count, e.g. "ResNet (37)". */
  readonly label: string;
  readonly presets: readonly CataloguePreset[];
}

/** Whether a preset matches a filter: every whitespace-separated word, case-insensitively. */
export function matchesFilter(p: CataloguePreset, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  const text = `${p.id} ${p.summary} ${p.detail}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * The families and their presets; with a filter, only the matching presets and the families
 * that have one. Without a filter no summary is computed (listing the families costs nothing;
 * the tree summarises a family's presets when it is expanded); a filter needs every summary
 * (~0.6 s for the zoo on a cold JIT, memoized for the session).
 */
export function catalogue(filter = ''): CatalogueFamily[] {
  const filtered = filter.trim() !== '';
  const out: CatalogueFamily[] = [];
  let current: { family: FamilyId; label: string; presets: CataloguePreset[] } | undefined;
  for (const e of presetPickEntries(filtered ? presetSummary : () => '')) {
    if (e.kind === 'family') {
      current = { family: e.family, label: e.label, presets: [] };
      out.push(current);
    } else if (current) {
      const p = { id: e.id, summary: e.description, detail: e.detail };
      if (!filtered || matchesFilter(p, filter)) current.presets.push(p);
    }
  }
  if (!filtered) return out;
  const total = (f: FamilyId): number => presets.filter((p) => p.family === f).length;
  return out.filter((f) => f.presets.length > 0).map((f) => ({ ...f, label: l10n.t('{0} ({1} of {2})', families[f.family].label, f.presets.length, total(f.family)) }));
}

