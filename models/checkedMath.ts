// Integer arithmetic that refuses to lose precision. Counts (params, MACs) are products of
// sizes; a double stays exact only up to 2^53, so every product and sum is checked.
import { OverflowError } from './errors';

export function checkedMul(what: string, ...factors: number[]): number {
  let product = 1;
  for (const f of factors) {
    product *= f;
    if (!Number.isSafeInteger(product)) throw new OverflowError(what);
  }
  return product;
}

export function checkedAdd(what: string, a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new OverflowError(what);
  return sum;
}

export function product(values: readonly number[]): number {
  return checkedMul('tensor size', ...values);
}
