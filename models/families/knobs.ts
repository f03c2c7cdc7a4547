// Knobs: a family declares them once, as a typed schema (defineFamily in family.ts); from it come
// the specs that validate variant files and --set flags, the JSON schema of *.backbone.json, the
// diagram's controls, the defaults, and the typed values the family's builder receives.
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';

export type KnobSpec =
  | { name: string; kind: 'int'; min: number; max: number; description: string }
  | { name: string; kind: 'number'; min: number; max: number; exclusiveMin?: boolean; description: string }
  | { name: string; kind: 'bool'; description: string }
  | { name: string; kind: 'enum'; values: readonly (string | number)[]; description: string }
  | { name: string; kind: 'intList'; minLength: number; maxLength: number; min: number; max: number; description: string };

export type KnobValue = number | boolean | string | number[];
export type KnobValues = Record<string, KnobValue>;

/**
 * A knob in a family's typed schema: its spec less the name (the schema's key names it) and the
 * family's default. `KnobsOf` turns a schema into the typed values its builder receives.
 */
export type KnobDef =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly description: string; readonly default: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly exclusiveMin?: boolean; readonly description: string; readonly default: number }
  | { readonly kind: 'bool'; readonly description: string; readonly default: boolean }
  | { readonly kind: 'enum'; readonly values: readonly (string | number)[]; readonly description: string; readonly default: string | number }
  | { readonly kind: 'intList'; readonly minLength: number; readonly maxLength: number; readonly min: number; readonly max: number; readonly description: string; readonly default: number[] };

export type KnobSchema = Readonly<Record<string, KnobDef>>;

/** The typed values of a schema: an enum knob's value is the union of its values. */
export type KnobsOf<S extends KnobSchema> = { readonly [K in keyof S]: S[K]['default'] };

type Def<K extends KnobDef['kind']> = Extract<KnobDef, { kind: K }>;
type EnumDef<V extends string | number> = Def<'enum'> & { readonly values: readonly V[]; readonly default: V };

/** Constructors of schema entries; `enum` keeps the literal values as the knob's type. */
export const knob = {
  int: (d: Omit<Def<'int'>, 'kind'>): Def<'int'> => ({ kind: 'int', ...d }),
  number: (d: Omit<Def<'number'>, 'kind'>): Def<'number'> => ({ kind: 'number', ...d }),
  bool: (d: Omit<Def<'bool'>, 'kind'>): Def<'bool'> => ({ kind: 'bool', ...d }),
  enum: <const V extends string | number>(d: { values: readonly V[]; default: NoInfer<V>; description: string }): EnumDef<V> => ({ kind: 'enum', ...d }),
  intList: (d: Omit<Def<'intList'>, 'kind'>): Def<'intList'> => ({ kind: 'intList', ...d }),
};

/** The same knob with another default (ResNeSt's deep stem, ResNeXt's 32 groups). */
export function withDefault<D extends KnobDef>(d: D, value: D['default']): D {
  return { ...d, default: value };
}

/** The specs of a schema, in its order (names from the keys), without the defaults. */
export function specsOf(schema: KnobSchema): KnobSpec[] {
  return Object.entries(schema).map(([name, d]) => {
    const spec: Record<string, unknown> = { name, ...d };
    delete spec.default;
    return spec as KnobSpec;
  });
}

/** The defaults of a schema. */
export function defaultsOf(schema: KnobSchema): KnobValues {
  return Object.fromEntries(Object.entries(schema).map(([name, d]) => [name, Array.isArray(d.default) ? [...d.default] : d.default]));
}

/** Whether two knob values are the same (lists element by element); the one equality of knobs. */
export function knobValueEquals(a: KnobValue | undefined, b: KnobValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The entries of `knobs` whose value differs from `base`'s. */
export function knobsDiffering(knobs: Readonly<KnobValues>, base: Readonly<KnobValues>): KnobValues {
  return Object.fromEntries(Object.entries(knobs).filter(([k, v]) => !knobValueEquals(v, base[k])));
}

/** Whether two knob sets hold the same knobs with the same values, in any order. */
export function knobsEqual(a: Readonly<KnobValues>, b: Readonly<KnobValues>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && knobValueEquals(a[k], b[k]));
}

/**
 * What a knob accepts, in the words of every message about it: "one of 1, 2", "an integer from
 * 1 to 64", "a list of 4 integers from 1 to 64". The variant schema's error messages use it too,
 * so the editor's squiggle reads like the CLI.
 */
export function expectedOf(spec: KnobSpec): string {
  switch (spec.kind) {
    case 'int':
      return l10n.t('an integer from {0} to {1}', spec.min, spec.max);
    case 'number':
      return spec.exclusiveMin ? l10n.t('a number in ({0}, {1}]', spec.min, spec.max) : l10n.t('a number in [{0}, {1}]', spec.min, spec.max);
    case 'bool':
      return l10n.t('true or false');
    case 'enum':
      return l10n.t('one of {0}', spec.values.map((v) => JSON.stringify(v)).join(', '));
    case 'intList':
      return spec.minLength === spec.maxLength
        ? l10n.t('a list of {0} integers from {1} to {2}', spec.minLength, spec.min, spec.max)
        : l10n.t('a list of {0} to {1} integers from {2} to {3}', spec.minLength, spec.maxLength, spec.min, spec.max);
  }
}

/** Checks one raw value against its spec; `path` is the JSON path for messages. */
export function checkKnob(spec: KnobSpec, raw: unknown, path: string, source?: string): KnobValue {
  const fail = (expected: string): never => {
    throw new InvalidConfigError(path, l10n.t('expected {0}, got {1}', expected, describe(raw)), source);
  };
  const what = expectedOf(spec);
  switch (spec.kind) {
    case 'int':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) return fail(what);
      if (raw < spec.min || raw > spec.max) return fail(what);
      return raw;
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(what);
      if ((spec.exclusiveMin ? raw <= spec.min : raw < spec.min) || raw > spec.max) return fail(what);
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') return fail(what);
      return raw;
    case 'enum':
      if (!spec.values.includes(raw as string | number)) return fail(what);
      return raw as string | number;
    case 'intList': {
      if (!Array.isArray(raw) || raw.length < spec.minLength || raw.length > spec.maxLength) return fail(what);
      raw.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) {
          throw new InvalidConfigError(`${path}[${i}]`, l10n.t('expected an integer from {0} to {1}, got {2}', spec.min, spec.max, describe(v)), source);
        }
      });
      return [...(raw as number[])];
    }
  }
}

/** Parses a command-line value (`--set key=value`) into the JSON type its spec expects. */
export function parseKnobText(spec: KnobSpec, text: string): unknown {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
    case 'number':
      return t === '' || Number.isNaN(Number(t)) ? t : Number(t);
    case 'bool':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'enum':
      return spec.values.some((v) => typeof v === 'number') && t !== '' && !Number.isNaN(Number(t)) ? Number(t) : t;
    case 'intList':
      try {
        return JSON.parse(t.startsWith('[') ? t : `[${t}]`);
      } catch {
        return t;
      }
  }
}

/** A value for messages, never recursive and never long: short JSON for scalars and flat short lists. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (v === undefined) return l10n.t('nothing');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? l10n.t('infinity (a number too large to represent)') : l10n.t('minus infinity (a number too large to represent)');
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString().length > 40 ? l10n.t('an integer of {0} digits', v.toString().length) : v.toString();
  if (Array.isArray(v)) {
    if (v.length <= 16 && v.every((x) => x === null || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && x.length <= 60))) return JSON.stringify(v);
    return l10n.t('a list of {0} items', v.length);
  }
  return typeof v === 'object' ? l10n.t('an object') : typeof v;
}
