// `backbone-lens classify <image | folder>... --model <id | variant> (--weights F | --onnx F)
//   [--ep auto|cpu|webgpu|cuda|dml|coreml] [--top K] [--batch N] [--precision fp32|int8]
//   [--compare-fp32] [--logits] [--cam [--cam-class K]] [--json]`.
import * as l10n from '@vscode/l10n';
import { describePreprocessing } from '../../models';
import { displayLabel } from '../../inference/classLabels';
import { classifyFiles, type ClassifyResult } from '../../inference/classify';
import type { CamMap } from '../../inference/cam';
import { isPrecision, PRECISIONS } from '../../inference/modelSource';
import { EP_CHOICES, isEpChoice } from '../../inference/session';
import { CliError } from '../cliError';
import { loadModel } from '../loadModel';
import { boundedRun } from '../boundedRun';
import { cliLanguage } from '../language';

export interface ClassifyCommandOptions {
  inputs: string[];
  model?: string;
  sets: Record<string, string>;
  weights?: string;
  onnx?: string;
  ep?: string;
  top?: string;
  batch?: string;
  precision?: string;
  compareFp32: boolean;
  logits: boolean;
  cam: boolean;
  camClass?: string;
  json: boolean;
}

export interface CommandOutput {
  text: string;
  exitCode: number;
}

function positiveInt(v: string | undefined, flag: string, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(l10n.t('{0} must be an integer from 1 to {1}, got "{2}"', flag, max, v), 2);
  return n;
}

function nonNegativeInt(v: string, flag: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0) throw new CliError(l10n.t('{0} must be a class index (an integer from 0), got "{1}"', flag, v), 2);
  return n;
}

export async function classifyCommand(o: ClassifyCommandOptions): Promise<CommandOutput> {
  if (o.inputs.length === 0) throw new CliError(l10n.t('{0} needs at least one image or folder', 'classify'), 2);
  if (o.weights === undefined && o.onnx === undefined) throw new CliError(l10n.t('{0} needs {1} (with {2}) or {3}', 'classify', '--weights <file>', '--model', '--onnx <file>'), 2);
  if (o.weights !== undefined && o.onnx !== undefined) throw new CliError(l10n.t('give {0} or {1}, not both', '--weights', '--onnx'), 2);
  if (o.weights !== undefined && o.model === undefined) throw new CliError(l10n.t('{0} needs {1}: the architecture to load them onto', '--weights', '--model <id | file.backbone.json>'), 2);
  const ep = o.ep ?? 'auto';
  if (!isEpChoice(ep)) throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--ep', EP_CHOICES.join(', '), ep), 2);
  const precision = o.precision ?? 'fp32';
  if (!isPrecision(precision)) throw new CliError(l10n.t('{0} must be one of {1}, got "{2}"', '--precision', PRECISIONS.join(', '), precision), 2);
  if (o.compareFp32 && precision !== 'int8') throw new CliError(l10n.t('{0} compares an int8 run with fp32: it needs {1}', '--compare-fp32', '--precision int8'), 2);
  if (precision === 'int8' && o.onnx !== undefined) throw new CliError(l10n.t('{0} quantizes the model exported from {1}; a given {2} model runs as it is', '--precision int8', '--weights', '--onnx'), 2);
  if (o.camClass !== undefined && !o.cam) throw new CliError(l10n.t('{0} needs {1}', '--cam-class', '--cam'), 2);
  const camClass = o.camClass === undefined ? undefined : nonNegativeInt(o.camClass, '--cam-class');
  const spec = o.model === undefined ? undefined : loadModel(o.model, o.sets);
  const result = await boundedRun(o.onnx ?? (o.weights as string), (step) => classifyFiles(o.inputs, {
    spec,
    weights: o.weights,
    onnx: o.onnx,
    ep,
    top: positiveInt(o.top, '--top', 5, 1000),
    batch: positiveInt(o.batch, '--batch', 8, 256),
    logits: o.logits,
    precision,
    compareFp32: o.compareFp32,
    ...(o.cam ? { cam: true, ...(camClass !== undefined ? { camClass } : {}) } : {}),
  }, step));
  const exitCode = result.errors.length > 0 ? 1 : 0;
  return { text: o.json ? JSON.stringify(result, null, 2) : formatResult(result, o.logits), exitCode };
}

/** The raw map as a grid of numbers (one row per feature-map row). */
function camLines(cam: CamMap): string[] {
  const [h, w] = cam.grid;
  const rows = [`  cam of class ${cam.class} (${h}×${w}, raw Σ_c W[k,c]·F_c):`];
  for (let y = 0; y < h; y++) rows.push(`    ${cam.values.slice(y * w, (y + 1) * w).map((v) => v.toFixed(3).padStart(8)).join(' ')}`);
  return rows;
}

/** The text output; class names as the CLI's language shows them ("丁鲷 (tench)" in zh-cn), where --json keeps the English label. */
function formatResult(r: ClassifyResult, logits: boolean): string {
  const t = r.timing;
  const language = cliLanguage();
  const lines = [
    `${r.model} (${r.precision}) on ${r.provider}: ${r.results.length} image${r.results.length === 1 ? '' : 's'}${r.errors.length > 0 ? `, ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}` : ''}`,
    `transform: ${describePreprocessing(r.preprocessing)}`,
    `model preparation ${t.prepare_ms.toFixed(0)} ms + session ${t.session_ms.toFixed(0)} ms; inference ${t.inference_ms.toFixed(0)} ms (${t.per_image_ms.toFixed(1)} ms per image)`,
  ];
  if (r.compare_fp32) {
    const c = r.compare_fp32;
    lines.push(`against fp32: top-1 agreement ${(c.top1_agreement * 100).toFixed(1)} % of ${c.images} image${c.images === 1 ? '' : 's'}, largest logit difference ${c.max_logit_diff.toPrecision(3)}`);
  }
  for (const res of r.results) {
    lines.push('', res.image);
    for (const t of res.top) lines.push(`  ${(t.prob * 100).toFixed(2).padStart(6)} %  ${displayLabel(t.index, t.label, language)} (${t.index})`);
    if (logits && res.logits) lines.push(`  logits: ${res.logits.map((v) => v.toFixed(5)).join(' ')}`);
    if (res.cam) lines.push(...camLines(res.cam));
  }
  if (r.errors.length > 0) {
    lines.push('', 'errors:');
    for (const e of r.errors) lines.push(`  ${e.image}: ${e.message}`);
  }
  return lines.join('\n');
}
