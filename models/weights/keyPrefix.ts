// Where the model's keys start in a state dict: DataParallel's `module.`, Lightning's `model.`,
// a detector's `backbone.`, a re-ID wrapper's `base.`, or any chain of them. The prefix is the one
// before a stem key of the six families under which the stages are found too; keys outside it
// (an EMA copy, a wrapper's own layers, optimizer tensors) are set apart, not read as the model.
import type { TensorEntry } from './tensorEntry';

/** The first tensor of each family's stem, relative to the model's root. */
const STEM_KEYS = ['conv1.weight', 'conv1.0.weight', 'layer0.conv1.weight', 'features.conv0.weight'];
/** What lies under the root as well: the first stage. */
const STAGE_STARTS = ['layer1.0.', 'features.denseblock1.'];
/** Prefixes users name, preferred in this order when two candidates hold a model each (the other is a copy). */
const KNOWN = ['', 'module.', 'model.', 'backbone.', 'module.model.', 'model.module.', 'module.backbone.', 'model.backbone.'];

export interface ModelKeys {
  readonly prefix: string;
  /** The model's tensors by key with the prefix stripped, in file order. */
  readonly model: ReadonlyMap<string, TensorEntry>;
  /** Keys (as in the file) outside the model: not under the prefix, or under another model copy's prefix. */
  readonly extraKeys: readonly string[];
}

export function splitModelKeys(entries: readonly TensorEntry[]): ModelKeys | undefined {
  const keys = new Set(entries.map((e) => e.key));
  const candidates = new Set<string>();
  for (const key of keys) {
    for (const stem of STEM_KEYS) {
      if (!key.endsWith(stem)) continue;
      const prefix = key.slice(0, key.length - stem.length);
      if (prefix !== '' && !prefix.endsWith('.')) continue;
      if (entries.some((e) => STAGE_STARTS.some((s) => e.key.startsWith(prefix + s)))) candidates.add(prefix);
    }
  }
  if (candidates.size === 0) return undefined;
  const rank = (p: string): number => (KNOWN.includes(p) ? KNOWN.indexOf(p) : KNOWN.length + p.length);
  const [prefix, ...others] = [...candidates].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  // A copy nested under the chosen prefix (`ema.` inside ``) belongs to neither model.
  const nested = others.filter((o) => o.startsWith(prefix));
  const model = new Map<string, TensorEntry>();
  const extraKeys: string[] = [];
  for (const e of entries) {
    if (e.key.startsWith(prefix) && !nested.some((n) => e.key.startsWith(n))) model.set(e.key.slice(prefix.length), e);
    else extraKeys.push(e.key);
  }
  return { prefix, model, extraKeys };
}
