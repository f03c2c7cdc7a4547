// Expands the paths a user named into image files: files as given (a non-image among them is
// reported, not skipped), folders walked recursively for image extensions, in sorted order,
// bounded in depth and count, without following symbolic links or entering hidden folders.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|tiff?|gif|bmp|avif|heic|heif)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

export interface WalkLimits {
  /** Folder depth below each named folder. */
  readonly maxDepth?: number;
  /** Files in all. */
  readonly maxFiles?: number;
}

export interface WalkResult {
  readonly files: string[];
  /** Paths that could not be read, and a note when a limit cut the walk short. */
  readonly errors: { image: string; message: string }[];
}

export function walkImages(paths: readonly string[], limits: WalkLimits = {}): WalkResult {
  const maxDepth = limits.maxDepth ?? 16;
  const maxFiles = limits.maxFiles ?? 100_000;
  const files: string[] = [];
  const errors: { image: string; message: string }[] = [];
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
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ image: dir, message: `cannot read folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (truncated) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
        if (depth >= maxDepth) {
          errors.push({ image: p, message: `not searched: deeper than ${maxDepth} folders` });
          continue;
        }
        walk(p, depth + 1);
      } else if (e.isFile() && IMAGE_EXTENSIONS.test(e.name)) {
        add(p);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      errors.push({ image: p, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message });
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else add(p);
  }
  if (truncated) errors.push({ image: paths.join(', '), message: `stopped after ${maxFiles} images (the limit); the rest were not classified` });
  return { files, errors };
}
