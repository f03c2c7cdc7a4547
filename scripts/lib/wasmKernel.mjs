// The one compilation of a kernel's WebAssembly text (wabt, SIMD on), shared by
// scripts/build-wasm-kernels.mjs and the tests that check each kernel's committed bytes.
import initWabt from 'wabt';

/** The kernels: WebAssembly text, the generated module it compiles to, its exported constant and what it is. */
export const WASM_KERNELS = [
  { wat: 'models/weights/statsKernel.wat', out: 'models/weights/statsKernelWasm.ts', name: 'STATS_KERNEL_WASM', what: "The statistics kernel's WebAssembly module" },
  { wat: 'inference/preprocessKernel.wat', out: 'inference/preprocessKernelWasm.ts', name: 'PREPROCESS_KERNEL_WASM', what: "The preprocessing kernel's WebAssembly module" },
];

/** @param {string} wat the WebAssembly text @param {string} [file] its name, for errors @returns {Promise<Uint8Array>} */
export async function compileWasmKernel(wat, file = 'kernel.wat') {
  const wabt = await initWabt();
  const module = wabt.parseWat(file, wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
