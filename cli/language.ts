// The command line's language, chosen as POSIX tools choose theirs: LC_ALL, else LC_MESSAGES,
// else LANG ("zh_CN.UTF-8" → zh-cn); "C", "POSIX" or nothing set is English, the source text.
// The translations are the extension's own bundles (l10n/bundle.l10n.<language>.json, shipped
// beside dist/), read with @vscode/l10n; a locale without a bundle is English. What the CLI
// prints as data (tables' column names, the engine's numbers) stays as it is, and --json output
// is English in every locale, messages included, so that scripts read the same output anywhere;
// its help, usage errors, typed errors (their headline and the engine's message), the presets'
// descriptions and per-image messages follow the language.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { L10N_BUNDLE_ENV } from '../inference/messageLanguage';

/** The language of a POSIX locale name ("zh_CN.UTF-8@pinyin" → "zh-cn"), or "en" for C/POSIX/unset. */
export function languageOfLocale(env: Readonly<Record<string, string | undefined>>): string {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  const name = locale.split(/[.@]/)[0].toLowerCase().replace('_', '-');
  if (name === '' || name === 'c' || name === 'posix') return 'en';
  return name;
}

/** The folder of the l10n bundles: beside dist/ (the package, the bundle) or two levels up (out/cli/, compiled tests). */
function bundlesDir(): string | undefined {
  return [join(__dirname, '..', 'l10n'), join(__dirname, '..', '..', 'l10n')].find((d) => existsSync(join(d, 'bundle.l10n.json')));
}

let current = 'en';

/** The language the CLI speaks now ("en" until configureCliLanguage found a bundle). */
export const cliLanguage = (): string => current;

/**
 * Configures @vscode/l10n with the bundle for the environment's locale: its own language's, or
 * the language alone ("zh" → a zh-cn bundle, as VS Code names Simplified Chinese); English when
 * there is none. Returns the language chosen.
 */
export function configureCliLanguage(env: Readonly<Record<string, string | undefined>> = process.env, dir = bundlesDir()): string {
  const wanted = languageOfLocale(env);
  const candidates = wanted === 'zh' ? ['zh-cn'] : [wanted, wanted.split('-')[0]];
  const file = wanted === 'en' || dir === undefined ? undefined : candidates.map((c) => join(dir, `bundle.l10n.${c}.json`)).find((f) => existsSync(f));
  // The preparation threads that decode images (their own @vscode/l10n) read the bundle from the environment.
  if (file === undefined) {
    l10n.config({ contents: {} });
    delete process.env[L10N_BUNDLE_ENV];
    current = 'en';
  } else {
    l10n.config({ contents: JSON.parse(readFileSync(file, 'utf8')) as Record<string, string> });
    process.env[L10N_BUNDLE_ENV] = file;
    current = file.slice(file.lastIndexOf('bundle.l10n.') + 'bundle.l10n.'.length, -'.json'.length);
  }
  return current;
}
