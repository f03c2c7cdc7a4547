// Saves a CAM overlay PNG that the results page drew (its canvas), after checking that the image
// is one of this run and that the bytes are a PNG: the webview is untrusted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageRow } from '../protocol/classify';
import { pngBytes, type SaveCamPngMessage } from '../protocol/classifyCam';

export async function saveCamPng(msg: SaveCamPngMessage, rows: readonly ImageRow[], log: vscode.LogOutputChannel, say: (message: string) => void): Promise<void> {
  const row = rows.find((r) => r.image === msg.image);
  if (!row) return;
  const bytes = pngBytes(msg);
  if (!bytes) {
    log.warn(`classify: the results page sent a CAM overlay for ${msg.image} that is not a PNG; not saved`);
    return;
  }
  const base = `${path.basename(row.image).replace(/\.[^.]+$/, '')}-cam-${msg.class}.png`;
  const target = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Save the CAM overlay of {0}', row.name), defaultUri: vscode.Uri.file(path.join(path.dirname(row.image), base)), filters: { PNG: ['png'] } });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  log.info(`classify: saved the CAM overlay of ${row.image} (class ${msg.class}) to ${target.fsPath}`);
  say(vscode.l10n.t('Saved the CAM overlay to {0}.', target.fsPath));
}
