// A results panel after a window reload: the webview's saved state (already shape-checked by
// parseClassifyPanelState) → what the host shows again. The state is untrusted: image folders
// are kept only when they are absolute paths of folders that still exist, thumbnails are rebuilt
// here (never taken from the state) and only for images inside a kept folder, and a run that was
// still going when the window reloaded (its worker died with the extension host) is shown as
// interrupted. Pure but for the injected file-system check, so it is unit-tested.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { ClassifyPanelState, ErrorRow, ImageRow, RunInfo, RunStatus } from '../protocol/classify';
import { THUMBNAIL_EXTENSIONS } from './targets';

export interface RestoredRun {
  info: RunInfo;
  rows: ImageRow[];
  errors: ErrorRow[];
  status: RunStatus;
  /** Image folders the restored panel may read again. */
  roots: string[];
}

/** Absolute paths of existing folders, normalized, without duplicates; everything else dropped. */
export function restorableRoots(roots: readonly string[], isDirectory: (p: string) => boolean): string[] {
  const out: string[] = [];
  for (const r of roots) {
    if (!path.isAbsolute(r)) continue;
    const n = path.resolve(r);
    if (out.includes(n)) continue;
    let ok = false;
    try {
      ok = isDirectory(n);
    } catch {
      ok = false;
    }
    if (ok) out.push(n);
  }
  return out;
}

/** True when `file` lies inside one of `roots` (all absolute and normalized). */
export function insideRoots(file: string, roots: readonly string[]): boolean {
  if (!path.isAbsolute(file)) return false;
  const f = path.normalize(file);
  return roots.some((r) => f.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export function interruptedMessage(kept: number): string {
  return kept === 1 ? l10n.t('Interrupted by a window reload — the 1 result finished before it is kept.') : l10n.t('Interrupted by a window reload — the {0} results finished before it are kept.', kept);
}

export function restoreRun(state: ClassifyPanelState, isDirectory: (p: string) => boolean, thumbOf: (file: string) => string): RestoredRun {
  const roots = restorableRoots(state.roots, isDirectory);
  const rows = state.rows.map((r) => ({
    ...r,
    top: r.top.map((t) => ({ ...t })),
    thumb: r.thumb !== null && THUMBNAIL_EXTENSIONS.test(r.image) && insideRoots(r.image, roots) ? thumbOf(path.normalize(r.image)) : null,
  }));
  const status: RunStatus =
    state.status.state === 'running' ? { ...state.status, state: 'cancelled', message: interruptedMessage(rows.length) } : { ...state.status };
  return { info: { ...state.info }, rows, errors: state.errors.map((e) => ({ ...e })), status, roots };
}
