// One recent Classify Image run as the workspace state keeps it, and its validation (stored
// state may come from an older version). Pure: no vscode, so it is unit-tested.
export interface RecentRun {
  /** What was selected: the file or folder name, or "N items". */
  readonly label: string;
  /** The model as the run named it: a preset id or a variant file path. */
  readonly model: string;
  /** The selected files and folders (paths on the machine the extension runs on). */
  readonly paths: readonly string[];
  readonly classified: number;
  readonly errors: number;
  readonly state: 'done' | 'cancelled' | 'failed';
  readonly untrained: boolean;
  readonly provider: string | null;
  /** When it ended, in milliseconds since the epoch. */
  readonly finishedAt: number;
}

/** Runs kept. */
export const MAX_RECENT_RUNS = 10;

const STATES: readonly string[] = ['done', 'cancelled', 'failed'];
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A stored run, or undefined when it is not one. */
export function parseRecentRun(v: unknown): RecentRun | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.label !== 'string' || typeof o.model !== 'string' || !Array.isArray(o.paths) || o.paths.length === 0 || !o.paths.every((p) => typeof p === 'string')) return undefined;
  if (!isCount(o.classified) || !isCount(o.errors) || typeof o.state !== 'string' || !STATES.includes(o.state) || typeof o.untrained !== 'boolean') return undefined;
  if (!(o.provider === null || typeof o.provider === 'string') || typeof o.finishedAt !== 'number' || !Number.isFinite(o.finishedAt)) return undefined;
  return { label: o.label, model: o.model, paths: o.paths as string[], classified: o.classified, errors: o.errors, state: o.state as RecentRun['state'], untrained: o.untrained, provider: o.provider, finishedAt: o.finishedAt };
}
