// Integer arithmetic that refuses to lose precision. Counts (params, MACs) are products of
// sizes; a double stays exact only up to 2^53, so every product and sum is checked.
import * as l10n from '@vscode/l10n';
import { OverflowError } from './errors';

/** What overflowed; a function when the name costs a string per call (the analysis makes millions). */
export type Label = string | (() => string);
const named = (what: Label): string => (typeof what === 'string' ? what : what());

export function checkedMul(what: Label, ...factors: number[]): number {
  let product = 1;
  for (const f of factors) {
    product *= f;
    if (!Number.isSafeInteger(product)) throw new OverflowError(named(what));
  }
  return product;
}

export function checkedAdd(what: Label, a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new OverflowError(named(what));
  return sum;
}

export function product(values: readonly number[]): number {
  let p = 1;
  for (const v of values) {
    p *= v;
    if (!Number.isSafeInteger(p)) throw new OverflowError(l10n.t('tensor size'));
  }
  return p;
}
