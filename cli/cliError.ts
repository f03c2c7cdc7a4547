// Errors the CLI reports as one line on stderr. `exitCode` 2 is a usage error, 1 a failure.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
