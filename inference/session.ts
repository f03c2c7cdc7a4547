// onnxruntime-node sessions and execution-provider choice. `auto` tries the GPU providers the
// platform has (DirectML/WebGPU/CUDA on Windows, CoreML/WebGPU on macOS, CUDA/WebGPU on Linux)
// and then the CPU, and reports the one that started; a named provider that cannot start is an
// error (no silent fallback). onnxruntime-node is required lazily: only inference loads it.
import type { InferenceSession } from 'onnxruntime-node';

export const EP_CHOICES = ['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml'] as const;
export type EpChoice = (typeof EP_CHOICES)[number];
export type Provider = Exclude<EpChoice, 'auto'>;

export const isEpChoice = (v: unknown): v is EpChoice => typeof v === 'string' && (EP_CHOICES as readonly string[]).includes(v);

type Ort = typeof import('onnxruntime-node');
let ortModule: Ort | undefined;

export function loadOrt(): Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ortModule ??= require('onnxruntime-node') as Ort;
  return ortModule;
}

/** GPU providers worth trying on this platform, most specific first. */
export function gpuCandidates(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Provider[] {
  if (platform === 'win32') return ['dml', 'webgpu', 'cuda'];
  if (platform === 'darwin') return ['coreml', 'webgpu'];
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'webgpu'];
  return [];
}

export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    readonly reason: string,
  ) {
    super(`execution provider "${provider}" could not start: ${reason}${provider === 'cpu' ? '' : ' (use --ep auto to fall back to the CPU)'}`);
    this.name = 'ProviderError';
  }
}

/** onnxruntime could not load the model itself (a corrupt or unsupported ONNX file). */
export class ModelLoadError extends Error {
  constructor(readonly reason: string) {
    super(`onnxruntime could not load the model: ${reason}`);
    this.name = 'ModelLoadError';
  }
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
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n').find((l) => l.trim() !== '') ?? msg;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export async function openSession(model: Uint8Array | string, opts: SessionOptions = {}): Promise<OpenedSession> {
  const ort = loadOrt();
  const ep = opts.ep ?? 'auto';
  const candidates: Provider[] = ep === 'auto' ? [...gpuCandidates(), 'cpu'] : [ep];
  const skipped: { provider: Provider; reason: string }[] = [];
  for (const provider of candidates) {
    const options: InferenceSession.SessionOptions = {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      // Probing providers that are absent logs native errors; keep them out of the user's terminal.
      logSeverityLevel: provider === 'cpu' ? 3 : 4,
      ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
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
