// Explorer selection → image files: files as selected (a non-image is reported, not skipped
// silently), folders walked recursively in sorted order, without following symbolic links or
// entering hidden folders and node_modules, bounded in depth and count. Asynchronous, so a big
// folder never blocks the extension host.
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { IMAGE_EXTENSIONS } from '../../inference/walkImages';

const MAX_DEPTH = 16;
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

export interface WalkError {
  image: string;
  message: string;
}

export interface Targets {
  files: string[];
  errors: WalkError[];
  /** True when maxImages cut the walk short. */
  truncated: boolean;
  /** The selected paths that are folders. */
  folders: string[];
}

export async function expandTargets(paths: readonly string[], maxImages: number): Promise<Targets> {
  const files: string[] = [];
  const errors: WalkError[] = [];
  const seen = new Set<string>();
  const folders: string[] = [];
  let truncated = false;
  const add = (f: string): void => {
    if (seen.has(f)) return;
    if (files.length >= maxImages) {
      truncated = true;
      return;
    }
    seen.add(f);
    files.push(f);
  };
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ image: dir, message: `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (truncated) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        if (depth >= MAX_DEPTH) {
          errors.push({ image: p, message: `not searched: deeper than ${MAX_DEPTH} folders` });
          continue;
        }
        await walk(p, depth + 1);
      } else if (e.isFile() && IMAGE_EXTENSIONS.test(e.name)) {
        add(p);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      errors.push({ image: p, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${(e as Error).message})` });
      continue;
    }
    if (st.isDirectory()) {
      folders.push(p);
      await walk(p, 0);
    }
    else if (!IMAGE_EXTENSIONS.test(p)) errors.push({ image: p, message: 'not an image file (png, jpeg, webp, tiff, gif, bmp, avif, heic)' });
    else add(p);
    if (truncated) break;
  }
  return { files, errors, truncated, folders };
}

/** Image formats a webview (Chromium) can show as a thumbnail. */
export const THUMBNAIL_EXTENSIONS = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;
