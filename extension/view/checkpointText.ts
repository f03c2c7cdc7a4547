// How the Backbone Lens view and the Open Checkpoint pick describe a workspace checkpoint: what
// its keys and shapes say it is (the engine's recognition of the file's headers: exactly a zoo
// architecture, the nearest one with its differences, or why the file cannot be read), and only
// where the file was not read (a virtual workspace's file) what its name says.
import * as vscode from 'vscode';
import { architectureLabel } from '../../models';
import type { CheckpointFile } from './scan';

/** Differences named in a tooltip; the checkpoint editor lists them all. */
const SHOWN_DIFFERENCES = 3;

export interface CheckpointText {
  /** One line beside the file name. */
  readonly short: string;
  /** The tooltip's lines after the file's path. */
  readonly detail: string;
  /** False where the file could not be read as a checkpoint (the view marks it). */
  readonly readable: boolean;
}

export function checkpointText(c: CheckpointFile): CheckpointText {
  const what = c.what;
  if (what?.kind === 'failed') return { short: vscode.l10n.t('unreadable'), detail: what.why, readable: false };
  if (what?.kind === 'recognised') {
    const r = what.result;
    if (r.model === null) return { short: vscode.l10n.t('not an architecture of the zoo'), detail: r.reason, readable: true };
    const label = architectureLabel(r.model, r.overrides);
    const tensors = vscode.l10n.t('{0} tensors', what.entries.length);
    const prefix = r.prefix === '' ? '' : ` · ${vscode.l10n.t('keys under "{0}"', r.prefix)}`;
    if (r.exact) return { short: label, detail: `${vscode.l10n.t('Exactly {0}: every key and shape of the file matches.', label)}\n${tensors}${prefix}`, readable: true };
    const shown = r.differences.slice(0, SHOWN_DIFFERENCES).join('\n');
    return {
      short: vscode.l10n.t('nearest {0}, {1} difference(s)', label, r.differences.length),
      detail: `${vscode.l10n.t('Nearest {0}; its keys and shapes differ from the file\'s:', label)}\n${shown}${r.differences.length > SHOWN_DIFFERENCES ? '\n…' : ''}\n${tensors}${prefix}`,
      readable: true,
    };
  }
  const unread = what?.kind === 'unread' ? `${vscode.l10n.t('Not read: {0}', what.why)}\n` : '';
  if (c.namedFor) return { short: vscode.l10n.t('named for {0}', c.namedFor), detail: `${unread}${vscode.l10n.t('Its name says {0}; the checkpoint editor reads its keys.', c.namedFor)}`, readable: true };
  return { short: '', detail: unread.trimEnd(), readable: true };
}
