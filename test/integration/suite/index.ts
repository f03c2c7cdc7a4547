// extensionTestsPath entry for the development-path runs (VS Code Server runner and
// @vscode/test-electron runner alike): runs every suite/*.test.js inside the extension host.
import { runAndReject, testFilesIn } from '../harness';

export function run(): Promise<void> {
  return runAndReject('integration', testFilesIn(__dirname));
}
