// The weights a run uses, in order: random weights when the caller asked for them, the checkpoint
// editor's file, the backboneLens.classify.weights setting, what was picked earlier this session,
// else the quick pick. Weights from an untrusted workspace are refused.
import * as vscode from 'vscode';
import type { ClassifyOptions, Stopped } from './classifyCommand';
import { inWorkspace, refuseRestricted } from './classifyMessages';
import { pickWeights, weightsFromSettings, type WeightsChoice } from './chooseWeights';
import { recognisedModel, type ResolvedModel } from './resolveModel';
import type { ClassifyService } from './service';
import type { ClassifySettings } from './settings';

/** The weights chosen, and the model they run as (another architecture's, for a checkpoint the user chose to classify as what it was recognised as). */
export interface RunWeights {
  readonly choice: WeightsChoice;
  readonly model: ResolvedModel;
}

/**
 * Chooses the weights, then remembers a pick (or random weights) for the model setting so the
 * next run does not ask again; the checkpoint editor's file is not remembered (it is that
 * editor's choice, not the setting's). Stops when nothing is chosen or the workspace is untrusted.
 */
export async function weightsForRun(service: ClassifyService, model: ResolvedModel, settings: ClassifySettings, options: ClassifyOptions): Promise<RunWeights | Stopped> {
  const log = service.log;
  let choice: WeightsChoice | undefined;
  const fromSettings = weightsFromSettings(model, settings.weights);
  if (options.randomWeights) choice = { kind: 'random' };
  else if (options.using) choice = { kind: 'file', file: options.using.weights, from: 'picked', architecture: options.using.architecture };
  else if (fromSettings) choice = { kind: 'file', file: fromSettings, from: 'settings' };
  else choice = service.remembered.get(settings.model) ?? (await pickWeights(model, log));
  if (!choice) return { stopped: { state: 'nothing', message: 'no weights chosen', results: [], errors: [] } };
  if (choice.kind === 'file' && !vscode.workspace.isTrusted && inWorkspace(choice.file)) return { stopped: refuseRestricted(log, vscode.l10n.t('Loading weights from the workspace ({0})', choice.file)) };
  if (!options.using && (choice.kind === 'random' || choice.from === 'picked')) service.remembered.set(settings.model, choice);
  // A checkpoint recognised as another architecture, which the user chose to classify with.
  return { choice, model: choice.kind === 'file' && choice.architecture ? recognisedModel(settings.model, choice.architecture, choice.file) : model };
}
