// Why the interpreter stopped: a construct outside the subset it understands, or a budget it ran
// out of. Each names the line and the construct, so a hover can say "line 87: `torch.einsum` is
// not understood" instead of guessing.
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
    return `line ${this.line}: \`${this.construct}\` ${this.why}`;
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
