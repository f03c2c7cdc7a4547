// The last Classify Image runs of this workspace (the Backbone Lens view lists them, and its
// Classify action runs one again): kept in the workspace's state, newest first, validated when
// read back because stored state may come from an older version.
import * as vscode from 'vscode';
import { MAX_RECENT_RUNS, parseRecentRun, type RecentRun } from './recentRun';

export type { RecentRun } from './recentRun';

const STATE_KEY = 'backboneLens.recentClassifyRuns';

export class RecentRuns implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  list(): RecentRun[] {
    const stored = this.state.get<unknown>(STATE_KEY, []);
    return Array.isArray(stored) ? stored.map(parseRecentRun).filter((r): r is RecentRun => r !== undefined) : [];
  }

  async record(run: RecentRun): Promise<void> {
    const same = (r: RecentRun): boolean => r.model === run.model && r.paths.join('\n') === run.paths.join('\n');
    await this.state.update(STATE_KEY, [run, ...this.list().filter((r) => !same(r))].slice(0, MAX_RECENT_RUNS));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
