// backbone-lens: the command-line twin of the extension, a thin shell over the same engine.
import { parseArgs } from 'node:util';
import { EngineError, type ReportDepth } from '../models';
import { CliError } from './cliError';
import { listCommand } from './commands/list';
import { statsCommand } from './commands/stats';

const USAGE = `Usage:
  backbone-lens list [--json]
  backbone-lens stats <id | file.backbone.json> [--input H | HxW] [--set key=value]...
                      [--depth stage|block|layer] [--json]

Numbers: params = learnable parameters; MACs = multiply-accumulates of conv/linear layers
for one image; receptive field in input pixels. Run "backbone-lens list" for the presets.`;

function run(argv: string[]): string {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return USAGE;
  switch (command) {
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } }, strict: true });
      return listCommand(values.json === true);
    }
    case 'stats': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          input: { type: 'string' },
          set: { type: 'string', multiple: true },
          depth: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      if (positionals.length !== 1) throw new CliError(`stats takes one model (a preset id or a .backbone.json file), got ${positionals.length}\n\n${USAGE}`, 2);
      const depth = values.depth;
      if (depth !== undefined && !['stage', 'block', 'layer'].includes(depth)) throw new CliError(`--depth must be stage, block or layer, got "${depth}"`, 2);
      return statsCommand({ model: positionals[0], input: values.input, sets: parseSets(values.set ?? []), depth: depth as ReportDepth | undefined, json: values.json === true });
    }
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

function parseSets(items: readonly string[]): Record<string, string> {
  const sets: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--set expects key=value, got "${item}"`, 2);
    sets[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return sets;
}

export function main(argv: string[]): number {
  try {
    process.stdout.write(`${run(argv)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`backbone-lens: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof EngineError) {
      process.stderr.write(`backbone-lens: ${e.message}\n`);
      return 1;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`backbone-lens: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
