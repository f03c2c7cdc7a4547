// Why the interpreter stopped: a construct outside the subset it understands, or a budget it ran
// out of. Each names the line and the construct, so a hover can say "line 87: `torch.einsum` is
// not understood" instead of guessing. The reason (`why`) is in the display language (@vscode/l10n);
// what a surface does about an error is read from its class and fields, never from those words.
import * as l10n from '@vscode/l10n';

export class PyUnsupportedError extends Error {
  constructor(
    /** 1-based line in the file named by `file`. */
    readonly line: number,
    /** The construct as written (`torch.einsum`, `while`, `x.permute`). */
    readonly construct: string,
    readonly why: string,
    readonly file: string,
  ) {
    super(`${file}:${line}: \`${construct}\` ${why}`);
    this.name = 'PyUnsupportedError';
  }

  /** "line 87: `torch.einsum` is not understood" (no file name: for a hover on that file). */
  get short(): string {
    return l10n.t('line {0}: `{1}` {2}', this.line, this.construct, this.why);
  }
}

/** A call of a function of the file without one of its required parameters (`parameter`): PyTorch would raise a TypeError. */
export class PyMissingArgumentError extends PyUnsupportedError {
  constructor(
    line: number,
    construct: string,
    why: string,
    file: string,
    readonly parameter: string,
  ) {
    super(line, construct, why, file);
    this.name = 'PyMissingArgumentError';
  }
}

/** The step budget or the recursion limit ran out (`for i in range(10**9)`, a function calling itself). */
export class PyBudgetError extends PyUnsupportedError {
  constructor(line: number, construct: string, why: string, file: string) {
    super(line, construct, why, file);
    this.name = 'PyBudgetError';
  }
}

/** The file cannot be read as a model definition at all (too large, not text, no such class). */
export class PySourceError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'PySourceError';
  }
}
