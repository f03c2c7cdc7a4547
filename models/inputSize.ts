// The one rule for an input size in pixels, [H, W], however it is written: a number (224), text
// ("224", "224x320", "224×320", "224,320") or a pair ([224, 320]); integers from 1 to
// MAX_INPUT_SIDE. Variant files, --input, the diagram's toolbar, the webview protocol and a
// Python file's `# backbone-lens: input …` marker all read sizes through here.
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from './errors';
import { describe } from './families/knobs';

/** The largest side accepted, in pixels. */
export const MAX_INPUT_SIDE = 65536;

/** The text forms, for the parsers and the JSON schema (whose patterns take no flags): `224`, `224x320`, `224X320`, `224×320`, `224,320`. */
export const INPUT_SIZE_TEXT = /^\s*(\d+)\s*(?:[xX×,]\s*(\d+))?\s*$/;

const isSide = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_INPUT_SIDE;

/** Whether `v` is an input size as the protocol carries it: a pair of integers in range. */
export const isInputSize = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && isSide(v[0]) && isSide(v[1]);

/** `raw` as [H, W], or undefined when it is no input size (the caller says why). */
export function inputSizeOf(raw: unknown): [number, number] | undefined {
  let hw: unknown[] | undefined;
  if (typeof raw === 'number') hw = [raw, raw];
  else if (Array.isArray(raw)) hw = raw;
  else if (typeof raw === 'string') {
    const m = INPUT_SIZE_TEXT.exec(raw);
    if (m) hw = [Number(m[1]), Number(m[2] ?? m[1])];
  }
  return isInputSize(hw) ? [hw[0], hw[1]] : undefined;
}

/** Parses `224`, `[224, 320]`, `"224"` or `"224x320"` as [H, W]; anything else is an InvalidConfigError at `path`. */
export function parseInputSize(raw: unknown, path: string, source?: string): [number, number] {
  const hw = inputSizeOf(raw);
  if (!hw) throw new InvalidConfigError(path, l10n.t('expected an input size such as 224, "224x320" or [224, 320] (integers from 1 to {0}), got {1}', MAX_INPUT_SIDE, describe(raw)), source);
  return hw;
}
