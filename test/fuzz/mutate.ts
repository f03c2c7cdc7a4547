// Seeded mutations of valid files: the kinds of damage that reach the readers' checks (flipped
// bits, boundary values written over length and offset fields, cut, repeated or spliced spans).

export { mulberry32 as prng } from '../../inference/prng';

/** Values that sit on the edges of the readers' integer fields. */
const EDGES = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff];

export function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  let b = Uint8Array.from(src);
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length === 0 ? 0 : int(b.length);
    switch (int(8)) {
      case 0: // bit flips
        for (let k = 0, n = 1 + int(8); k < n && b.length > 0; k++) b[int(b.length)] ^= 1 << int(8);
        break;
      case 1: // a byte set to an edge value
        if (b.length > 0) b[at] = EDGES[int(EDGES.length)] & 0xff;
        break;
      case 2: {
        // a 16/32/64-bit little-endian edge value over a field
        const width = [2, 4, 8][int(3)];
        if (at + width <= b.length) {
          const v = EDGES[int(EDGES.length)];
          for (let k = 0; k < width; k++) b[at + k] = k < 4 ? (v >>> (8 * k)) & 0xff : rand() < 0.5 ? 0 : 0xff;
        }
        break;
      }
      case 3: // truncation
        b = b.subarray(0, at);
        break;
      case 4: {
        // a span repeated in place
        const span = b.slice(at, at + 1 + int(256));
        const times = 1 + int(8);
        const out = new Uint8Array(b.length + span.length * times);
        out.set(b.subarray(0, at));
        for (let k = 0; k < times; k++) out.set(span, at + k * span.length);
        out.set(b.subarray(at), at + times * span.length);
        b = out;
        break;
      }
      case 5: {
        // a span deleted
        const end = Math.min(b.length, at + 1 + int(64));
        const out = new Uint8Array(b.length - (end - at));
        out.set(b.subarray(0, at));
        out.set(b.subarray(end), at);
        b = out;
        break;
      }
      case 6: // random bytes over a span
        for (let k = 0, n = 1 + int(32); k < n && at + k < b.length; k++) b[at + k] = int(256);
        break;
      default: {
        // a span copied from elsewhere in the file
        const from = int(Math.max(1, b.length));
        const len = Math.min(1 + int(128), b.length - from, b.length - at);
        if (len > 0) b.set(Uint8Array.from(b.subarray(from, from + len)), at);
      }
    }
  }
  return b;
}

/** Text mutations for JSON: the bytes mutator plus structural edits JSON parsers meet. */
export function mutateText(src: string, rand: () => number): string {
  const int = (n: number): number => Math.floor(rand() * n);
  const at = int(src.length + 1);
  const tokens = ['[', ']', '{', '}', '"', ',', ':', '1e400', '-1', '0', '1.5', 'null', 'true', '"__proto__"', '"constructor"', '\uFEFF', '\\u0000', '9007199254740993', '"layers"', '"extends"', '"resnet50"'];
  switch (int(4)) {
    case 0:
      return Buffer.from(mutate(Buffer.from(src, 'utf8'), rand)).toString('utf8');
    case 1:
      return src.slice(0, at) + tokens[int(tokens.length)] + src.slice(at);
    case 2: {
      const depth = 1 + int(rand() < 0.1 ? 100_000 : 64);
      const open = rand() < 0.5 ? '[' : '{"a":';
      return src.slice(0, at) + open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth) + src.slice(at);
    }
    default: {
      // a number replaced by an edge value
      const edge = ['0', '-1', '1e400', '1e-400', '2.5', '4294967296', '1e15', '100000', '3'][int(9)];
      return src.replace(/\d+(\.\d+)?/g, (m) => (rand() < 0.2 ? edge : m));
    }
  }
}
