// Which architecture of the zoo a state dict is, from its keys and shapes alone (no file name):
// the family and every knob are read off the keys (inferKnobs), the preset needing the fewest
// overrides is chosen, and the answer is verified by building that variant's graph and comparing
// its state-dict keys and shapes with the file's one to one. When they differ, the nearest
// architecture is given with the differences.
import * as l10n from '@vscode/l10n';
import { families } from '../families';
import { knobsEqual, knobValueEquals, type KnobValue, type KnobValues } from '../families/knobs';
import type { Graph } from '../graph/types';
import { buildGraph } from '../model';
import { resolveVariant } from '../modelSpec';
import { presets, type Preset } from '../presets';
import { compareEntries } from './compareEntries';
import { inferKnobs, NotInferable, stateDictLandmarks, type InferredKnobs } from './inferKnobs';
import { splitModelKeys } from './keyPrefix';
import type { TensorEntry } from './tensorEntry';

export type { TensorEntry } from './tensorEntry';

export interface Recognition {
  /** The recognised architecture's keys and shapes equal the file's one to one (num_batches_tracked may be absent from the file). */
  readonly exact: boolean;
  /** A preset id of the zoo. */
  readonly model: string;
  /** Knobs differing from the preset: `{"extends": model, ...overrides}` as a variant builds the file's architecture. */
  readonly overrides: Readonly<Record<string, KnobValue>>;
  /** When not exact: "key: missing" (in the model, not the file), "key: unexpected" (in the file, not the model), "key: [file] vs [model]". */
  readonly differences: readonly string[];
  /** Stripped key prefix: '', 'module.', 'model.', 'backbone.', combinations, or a wrapper module's name such as 'base.'. */
  readonly prefix: string;
  /** Keys (as in the file) that are not the model's weights: outside the prefix, or an EMA copy beside the model. */
  readonly extraKeys: readonly string[];
  /**
   * Other presets that, with the same overrides, have exactly the same keys and shapes: what the
   * state dict cannot tell apart (anti-aliasing and strides carry no weights: resnet50, resnetaa50, resnetblur50).
   */
  readonly alsoFits: readonly string[];
}

export type RecognitionResult = Recognition | { readonly model: null; readonly reason: string };

const equal = knobValueEquals;

interface Choice {
  readonly preset: Preset;
  readonly overrides: KnobValues;
  readonly alsoFits: string[];
}

/** The preset needing the fewest overrides; among equals, the one whose unknowable knobs are the family's defaults (plain resnet50 before resnetaa50), then zoo order. */
function choosePreset(inferred: InferredKnobs): Choice | undefined {
  const ranked = presets
    .filter((p) => inferred.families.includes(p.family))
    .map((preset, index) => {
      const defaults = families[preset.family].defaults;
      const full: KnobValues = { ...defaults, ...preset.knobs };
      const overrides: KnobValues = {};
      for (const [k, v] of Object.entries(inferred.knobs)) if (!equal(full[k], v)) overrides[k] = v;
      const hidden = inferred.unknowable.filter((k) => !equal(full[k], defaults[k])).length;
      return { preset, full, overrides, cost: Object.keys(overrides).length, hidden, index };
    })
    .sort((a, b) => a.cost - b.cost || a.hidden - b.hidden || a.index - b.index);
  const best = ranked[0];
  if (!best) return undefined;
  // Presets that differ from the best one in unknowable knobs only: the same file, another name.
  const hiddenOnly = (full: KnobValues): boolean => Object.keys({ ...full, ...best.full }).every((k) => inferred.unknowable.includes(k) || equal(full[k], best.full[k]));
  return { preset: best.preset, overrides: best.overrides, alsoFits: ranked.slice(1).filter((r) => knobsEqual(r.overrides, best.overrides) && hiddenOnly(r.full)).map((r) => r.preset.id) };
}

function graphOf(presetId: string, overrides: KnobValues): Graph | undefined {
  try {
    return buildGraph(resolveVariant({ extends: presetId, ...overrides }));
  } catch {
    // An inferred value outside a knob's range or a combination the family refuses: not this variant.
    return undefined;
  }
}

export function recognizeArchitecture(entries: readonly TensorEntry[]): RecognitionResult {
  if (entries.length === 0) return { model: null, reason: l10n.t('the state dict holds no tensors') };
  const split = splitModelKeys(entries);
  if (!split) {
    const shown = entries.slice(0, 3).map((e) => e.key).join(', ');
    const { stemKeys, stageStarts } = stateDictLandmarks();
    return { model: null, reason: l10n.t('no stem of the zoo\'s families ({0}, with {1} beside it, under any prefix): its keys start {2}', stemKeys.join(', '), stageStarts.map((s) => `${s}*`).join(l10n.t(' or ')), shown) };
  }
  const { prefix, model, extraKeys } = split;
  let inferred: InferredKnobs | undefined;
  try {
    inferred = inferKnobs(model);
  } catch (e) {
    if (!(e instanceof NotInferable)) throw e;
  }
  const choice = inferred && choosePreset(inferred);
  const graph = choice && graphOf(choice.preset.id, choice.overrides);
  const fit = graph && compareEntries(graph, model);
  if (choice && fit && fit.differences.length === 0) {
    return { exact: true, model: choice.preset.id, overrides: choice.overrides, differences: [], prefix, extraKeys, alsoFits: choice.alsoFits };
  }
  // Nearest: the inferred variant, or the preset of the family (of any family, when none was read) whose keys and shapes agree most.
  let best = choice && fit ? { model: choice.preset.id, overrides: choice.overrides, fit, alsoFits: choice.alsoFits } : undefined;
  for (const p of presets) {
    if (inferred && !inferred.families.includes(p.family)) continue;
    const g = graphOf(p.id, {});
    const f = g && compareEntries(g, model);
    if (f && (!best || f.score > best.fit.score)) best = { model: p.id, overrides: {}, fit: f, alsoFits: [] };
  }
  if (!best) return { model: null, reason: l10n.t('no preset of the zoo could be compared with it') };
  return { exact: best.fit.differences.length === 0, model: best.model, overrides: best.overrides, differences: best.fit.differences, prefix, extraKeys, alsoFits: best.alsoFits };
}

/** The architecture in words: "resnet50", "resnet50 with num_classes=751". */
export function architectureLabel(model: string, overrides: Readonly<Record<string, KnobValue>>): string {
  const knobs = Object.entries(overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return knobs.length > 0 ? `${model} with ${knobs.join(', ')}` : model;
}
