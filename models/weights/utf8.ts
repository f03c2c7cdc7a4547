// Strict UTF-8 decoding and encoding without TextDecoder/TextEncoder, which the engine's ES2022 lib does not declare
// (it is a host API, and the engine must not depend on one).
import * as l10n from '@vscode/l10n';

/** Decodes UTF-8; throws on malformed, overlong or surrogate sequences. */
export function decodeUtf8(b: Uint8Array): string {
  const parts: string[] = [];
  let codes: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    let cp: number;
    let n: number;
    if (c < 0x80) {
      cp = c;
      n = 0;
    } else if (c >= 0xc2 && c < 0xe0) {
      cp = c & 0x1f;
      n = 1;
    } else if (c >= 0xe0 && c < 0xf0) {
      cp = c & 0x0f;
      n = 2;
    } else if (c >= 0xf0 && c < 0xf5) {
      cp = c & 0x07;
      n = 3;
    } else {
      throw new Error(l10n.t('invalid UTF-8 byte 0x{0} at {1}', c.toString(16), i));
    }
    if (i + n >= b.length && n > 0) throw new Error(l10n.t('truncated UTF-8 sequence at {0}', i));
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) throw new Error(l10n.t('invalid UTF-8 continuation at {0}', i + k));
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error(l10n.t('invalid UTF-8 sequence at {0}', i));
    codes.push(cp);
    if (codes.length >= 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
    i += n + 1;
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

/** Encodes a string as UTF-8 (a lone surrogate becomes U+FFFD, as TextEncoder does). */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}
