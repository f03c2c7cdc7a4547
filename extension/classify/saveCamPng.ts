// Saves a CAM overlay PNG that the results page drew (its canvas), after checking that the image
// is one of this run and that the bytes are a PNG: the webview is untrusted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InvalidMessageError, NotAvailableError } from '../../shared/errors';
import type { ImageRow } from '../../shared/protocol/classify';
import type { SaveCamPngParams } from '../../shared/protocol/classifyCam';
import { pngBytes } from './pngBytes';
import { saveOrCopy } from '../panels/exportFlow';

/** The status text, or undefined when the save dialog was cancelled. */
export async function saveCamPng(msg: SaveCamPngParams, rows: readonly ImageRow[], log: vscode.LogOutputChannel): Promise<string | undefined> {
  const row = rows.find((r) => r.image === msg.image);
  if (!row) throw new NotAvailableError(`${msg.image} is not an image of this run`);
  const bytes = pngBytes(msg);
  if (!bytes) {
    log.warn(`classify: the results page sent a CAM overlay for ${msg.image} that is not a PNG; not saved`);
    throw new InvalidMessageError(`the CAM overlay of ${row.name} is not a PNG`);
  }
  const base = `${path.basename(row.image).replace(/\.[^.]+$/, '')}-cam-${msg.class}.png`;
  return saveOrCopy({ what: vscode.l10n.t('the CAM overlay of {0} (class {1})', row.name, msg.class), target: 'file', content: bytes, suggest: vscode.Uri.file(path.join(path.dirname(row.image), base)), filters: { PNG: ['png'] } }, vscode.l10n.t('Classify Image'), log);
}

