// The Compare Models command (the Backbone Lens view's Compare): its argument is what Inspect
// Model takes (a preset id, a variant file URI, { model, python }), or { main, compare } with one
// of those each. One model alone is compared with the active diagram's model, or — with no
// diagram open — shown as the main model beside one picked in the quick pick.
import * as vscode from 'vscode';
import { argumentError, parseInspectArg, type InspectOutcome, type InspectTarget } from './inspectModel';
import { InspectPanel } from './panel';
import { pickModel } from './pick';
import type { ModelConfig } from '../../shared/protocol/inspect';

function configOf(t: InspectTarget): ModelConfig {
  return t.knobs ? { source: t.source, knobs: t.knobs } : { source: t.source };
}

function nameOf(t: InspectTarget): string {
  const s = t.source;
  return s.kind === 'preset' ? s.id : s.kind === 'python' ? `${s.label}:${s.target}` : s.label;
}

function targetsOf(arg: unknown): { main?: InspectTarget; compare?: InspectTarget } {
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && 'compare' in arg) {
    const o = arg as { main?: unknown; compare?: unknown };
    const main = parseInspectArg(o.main);
    const compare = parseInspectArg(o.compare);
    return { ...(main ? { main } : {}), ...(compare ? { compare } : {}) };
  }
  const compare = parseInspectArg(arg);
  return compare ? { compare } : {};
}

export async function compareModels(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, arg?: unknown): Promise<InspectOutcome> {
  let targets: { main?: InspectTarget; compare?: InspectTarget };
  try {
    targets = targetsOf(arg);
  } catch (err) {
    return argumentError(log, 'Compare Models', err);
  }
  let { main, compare } = targets;
  if (!compare) {
    const source = await pickModel('Compare Models: pick a backbone');
    if (!source) return undefined;
    compare = { source };
  }
  if (!main && InspectPanel.showCompare(context, log, configOf(compare))) {
    log.info(`compareModels: ${nameOf(compare)} beside the open diagram`);
    return { shown: compare.source };
  }
  if (!main) {
    // No diagram to compare with: the chosen model is the main one, the pick its partner.
    const source = await pickModel(`Compare ${nameOf(compare)} with…`);
    if (!source) return undefined;
    main = compare;
    compare = { source };
  }
  log.info(`compareModels: ${nameOf(main)} vs ${nameOf(compare)}`);
  InspectPanel.showCompare(context, log, configOf(compare), configOf(main));
  return { shown: main.source };
}
