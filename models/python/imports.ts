// Following imports to other files of the workspace, as Python would for the project a file
// belongs to: relative imports from the file's package, absolute ones from the file's folder and
// each ancestor up to the workspace folder (repositories checked out side by side). Read-only;
// the number of files and their size are bounded; an import cycle reads as "not found".
import * as l10n from '@vscode/l10n';
import { PySourceError, PyUnsupportedError } from './errors';
import type { ImportResolver } from './runtime';
import { Runtime } from './runtime';
import type { LoadedModule } from './build';
import type { SourceFile, Value } from './values';

/** Reads a file of the workspace: its text, or undefined when there is none. Paths use '/'. */
export type ReadFile = (path: string) => string | undefined;

/** Files read per interpretation, the first included. */
export const MAX_IMPORTED_FILES = 64;

export interface WorkspaceImports {
  readonly resolve: ImportResolver;
  /** Files read so far (for messages and tests). */
  readonly files: () => readonly string[];
}

/**
 * A resolver for the files under `root`. `load` turns a file into a module (build.ts's
 * loadModule, passed in to keep this file free of a cycle).
 */
export function workspaceImports(root: string, read: ReadFile, load: (file: SourceFile, resolve: ImportResolver, rt: Runtime) => LoadedModule): WorkspaceImports {
  const modules = new Map<string, LoadedModule | 'loading' | undefined>();
  const top = trimSlash(root);
  const resolve: ImportResolver = (module, name, from) => {
    const candidates = candidatesFor(module, from.name, top);
    for (const base of candidates) {
      // `from pkg import sub` may name a submodule rather than a name of pkg/__init__.py.
      const fileModule = loadFile(base);
      if (fileModule === 'cycle') return { k: 'opaque', why: l10n.t('is imported from `{0}` in an import cycle', module) };
      if (fileModule) {
        if (name === undefined || name === '*') return name === '*' ? starInto(fileModule) : { k: 'opaque', why: l10n.t('is the module `{0}`, whose attributes are not read', module) };
        const v = fileModule.scope.vars.get(name);
        if (v !== undefined) return v;
      }
      if (name !== undefined && name !== '*') {
        const sub = loadFile(`${base}/${name}`);
        if (sub && sub !== 'cycle') return { k: 'opaque', why: l10n.t('is the module `{0}.{1}`, whose attributes are not read', module, name) };
      }
    }
    return undefined;
  };
  const loadFile = (base: string): LoadedModule | 'cycle' | undefined => {
    for (const path of [`${base}.py`, `${base}/__init__.py`]) {
      if (modules.has(path)) {
        const m = modules.get(path);
        if (m === 'loading') return 'cycle';
        if (m) return m;
        continue;
      }
      if (modules.size >= MAX_IMPORTED_FILES) throw new PyUnsupportedError(0, 'import', l10n.t('follows more than {0} files', MAX_IMPORTED_FILES), path);
      const text = read(path);
      if (text === undefined) {
        modules.set(path, undefined);
        continue;
      }
      modules.set(path, 'loading');
      try {
        const m = load({ name: path, text }, resolve, new Runtime(resolve));
        modules.set(path, m);
        return m;
      } catch (e) {
        if (!(e instanceof PySourceError)) throw e;
        modules.set(path, undefined);
      }
    }
    return undefined;
  };
  return { resolve, files: () => [...modules].filter(([, m]) => m && m !== 'loading').map(([p]) => p) };
}

function starInto(_m: LoadedModule): Value {
  return { k: 'opaque', why: l10n.t('comes from a star import of a workspace file') };
}

/** Module paths (without .py) a module name may refer to, nearest first. */
function candidatesFor(module: string, fromFile: string, root: string): string[] {
  const fromDir = dirname(fromFile);
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rest = module.slice(dots).split('.').filter((s) => s !== '');
  if (dots > 0) {
    let dir = fromDir;
    for (let i = 1; i < dots; i++) dir = dirname(dir);
    if (!within(dir, root)) return [];
    return [[dir, ...rest].join('/')];
  }
  const out: string[] = [];
  for (let dir = fromDir; within(dir, root); dir = dirname(dir)) {
    out.push([dir, ...rest].join('/'));
    if (dir === root || dirname(dir) === dir) break;
  }
  return out;
}

function within(dir: string, root: string): boolean {
  return root === '' || dir === root || dir.startsWith(`${root}/`);
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '') : p.slice(0, i);
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}
