// Which images a run classifies: what the explorer selected, else what the user picks in a
// dialog; only files on this machine, and none from an untrusted workspace. Then the image files
// under the chosen items, up to backboneLens.classify.maxImages.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { walkImages, type WalkResult } from '../../inference/walkImages';
import { SettingKeys } from '../ids';
import type { Stopped } from './classifyCommand';
import { inWorkspace, refuseRestricted, showError } from './classifyMessages';

/** The items the user chose (files and folders) and their paths. */
export interface ChosenImages {
  readonly selected: readonly vscode.Uri[];
  readonly paths: readonly string[];
}

/**
 * The explorer's selection (the clicked item alone when it passes no list), else a dialog: from
 * the palette, the walkthrough or the view, nothing is selected. Stops on an empty choice, a
 * resource that is not a local file, or workspace images in Restricted Mode.
 */
export async function chooseImages(log: vscode.LogOutputChannel, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<ChosenImages | Stopped> {
  let selected = (uris && uris.length > 0 ? uris : uri ? [uri] : []).filter((u) => u instanceof vscode.Uri || (typeof u === 'object' && u !== null));
  if (selected.length === 0) selected = (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Classify', title: 'Classify Image: images or folders', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri })) ?? [];
  if (selected.length === 0) return { stopped: { state: 'nothing', message: 'nothing selected', results: [], errors: [] } };
  const nonFile = selected.find((u) => u.scheme !== 'file');
  if (nonFile) {
    showError(log, vscode.l10n.t('{0}: only files on this machine can be classified (not {1}: resources)', nonFile.toString(), nonFile.scheme));
    return { stopped: { state: 'refused', message: 'not a local file', results: [], errors: [] } };
  }
  const paths = selected.map((u) => u.fsPath);
  if (!vscode.workspace.isTrusted && paths.some(inWorkspace)) return { stopped: refuseRestricted(log, vscode.l10n.t('Classifying workspace images')) };
  return { selected, paths };
}

/**
 * The image files under the chosen items, at most `maxImages` (the walk notes where it stopped);
 * stops, with a warning that names the first unreadable item, when there is none. `t0` is when
 * the run started, for the log.
 */
export async function findImages(log: vscode.LogOutputChannel, paths: readonly string[], maxImages: number, t0: number): Promise<WalkResult | Stopped> {
  const targets = await walkImages(paths, {
    maxFiles: maxImages,
    limitName: SettingKeys.maxImages,
    limitNote: vscode.l10n.t('stopped after {0} images ({1}); the rest were not classified', maxImages, SettingKeys.maxImages),
  });
  log.info(`classify: ${targets.files.length} image(s) from ${paths.length} selected item(s) in ${(performance.now() - t0).toFixed(0)} ms${targets.truncated ? ` (stopped at ${SettingKeys.maxImages} = ${maxImages})` : ''}`);
  if (targets.files.length === 0) {
    const why = targets.errors.length > 0 ? `: ${targets.errors[0].image}: ${targets.errors[0].message}` : '';
    void vscode.window.showWarningMessage(`Backbone Lens: ${vscode.l10n.t('no image to classify in the selection{0}', why)}`);
    return { stopped: { state: 'nothing', message: `no images${why}`, results: [], errors: targets.errors } };
  }
  return targets;
}

/** The run's name in the panel's title and the recent runs: the item's name, or how many. */
export function imagesLabel(images: ChosenImages): string {
  return images.selected.length === 1 ? path.basename(images.paths[0]) : vscode.l10n.t('{0} items', images.selected.length);
}
