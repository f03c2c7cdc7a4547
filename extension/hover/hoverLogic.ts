// The hover's single entry point, free of vscode: which hover a document gets, by language and
// file name. The provider (provider.ts) only converts positions and wraps the Markdown.
import { isVariantFileName } from '../../models';
import { variantHover } from './jsonHover';
import { pythonHover, type HoverResult } from './pyHover';

export type { HoverResult };

export interface HoverDocument {
  readonly languageId: string;
  readonly fileName: string;
  readonly uri: string;
  readonly text: string;
  /** The workspace folder holding the file and a read-only reader of its files ('/'-separated paths): Python imports of other files are followed there. */
  readonly workspace?: { readonly root: string; readonly read: (path: string) => string | undefined };
}


/** The hover at `offset`, or undefined when there is nothing known to show. Never throws. */
export function computeHover(doc: HoverDocument, offset: number): HoverResult | undefined {
  try {
    if (doc.languageId === 'python') return pythonHover(doc.text, offset, doc.fileName, doc.uri, doc.workspace);
    if ((doc.languageId === 'json' || doc.languageId === 'jsonc') && isVariantFileName(doc.fileName)) return variantHover(doc.text, offset, doc.uri, doc.fileName);
  } catch {
    // Bad input never reaches the user as an error: no hover is the honest answer.
  }
  return undefined;
}
