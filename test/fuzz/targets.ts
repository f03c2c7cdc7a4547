// The pure readers under fuzz: checkpoints (.pth, .safetensors) and variant files, each through
// the path the CLI and the worker take (and, for variants, the host's JSONC parse and hover).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../cli/cliError';
import { computeHover } from '../../extension/hover/hoverLogic';
import { analyzeSpec, EngineError, readVariantText, readWeights, statsReport } from '../../models';
import type { FuzzTarget } from './harness';
import { mutateText } from './mutate';

const fixtures = (dir: string, re: RegExp): Uint8Array[] =>
  readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));

const isEngineError = (e: unknown): boolean => e instanceof EngineError;

export function weightsTargets(fixturesDir: string): FuzzTarget[] {
  const dir = join(fixturesDir, 'weights');
  return [
    { reader: '.pth', seeds: fixtures(dir, /\.pth$/), fileName: 'fuzz.pth', run: (b, f) => readWeights(b, f), isTyped: isEngineError },
    { reader: '.safetensors', seeds: fixtures(dir, /\.safetensors$/), fileName: 'fuzz.safetensors', run: (b, f) => readWeights(b, f), isTyped: isEngineError },
  ];
}

/** A variant file through the one reader every surface uses (text → spec → stats) and the hover. */
export function runVariantText(text: string, file: string): void {
  // The hover never throws (a text it cannot read gets no hover), in bounded time.
  for (const at of [0, text.length >> 1, text.length]) computeHover({ languageId: 'json', fileName: file, uri: `file:///${file}`, text }, at);
  const spec = readVariantText(text, file);
  try {
    statsReport(spec, analyzeSpec(spec), 'layer');
  } catch (e) {
    if (e instanceof EngineError && !e.message.includes(file)) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
}

export function variantTarget(fixturesDir: string, workspaceDir: string): FuzzTarget {
  const seeds = [...fixtures(join(fixturesDir, 'weights'), /\.backbone\.json$/), ...fixtures(join(workspaceDir, 'hover'), /\.backbone\.json$/)];
  return {
    reader: 'variant files',
    seeds,
    fileName: 'fuzz.backbone.json',
    run: (b, f) => runVariantText(Buffer.from(b).toString('utf8'), f),
    isTyped: (e) => e instanceof EngineError || e instanceof CliError,
    mutate: (seed, rand) => Buffer.from(mutateText(Buffer.from(seed).toString('utf8'), rand), 'utf8'),
  };
}
