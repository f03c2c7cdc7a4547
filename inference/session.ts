// onnxruntime sessions and execution-provider choice. `auto` tries the GPU providers the
// platform has (DirectML/WebGPU/CUDA on Windows, CoreML/WebGPU on macOS, CUDA/WebGPU on Linux)
// and then the CPU, and reports the one that started; a named provider that cannot start is an
// error (no silent fallback). onnxruntime is required lazily: only inference loads it.
//
// Two builds of onnxruntime run the same models through the same API (onnxruntime-common): the
// native one (onnxruntime-node), and, where it has no binary (1.30 has none for macOS on Intel),
// its WebAssembly build (onnxruntime-web's Node entry, CPU only, SIMD and worker threads; about
// 5–8× slower than native on resnet50 here, bench/wasmRuntime.mjs). A package
// that carries neither (every target but darwin-x64 carries only the native one) says that
// inference cannot run here.
import { availableParallelism } from 'node:os';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';

export const EP_CHOICES = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type EpChoice = (typeof EP_CHOICES)[number];
export type Provider = Exclude<EpChoice, 'auto'>;

export const isEpChoice = (v: unknown): v is EpChoice => typeof v === 'string' && (EP_CHOICES as readonly string[]).includes(v);

type Ort = typeof import('onnxruntime-node');

/** Which onnxruntime build runs the models: the native one, or its WebAssembly build. */
export type OrtRuntime = 'native' | 'wasm';

/**
 * Set to "wasm" to run on the WebAssembly build even where the native one has a binary (the
 * tests of that path, and a diagnosis of a native crash); any other value means the default.
 */
export const ORT_RUNTIME_ENV = 'BACKBONE_LENS_ORT_RUNTIME';

interface LoadedOrt {
  readonly ort: Ort;
  readonly runtime: OrtRuntime;
  /** With the WebAssembly build: why the native one is not used. */
  readonly nativeMissing?: string;
}
let loaded: LoadedOrt | undefined;

/** onnxruntime has no build for this platform in this package: the engine works, inference does not. */
export class RuntimeUnavailableError extends InferenceError {}

function nativeBinaryMissing(): string | undefined {
  const manifest = require.resolve('onnxruntime-node/package.json');
  const binding = join(dirname(manifest), 'bin', 'napi-v6', process.platform, process.arch, 'onnxruntime_binding.node');
  if (existsSync(binding)) return undefined;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return `onnxruntime-node ${version} has no binary for ${process.platform}-${process.arch}`;
}

/** Whether this package carries onnxruntime-web (only the darwin-x64 VSIX, and the repository). */
function carriesWasmBuild(): boolean {
  try {
    require.resolve('onnxruntime-web');
    return true;
  } catch {
    return false;
  }
}

/**
 * The one decision of which build runs here, loading neither: the native one where it has a
 * binary and is not overridden, else the WebAssembly one where this package carries it (with why
 * the native one is not used), else none.
 */
function planRuntime(): { runtime: OrtRuntime | 'none'; nativeMissing?: string } {
  const nativeMissing = process.env[ORT_RUNTIME_ENV] === 'wasm' ? `${ORT_RUNTIME_ENV}=wasm` : nativeBinaryMissing();
  if (nativeMissing === undefined) return { runtime: 'native' };
  return { runtime: carriesWasmBuild() ? 'wasm' : 'none', nativeMissing };
}

/** Which build load() will pick, without loading either (the run's time bounds depend on it; with none, inference fails at once). */
export function plannedOrtRuntime(): OrtRuntime {
  if (loaded) return loaded.runtime;
  const { runtime } = planRuntime();
  return runtime === 'none' ? 'native' : runtime;
}

function load(): LoadedOrt {
  if (!loaded) {
    const { runtime, nativeMissing } = planRuntime();
    let next: LoadedOrt;
    if (runtime === 'native') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      next = { ort: require('onnxruntime-node') as Ort, runtime };
    } else if (runtime === 'wasm') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ort = require('onnxruntime-web') as Ort & { env: { wasm: { numThreads?: number } } };
      // One WebAssembly thread per core, as the native build's default intra-op pool has.
      ort.env.wasm.numThreads = availableParallelism();
      next = { ort, runtime, nativeMissing };
    } else {
      throw new RuntimeUnavailableError(`${nativeMissing}: classifying, measuring latency and checking ONNX exports cannot run here (diagrams, hovers and every count still work)`);
    }
    // Failures surface as exceptions with their reason; the native log would repeat them on stderr.
    next.ort.env.logLevel = (process.env.BACKBONE_LENS_ORT_LOG as typeof next.ort.env.logLevel) || 'fatal';
    loaded = next;
  }
  return loaded;
}

/** The onnxruntime API of the build that runs here (see the top of this file). */
export function loadOrt(): Ort {
  return load().ort;
}

/** Which build loadOrt gives. */
export function ortRuntime(): OrtRuntime {
  return load().runtime;
}

/** The execution-provider name onnxruntime gives the CPU in the build that runs here. */
export function cpuExecutionProvider(): string {
  return ortRuntime() === 'wasm' ? 'wasm' : 'cpu';
}

/** Why the GPU providers cannot be tried with the WebAssembly build. */
function wasmOnlyReason(): string {
  return `onnxruntime runs as WebAssembly here, on the CPU only (${load().nativeMissing})`;
}

/** Why a provider cannot be tried at all here (its library is not installed), or undefined. */
function unavailable(provider: Provider): string | undefined {
  if (ortRuntime() === 'wasm') return provider === 'cpu' ? undefined : wasmOnlyReason();
  if (provider !== 'cuda') return undefined;
  try {
    const dir = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return existsSync(join(dir, lib)) ? undefined : `the CUDA provider is not installed (${lib} is absent; install onnxruntime-node with --onnxruntime-node-install=cuda12)`;
  } catch {
    return undefined;
  }
}

/** GPU providers worth trying on this platform, most specific first. */
export function gpuCandidates(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Provider[] {
  if (platform === 'win32') return ['dml', 'webgpu', 'cuda'];
  if (platform === 'darwin') return ['coreml', 'webgpu'];
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'webgpu'];
  return [];
}

export class ProviderError extends InferenceError {
  override readonly code: ErrorCode = 'provider';
  constructor(
    readonly provider: Provider,
    readonly reason: string,
  ) {
    // Each shell says how to fall back in its own words (the CLI's --ep auto, the extension's setting).
    super(`execution provider "${provider}" could not start: ${reason}`);
  }
}

/** onnxruntime could not load the model itself (a corrupt or unsupported ONNX file). */
export class ModelLoadError extends InferenceError {
  override readonly code: ErrorCode = 'modelLoad';
  constructor(readonly reason: string) {
    super(`onnxruntime could not load the model: ${reason}`);
  }
}

/** onnxruntime failed while running the model, or the model gave outputs a classifier cannot have. */
export class ModelRunError extends InferenceError {
  override readonly code: ErrorCode = 'modelRun';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: onnxruntime could not run the model: ${reason}`);
  }
}

/** Most elements one output may have per image (a 1000-class head has 1000; a CAM feature map a few 100 k). */
const MAX_OUTPUT_PER_IMAGE = 16_000_000;

/**
 * session.run with every onnxruntime error wrapped in a ModelRunError naming `file`, and each
 * requested output checked: a float32 tensor with its batch of `batch` images first and a
 * bounded size per image.
 */
export async function runSession(session: InferenceSession, feeds: InferenceSession.FeedsType, outputs: readonly string[], file: string, batch: number): Promise<InferenceSession.ReturnType> {
  let out: InferenceSession.ReturnType;
  try {
    out = await session.run(feeds, [...outputs]);
  } catch (e) {
    throw new ModelRunError(file, firstLine(e));
  }
  for (const name of outputs) {
    const t = out[name];
    if (t === undefined || t.type !== 'float32' || !(t.data instanceof Float32Array)) throw new ModelRunError(file, `output "${name}" is not a float32 tensor`);
    if (t.dims[0] !== batch || t.data.length % batch !== 0 || t.data.length / batch > MAX_OUTPUT_PER_IMAGE) {
      throw new ModelRunError(file, `output "${name}" has shape [${t.dims.join(', ')}] for ${batch} image${batch === 1 ? '' : 's'}`);
    }
  }
  return out;
}

export interface OpenedSession {
  readonly session: InferenceSession;
  readonly provider: Provider;
  /** Providers tried before the one that started, with why each failed. */
  readonly skipped: readonly { provider: Provider; reason: string }[];
}

export interface SessionOptions {
  readonly ep?: EpChoice;
  readonly intraOpNumThreads?: number;
  /** Turns onnxruntime's profiler on; it writes `<prefix>_<date>.json` (see profile.ts). */
  readonly profileFilePrefix?: string;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  let line = msg.split('\n').find((l) => l.trim() !== '') ?? msg;
  // onnxruntime prefixes the reason with its source location and the failed check.
  const check = line.indexOf(' was false. ');
  if (check >= 0) line = line.slice(check + ' was false. '.length);
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

export async function openSession(model: Uint8Array | string, opts: SessionOptions = {}): Promise<OpenedSession> {
  const ort = loadOrt();
  const ep = opts.ep ?? 'auto';
  // The WebAssembly build's profiler writes into its own virtual file system, not a file here.
  if (opts.profileFilePrefix && ortRuntime() === 'wasm') throw new RuntimeUnavailableError(`per-layer latency needs the native onnxruntime's profiler, and ${wasmOnlyReason()}`);
  const candidates: Provider[] = ep === 'auto' ? [...gpuCandidates(), 'cpu'] : [ep];
  const skipped: { provider: Provider; reason: string }[] = [];
  for (const provider of candidates) {
    const missing = unavailable(provider);
    if (missing !== undefined) {
      if (ep !== 'auto') throw new ProviderError(provider, missing);
      skipped.push({ provider, reason: missing });
      continue;
    }
    const options: InferenceSession.SessionOptions = {
      executionProviders: [provider === 'cpu' ? cpuExecutionProvider() : provider],
      graphOptimizationLevel: 'all',
      // Probing providers that are absent logs native errors; keep them out of the user's terminal.
      logSeverityLevel: provider === 'cpu' ? 3 : 4,
      ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
      ...(opts.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: opts.profileFilePrefix } : {}),
    };
    try {
      const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
      return { session, provider, skipped };
    } catch (e) {
      if (provider === 'cpu') throw new ModelLoadError(firstLine(e));
      if (ep !== 'auto') throw new ProviderError(provider, firstLine(e));
      skipped.push({ provider, reason: firstLine(e) });
    }
  }
  throw new ModelLoadError('no execution provider could start');
}
