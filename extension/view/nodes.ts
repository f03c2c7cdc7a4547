// The elements of the Backbone Lens view. Each is plain data that the context actions take as
// their argument: a preset, variant or Python node carries `model` (and `python`) as Inspect
// Model and Compare Models read them; a checkpoint carries `uri` for Open Checkpoint; a preset,
// variant or run carries `model` (and `paths`) for Classify With. Labels are in the display
// language through @vscode/l10n (configured on activation; English, the source, in unit tests).
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import type { RecentRun } from '../classify/recentRuns';
import type { CheckpointFile } from './scan';
import type { FamilyId } from '../../models';

export type Section = 'catalogue' | 'code' | 'variants' | 'checkpoints' | 'runs';

export type ModelsNode =
  | { readonly kind: 'section'; readonly section: Section }
  | { readonly kind: 'family'; readonly family: FamilyId; readonly label: string; readonly ids: readonly string[] }
  | { readonly kind: 'preset'; readonly model: string; readonly detail: string }
  | { readonly kind: 'pythonFile'; readonly uri: vscode.Uri; readonly classes: readonly { name: string; line: number }[] }
  | { readonly kind: 'pythonClass'; readonly model: string; readonly python: string; readonly uri: vscode.Uri; readonly line: number }
  | { readonly kind: 'variant'; readonly model: vscode.Uri }
  | { readonly kind: 'checkpoint'; readonly uri: vscode.Uri; readonly file: CheckpointFile }
  | { readonly kind: 'run'; readonly model: string; readonly paths: readonly string[]; readonly run: RecentRun }
  | { readonly kind: 'message'; readonly text: string; readonly section: Section };

/** A section's label (a function, not a table: the translations are configured after this module loads). */
export function sectionLabel(section: Section): string {
  switch (section) {
    case 'catalogue':
      return l10n.t('Catalogue');
    case 'code':
      return l10n.t('Model code');
    case 'variants':
      return l10n.t('Variant files');
    case 'checkpoints':
      return l10n.t('Checkpoints');
    case 'runs':
      return l10n.t('Recent Classify runs');
  }
}

export const SECTIONS: readonly Section[] = ['catalogue', 'code', 'variants', 'checkpoints', 'runs'];

/** "3 min ago", "2 h ago", "5 d ago": how long before `now` a run ended (both in ms since the epoch). */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return l10n.t('just now');
  if (s < 3600) return l10n.t('{0} min ago', Math.floor(s / 60));
  if (s < 86_400) return l10n.t('{0} h ago', Math.floor(s / 3600));
  return l10n.t('{0} d ago', Math.floor(s / 86_400));
}
