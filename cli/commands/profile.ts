// `backbone-lens profile <model> [--ep …] [--batch N] [--input HxW] [--runs K] [--set k=v]... [--json]`:
// measured latency per node, block and stage (onnxruntime's profiler, random weights) next to
// the MACs, with the achieved GFLOP/s.
import * as l10n from '@vscode/l10n';
import { parseArgs } from 'node:util';
import { parseInputSize } from '../../models';
import { boundsFor } from '../../inference/bounds';
import { profileBounds, profileModel, type ProfileOptions, type ProfileResult } from '../../inference/profile';
import { boundedRun } from '../boundedRun';
import { EP_CHOICES, isEpChoice } from '../../inference/session';
import { CliError } from '../cliError';
import { compact, milliseconds, percent, shape } from '../../models/report/format';
import { table } from '../table';
import { loadModel } from '../loadModel';
import type { CommandOutput } from './classify';

export const PROFILE_USAGE = `  backbone-lens profile <id | file.backbone.json> [--ep auto|cpu|webgpu|cuda|dml|coreml] [--batch N]
                      [--input H | HxW] [--runs K] [--set key=value]... [--depth stage|block] [--json]`;

export async function profileCommand(args: string[]): Promise<CommandOutput> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ep: { type: 'string' },
      batch: { type: 'string' },
      input: { type: 'string' },
      runs: { type: 'string' },
      set: { type: 'string', multiple: true },
      depth: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new CliError(l10n.t('{0} takes one model (a preset id or a .backbone.json file), got {1}', 'profile', positionals.length), 2);
  const ep = values.ep ?? 'auto';
  if (!isEpChoice(ep)) throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--ep', EP_CHOICES.join(', '), ep), 2);
  const depth = values.depth ?? 'block';
  if (depth !== 'stage' && depth !== 'block') throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--depth', 'stage, block', depth), 2);
  const sets: Record<string, string> = {};
  for (const item of values.set ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(l10n.t('{0} expects key=value, got "{1}"', '--set', item), 2);
    sets[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  const spec = loadModel(positionals[0], sets);
  const options: ProfileOptions = {
    spec,
    ep,
    batch: positiveInt(values.batch, '--batch', 1),
    runs: positiveInt(values.runs, '--runs', 10),
    input: values.input === undefined ? undefined : parseInputSize(values.input, '--input'),
  };
  // Sized before anything is allocated, then run under the watchdog as classify is.
  const bounds = profileBounds(options, boundsFor(0));
  const result = await boundedRun(`profile of ${spec.id}`, (step) => profileModel({ ...options, step }), bounds);
  return { text: values.json === true ? JSON.stringify(result, null, 2) : formatProfile(result, depth), exitCode: 0 };
}

function positiveInt(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(l10n.t('{0} must be a positive integer, got "{1}"', flag, v), 2);
  return n;
}

function formatProfile(r: ProfileResult, depth: 'stage' | 'block'): string {
  const top = new Set(['stem', 'stage', 'transition', 'head', 'module']);
  const rows = r.groups
    .filter((g) => (depth === 'stage' ? top.has(g.kind) && !g.path.includes('.') : g.kind !== 'module' || !g.path.includes('.')) && (depth === 'block' || g.kind !== 'block'))
    .map((g) => [g.kind === 'block' ? `  ${g.path}` : g.path, g.kind, g.ms.toFixed(2), percent(g.share), compact(g.macs), g.gflops.toFixed(1)]);
  return [
    `${r.model} on ${r.provider}: batch ${r.batch}, input ${shape(r.input)}, median of ${r.runs} runs (random weights)`,
    '',
    table(
      [
        { title: 'group', align: 'left' },
        { title: 'kind', align: 'left' },
        { title: 'ms', align: 'right' },
        { title: 'share', align: 'right' },
        { title: 'MACs', align: 'right' },
        { title: 'GFLOP/s', align: 'right' },
      ],
      rows,
    ),
    '',
    `run          ${milliseconds(r.total_ms)} (median; kernels ${milliseconds(r.kernel_ms)}, the rest is onnxruntime's executor)`,
    `profiler     ${percent(r.profiler_overhead)} overhead (session.run ${milliseconds(r.profiled_wall_ms)} profiled, ${milliseconds(r.unprofiled_wall_ms)} not)`,
    `GFLOP/s      2 × MACs / time, MACs of conv and linear layers only`,
  ].join('\n');
}
