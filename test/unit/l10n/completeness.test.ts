// Localisation completeness: English (the source strings) is the truth, and every other language
// says all of it and nothing more. The l10n bundle must be exactly what @vscode/l10n-dev extracts
// from the sources plus the zoo's preset descriptions, which are data that presetDescription()
// translates at display time (`npm run l10n:export` rewrites it), the manifest's %keys% exactly those of
// package.nls.json, and each translation must have the same keys, the same {n} placeholders and
// the same `code` spans (ids, setting names and file patterns are never translated).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { presets } from '../../../models/presets';
import { repoRoot } from '../fixturePaths';

type Bundle = Record<string, string | { message: string; comment: string[] }>;

const readJson = (file: string): Bundle => JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as Bundle;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { l10n: string; scripts: Record<string, string> };
const messageOf = (v: Bundle[string]): string => (typeof v === 'string' ? v : v.message);

/** The translations beside an English file: `package.nls.zh-cn.json` for `package.nls.json`. */
function translationsOf(dir: string, base: string): string[] {
  const re = new RegExp(`^${base.replaceAll('.', '\\.')}\\.([a-z]{2}(-[a-z]{2,4})?)\\.json$`);
  return readdirSync(join(repoRoot, dir)).filter((f) => re.test(f)).map((f) => join(dir, f));
}

/** The folders `npm run l10n:export` (scripts/l10n-export.mjs) extracts from: the test extracts from the same ones. */
function exportFolders(): string[] {
  const script = pkg.scripts['l10n:export'];
  assert.ok(script, 'package.json has an l10n:export script');
  return script.split(/\s+/).filter((a) => a.startsWith('./') && a !== pkg.l10n).map((a) => a.slice(2));
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((name) => {
    const p = join(dir, name);
    return statSync(join(repoRoot, p)).isDirectory() ? tsFiles(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
const codeSpans = (s: string): string[] => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();

function assertTranslation(english: Bundle, file: string): void {
  const translated = readJson(file);
  const missing = Object.keys(english).filter((k) => !(k in translated));
  const extra = Object.keys(translated).filter((k) => !(k in english));
  assert.deepEqual(missing, [], `${file} lacks translations of these keys`);
  assert.deepEqual(extra, [], `${file} has keys that English no longer has`);
  for (const [key, value] of Object.entries(translated)) {
    const text = messageOf(value);
    const source = messageOf(english[key]);
    assert.ok(typeof text === 'string' && text.trim().length > 0, `${file}: "${key}" is empty`);
    assert.deepEqual(placeholders(text), placeholders(source), `${file}: "${key}" must keep the placeholders of "${source}"`);
    assert.deepEqual(codeSpans(text), codeSpans(source), `${file}: "${key}" must keep the code spans of "${source}"`);
  }
}

describe('l10n bundle (runtime strings)', () => {
  const bundleFile = join(pkg.l10n, 'bundle.l10n.json');
  const english = readJson(bundleFile);

  it('is exactly what @vscode/l10n-dev extracts from the sources, and the preset descriptions (run `npm run l10n:export`)', async () => {
    const files = exportFolders().flatMap(tsFiles);
    assert.ok(files.length > 50, `found ${files.length} source files`);
    assert.ok(exportFolders().includes('models'), 'the engine\'s messages are extracted too');
    const extracted = await getL10nJson(files.map((f) => ({ contents: readFileSync(join(repoRoot, f), 'utf8'), extension: f.endsWith('x') ? '.tsx' : '.ts' })));
    const descriptions = presets.map((p) => p.description);
    const inSources = [...new Set([...Object.keys(extracted), ...descriptions])].sort();
    const inBundle = Object.keys(english).sort();
    assert.deepEqual(inBundle.filter((k) => !inSources.includes(k)), [], `${bundleFile} has strings no source uses`);
    assert.deepEqual(inSources.filter((k) => !inBundle.includes(k)), [], `${bundleFile} lacks strings that the sources use`);
    for (const k of Object.keys(extracted)) assert.equal(messageOf(english[k]), messageOf(extracted[k]), `"${k}" as extracted`);
    for (const d of descriptions) assert.equal(messageOf(english[d]), d, `the description "${d}" is its own English text`);
  });

  it('has a complete zh-cn translation', () => {
    const files = translationsOf(pkg.l10n, 'bundle.l10n');
    assert.ok(files.some((f) => f.endsWith('bundle.l10n.zh-cn.json')), `translations: ${files.join(', ')}`);
    for (const f of files) assertTranslation(english, f);
  });
});

describe('package.nls (manifest strings)', () => {
  const english = readJson('package.nls.json');

  it('has every %key% of package.json and no other', () => {
    const text = readFileSync(join(repoRoot, 'package.json'), 'utf8');
    const used = [...new Set([...text.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]))].sort();
    assert.ok(used.length > 10, `package.json uses ${used.length} keys`);
    assert.deepEqual(used.filter((k) => !(k in english)), [], 'package.json uses keys package.nls.json lacks');
    assert.deepEqual(Object.keys(english).filter((k) => !used.includes(k)).sort(), [], 'package.nls.json has keys package.json does not use');
  });

  it('has a complete zh-cn translation', () => {
    const files = translationsOf('.', 'package.nls');
    assert.ok(files.some((f) => f.endsWith('package.nls.zh-cn.json')), `translations: ${files.join(', ')}`);
    for (const f of files) assertTranslation(english, f);
  });
});
