// The Backbone Lens view's tree: the catalogue (families → presets with depth, params and
// MACs), the workspace's model code, variant files and checkpoints, and the recent Classify
// runs. Lazy: a section is computed when it is first expanded, the workspace is watched only
// after it has been scanned, and the engine is loaded by the first catalogue expansion.
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../ids';
import type { RecentRuns } from '../classify/recentRuns';
import { ago, sectionLabel, SECTIONS, type ModelsNode, type Section } from './nodes';

/** File changes within this many ms are refreshed together. */
const REFRESH_DEBOUNCE_MS = 500;

/** A run's state as the tree says it. */
function stateLabel(state: 'done' | 'cancelled' | 'failed'): string {
  return state === 'done' ? vscode.l10n.t('done') : state === 'cancelled' ? vscode.l10n.t('cancelled') : vscode.l10n.t('failed');
}

/** "torchvision and timm": a preset's origins. */
const originsText = (origins: readonly string[]): string => origins.reduce((a, b) => vscode.l10n.t('{0} and {1}', a, b));

export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sectionNodes = new Map<Section, ModelsNode>(SECTIONS.map((s) => [s, { kind: 'section', section: s }]));
  /** Each workspace section's children, once scanned. */
  private readonly scanned = new Map<Section, Promise<ModelsNode[]>>();
  private filter = '';
  private watcher: vscode.Disposable | undefined;
  private pending: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Whether any section has been asked for (tests read it: nothing is scanned before). */
  opened = false;

  constructor(private readonly runs: RecentRuns) {
    this.subscriptions.push(runs.onDidChange(() => this.changed.fire(this.sectionNodes.get('runs'))));
  }

  get catalogueFilter(): string {
    return this.filter;
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    void vscode.commands.executeCommand('setContext', ContextKeys.catalogueFiltered, this.filter !== '');
    this.changed.fire(this.sectionNodes.get('catalogue'));
  }

  /** Forgets every scan (the Refresh action). */
  refresh(): void {
    this.scanned.clear();
    this.changed.fire(undefined);
  }

  getChildren(node?: ModelsNode): ModelsNode[] | Promise<ModelsNode[]> {
    this.opened = true;
    if (!node) return SECTIONS.map((s) => this.sectionNodes.get(s)!);
    switch (node.kind) {
      case 'section':
        return this.sectionChildren(node.section);
      case 'family':
        return node.ids.map((id) => ({ kind: 'preset', model: id, detail: '' }));
      case 'pythonFile':
        return node.classes.map((c) => ({ kind: 'pythonClass', model: node.uri.toString(), python: c.name, uri: node.uri, line: c.line }));
      default:
        return [];
    }
  }

  private async sectionChildren(section: Section): Promise<ModelsNode[]> {
    if (section === 'catalogue') {
      const { catalogue } = await import('./catalogue');
      const families = catalogue(this.filter);
      if (families.length === 0) return [{ kind: 'message', text: vscode.l10n.t('No preset matches "{0}"', this.filter), section }];
      return families.map((f) => ({ kind: 'family', family: f.family, label: f.label, ids: f.presets.map((p) => p.id) }));
    }
    if (section === 'runs') {
      const runs = this.runs.list();
      if (runs.length === 0) return [{ kind: 'message', text: vscode.l10n.t('No run yet: Classify Image from the Explorer or a preset here'), section }];
      return runs.map((run) => ({ kind: 'run', model: run.model, paths: run.paths, run }));
    }
    let scan = this.scanned.get(section);
    if (!scan) {
      scan = this.scan(section);
      this.scanned.set(section, scan);
      this.watchWorkspace();
    }
    return scan;
  }

  private async scan(section: 'code' | 'variants' | 'checkpoints'): Promise<ModelsNode[]> {
    const { checkpointFiles, pythonModelFiles, variantFiles } = await import('./scan');
    let nodes: ModelsNode[];
    if (section === 'code') nodes = (await pythonModelFiles()).map((f) => ({ kind: 'pythonFile', uri: f.uri, classes: f.classes }));
    else if (section === 'variants') nodes = (await variantFiles()).map((uri) => ({ kind: 'variant', model: uri }));
    else nodes = (await checkpointFiles()).map((file) => ({ kind: 'checkpoint', uri: file.uri, file }));
    const none = { code: vscode.l10n.t('No Python model the interpreter builds'), variants: vscode.l10n.t('No *.backbone.json file'), checkpoints: vscode.l10n.t('No .pth, .pt or .safetensors file') }[section];
    return nodes.length > 0 ? nodes : [{ kind: 'message', text: none, section }];
  }

  /** After the first scan: a created, changed or deleted model file refreshes its section. */
  private watchWorkspace(): void {
    if (this.watcher) return;
    const w = vscode.workspace.createFileSystemWatcher('**/*.{py,backbone.json,pth,pt,safetensors}');
    const stale = new Set<Section>();
    const onChange = (uri: vscode.Uri): void => {
      const name = uri.path.toLowerCase();
      stale.add(name.endsWith('.py') ? 'code' : name.endsWith('.backbone.json') ? 'variants' : 'checkpoints');
      clearTimeout(this.pending);
      this.pending = setTimeout(() => {
        for (const s of stale) {
          this.scanned.delete(s);
          this.changed.fire(this.sectionNodes.get(s));
        }
        stale.clear();
      }, REFRESH_DEBOUNCE_MS);
    };
    this.watcher = vscode.Disposable.from(w, w.onDidCreate(onChange), w.onDidChange(onChange), w.onDidDelete(onChange));
  }

  async getTreeItem(node: ModelsNode): Promise<vscode.TreeItem> {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'section': {
        const item = new vscode.TreeItem(sectionLabel(node.section), node.section === 'catalogue' ? C.Expanded : C.Collapsed);
        item.id = `section:${node.section}`;
        if (node.section === 'catalogue' && this.filter) item.description = vscode.l10n.t('filter: {0}', this.filter);
        item.contextValue = `section.${node.section}`;
        return item;
      }
      case 'family': {
        const item = new vscode.TreeItem(node.label, this.filter ? C.Expanded : C.Collapsed);
        // The id carries the filter so that a filtered family opens expanded, an unfiltered one as the user left it.
        item.id = `family:${node.family}:${this.filter}`;
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        return item;
      }
      case 'preset': {
        const { presetSummary } = await import('../inspect/presetItems');
        const { findPreset, presetDescription } = await import('../../models');
        const preset = findPreset(node.model);
        const item = new vscode.TreeItem(node.model, C.None);
        item.id = `preset:${node.model}:${this.filter}`;
        item.description = presetSummary(node.model);
        item.tooltip = preset ? `${vscode.l10n.t('{0} — {1} ({2})', node.model, presetDescription(preset), originsText(preset.origins))}\n${item.description}` : node.model;
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.contextValue = 'preset';
        item.command = { command: Commands.inspectModel, title: vscode.l10n.t('Inspect Model'), arguments: [node.model] };
        return item;
      }
      case 'pythonFile': {
        const item = new vscode.TreeItem(node.uri, C.Expanded);
        item.description = vscode.workspace.asRelativePath(node.uri);
        item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}: ${node.classes.map((c) => c.name).join(', ')}`;
        item.contextValue = 'pythonFile';
        return item;
      }
      case 'pythonClass': {
        const item = new vscode.TreeItem(node.python, C.None);
        item.description = vscode.l10n.t('line {0}', node.line);
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        item.contextValue = 'pythonClass';
        item.command = { command: Commands.inspectModel, title: vscode.l10n.t('Inspect Model'), arguments: [{ model: node.model, python: node.python }] };
        return item;
      }
      case 'variant': {
        const item = new vscode.TreeItem(node.model, C.None);
        item.description = vscode.workspace.asRelativePath(node.model);
        item.contextValue = 'variant';
        item.command = { command: Commands.inspectModel, title: vscode.l10n.t('Inspect Model'), arguments: [node.model] };
        return item;
      }
      case 'checkpoint': {
        const { checkpointText } = await import('./checkpointText');
        const text = checkpointText(node.file);
        const item = new vscode.TreeItem(node.uri, C.None);
        item.description = text.short || vscode.workspace.asRelativePath(node.uri);
        item.tooltip = [vscode.workspace.asRelativePath(node.uri), text.detail].filter((l) => l !== '').join('\n');
        if (!text.readable) item.iconPath = new vscode.ThemeIcon('warning');
        item.contextValue = 'checkpoint';
        item.command = { command: Commands.openCheckpoint, title: vscode.l10n.t('Open Checkpoint'), arguments: [node.uri] };
        return item;
      }
      case 'run': {
        const r = node.run;
        const item = new vscode.TreeItem(`${r.label} · ${r.model.split(/[\\/]/).pop()}`, C.None);
        const images = r.classified === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', r.classified);
        item.description = `${r.state === 'done' ? images : vscode.l10n.t('{0}, {1}', images, stateLabel(r.state))} · ${ago(r.finishedAt, Date.now())}`;
        const model = r.untrained ? vscode.l10n.t('{0} (untrained)', r.model) : r.model;
        const counts = vscode.l10n.t('{0} classified, {1} error(s), {2}, {3}', r.classified, r.errors, stateLabel(r.state), new Date(r.finishedAt).toLocaleString(vscode.env.language));
        item.tooltip = `${r.paths.join('\n')}\n${r.provider ? vscode.l10n.t('model {0} on {1}', model, r.provider) : vscode.l10n.t('model {0}', model)}\n${counts}`;
        item.iconPath = new vscode.ThemeIcon(r.state === 'done' ? 'pass' : r.state === 'cancelled' ? 'circle-slash' : 'error');
        item.contextValue = 'run';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, C.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.watcher?.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}
