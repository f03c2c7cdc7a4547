// Hovers for variant files (*.backbone.json): `extends` / `family` → the variant's totals (beside
// its base preset's when it overrides knobs); an entry of a per-stage list (`layers`,
// `block_config`) → that stage; any other knob (or `input_size`) → the totals with and without
// it. A file that does not parse or does not resolve gets no hover (the schema and the
// diagnostics already say what is wrong). Pure: no vscode import.
import * as l10n from '@vscode/l10n';
import { findNodeAtOffset, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { families, MAX_VARIANT_CHARS, MAX_VARIANT_DEPTH, nestingDepth, resolveId, resolveVariant, type ModelSpec } from '../../models';
import { codeSpan, escapeMd, renderHover } from './format';
import { stageStats, totals } from './modelStats';
import type { HoverResult } from './pyHover';
import { inputNote, knobTable, stageTable, totalsTable, type Column } from './tables';

/** Knobs whose entries are one per stage. */
const STAGE_LISTS = new Set(['layers', 'block_config']);
/** Keys that name or describe the variant and change no number. */
const NO_NUMBERS = new Set(['$schema', 'name', 'description']);

/**
 * @param uri the document's URI string: the Inspect link opens this variant file.
 */
export function variantHover(text: string, offset: number, uri: string): HoverResult | undefined {
  // jsonc-parser recurses: text too large or too deep for a variant gets no hover rather than a stack overflow.
  if (text.length > MAX_VARIANT_CHARS || nestingDepth(text) > MAX_VARIANT_DEPTH) return undefined;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object' || errors.length > 0) return undefined;
  const node = findNodeAtOffset(root, offset, false);
  if (!node) return undefined;
  const prop = topLevelProperty(root, node);
  if (!prop) return undefined;
  const keyNode = prop.children?.[0];
  const valueNode = prop.children?.[1];
  if (!keyNode || typeof keyNode.value !== 'string') return undefined;
  const key = keyNode.value;
  const obj = getNodeValue(root) as Record<string, unknown>;
  let spec: ModelSpec;
  try {
    spec = resolveVariant(obj, uri);
  } catch {
    return undefined;
  }
  const range = { start: node.offset, end: node.offset + node.length };
  const markdown = hoverFor(key, obj, spec, node, valueNode, uri);
  return markdown === undefined ? undefined : { markdown, ...range };
}

/** The top-level property (a `property` node whose parent is the root) that contains `node`. */
function topLevelProperty(root: Node, node: Node): Node | undefined {
  let n: Node | undefined = node;
  while (n && !(n.type === 'property' && n.parent === root)) n = n.parent;
  return n;
}

function hoverFor(key: string, obj: Record<string, unknown>, spec: ModelSpec, node: Node, valueNode: Node | undefined, uri: string): string | undefined {
  if (NO_NUMBERS.has(key)) return undefined;
  const name = escapeMd(spec.id);
  const t = totals(spec);
  if (key === 'extends' || key === 'family') {
    const columns: Column[] = [{ header: spec.id, totals: t }];
    const baseId = typeof obj.extends === 'string' ? obj.extends : spec.family;
    const base = resolveId(baseId);
    // Overrides that restate the base's value change nothing.
    const changedKeys = Object.keys(spec.overrides).filter((k) => JSON.stringify(spec.overrides[k]) !== JSON.stringify(base.knobs[k]));
    const inputChanged = spec.inputSize[0] !== base.inputSize[0] || spec.inputSize[1] !== base.inputSize[1];
    const changed = changedKeys.length > 0 || inputChanged;
    if (changed) columns.push({ header: baseId, totals: totals(base) });
    const notes: string[] = [];
    if (changed) {
      const what = [...changedKeys, ...(inputChanged ? ['input_size'] : [])].map(codeSpan).join(', ');
      notes.push(l10n.t('This variant changes {0} of {1}.', what, codeSpan(baseId)));
    }
    return renderHover(totalsTable(`**${name}** — ${escapeMd(spec.description)} · ${inputNote(t.input)}`, columns, { notes, inspect: { model: uri } }));
  }
  // An entry of a per-stage list: that stage.
  if (STAGE_LISTS.has(key) && valueNode?.type === 'array' && node.parent === valueNode) {
    const index = valueNode.children?.indexOf(node) ?? -1;
    const s = index >= 0 ? stageStats(spec, index) : undefined;
    if (!s) return undefined;
    const title = `${l10n.t('{0} of {1}', `**${escapeMd(s.label)}**`, name)} · ${inputNote(s.input)}`;
    return renderHover(stageTable(title, s, { inspect: { model: uri, path: s.path } }));
  }
  // A knob (or input_size): the totals with and without it.
  const knob = families[spec.family].knobs.find((k) => k.name === key);
  if (!knob && key !== 'input_size') return undefined;
  const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
  let without: ModelSpec | undefined;
  try {
    without = resolveVariant(rest, uri);
  } catch {
    without = undefined;
  }
  const value = JSON.stringify(obj[key]);
  const notes: string[] = [];
  // The knob's description is the schema's (VS Code's JSON hover shows it beside this one): once.
  notes.push(without ? l10n.t('"Without" is this file minus {0} (the {1} default).', codeSpan(key), escapeMd(typeof obj.extends === 'string' ? obj.extends : spec.family)) : l10n.t('Without {0} this file is not a valid variant.', codeSpan(key)));
  const title = `${l10n.t('{0} in {1} — what it changes', `**${escapeMd(key)}: ${escapeMd(value)}**`, name)} · ${inputNote(t.input)}`;
  return renderHover(knobTable(title, t, without ? totals(without) : undefined, { notes, inspect: { model: uri } }));
}
