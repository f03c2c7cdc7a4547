// extensionTestsPath entry for the run against the INSTALLED VSIX (no extensionDevelopmentPath):
// the same suite as the development run, plus checks on where the extension came from and
// what the VSIX carried.
import * as path from 'node:path';
import { runAndReject, testFilesIn } from '../harness';

export function run(): Promise<void> {
  return runAndReject('installed-vsix', [...testFilesIn(path.join(__dirname, '..', 'suite')), ...testFilesIn(__dirname)]);
}
