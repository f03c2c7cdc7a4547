// The one image walker: the paths a user named → image files. Files as named (a non-image among
// them is reported, not skipped silently), folders walked recursively for image extensions in
// sorted order, without following symbolic links or entering hidden folders, node_modules or
// __pycache__, bounded in depth and count. Asynchronous, so a big folder never blocks the
// extension host. The host and the CLI walk; the worker classifies the files it is given.
import * as l10n from '@vscode/l10n';
import type { ErrorCode } from '../shared/errors';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What decodeImage reads: sharp's formats and BMP (bmp-ts). */
export const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|tiff?|gif|bmp|avif|heic|heif)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

export interface WalkLimits {
  /** Folder depth below each named folder (default 16). */
  readonly maxDepth?: number;
  /** Files in all (default 100,000). */
  readonly maxFiles?: number;
  /** How the note on a walk cut short names maxFiles, e.g. a setting (default "the limit"). */
  readonly limitName?: string;
  /** The whole note on a walk cut short, when the caller words it (the extension, in the display language). */
  readonly limitNote?: string;
}

/** An image, folder or path that was not classified: what it is, why (a typed error code, shared/errors.ts) and the message naming the problem. */
export interface ImageError {
  readonly image: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface WalkResult {
  readonly files: string[];
  /** Paths that could not be read or are not images, and a note when maxFiles cut the walk short. */
  readonly errors: ImageError[];
  /** True when maxFiles cut the walk short. */
  readonly truncated: boolean;
  /** The named paths that are folders. */
  readonly folders: string[];
}

export async function walkImages(paths: readonly string[], limits: WalkLimits = {}): Promise<WalkResult> {
  const maxDepth = limits.maxDepth ?? 16;
  const maxFiles = limits.maxFiles ?? 100_000;
  const files: string[] = [];
  const errors: ImageError[] = [];
  const folders: string[] = [];
  const seen = new Set<string>();
  let truncated = false;
  const add = (file: string): void => {
    if (seen.has(file)) return;
    if (files.length >= maxFiles) {
      truncated = true;
      return;
    }
    seen.add(file);
    files.push(file);
  };
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ image: dir, code: 'imagePath', message: l10n.t('cannot read the folder ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (truncated) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        if (depth >= maxDepth) {
          errors.push({ image: p, code: 'imagePath', message: l10n.t('not searched: deeper than {0} folders', maxDepth) });
          continue;
        }
        await walk(p, depth + 1);
      } else if (e.isFile() && IMAGE_EXTENSIONS.test(e.name)) {
        add(p);
      }
    }
  };
  for (const p of paths) {
    if (truncated) break;
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      errors.push({ image: p, code: 'imagePath', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? l10n.t('no such file or folder') : l10n.t('cannot read it ({0})', (e as Error).message) });
      continue;
    }
    if (st.isDirectory()) {
      folders.push(p);
      await walk(p, 0);
    } else if (!IMAGE_EXTENSIONS.test(p)) errors.push({ image: p, code: 'imagePath', message: l10n.t('not an image file (png, jpeg, webp, tiff, gif, bmp, avif, heic)') });
    else add(p);
  }
  if (truncated) errors.push({ image: paths.join(', '), code: 'imagePath', message: limits.limitNote ?? l10n.t('stopped after {0} images ({1}); the rest were not classified', maxFiles, limits.limitName ?? l10n.t('the limit')) });
  return { files, errors, truncated, folders };
}
