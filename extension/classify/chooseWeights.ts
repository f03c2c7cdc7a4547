// Which weights a run uses: the `backboneLens.classify.weights` setting (keyed by the model
// setting, the model's id or the variant file), else what the user picked earlier in this
// session, else a quick pick of the checkpoints found on this machine plus "Browse…" and —
// only as an explicit choice — random weights, whose every result is marked untrained. Each
// checkpoint is recognised (its keys and shapes): offered first for the model it fits, and one
// picked for another model says which model it is and offers to classify with that one.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SettingKeys } from '../ids';
import type { KnobValue, ModelSpec } from '../../models';
import { checkpointFit, type CheckpointFit } from './checkpointFit';
import { discoverCheckpoints, hfHubDir, torchHubDir, type FoundCheckpoint } from './discoverCheckpoints';
import { resolveModel, settingPath, type ResolvedModel } from './resolveModel';
import type { ClassifyService } from './service';
import { readSettings } from './settings';
import { errorText } from '../errorText';

/** The architecture a picked checkpoint was recognised as, when the user chose to use it instead of the configured model. */
export interface RecognisedArchitecture {
  model: string;
  overrides: Readonly<Record<string, KnobValue>>;
}

export type WeightsChoice = { kind: 'file'; file: string; from: 'settings' | 'picked'; architecture?: RecognisedArchitecture } | { kind: 'random' };


/** The settings entry for this model, if any. */
export function weightsFromSettings(model: ResolvedModel, mapping: Record<string, string>): string | undefined {
  const keys = [model.setting, model.spec.id];
  if (model.file) keys.push(model.file, path.basename(model.file));
  for (const k of keys) if (mapping[k] !== undefined) return settingPath(mapping[k]);
  return undefined;
}

type Item = vscode.QuickPickItem & { choice?: WeightsChoice | 'browse'; fit?: CheckpointFit };

function fitText(fit: CheckpointFit, spec: ModelSpec): string {
  switch (fit.kind) {
    case 'fits':
      return vscode.l10n.t('{0}: every key and shape fits', fit.what);
    case 'other':
      return `$(info) ${vscode.l10n.t('is {0}, not {1}', fit.what, spec.id)}`;
    case 'misfit':
      return `$(warning) ${fit.why}`;
    case 'unknown':
      return vscode.l10n.t('keys are checked on loading ({0})', fit.why);
  }
}

function itemOf(c: FoundCheckpoint, fit: CheckpointFit, spec: ModelSpec): Item {
  return {
    label: path.basename(c.file),
    description: `${c.origin}${c.preset ? ` · ${vscode.l10n.t('named for {0}', c.preset)}` : ''} · ${fitText(fit, spec)}`,
    detail: c.file,
    choice: { kind: 'file', file: c.file, from: 'picked' },
    fit,
  };
}

/** A checkpoint of another architecture was picked: say which, and offer to classify with it. */
async function confirmOther(file: string, fit: Extract<CheckpointFit, { kind: 'other' }>, spec: ModelSpec): Promise<WeightsChoice | undefined> {
  const use = vscode.l10n.t('Use {0}', fit.what);
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} is {1}, not {2}: its keys and shapes fit {1} exactly, so {2} cannot load it.', path.basename(file), fit.what, spec.id),
    { modal: true, detail: vscode.l10n.t('Classify with {0} and these weights (this session; {1} stays {2}).', fit.what, SettingKeys.model, spec.id) },
    use,
  );
  return answer === use ? { kind: 'file', file, from: 'picked', architecture: { model: fit.model, overrides: fit.overrides } } : undefined;
}

/** Asks the user; undefined when the pick was dismissed. */
export async function pickWeights(model: ResolvedModel, log: vscode.LogOutputChannel): Promise<WeightsChoice | undefined> {
  const t0 = Date.now();
  const found = await discoverCheckpoints();
  const ids = new Set([model.spec.id, model.spec.preset?.id].filter((x): x is string => !!x));
  const fits = new Map<FoundCheckpoint, CheckpointFit>();
  for (const c of found) fits.set(c, await checkpointFit(c.file, model.spec));
  // First (and so highlighted) only what fits: a file named for the model whose keys cannot be
  // told before loading (.pth), or any file whose header fits. The rest follow, saying what they are.
  const good = found.filter((c) => fits.get(c)!.kind === 'fits' || (fits.get(c)!.kind === 'unknown' && c.preset && ids.has(c.preset)));
  const otherModels = found.filter((c) => !good.includes(c) && fits.get(c)!.kind === 'other');
  const others = found.filter((c) => !good.includes(c) && !otherModels.includes(c));
  log.info(`classify: found ${found.length} checkpoint(s) in ${Date.now() - t0} ms (workspace, ${torchHubDir()}, ${hfHubDir()}); ${good.length} fit or are named for ${[...ids].join('/')}`);
  const items: Item[] = [];
  if (good.length > 0) items.push({ label: vscode.l10n.t('For {0}', model.spec.id), kind: vscode.QuickPickItemKind.Separator }, ...good.map((c) => itemOf(c, fits.get(c)!, model.spec)));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, description: vscode.l10n.t('.pth, .pt, .safetensors or .onnx'), choice: 'browse' },
    { label: `$(warning) ${vscode.l10n.t('Random weights (untrained) — numbers are meaningless')}`, description: vscode.l10n.t('for trying the pipeline only'), choice: { kind: 'random' } },
  );
  if (otherModels.length > 0) items.push({ label: vscode.l10n.t('Checkpoints of other models (picking one offers that model)'), kind: vscode.QuickPickItemKind.Separator }, ...otherModels.map((c) => itemOf(c, fits.get(c)!, model.spec)));
  if (others.length > 0) items.push({ label: vscode.l10n.t('Other checkpoints found'), kind: vscode.QuickPickItemKind.Separator }, ...others.map((c) => itemOf(c, fits.get(c)!, model.spec)));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Weights for {0}', model.spec.id),
    placeHolder: found.length > 0 ? vscode.l10n.t('Pick a checkpoint (set {0} to skip this question)', SettingKeys.weights) : vscode.l10n.t('No checkpoint found for {0} in the workspace, {1} or {2}', model.spec.id, torchHubDir(), hfHubDir()),
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked?.choice) return undefined;
  if (picked.fit?.kind === 'other' && picked.choice !== 'browse' && picked.choice.kind === 'file') return confirmOther(picked.choice.file, picked.fit, model.spec);
  if (picked.choice !== 'browse') return picked.choice;
  const uris = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Weights for {0}', model.spec.id),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use These Weights'),
    filters: { [vscode.l10n.t('Checkpoints')]: ['pth', 'pt', 'safetensors', 'onnx'], [vscode.l10n.t('All Files')]: ['*'] },
  });
  if (!uris?.[0]) return undefined;
  const file = uris[0].fsPath;
  const fit = /\.onnx$/i.test(file) ? undefined : await checkpointFit(file, model.spec);
  return fit?.kind === 'other' ? confirmOther(file, fit, model.spec) : { kind: 'file', file, from: 'picked' };
}

/**
 * "Backbone Lens: Choose Weights…": asks again which weights Classify Image uses for the
 * configured model this session (a settings entry still wins, and the message says so).
 */
export async function chooseWeightsAgain(service: ClassifyService): Promise<WeightsChoice | undefined> {
  const settings = readSettings();
  let model: ResolvedModel;
  try {
    model = await resolveModel(settings.model);
  } catch (e) {
    void vscode.window.showErrorMessage(`Backbone Lens: ${SettingKeys.model}: ${errorText(e)}`);
    return undefined;
  }
  const fromSettings = weightsFromSettings(model, settings.weights);
  if (fromSettings) {
    void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('{0} sets the weights of {1} ({2}); change that setting to use others.', SettingKeys.weights, model.spec.id, fromSettings)}`, vscode.l10n.t('Open Settings')).then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', SettingKeys.weights));
    return undefined;
  }
  const choice = await pickWeights(model, service.log);
  if (choice) {
    service.remembered.set(settings.model, choice);
    service.log.info(`classify: weights for ${settings.model} this session: ${choice.kind === 'random' ? 'random (untrained)' : choice.file}`);
  }
  return choice;
}
