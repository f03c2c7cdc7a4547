// The elements of the Backbone Lens view. Each is plain data that the context actions take as
// their argument: a preset, variant or Python node carries `model` (and `python`) as Inspect
// Model and Compare Models read them; a checkpoint carries `uri` for Open Checkpoint; a preset,
// variant or run carries `model` (and `paths`) for Classify With.
import type * as vscode from 'vscode';
import type { RecentRun } from '../classify/recentRuns';
import type { FamilyId } from '../../models';

export type Section = 'catalogue' | 'code' | 'variants' | 'checkpoints' | 'runs';

export type ModelsNode =
  | { readonly kind: 'section'; readonly section: Section }
  | { readonly kind: 'family'; readonly family: FamilyId; readonly label: string; readonly ids: readonly string[] }
  | { readonly kind: 'preset'; readonly model: string; readonly detail: string }
  | { readonly kind: 'pythonFile'; readonly uri: vscode.Uri; readonly classes: readonly { name: string; line: number }[] }
  | { readonly kind: 'pythonClass'; readonly model: string; readonly python: string; readonly uri: vscode.Uri; readonly line: number }
  | { readonly kind: 'variant'; readonly model: vscode.Uri }
  | { readonly kind: 'checkpoint'; readonly uri: vscode.Uri; readonly namedFor?: string }
  | { readonly kind: 'run'; readonly model: string; readonly paths: readonly string[]; readonly run: RecentRun }
  | { readonly kind: 'message'; readonly text: string; readonly section: Section };

export const SECTION_LABELS: Record<Section, string> = {
  catalogue: 'Catalogue',
  code: 'Model code',
  variants: 'Variant files',
  checkpoints: 'Checkpoints',
  runs: 'Recent Classify runs',
};

export const SECTIONS: readonly Section[] = ['catalogue', 'code', 'variants', 'checkpoints', 'runs'];

/** "3 min ago", "2 h ago", "5 d ago": how long before `now` a run ended (both in ms since the epoch). */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
