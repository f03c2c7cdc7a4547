// "Backbone Lens: Measure Latency": with an argument { model, input?, batch?, runs?, ep? } (a
// preset id or variant file URI, as Inspect Model takes) it profiles that model in the worker
// and resolves with the profile (scripts and tests use it); without one it measures the model
// of the active Inspect panel and colours it by latency.
import * as vscode from 'vscode';
import { isEpChoice } from '../../inference/session';
import { readSettings } from '../classify/settings';
import { LatencyRunner } from './cost';
import { resolveConfig } from './modelData';
import { readText } from './variantFiles';
import { errorText } from '../errorText';

let runner: LatencyRunner | undefined;

export function disposeLatencyRunner(): void {
  runner?.dispose();
  runner = undefined;
}

const intOr = (v: unknown, max: number, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : fallback);

export async function measureLatency(context: vscode.ExtensionContext, arg: unknown): Promise<unknown> {
  if (arg === undefined) {
    const { InspectPanel } = await import('./panel');
    if (InspectPanel.measureActive()) return { measuring: true };
    void vscode.window.showInformationMessage(vscode.l10n.t('Measure Latency: open a model with "Backbone Lens: Inspect Model…" first.'));
    return { error: 'no Inspect Model panel is open' };
  }
  const a = arg as Record<string, unknown>;
  if (typeof arg !== 'object' || arg === null || typeof a.model !== 'string') return { error: `Measure Latency: expected { model, input?, batch?, runs?, ep? }, got ${JSON.stringify(arg)}` };
  const model = a.model;
  const source = /^[a-z][\w+.-]*:/i.test(model) && !/^[a-z]:[\\/]/i.test(model) ? { kind: 'file' as const, uri: model, label: model } : { kind: 'preset' as const, id: model };
  const input = Array.isArray(a.input) && a.input.length === 2 && a.input.every((v) => Number.isInteger(v) && v >= 1 && v <= 2048) ? ([a.input[0], a.input[1]] as [number, number]) : undefined;
  try {
    const r = await resolveConfig({ source, ...(input ? { input } : {}) }, (uri) => readText(vscode.Uri.parse(uri, true)));
    runner ??= new LatencyRunner(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
    const ep = isEpChoice(a.ep) ? a.ep : readSettings().ep;
    if (!r.spec) return { error: `Measure Latency: ${r.id} has no engine spec` };
    return await runner.profile(r.spec, r.analysis.input, ep, intOr(a.batch, 256, 1), intOr(a.runs, 100, 10));
  } catch (e) {
    return { error: `Measure Latency: ${errorText(e)}` };
  }
}
