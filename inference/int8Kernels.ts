// How the int8 model's conv weights are stored on this CPU. onnxruntime's uint8 × int8 kernels on
// x86-64 without VNNI (AVX2, and AVX-512 before VNNI) multiply with VPMADDUBSW, which adds two
// uint8 × int8 products into an int16 and saturates: with weights in ±127 and activations in
// 0..255 a pair reaches 2 × 255 × 127 = 64770 > 32767 and is clamped. onnxruntime's documentation
// names two remedies: 7-bit weights (`reduce_range`) or the uint8 × uint8 format, whose kernels
// widen to int16 before they multiply. Measured on an AMD EPYC with AVX2 only (bench/classify.mjs,
// resnet50, a trained probe head, 200 held-out images, against fp32; agreement on the bench's
// stable backbone and blended set, then on the earlier separable set with a chaotic backbone):
//   int8 weights (saturating)   top-1 agreement 99.0 % / 98.5 %, largest logit error 3.64 / 28.1, 34.1 images/s
//   7-bit weights               top-1 agreement      – / 91.0 %, largest logit error    – / 42.5
//   uint8 weights (around 128)  top-1 agreement 99.0 % / 98.5 %, largest logit error 1.84 / 17.0, 23.9 images/s
// uint8 is the default there: the same values as int8, no clamping that depends on the CPU (the
// seresnet50 fixture's top-1 moved off PyTorch's with saturating int8 weights), for 30 % of the
// speed; BACKBONE_LENS_INT8_WEIGHTS=int8 chooses the faster, saturating kernels. With VNNI or AMX
// (VPDPBUSD accumulates into int32), on arm64 (products widened before they are added) and in
// the WebAssembly build (int16 products, pairs added into int32) nothing saturates, and int8
// weights are the fast path.
import { readFileSync } from 'node:fs';
import type { WeightFormat } from '../models/onnx';
import { ortRuntime, type OrtRuntime } from './session';

/** CPU flags (Linux /proc/cpuinfo) that give onnxruntime an int8 dot product accumulating into int32. */
const INT32_DOT_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'];

/**
 * The weight format for a CPU: `flags` are its /proc/cpuinfo flags where they can be read (Linux),
 * undefined elsewhere (an x64 CPU whose flags cannot be read is assumed to lack VNNI: uint8
 * weights cost some speed, saturation costs agreement).
 */
export function weightFormatFor(arch: string, runtime: OrtRuntime, flags: readonly string[] | undefined): WeightFormat {
  if (runtime === 'wasm' || arch !== 'x64') return 'int8';
  return flags?.some((f) => INT32_DOT_FLAGS.includes(f)) ? 'int8' : 'uint8';
}

/** The flags of the first CPU in /proc/cpuinfo, or undefined where there is none (not Linux). */
export function cpuFlags(cpuinfo = '/proc/cpuinfo'): string[] | undefined {
  try {
    const line = readFileSync(cpuinfo, 'utf8').split('\n').find((l) => /^flags\s*:/.test(l));
    return line?.slice(line.indexOf(':') + 1).trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** Set to "int8" or "uint8" to choose the weight format instead of the CPU's flags (a CPU they misjudge, the bench's comparison). */
export const WEIGHT_FORMAT_ENV = 'BACKBONE_LENS_INT8_WEIGHTS';

/** This machine's CPU flags, read once (they do not change while the process runs); null where there are none. */
let ownFlags: string[] | null | undefined;

/** The weight format for the CPU and onnxruntime build this process runs on. */
export function int8WeightFormat(env: NodeJS.ProcessEnv = process.env): WeightFormat {
  const chosen = env[WEIGHT_FORMAT_ENV];
  if (chosen === 'int8' || chosen === 'uint8') return chosen;
  if (ownFlags === undefined) ownFlags = (process.platform === 'linux' ? cpuFlags() : undefined) ?? null;
  return weightFormatFor(process.arch, ortRuntime(), ownFlags ?? undefined);
}
