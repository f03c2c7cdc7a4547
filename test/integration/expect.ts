// What the runner tells the tests to expect, through the environment that the extension host
// inherits. Shared by the development-path suite and the installed-VSIX suite.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'backbone-lens.backbone-lens';

export const COMMAND_IDS = ['backboneLens.inspectModel', 'backboneLens.classifyImage', 'backboneLens.measureLatency'] as const;

/** 'true' or 'false' when the runner knows whether the workspace is trusted; undefined otherwise. */
export function expectedTrust(): boolean | undefined {
  const v = process.env.BACKBONE_LENS_EXPECT_TRUSTED;
  return v === undefined || v === '' ? undefined : v === 'true';
}

/** The extension under test, or a precise failure. */
export function ourExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`extension ${EXTENSION_ID} not found; non-built-in extensions: ${ids.join(', ') || 'none'}`);
  }
  return ext;
}
