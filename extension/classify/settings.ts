// The Classify Image settings, read once per run. Workspace values of the model and weights
// settings are ignored in Restricted Mode (package.json: restrictedConfigurations), so a
// folder cannot point the classifier at files it ships.
import * as vscode from 'vscode';
import { isPrecision, type Precision } from '../../inference/modelSource';
import { isEpChoice, type EpChoice } from '../../inference/session';
import { SettingKeys } from '../ids';

export interface ClassifySettings {
  ep: EpChoice;
  precision: Precision;
  model: string;
  /** Preset id, variant name or variant path → checkpoint path (.pth, .safetensors, .onnx). */
  weights: Record<string, string>;
  topK: number;
  maxImages: number;
}

const clampInt = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : fallback;

export function readSettings(): ClassifySettings {
  const c = vscode.workspace.getConfiguration();
  const ep = c.get<unknown>(SettingKeys.executionProvider, 'auto');
  const precision = c.get<unknown>(SettingKeys.precision, 'fp32');
  const model = c.get<unknown>(SettingKeys.model, 'resnet50');
  const rawWeights = c.get<unknown>(SettingKeys.weights, {});
  const weights: Record<string, string> = {};
  if (rawWeights && typeof rawWeights === 'object' && !Array.isArray(rawWeights)) {
    for (const [k, v] of Object.entries(rawWeights)) if (typeof v === 'string' && v.trim() !== '') weights[k] = v.trim();
  }
  return {
    ep: isEpChoice(ep) ? ep : 'auto',
    precision: isPrecision(precision) ? precision : 'fp32',
    model: typeof model === 'string' && model.trim() !== '' ? model.trim() : 'resnet50',
    weights,
    topK: clampInt(c.get<unknown>(SettingKeys.topK, 5), 1, 100, 5),
    maxImages: clampInt(c.get<unknown>(SettingKeys.maxImages, 2000), 1, 100_000, 2000),
  };
}
