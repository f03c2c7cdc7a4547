// Runs a reader over seeded mutations of valid inputs and records how each ended: accepted, a
// typed error that names the file, or anything else (a crash: the defect the fuzz looks for).
// Time is measured per input and memory as the process's peak RSS (sampled after each input).
import { mutate, prng } from './mutate';

export interface FuzzTarget {
  readonly reader: string;
  /** Valid inputs to mutate. */
  readonly seeds: readonly Uint8Array[];
  /** The name the input is given (the file name errors must carry). */
  readonly fileName: string;
  /** Reads one input; resolves when accepted, throws what the reader threw. */
  readonly run: (bytes: Uint8Array, fileName: string) => unknown;
  /** The error classes that count as typed answers. */
  readonly isTyped: (e: unknown) => boolean;
  /** Another mutator (text for variant files); the byte mutator when absent. */
  readonly mutate?: (seed: Uint8Array, rand: () => number) => Uint8Array;
}

export interface Crash {
  readonly iteration: number;
  readonly error: string;
}

export interface FuzzReport {
  readonly reader: string;
  readonly iterations: number;
  readonly accepted: number;
  readonly typed: number;
  readonly crashes: Crash[];
  /** Slowest single input (ms). */
  readonly maxMs: number;
  /** Peak resident set size seen (bytes). */
  readonly maxRss: number;
}

/** A typed error must also name the file it is about. */
export const namesFile = (e: unknown, fileName: string): boolean => e instanceof Error && e.message.includes(fileName);

export async function fuzz(target: FuzzTarget, iterations: number, seed: number): Promise<FuzzReport> {
  const rand = prng(seed);
  let accepted = 0;
  let typed = 0;
  let maxMs = 0;
  let maxRss = process.memoryUsage().rss;
  const crashes: Crash[] = [];
  for (let i = 0; i < iterations; i++) {
    const base = target.seeds[Math.floor(rand() * target.seeds.length)];
    const input = (target.mutate ?? mutate)(base, rand);
    const t = performance.now();
    try {
      await target.run(input, target.fileName);
      accepted++;
    } catch (e) {
      if (target.isTyped(e) && namesFile(e, target.fileName)) typed++;
      else crashes.push({ iteration: i, error: e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}` : String(e) });
    }
    maxMs = Math.max(maxMs, performance.now() - t);
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }
  return { reader: target.reader, iterations, accepted, typed, crashes, maxMs, maxRss };
}

export function formatReport(r: FuzzReport): string {
  return `${r.reader}: ${r.iterations} inputs, ${r.accepted} accepted, ${r.typed} typed errors, ${r.crashes.length} crashes; slowest ${r.maxMs.toFixed(1)} ms, peak RSS ${(r.maxRss / 2 ** 20).toFixed(0)} MiB`;
}
