// `backbone-lens export-onnx <id | variant> --weights <file> -o <model.onnx>`: the engine's
// graph with the file's weights as an ONNX model (opset 17, dynamic batch and spatial size).
import * as l10n from '@vscode/l10n';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describePreprocessing } from '../../models';
import { modelFromWeights } from '../../inference/modelSource';
import { CliError } from '../cliError';
import { loadModel } from '../loadModel';

export interface ExportOnnxOptions {
  model: string;
  sets: Record<string, string>;
  weights?: string;
  output?: string;
}

export function exportOnnxCommand(o: ExportOnnxOptions): string {
  if (o.weights === undefined) throw new CliError(l10n.t('{0} needs {1} (.safetensors or .pth)', 'export-onnx', '--weights <file>'), 2);
  if (o.output === undefined) throw new CliError(l10n.t('{0} needs {1}', 'export-onnx', '-o <model.onnx>'), 2);
  const spec = loadModel(o.model, o.sets);
  const prepared = modelFromWeights(spec, o.weights);
  const bytes = typeof prepared.onnx === 'string' ? readFileSync(prepared.onnx) : prepared.onnx;
  try {
    mkdirSync(dirname(o.output), { recursive: true });
    writeFileSync(o.output, bytes);
  } catch (e) {
    throw new CliError(l10n.t('{0}: cannot write ({1})', o.output, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  const [h, w] = prepared.inputSize;
  return [
    `${o.output}: ${spec.id}, ${(bytes.length / 1048576).toFixed(2)} MiB, ONNX opset 17, input "input" [batch, 3, height, width] float32, output "logits"${prepared.origin === 'cache' ? ' (from the export cache)' : ''}`,
    `input ${h}x${w}; transform: ${describePreprocessing(prepared.preprocessing)}`,
  ].join('\n');
}
