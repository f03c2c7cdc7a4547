// A results panel after a window reload: the webview's saved state (already shape-checked by
// parseClassifyPanelState) → what the host shows again. The state is untrusted: the folders the
// panel may read are those of the results' images that still exist (inside saved folders that
// still exist), never a saved folder as such; thumbnails are rebuilt
// here (never taken from the state) and only for images inside a kept folder, and a run that was
// still going when the window reloaded (its worker died with the extension host) is shown as
// interrupted; class names are shown in today's display language. Pure but for the injected
// file-system check, so it is unit-tested.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { ClassifyPanelState, ErrorRow, ImageRow, RunInfo, RunStatus } from '../../shared/protocol/classify';
import { IMAGE_EXTENSIONS } from '../../inference/walkImages';
import { THUMBNAIL_EXTENSIONS } from './thumbnails';
import { withDisplayLabels } from './displayLabels';

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

/** What restoring checks on disk (injected, so that the rules are unit-tested). */
export interface DiskCheck {
  isDirectory(p: string): boolean;
  isFile(p: string): boolean;
}

/**
 * The folders a restored panel may read: not the saved roots themselves (a state can name `/`),
 * but the folder of each image of the saved results that still exists as a file of an image
 * format, inside a saved root that still exists. A folder nobody's image is in is never a root.
 */
export function imageFolders(savedRoots: readonly string[], images: readonly string[], disk: DiskCheck): string[] {
  const kept = restorableRoots(savedRoots, (p) => disk.isDirectory(p));
  const out: string[] = [];
  for (const image of images) {
    if (!path.isAbsolute(image) || !IMAGE_EXTENSIONS.test(image) || !insideRoots(image, kept)) continue;
    const folder = path.dirname(path.normalize(image));
    if (out.includes(folder)) continue;
    let ok = false;
    try {
      ok = disk.isFile(path.normalize(image));
    } catch {
      ok = false;
    }
    if (ok) out.push(folder);
  }
  return out;
}

/** The run a saved state shows again; its class names as `language` shows them (the saved ones may be of another display language). */
export function restoreRun(state: ClassifyPanelState, disk: DiskCheck, thumbOf: (file: string) => string, language = 'en'): RestoredRun {
  const roots = imageFolders(state.roots, [...state.rows.map((r) => r.image), ...state.errors.map((e) => e.image)], disk);
  const rows = state.rows.map((r) => ({
    ...r,
    top: withDisplayLabels(r.top, language),
    thumb: r.thumb !== null && THUMBNAIL_EXTENSIONS.test(r.image) && insideRoots(r.image, roots) ? thumbOf(path.normalize(r.image)) : null,
  }));
  const status: RunStatus =
    state.status.state === 'running' ? { ...state.status, state: 'cancelled', message: interruptedMessage(rows.length) } : { ...state.status };
  return { info: { ...state.info }, rows, errors: state.errors.map((e) => ({ ...e })), status, roots };
}
