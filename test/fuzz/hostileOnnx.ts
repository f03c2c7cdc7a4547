// Hostile .onnx files, written with a minimal protobuf encoder so that each says exactly what
// it does: external data, huge fixed input sides or class counts, a Loop of 2^62 trips, a
// ConstantOfShape of 2^34 elements. Plus a small valid classifier (GlobalAveragePool → Flatten
// → MatMul) as the fuzz seed.

/** A protobuf message: [field number, value] pairs; numbers and bigints are varints. */
type Msg = [number, number | bigint | string | Uint8Array | Msg][];

function varint(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return out;
}

export function encode(m: Msg): Uint8Array {
  const out: number[] = [];
  for (const [field, v] of m) {
    if (typeof v === 'number' || typeof v === 'bigint') out.push(...varint(BigInt(field << 3)), ...varint(BigInt(v)));
    else {
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v instanceof Uint8Array ? v : encode(v);
      out.push(...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)));
      for (const b of bytes) out.push(b);
    }
  }
  return new Uint8Array(out);
}

const FLOAT = 1;
const INT64 = 7;
const dim = (d: number | string): Msg => [typeof d === 'number' ? [1, d] : [2, d]];
const valueInfo = (name: string, dims: (number | string)[]): Msg => [
  [1, name],
  [2, [[1, [[1, FLOAT], [2, dims.map((d): [number, Msg] => [1, dim(d)])]]]]],
];
const node = (op: string, inputs: string[], outputs: string[], attrs: Msg[] = []): Msg => [...inputs.map((i): [number, string] => [1, i]), ...outputs.map((o): [number, string] => [2, o]), [4, op], ...attrs.map((a): [number, Msg] => [5, a])];
const floats = (name: string, dims: number[], values: number[]): Msg => [...dims.map((d): [number, number] => [1, d]), [2, FLOAT], [8, name], [9, new Uint8Array(new Float32Array(values).buffer)]];

function model(nodes: Msg[], inputs: Msg[], outputs: Msg[], initializers: Msg[] = []): Uint8Array {
  const graph: Msg = [...nodes.map((n): [number, Msg] => [1, n]), [2, 'g'], ...initializers.map((t): [number, Msg] => [5, t]), ...inputs.map((i): [number, Msg] => [11, i]), ...outputs.map((o): [number, Msg] => [12, o])];
  return encode([[1, 8], [8, [[2, 17]]], [2, 'hostile-fixtures'], [7, graph]]);
}

/** image [N,3,H,W] → mean per channel [N,3] → × W [3,classes] → logits [N,classes]. */
export function tinyClassifier(classes = 4, inputDims: (number | string)[] = ['N', 3, 'H', 'W'], outputDims: (number | string)[] = ['N', classes], extraInit: Msg[] = []): Uint8Array {
  const w = Array.from({ length: 3 * classes }, (_, i) => ((i % 7) - 3) / 4);
  return model(
    [node('GlobalAveragePool', ['input'], ['pooled']), node('Flatten', ['pooled'], ['flat']), node('MatMul', ['flat', 'w'], ['logits'])],
    [valueInfo('input', inputDims)],
    [valueInfo('logits', outputDims)],
    [floats('w', [3, classes], w), ...extraInit],
  );
}

export interface HostileOnnx {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  /** The typed error's text; the run's watchdog stops the ones marked `runtime`. */
  readonly expect: RegExp;
  readonly runtime?: boolean;
}

export const hostileOnnx: readonly HostileOnnx[] = [
  {
    name: 'external-data.onnx',
    bytes: () => {
      const t: Msg = [[1, 3], [1, 4], [2, FLOAT], [8, 'w'], [13, [[1, 'location'], [2, '../../../../etc/passwd']]], [14, 1]];
      return model(
        [node('GlobalAveragePool', ['input'], ['pooled']), node('Flatten', ['pooled'], ['flat']), node('MatMul', ['flat', 'w'], ['logits'])],
        [valueInfo('input', ['N', 3, 'H', 'W'])],
        [valueInfo('logits', ['N', 4])],
        [t],
      );
    },
    expect: /keeps tensors in external data files, which are not loaded/,
  },
  { name: 'input-side-1e5.onnx', bytes: () => tinyClassifier(4, ['N', 3, 100_000, 100_000]), expect: /input's fixed height of 100000 px is outside 1–4096 px/ },
  { name: 'input-side-2e31.onnx', bytes: () => tinyClassifier(4, ['N', 3, 224, 2 ** 31]), expect: /input's fixed width of 2147483648 px/ },
  { name: 'classes-67m.onnx', bytes: () => tinyClassifier(4, ['N', 3, 'H', 'W'], ['N', 67_108_864]), expect: /output has 67108864 classes, outside 1–1000000/ },
  { name: 'truncated.onnx', bytes: () => tinyClassifier().subarray(0, 40), expect: /not a well-formed ONNX model|has no graph/ },
  {
    // logits = Loop(2^62 trips) over a body that passes the pooled features through unchanged.
    name: 'loop-2e62.onnx',
    bytes: () => {
      const body: Msg = [
        [1, node('Identity', ['cond_in'], ['cond_out'])],
        [1, node('Identity', ['v_in'], ['v_out'])],
        [2, 'body'],
        [11, [[1, 'iter'], [2, [[1, [[1, INT64], [2, []]]]]]]],
        [11, [[1, 'cond_in'], [2, [[1, [[1, 9], [2, []]]]]]]],
        [11, [[1, 'v_in']]],
        [12, [[1, 'cond_out'], [2, [[1, [[1, 9], [2, []]]]]]]],
        [12, [[1, 'v_out']]],
      ];
      const trips: Msg = [[2, INT64], [8, 'trips'], [9, new Uint8Array(new BigInt64Array([1n << 62n]).buffer)]];
      const cond: Msg = [[2, 9], [8, 'cond'], [9, new Uint8Array([1])]];
      return model(
        [
          node('GlobalAveragePool', ['input'], ['pooled']),
          node('Flatten', ['pooled'], ['flat']),
          node('Loop', ['trips', 'cond', 'flat'], ['looped'], [[[1, 'body'], [20, 5], [6, body]]]),
          node('MatMul', ['looped', 'w'], ['logits']),
        ],
        [valueInfo('input', ['N', 3, 'H', 'W'])],
        [valueInfo('logits', ['N', 4])],
        [floats('w', [3, 4], new Array<number>(12).fill(0.5)), trips, cond],
      );
    },
    expect: /a step of the run took longer than its limit of \d+ s/,
    runtime: true,
  },
];
