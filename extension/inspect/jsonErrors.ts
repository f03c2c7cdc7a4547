// JSON.parse with a useful error: which file, which line and column. Node's SyntaxError gives
// only a character offset ("at position 123"), or nothing at all for an unexpected end.

export class VariantSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: invalid JSON: ${detail}`);
    this.name = 'VariantSyntaxError';
  }
}

export function parseJsonWithPosition(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    // V8 quotes the text around the error ("…" is not valid JSON) and the offending token: the file's content stays out of the message.
    const detail = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/^Unexpected token .*/s, 'unexpected character')
      .replace(/^Unexpected non-whitespace character after JSON.*/s, 'unexpected text after the JSON value');
    throw new VariantSyntaxError(file, line, column, detail);
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
