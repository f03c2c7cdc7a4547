// The model a run uses: backboneLens.classify.model, or the model the view asked for, or the
// architecture the checkpoint editor recognised its file as. Resolved (and a variant file read
// and validated) before any image is walked, so a bad setting fails first.
import type * as vscode from 'vscode';
import { SettingKeys } from '../ids';
import type { ClassifyOptions, Stopped } from './classifyCommand';
import { OPEN_SETTINGS, showError } from './classifyMessages';
import { recognisedModel, resolveModel, type ResolvedModel } from './resolveModel';
import { errorText } from '../errorText';

/**
 * Resolves `setting` (the model setting, or options.model in its place), or options.using's
 * architecture. Stops on an error: one from the setting names it and offers Open Settings; one
 * from the view's model does not (no setting is at fault).
 */
export async function modelForRun(log: vscode.LogOutputChannel, setting: string, options: ClassifyOptions): Promise<ResolvedModel | Stopped> {
  try {
    return options.using ? recognisedModel(setting, options.using.architecture, options.using.weights) : await resolveModel(setting);
  } catch (e) {
    showError(log, options.model ? errorText(e) : `${SettingKeys.model}: ${errorText(e)}`, ...(options.model ? [] : [OPEN_SETTINGS]));
    return { stopped: { state: 'failed', message: errorText(e), results: [], errors: [] } };
  }
}
