// The preset entries of the model quick pick, without vscode (so the bench and unit tests run
// them): grouped by family, each with depth, params and MACs in its description so that typing
// a name or a number ("25.56 M", "4.09 G") finds it.
import { analyzeSpec, families, familyIds, presetDescription, presets, resolveId, type FamilyId } from '../../models';
import { compact } from '../../models/report/format';

/** One-line summary of a preset, computed once per session (graphs and analyses are memoized). */
const summaries = new Map<string, string>();
export function presetSummary(id: string): string {
  let s = summaries.get(id);
  if (s === undefined) {
    try {
      const a = analyzeSpec(resolveId(id));
      s = `depth ${a.total.depth} · ${compact(a.total.params)} params · ${compact(a.total.macs)} MACs`;
    } catch (err) {
      s = `cannot analyze: ${err instanceof Error ? err.message : String(err)}`;
    }
    summaries.set(id, s);
  }
  return s;
}

export type PresetPickEntry = { kind: 'family'; family: FamilyId; label: string } | { kind: 'preset'; id: string; description: string; detail: string };

/**
 * Family headings, each followed by its presets in zoo order. `describe` gives a preset's
 * description: by default its summary (which analyses every preset not yet seen: ~0.6 s for the
 * zoo on a cold JIT); the quick pick passes the summaries known so far and fills in the rest.
 */
export function presetPickEntries(describe: (id: string) => string = presetSummary): PresetPickEntry[] {
  const out: PresetPickEntry[] = [];
  for (const family of familyIds) {
    const members = presets.filter((p) => p.family === family);
    if (members.length === 0) continue;
    out.push({ kind: 'family', family, label: `${families[family].label} (${members.length})` });
    for (const p of members) out.push({ kind: 'preset', id: p.id, description: describe(p.id), detail: `${presetDescription(p)} · ${p.origins.join(' and ')}` });
  }
  return out;
}

/** The summary of `id` if this session has computed it, else undefined (nothing is analysed). */
export function knownPresetSummary(id: string): string | undefined {
  return summaries.get(id);
}

/** Preset ids whose summaries are not computed yet, in quick-pick order. */
export function presetsWithoutSummary(): string[] {
  return presets.map((p) => p.id).filter((id) => !summaries.has(id));
}
