// ImageNet-1k's class names, in English and in each display language that has a list:
// media/imagenet-1k-labels.txt (English: the `label` every result, export and --json output
// carries, in every locale, so that scripts read the same output anywhere) and
// media/imagenet-1k-labels.<language>.txt (line i the name of class i). Where a result is shown
// to a person in such a language, displayLabel puts the translated name first and keeps the
// English one beside it, "丁鲷 (tench)": the English name is what the exports, the JSON and the
// papers use, so the reader can match the two. The worker, the CLI and the extension host read
// the files here and nowhere else.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The display languages with a translated list (VS Code's language ids, lower-case). */
const TRANSLATED: readonly string[] = ['zh-cn'];

const IMAGENET_CLASSES = 1000;

/** Each list as read: undefined until asked for, null when its file is missing or not 1000 names. */
const lists = new Map<string, readonly string[] | null>();

/** The file name of `language`'s list: English's for every language without one. */
function listFile(language: string): string {
  const lang = language.toLowerCase();
  return TRANSLATED.includes(lang) ? `imagenet-1k-labels.${lang}.txt` : 'imagenet-1k-labels.txt';
}

/** media/<name>, found from the bundle (dist/), the compiled tree (out/inference/) or the sources; read once. */
function readList(name: string): readonly string[] | null {
  const cached = lists.get(name);
  if (cached !== undefined) return cached;
  let names: readonly string[] | null = null;
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'media', name);
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
      if (lines.length === IMAGENET_CLASSES) names = lines;
      break;
    }
  }
  lists.set(name, names);
  return names;
}

/**
 * ImageNet-1k's 1000 class names in `language` ('en', VS Code's 'zh-cn', …), index order;
 * English for a language without a list; undefined when the list cannot be read.
 */
export function imagenetClassNames(language = 'en'): readonly string[] | undefined {
  return readList(listFile(language)) ?? undefined;
}

/**
 * How class `index`, named `label` in a result, is shown to a person in `language`: the
 * translated name with the English one after it ("丁鲷 (tench)") when `label` is ImageNet's
 * English name of that class and the language has a list; `label` itself otherwise (English,
 * models that are not ImageNet-1k classifiers, "class 3").
 */
export function displayLabel(index: number, label: string, language: string): string {
  if (listFile(language) === listFile('en')) return label;
  const english = imagenetClassNames('en');
  const translated = imagenetClassNames(language);
  if (!english || !translated || english[index] !== label) return label;
  return `${translated[index]} (${label})`;
}
