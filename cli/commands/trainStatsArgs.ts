// The flags `stats --train` adds to parseArgs, and their reading (kept out of main.ts).
import * as l10n from '@vscode/l10n';
import { CliError } from '../cliError';
import type { TrainOptions } from './trainStats';

export const trainStatsOptions = {
  train: { type: 'boolean', default: false },
  batch: { type: 'string' },
  optimizer: { type: 'string' },
  'fit-memory': { type: 'string' },
} as const;

/** The --train options, or undefined without --train (then its sub-flags are an error). */
export function trainOptions(values: { train?: boolean; batch?: string; optimizer?: string; 'fit-memory'?: string }): TrainOptions | undefined {
  if (values.train !== true) {
    const stray = (['batch', 'optimizer', 'fit-memory'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new CliError(l10n.t('{0} applies to the training-memory report: add {1}', `--${stray}`, '--train'), 2);
    return undefined;
  }
  return { batch: values.batch, optimizer: values.optimizer, fitMemory: values['fit-memory'] };
}
