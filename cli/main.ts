// backbone-lens: the command-line twin of the extension, a thin shell over the same engine.
import { parseArgs } from 'node:util';
import { ProviderError } from '../inference/session';
import * as l10n from '@vscode/l10n';
import { withHeadline } from '../shared/errorHeadline';
import { CodedError } from '../shared/errors';
import type { ReportDepth } from '../models';
import { CliError } from './cliError';
import { cliLanguage, configureCliLanguage } from './language';
import { classifyCommand, type CommandOutput } from './commands/classify';
import { exportOnnxCommand } from './commands/exportOnnx';
import { inspectWeightsCommand } from './commands/inspectWeights';
import { listCommand } from './commands/list';
import { isPythonRef, pyStatsCommand } from './commands/pyStats';
import { profileCommand, PROFILE_USAGE } from './commands/profile';
import { rfCommand } from './commands/rf';
import { statsCommand } from './commands/stats';
import { trainOptions, trainStatsOptions } from './commands/trainStatsArgs';
import { needsSupervision, superviseSelf } from './supervise';

/** The commands and their flags: syntax, the same in every language. */
const SYNOPSIS = `  backbone-lens list [--json]
  backbone-lens stats <id | file.backbone.json> [--input H | HxW] [--set key=value]...
                      [--depth stage|block|layer] [--json]
  backbone-lens stats <model.py:ClassOrFactory | notebook.ipynb:Name> [--args '<json kwargs>'] [--input H | HxW] [--json]
                      [--train [--batch N] [--optimizer sgd|sgd-momentum|adam|adamw] [--fit-memory SIZE]]
  backbone-lens inspect-weights <file.pth | file.pt | file.safetensors> [--json]
  backbone-lens export-onnx <id | file.backbone.json> --weights <file> -o <model.onnx> [--set key=value]...
  backbone-lens classify <image | folder>... --model <id | file.backbone.json> (--weights <file> | --onnx <file>)
                      [--set key=value]... [--ep auto|cpu|webgpu|cuda|dml|coreml] [--top K] [--batch N]
                      [--precision fp32|int8] [--compare-fp32] [--logits] [--cam [--cam-class K]] [--json]
${PROFILE_USAGE}
  backbone-lens rf <id | file.backbone.json> --node <path> [--input H | HxW] [--set key=value]... [--json]`;

/** The help, in the CLI's language (the prose is translated; the synopsis and the JSON shapes are not). */
function usage(): string {
  return [
    l10n.t('Usage:'),
    SYNOPSIS,
    '',
    l10n.t('Numbers: params = learnable parameters; MACs = multiply-accumulates of conv/linear layers\nfor one image; receptive field in input pixels. Run "backbone-lens list" for the presets.'),
    l10n.t('Weights: .safetensors or torch.save(state_dict) files (.pth/.pt). classify exits 1 when any\nimage could not be classified (the others are still reported).'),
    l10n.t('classify --json gives {0}: fallbacks lists\nthe providers --ep auto tried before the one that ran, each as {1} (empty when\nthe first one started); timing is {2} (model\npreparation and session start apart from the images\' inference). --precision int8 quantizes the\nexported model (cached; calibrated on a fixed synthetic image set); --compare-fp32 also runs fp32\nand reports {3}.', '{ model, provider, results, errors, fallbacks, precision, timing, compare_fp32? }', '{ provider, reason }', '{ prepare_ms, session_ms, inference_ms, per_image_ms }', '{ images, top1_agreement, max_logit_diff }'),
    l10n.t('--cam adds to each result {0} (h·w numbers, row-major): the\nraw class activation map Σ_c W[k,c]·F_c of class K (--cam-class, default the top-1 class) over the\nlast feature map, without bias, ReLU, normalisation or upsampling; "geometry" gives the resize and\ncrop that map the grid onto the image.', '"cam": { class, grid: [h, w], values }'),
    l10n.t('inspect-weights recognises a checkpoint\'s architecture from its keys and shapes alone: --json gives\n{0};\n{1} as a variant file builds exactly the file\'s architecture when exact is true.', '{ file, format, wrapper, prefix, architecture: { exact, model, overrides, differences, also_fits },\ntensors: [{ key, shape, dtype, mean, std, min, max, zeros, nonfinite }], extra_keys }', '{"extends": model, ...overrides}'),
    l10n.t('Messages follow the locale (LC_ALL, LC_MESSAGES, LANG); tables keep their columns, and --json output is English in every locale.'),
  ].join('\n');
}

/** A usage error: what is wrong, then the help. */
const usageError = (what: string): CliError => new CliError(`${what}\n\n${usage()}`, 2);

function run(argv: string[]): string | Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return usage();
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
          args: { type: 'string' },
          json: { type: 'boolean', default: false },
          ...trainStatsOptions,
        },
      });
      if (positionals.length === 1 && isPythonRef(positionals[0])) return pyStatsCommand({ ref: positionals[0], args: values.args, input: values.input, json: values.json === true });
      if (positionals.length !== 1) throw usageError(l10n.t('{0} takes one model (a preset id or a .backbone.json file), got {1}', 'stats', positionals.length));
      const depth = values.depth;
      if (depth !== undefined && !['stage', 'block', 'layer'].includes(depth)) throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--depth', 'stage, block, layer', depth), 2);
      const out = statsCommand({ model: positionals[0], input: values.input, sets: parseSets(values.set ?? []), depth: depth as ReportDepth | undefined, json: values.json === true, train: trainOptions(values) });
      return typeof out === 'string' ? out : Promise.resolve(out);
    }
    case 'inspect-weights': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { json: { type: 'boolean', default: false } } });
      if (positionals.length > 1) throw usageError(l10n.t('{0} takes one checkpoint file (.pth, .pt or .safetensors), got {1}', 'inspect-weights', positionals.length));
      return inspectWeightsCommand({ file: positionals[0], json: values.json === true });
    }
    case 'export-onnx': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { weights: { type: 'string' }, output: { type: 'string', short: 'o' }, set: { type: 'string', multiple: true } },
      });
      if (positionals.length !== 1) throw usageError(l10n.t('{0} takes one model (a preset id or a .backbone.json file), got {1}', 'export-onnx', positionals.length));
      return exportOnnxCommand({ model: positionals[0], sets: parseSets(values.set ?? []), weights: values.weights, output: values.output });
    }
    case 'classify': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          model: { type: 'string' },
          weights: { type: 'string' },
          onnx: { type: 'string' },
          set: { type: 'string', multiple: true },
          ep: { type: 'string' },
          top: { type: 'string' },
          batch: { type: 'string' },
          precision: { type: 'string' },
          'compare-fp32': { type: 'boolean', default: false },
          logits: { type: 'boolean', default: false },
          cam: { type: 'boolean', default: false },
          'cam-class': { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      return classifyCommand({
        cam: values.cam === true,
        camClass: values['cam-class'],
        inputs: positionals,
        model: values.model,
        sets: parseSets(values.set ?? []),
        weights: values.weights,
        onnx: values.onnx,
        ep: values.ep,
        top: values.top,
        batch: values.batch,
        precision: values.precision,
        compareFp32: values['compare-fp32'] === true,
        logits: values.logits === true,
        json: values.json === true,
      });
    }
    case 'profile':
      return profileCommand(rest);
    case 'rf': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: { node: { type: 'string' }, input: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
      });
      if (positionals.length !== 1) throw usageError(l10n.t('{0} takes one model (a preset id or a .backbone.json file), got {1}', 'rf', positionals.length));
      return rfCommand({ model: positionals[0], node: values.node, input: values.input, sets: parseSets(values.set ?? []), json: values.json === true });
    }
    default:
      throw usageError(l10n.t('unknown command "{0}"', command));
  }
}

function parseSets(items: readonly string[]): Record<string, string> {
  const sets: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(l10n.t('{0} expects key=value, got "{1}"', '--set', item), 2);
    sets[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return sets;
}

export function main(argv: string[]): number | Promise<number> {
  // --json is for scripts: English in every locale (cli/language.ts).
  configureCliLanguage(argv.includes('--json') ? {} : process.env);
  const write = (out: string | CommandOutput): number => {
    process.stdout.write(`${typeof out === 'string' ? out : out.text}\n`);
    return typeof out === 'string' ? 0 : out.exitCode;
  };
  try {
    const out = run(argv);
    return typeof out === 'string' ? write(out) : out.then(write, report);
  } catch (e) {
    return report(e);
  }
}

/** A typed error's message, after its code's headline outside English (as the extension shows it). */
function codedText(e: CodedError): string {
  return cliLanguage() === 'en' ? e.message : withHeadline(e.code, e.message);
}

function report(e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`backbone-lens: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof ProviderError && e.provider !== 'cpu') {
    process.stderr.write(`backbone-lens: ${codedText(e)} ${l10n.t('(use --ep auto to fall back to the CPU)')}\n`);
    return 1;
  }
  if (e instanceof CodedError) {
    process.stderr.write(`backbone-lens: ${codedText(e)}\n`);
    return 1;
  }
  if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`backbone-lens: ${e.message}\n\n${usage()}\n`);
    return 2;
  }
  throw e;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const code = needsSupervision(argv) ? superviseSelf(__filename, argv) : main(argv);
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
