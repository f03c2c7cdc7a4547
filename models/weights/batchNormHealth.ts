// BatchNorm health from a state dict: channels whose running variance is ≈ 0 (the layer divides
// by √(var + eps), so such a channel's output is its input's offset times 1/√eps, or constant)
// and dead channels, whose scale γ (the BatchNorm's weight) is ≈ 0, so that the channel outputs
// its bias β whatever its input (what network slimming prunes). A BatchNorm is recognised by its
// keys: `<layer>.running_var` beside `<layer>.weight`, both 1-D of the same length.

/** |running_var| at or below this is "≈ 0": a tenth of BatchNorm's default eps (1e-5). */
export const ZERO_VARIANCE = 1e-6;

/** |γ| at or below this is a dead channel. */
export const DEAD_SCALE = 1e-6;

export interface BatchNormLayer {
  /** The module path, e.g. `layer1.0.bn1`. */
  readonly layer: string;
  readonly weightKey: string;
  readonly varianceKey: string;
  readonly channels: number;
}

export interface BatchNormHealth {
  readonly layer: string;
  readonly channels: number;
  /** Channel indices with running variance ≈ 0. */
  readonly zeroVariance: readonly number[];
  /** Channel indices with γ ≈ 0. */
  readonly dead: readonly number[];
}

/** The BatchNorm layers of a state dict's (key, shape) list. */
export function batchNormLayers(entries: readonly { readonly key: string; readonly shape: readonly number[] }[]): BatchNormLayer[] {
  const shapes = new Map(entries.map((e) => [e.key, e.shape]));
  const out: BatchNormLayer[] = [];
  for (const e of entries) {
    if (!e.key.endsWith('.running_var') || e.shape.length !== 1) continue;
    const layer = e.key.slice(0, -'.running_var'.length);
    const weight = shapes.get(`${layer}.weight`);
    if (weight === undefined || weight.length !== 1 || weight[0] !== e.shape[0]) continue;
    out.push({ layer, weightKey: `${layer}.weight`, varianceKey: e.key, channels: e.shape[0] });
  }
  return out;
}

/** Indices i with |v[i]| ≤ threshold (NaN is not ≤ anything, so a NaN channel is not listed here). */
export function channelsAtMost(v: ArrayLike<number>, threshold: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) <= threshold) out.push(i);
  return out;
}

/** The health of `layer` from its running variance and γ. */
export function batchNormHealth(layer: BatchNormLayer, variance: ArrayLike<number>, weight: ArrayLike<number>): BatchNormHealth {
  return { layer: layer.layer, channels: layer.channels, zeroVariance: channelsAtMost(variance, ZERO_VARIANCE), dead: channelsAtMost(weight, DEAD_SCALE) };
}
