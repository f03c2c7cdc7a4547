// The one validation toolkit for everything that crosses a boundary (webview ↔ host, host ↔
// worker, saved webview state). Built on valibot (small, typed, tree-shaken into each bundle);
// every parser imports its combinators from here, so the library could be swapped in one file.
// Schemas give typed output without `as` casts: `parse` returns the value or what is wrong
// with it (JSON-ish path + problem), never the input itself.
import * as v from 'valibot';

export {
  array,
  boolean,
  check,
  lazy,
  literal,
  null_ as nullValue,
  nullable,
  object,
  optional,
  picklist,
  pipe,
  record,
  regex,
  string,
  // A tuple takes exactly its items: valibot's plain tuple drops extra ones ([3, 224, 224] read as [3, 224]).
  strictTuple,
  strictTuple as tuple,
  transform,
  union,
  unknown,
  variant,
  type GenericSchema,
  type InferOutput,
} from 'valibot';

/** A string of at most `max` UTF-16 code units (and at least `min`). */
export const text = (max: number, min = 0) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));

/** An integer from `min` to `max`, both included. */
export const intIn = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** A finite number (no NaN or ±Infinity), optionally from `min` (included). */
export const finite = (min = -Infinity) => v.pipe(v.number(), v.finite(), v.minValue(min));

/** A safe integer ≥ 0 (counts, indices). */
export const count = () => v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** An array of at most `max` items, each checked by `item`. */
export const listOf = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.maxLength(max));

/** Exactly two integers from `min` to `max` ([H, W], [width, height], …). */
export const intPair = (min: number, max: number) => v.strictTuple([intIn(min, max), intIn(min, max)]);

/** An object of at most `max` entries, keys checked by `key` and values by `value`. */
export const dictOf = <K extends v.GenericSchema<string, string>, V extends v.GenericSchema>(key: K, value: V, max: number) => v.pipe(v.record(key, value), v.maxEntries(max));

/** A string that is one of `values`. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => v.picklist(values);

/** A schema whose output is exactly `T` (checks a hand-written protocol type against its schema). */
export type Schema<T> = v.GenericSchema<unknown, T>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Checks `raw` against `schema`: the typed value, or the first problem as "path: message". */
export function parse<S extends v.GenericSchema>(schema: S, raw: unknown): Parsed<v.InferOutput<S>> {
  const r = v.safeParse(schema, raw, { abortEarly: true });
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, problem: `${path ? `${path}: ` : ''}${issue.message}` };
}

/** The typed value, or undefined when `raw` does not match `schema`. */
export function parseOrUndefined<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> | undefined {
  const r = v.safeParse(schema, raw, { abortEarly: true });
  return r.success ? r.output : undefined;
}

/**
 * Whether `value` (plain JSON-like data) holds at most `max` units — a character of a string or
 * key, or 8 per number or other scalar — counted without recursion and stopping as soon as the
 * budget is spent: a cheap bound to check before a schema walks (or a log line renders) a value
 * that may be huge.
 */
export function withinSize(value: unknown, max: number): boolean {
  let used = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') used += v.length;
    else if (Array.isArray(v)) {
      // Each element costs at least one unit: a list longer than the budget is refused unwalked.
      used += 2 + v.length;
      if (used > max) return false;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        used += k.length + 2;
        stack.push(x);
      }
    } else used += 8;
    if (used > max) return false;
  }
  return true;
}
