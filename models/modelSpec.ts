// Resolving what the user named — a preset id, a family id, or a variant object from a
// *.backbone.json file — plus --set overrides, into one validated, complete knob set.
import * as l10n from '@vscode/l10n';
import { InvalidConfigError, UnknownModelError } from './errors';
import { families, familyIds, isFamilyId, type FamilyId } from './families';
import type { Naming } from './families/family';
import { checkKnob, describe, parseKnobText, type KnobSpec, type KnobValues } from './families/knobs';
import { parseInputSize } from './inputSize';
import { nearest } from './nearest';
import { findPreset, presets, type Preset } from './presets';
import { presetDescription } from './zoo/presetDescription';
import { DEFAULT_PREPROCESSING } from './zoo/weightsPreprocessing';

export interface ModelSpec {
  /** Preset id, variant name, or `family` for a bare family. */
  readonly id: string;
  readonly family: FamilyId;
  /** Every knob of the family, validated. */
  readonly knobs: KnobValues;
  /** The preset it starts from, when there is one. */
  readonly preset: Preset | undefined;
  /** Default input [H, W] in pixels (the preset's training size unless the variant sets one). */
  readonly inputSize: readonly [number, number];
  /** The knobs that differ from the preset (or family defaults): what makes it a variant. */
  readonly overrides: KnobValues;
  /** The variant's own description, else the preset's (presetDescription) or the family's, in the display language. */
  readonly description: string;
  /** Whose names the parameterless modules get: the preset's first library, else the family's. */
  readonly naming: Naming;
}

/** Keys a variant file may hold besides its family's knobs. */
const VARIANT_META_KEYS = ['$schema', 'name', 'description', 'extends', 'family', 'input_size'] as const;

export const allModelIds = (): string[] => [...presets.map((p) => p.id), ...familyIds];

/** Resolves a preset or family id. */
export function resolveId(id: string): ModelSpec {
  return resolveVariant({ extends: id }, undefined, id);
}

/**
 * Resolves a variant object. `source` (a file name) prefixes error messages; `fallbackName`
 * names a variant that has no `name`.
 */
export function resolveVariant(raw: unknown, source?: string, fallbackName?: string): ModelSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidConfigError('$', l10n.t('expected a JSON object, got {0}', describe(raw)), source);
  }
  const obj = raw as Record<string, unknown>;
  const base = obj.extends;
  const familyField = obj.family;
  let preset: Preset | undefined;
  let family: FamilyId;
  if (base !== undefined) {
    if (typeof base !== 'string') throw new InvalidConfigError('$.extends', l10n.t('expected a preset or family id, got {0}', describe(base)), source);
    preset = findPreset(base);
    if (preset) family = preset.family;
    else if (isFamilyId(base)) family = base;
    else throw withSource(new UnknownModelError(base, nearest(base, allModelIds())), source, '$.extends');
    if (familyField !== undefined && familyField !== family) {
      throw new InvalidConfigError('$.family', l10n.t('{0} contradicts "extends": "{1}", which is a {2} model', describe(familyField), base, family), source);
    }
  } else if (familyField !== undefined) {
    if (typeof familyField !== 'string' || !isFamilyId(familyField)) {
      throw new InvalidConfigError('$.family', l10n.t('expected one of {0}, got {1}', familyIds.join(', '), describe(familyField)) + suggestion(familyField, familyIds), source);
    }
    family = familyField;
  } else {
    throw new InvalidConfigError('$', l10n.t('a variant needs "extends" (a preset id such as "resnet50") or "family"'), source);
  }
  const def = families[family];
  const knobs: KnobValues = { ...def.defaults, ...(preset?.knobs ?? {}) };
  const overrides: KnobValues = {};
  for (const [key, value] of Object.entries(obj)) {
    if ((VARIANT_META_KEYS as readonly string[]).includes(key)) continue;
    const v = checkFamilyKnob(family, key, value, `$.${key}`, source);
    knobs[key] = v;
    overrides[key] = v;
  }
  def.check?.(knobs, source);
  const name = obj.name;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new InvalidConfigError('$.name', l10n.t('expected a non-empty string, got {0}', describe(name)), source);
  const description = obj.description;
  if (description !== undefined && typeof description !== 'string') throw new InvalidConfigError('$.description', l10n.t('expected a string, got {0}', describe(description)), source);
  const inputSize = obj.input_size === undefined ? undefined : parseInputSize(obj.input_size, '$.input_size', source);
  const id = (name as string | undefined) ?? (Object.keys(overrides).length === 0 ? (base as string | undefined) : undefined) ?? fallbackName ?? (base as string | undefined) ?? family;
  const size = preset?.preprocessing.inputSize ?? DEFAULT_PREPROCESSING.inputSize;
  return {
    id,
    family,
    knobs,
    preset,
    inputSize: inputSize ?? [size, size],
    overrides,
    // Resolved when a shell asks, so in the display language (a variant's own description as written).
    description: (description as string | undefined) ?? (preset ? presetDescription(preset) : l10n.t('{0} (family defaults)', def.label)),
    naming: preset ? (preset.origins[0] === 'torchvision' ? 'torchvision' : 'timm') : def.naming,
  };
}

/** Applies `key=value` overrides (CLI --set, diagram controls) to a resolved spec. */
export function withOverrides(spec: ModelSpec, sets: Readonly<Record<string, unknown>>): ModelSpec {
  if (Object.keys(sets).length === 0) return spec;
  const def = families[spec.family];
  const knobs: KnobValues = { ...spec.knobs };
  const overrides: KnobValues = { ...spec.overrides };
  for (const [key, raw] of Object.entries(sets)) {
    const knob = def.knobs.find((k) => k.name === key);
    const value = checkFamilyKnob(spec.family, key, knob && typeof raw === 'string' ? parseKnobText(knob, raw) : raw, key);
    knobs[key] = value;
    overrides[key] = value;
  }
  def.check?.(knobs);
  // A preset with overrides is no longer that preset: its id says so.
  return { ...spec, knobs, overrides, id: spec.preset && spec.id === spec.preset.id ? `${spec.id}*` : spec.id };
}

/**
 * Checks one knob of a family. A knob the family lacks, or an enum value it lacks, is an error
 * that names the families accepting it (`aa_layer` on Res2Net, `stem_type: "deep_tiered"` on DenseNet).
 */
function checkFamilyKnob(family: FamilyId, key: string, raw: unknown, path: string, source?: string): ReturnType<typeof checkKnob> {
  const def = families[family];
  const knob = def.knobs.find((k) => k.name === key);
  if (!knob) {
    const names = def.knobs.map((k) => k.name);
    const elsewhere = familiesWith((k) => k.name === key);
    const accepted = elsewhere.length > 0 ? l10n.t('; {0} is a knob of {1}', key, elsewhere.join(', ')) : suggestion(key, names);
    // A key of a hostile file can be huge: the path names at most 64 characters of it.
    const shown = key.length > 64 ? `${path.slice(0, path.length - key.length)}${key.slice(0, 64)}…` : path;
    throw new InvalidConfigError(shown, l10n.t('not a knob of the {0} family (knobs: {1})', def.label, names.join(', ')) + accepted, source);
  }
  try {
    return checkKnob(knob, raw, path, source);
  } catch (e) {
    if (knob.kind !== 'enum' || !(e instanceof InvalidConfigError)) throw e;
    const elsewhere = familiesWith((k) => k.name === key && k.kind === 'enum' && k.values.includes(raw as string | number));
    if (elsewhere.length === 0) throw e;
    throw new InvalidConfigError(path, l10n.t('{0} has no {1} {2} (it accepts {3}); {2} is a value of {1} in {4}', def.label, key, describe(raw), knob.values.map((v) => JSON.stringify(v)).join(', '), elsewhere.join(', ')), source);
  }
}

/** Labels of the families that have a knob matching `match`. */
function familiesWith(match: (k: KnobSpec) => boolean): string[] {
  return familyIds.filter((f) => families[f].knobs.some(match)).map((f) => families[f].label);
}

function suggestion(name: unknown, candidates: readonly string[]): string {
  if (typeof name !== 'string' || name.length > 64) return '';
  const near = nearest(name, candidates);
  return near.length > 0 ? l10n.t('; did you mean {0}?', near.map((n) => `"${n}"`).join(', ')) : '';
}

function withSource(e: UnknownModelError, source: string | undefined, path: string): Error {
  return source ? new InvalidConfigError(path, e.message, source) : e;
}
