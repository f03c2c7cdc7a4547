// The one compilation of the statistics kernel's WebAssembly text (wabt, SIMD on), shared by the
// generator script and the test that checks the committed bytes.
import initWabt from 'wabt';

/** @param {string} wat @returns {Promise<Uint8Array>} */
export async function compileStatsKernel(wat) {
  const wabt = await initWabt();
  const module = wabt.parseWat('statsKernel.wat', wat, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
