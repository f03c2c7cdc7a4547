// The display language of a test profile, set the way VS Code keeps it: `locale` in argv.json
// (what "Configure Display Language" writes), read by the VS Code Server from
// <user-data-dir>/User/argv.json. VS Code resolves a locale only when a language pack for it is
// installed, and the Marketplace's packs cannot be downloaded on these machines, so the profile
// gets an index of one installed pack (languagepacks.json, the file VS Code writes when a pack is
// installed) whose translations of VS Code itself are empty: the workbench's own text stays
// English, and the workbench, the extension host and the manifest all run in `locale`, so what
// is in another language is exactly what the extension translates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function setDisplayLanguage(profile, locale) {
  const user = join(profile.userDataDir, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'argv.json'), JSON.stringify({ locale }, null, 2));
  const pack = join(profile.root, `language-pack-${locale}`);
  mkdirSync(pack, { recursive: true });
  const core = join(pack, 'main.i18n.json');
  writeFileSync(core, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(profile.userDataDir, 'languagepacks.json'), JSON.stringify({
    // `extensions` names the pack's extension (the workbench lists installed languages by it).
    [locale]: { hash: `backbone-lens-test-${locale}`, label: locale, extensions: [{ extensionIdentifier: { id: `backbone-lens-test.language-pack-${locale}` }, version: '1.0.0' }], translations: { vscode: core } },
  }, null, 2));
}
