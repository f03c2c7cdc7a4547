// Jupyter notebooks: the code cells read together, in order, as one module (a `def`, `class` or
// `import` in one cell is seen by the cells after it). IPython magics and shell lines (`%…`, `!…`)
// become blank lines so line numbers stay those of the joined source.
import * as l10n from '@vscode/l10n';
import { PySourceError } from './errors';

/** Where each cell starts in the joined source (1-based lines), to name a cell in messages. */
export interface NotebookSource {
  readonly text: string;
  readonly cellLines: readonly number[];
}

export function notebookSource(json: string, fileName: string): NotebookSource {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch {
    throw new PySourceError(fileName, l10n.t('is not a notebook (not valid JSON)'));
  }
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) throw new PySourceError(fileName, l10n.t('is not a notebook (no "cells" list)'));
  const parts: string[] = [];
  const cellLines: number[] = [];
  let line = 1;
  for (const cell of cells as Array<{ cell_type?: unknown; source?: unknown }>) {
    if (cell?.cell_type !== 'code') continue;
    const src = Array.isArray(cell.source) ? cell.source.join('') : typeof cell.source === 'string' ? cell.source : '';
    const code = src
      .split('\n')
      .map((l) => (/^\s*[%!]/.test(l) ? '' : l))
      .join('\n');
    cellLines.push(line);
    parts.push(code);
    line += code.split('\n').length;
  }
  return { text: parts.join('\n'), cellLines };
}
