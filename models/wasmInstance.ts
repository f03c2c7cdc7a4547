// A WebAssembly module's exports from its bytes, synchronously, or null where the runtime has no
// WebAssembly (or no SIMD, which a kernel's validation then refuses): the one instantiation of
// the hand-written SIMD kernels (models/weights/statsKernel.ts, inference/preprocessKernel.ts),
// whose callers fall back to their JS paths on null. Typed here by the little of the WebAssembly
// JS API it uses: the engine compiles without DOM or Node types, which declare it.
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

export function wasmExports(bytes: readonly number[]): unknown {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return new api.Instance(new api.Module(Uint8Array.from(bytes)), {}).exports;
  } catch {
    return null;
  }
}
