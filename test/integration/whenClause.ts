// A small evaluator for the subset of VS Code's when-clause language the manifest uses:
// identifiers, string literals, true/false, !, &&, ||, parentheses, ==, != and =~ /regex/flags.
// Used to check the menu's when-clause against sample file names without mocking VS Code.

export type WhenContext = Readonly<Record<string, string | boolean | undefined>>;

type Token =
  | { kind: 'op'; value: '&&' | '||' | '!' | '(' | ')' | '==' | '!=' | '=~' }
  | { kind: 'regex'; value: RegExp }
  | { kind: 'word'; value: string }
  | { kind: 'string'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; continue; }
    const two = source.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '==' || two === '!=' || two === '=~') {
      tokens.push({ kind: 'op', value: two });
      i += 2;
      if (two === '=~') {
        while (/\s/.test(source[i] ?? '')) i++;
        if (source[i] !== '/') throw new Error(`when-clause: expected /regex/ after =~ at ${i} in "${source}"`);
        let j = i + 1;
        let pattern = '';
        while (j < source.length && source[j] !== '/') {
          if (source[j] === '\\') { pattern += source.slice(j, j + 2); j += 2; } else { pattern += source[j]; j++; }
        }
        if (j >= source.length) throw new Error(`when-clause: unterminated regex in "${source}"`);
        j++;
        let flags = '';
        while (/[a-z]/.test(source[j] ?? '')) flags += source[j++];
        tokens.push({ kind: 'regex', value: new RegExp(pattern, flags) });
        i = j;
      }
      continue;
    }
    if (c === '!' || c === '(' || c === ')') { tokens.push({ kind: 'op', value: c }); i++; continue; }
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new Error(`when-clause: unterminated string in "${source}"`);
      tokens.push({ kind: 'string', value: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_.:\-]+/.exec(source.slice(i));
    if (!m) throw new Error(`when-clause: unexpected "${c}" at ${i} in "${source}"`);
    tokens.push({ kind: 'word', value: m[0] });
    i += m[0].length;
  }
  return tokens;
}

/** Evaluates a when-clause against a context of key values. Unknown keys are undefined (falsy). */
export function evaluateWhen(source: string, context: WhenContext): boolean {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => { const t = peek(); return t?.kind === 'op' && t.value === v; };

  const value = (word: string): string | boolean | undefined => {
    if (word === 'true') return true;
    if (word === 'false') return false;
    return context[word];
  };
  const primary = (): boolean => {
    if (isOp('!')) { pos++; return !primary(); }
    if (isOp('(')) {
      pos++;
      const v = or();
      if (!isOp(')')) throw new Error(`when-clause: expected ) in "${source}"`);
      pos++;
      return v;
    }
    const t = tokens[pos++];
    if (!t || t.kind !== 'word') throw new Error(`when-clause: expected a key in "${source}"`);
    const left = value(t.value);
    if (isOp('=~')) {
      pos++;
      const r = tokens[pos++];
      if (r?.kind !== 'regex') throw new Error(`when-clause: expected a regex in "${source}"`);
      return typeof left === 'string' && r.value.test(left);
    }
    if (isOp('==') || isOp('!=')) {
      const negate = (tokens[pos++] as { value: string }).value === '!=';
      const r = tokens[pos++];
      if (!r || (r.kind !== 'word' && r.kind !== 'string')) throw new Error(`when-clause: expected a value in "${source}"`);
      const right = r.kind === 'string' ? r.value : (value(r.value) ?? r.value);
      return (String(left) === String(right)) !== negate;
    }
    return Boolean(left);
  };
  const and = (): boolean => {
    let v = primary();
    while (isOp('&&')) { pos++; const r = primary(); v = v && r; }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (isOp('||')) { pos++; const r = and(); v = v || r; }
    return v;
  };
  const result = or();
  if (pos !== tokens.length) throw new Error(`when-clause: trailing input in "${source}"`);
  return result;
}
