// The base of inference/'s errors: the CLI prints their message as one line (exit 1) and the
// worker sends it back as is. Each names the file or provider it is about.
export class InferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
