// How many bits the int8 model's conv weights may use on this CPU. onnxruntime's uint8 × int8
// kernels on x86-64 without VNNI (AVX2, and AVX-512 before VNNI) multiply with VPMADDUBSW, which
// adds two uint8 × int8 products into an int16 and saturates: with full-range weights (±127) and
// activations (0..255) a pair reaches 2 × 255 × 127 = 64770 > 32767 and is clamped. Measured on
// an AMD EPYC with AVX2 only, on the six oracle fixtures: with ±127 weights the seresnet50
// fixture's int8 top-1 class moved off PyTorch's and the largest logit errors were 1.3–2.8× the
// WebAssembly build's (which does not saturate); with ±63 every top-1 held and the native logits'
// errors equal the WebAssembly build's to 1e-3. onnxruntime's own quantizer offers the same remedy
// (`reduce_range`: 7-bit weights, 2 × 255 × 63 = 32130 fits). With VNNI or AMX (VPDPBUSD
// accumulates into int32), on arm64 (products widened before they are added) and in the
// WebAssembly build (its kernels widen to int16 products, then add pairs into int32) nothing
// saturates, and the weights keep all 8 bits.
import { readFileSync } from 'node:fs';
import type { WeightBits } from '../models/onnx';
import { ortRuntime, type OrtRuntime } from './session';

/** CPU flags (Linux /proc/cpuinfo) that give onnxruntime an int8 dot product accumulating into int32. */
const INT32_DOT_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'];

/**
 * The weight bits for a CPU: `flags` are its /proc/cpuinfo flags where they can be read (Linux),
 * undefined elsewhere (an x64 CPU whose flags cannot be read is assumed to lack VNNI: 7 bits
 * cost a little precision, saturation costs whole classes).
 */
export function weightBitsFor(arch: string, runtime: OrtRuntime, flags: readonly string[] | undefined): WeightBits {
  if (runtime === 'wasm' || arch !== 'x64') return 8;
  return flags?.some((f) => INT32_DOT_FLAGS.includes(f)) ? 8 : 7;
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

/** The weight bits for the CPU and onnxruntime build this process runs on. */
export function int8WeightBits(): WeightBits {
  return weightBitsFor(process.arch, ortRuntime(), process.platform === 'linux' ? cpuFlags() : undefined);
}
