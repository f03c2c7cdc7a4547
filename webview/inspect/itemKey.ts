// Which item of a model a selection, a search match, a side-pane link or the saved page state
// names: a group or a layer, by its path (paths survive a recompute of the same model; indices
// into ModelData may not). A typed object, never a string to parse.
export interface ItemKey {
  readonly kind: 'group' | 'node';
  readonly path: string;
}

export const groupKey = (path: string): ItemKey => ({ kind: 'group', path });
export const nodeKey = (path: string): ItemKey => ({ kind: 'node', path });

/** A key read back from the saved page state, which is untrusted (a page of an older version saved a string there). */
export function savedItemKey(value: unknown): ItemKey | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { kind, path } = value as { kind?: unknown; path?: unknown };
  return (kind === 'group' || kind === 'node') && typeof path === 'string' ? { kind, path } : undefined;
}
