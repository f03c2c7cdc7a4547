// Knob specifications: one list per family, the single source for validation of variant
// files and --set flags, for the JSON schema of *.backbone.json, and for the diagram's controls.
import { InvalidConfigError } from '../errors';

export type KnobSpec =
  | { name: string; kind: 'int'; min: number; max: number; description: string }
  | { name: string; kind: 'number'; min: number; max: number; exclusiveMin?: boolean; description: string }
  | { name: string; kind: 'bool'; description: string }
  | { name: string; kind: 'enum'; values: readonly (string | number)[]; description: string }
  | { name: string; kind: 'intList'; minLength: number; maxLength: number; min: number; max: number; description: string };

export type KnobValue = number | boolean | string | number[];
export type KnobValues = Record<string, KnobValue>;

/** Knobs every family has. */
export const commonKnobs: readonly KnobSpec[] = [
  { name: 'num_classes', kind: 'int', min: 0, max: 1_000_000, description: 'Classes of the linear classifier (ImageNet-1k: 1000); 0 = headless, no classifier: the model ends at the pooled features (timm num_classes=0, torchvision fc = nn.Identity()).' },
];

/**
 * What a knob accepts, in the words of every message about it: "one of 1, 2", "an integer from
 * 1 to 64", "a list of 4 integers from 1 to 64". The variant schema's error messages use it too,
 * so the editor's squiggle reads like the CLI.
 */
export function expectedOf(spec: KnobSpec): string {
  switch (spec.kind) {
    case 'int':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}]`;
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'intList':
      return `a list of ${spec.minLength === spec.maxLength ? spec.minLength : `${spec.minLength} to ${spec.maxLength}`} integers from ${spec.min} to ${spec.max}`;
  }
}

/** Checks one raw value against its spec; `path` is the JSON path for messages. */
export function checkKnob(spec: KnobSpec, raw: unknown, path: string, source?: string): KnobValue {
  const fail = (expected: string): never => {
    throw new InvalidConfigError(path, `expected ${expected}, got ${describe(raw)}`, source);
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
          throw new InvalidConfigError(`${path}[${i}]`, `expected an integer from ${spec.min} to ${spec.max}, got ${describe(v)}`, source);
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
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `${v > 0 ? '' : 'minus '}infinity (a number too large to represent)`;
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString().length > 40 ? `an integer of ${v.toString().length} digits` : v.toString();
  if (Array.isArray(v)) {
    if (v.length <= 16 && v.every((x) => x === null || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && x.length <= 60))) return JSON.stringify(v);
    return `a list of ${v.length} items`;
  }
  return typeof v === 'object' ? 'an object' : typeof v;
}
