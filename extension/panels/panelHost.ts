// The one lifecycle of every webview panel (Inspect Model, Classify results, the receptive-field
// lens, the checkpoint editor's webview, and any panel to come): the panel's listeners and
// helpers are tracked by the panel host itself and disposed when the panel closes, not pushed
// onto the extension's subscriptions (where they would pile up until deactivation). `connect` gives the panel its end of the shared
// request/response helper (shared/rpc.ts), every message validated on arrival. The live count of tracked disposables is the accounting
// the integration tests read (through the extension's exports) to prove nothing is left behind.
import * as vscode from 'vscode';
import { Peer, type Api, type CalledSchemas, type Channel, type ServedSchemas } from '../../shared/rpc';
import type { Parsed } from '../../shared/validate';

/** The two halves of a panel's protocol: what the host serves, what it calls in the page. */
export interface PanelProtocol<Serves extends Api, Calls extends Api> {
  served: ServedSchemas<Serves>;
  called: CalledSchemas<Calls>;
}

/** What every open panel holds, summed (for tests and the log). */
export interface PanelAccounting {
  panels: number;
  disposables: number;
  /** The area of each open panel (`inspect`, `classify`, …), sorted: which panel a leak is. */
  areas: string[];
}

const live = new Set<PanelHost>();

/** Open panels and the disposables they hold right now. */
export function panelAccounting(): PanelAccounting {
  let disposables = 0;
  for (const p of live) disposables += p.held;
  return { panels: live.size, disposables, areas: [...live].map((p) => p.area).sort() };
}

/** A webview as a shared/rpc channel: postMessage out, onDidReceiveMessage in. */
function webviewChannel(panel: vscode.WebviewPanel, isOpen: () => boolean): Channel {
  return {
    send: (m) => {
      if (isOpen()) void panel.webview.postMessage(m);
    },
    listen: (onMessage) => panel.webview.onDidReceiveMessage(onMessage),
  };
}

export class PanelHost implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private open = true;

  /** `area` prefixes its log lines (`inspect`, `classify`, …). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly log: vscode.LogOutputChannel,
    readonly area: string,
  ) {
    this.track(panel.onDidDispose(() => this.dispose()));
    live.add(this);
  }

  /** The page's end of the protocol: a request/response peer that lives as long as the panel. */
  connect<Serves extends Api, Calls extends Api>(protocol: PanelProtocol<Serves, Calls>): Peer<Serves, Calls> {
    const peer = new Peer<Serves, Calls>(webviewChannel(this.panel, () => this.open), protocol.served, protocol.called, {
      onInvalid: (problem) => this.log.warn(`${this.area}: ignored an invalid message from the webview: ${problem}`),
    });
    return this.track(peer);
  }

  /**
   * Takes the page's messages through `parse` (the panel's protocol validator) for a page that
   * speaks plain tagged messages; what `parse` refuses is logged, never handled.
   */
  receive<M extends { type: string }>(parse: (raw: unknown) => Parsed<M>, handle: (m: M) => Promise<void> | void): void {
    this.track(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = parse(raw);
        if (!m.ok) return this.log.warn(`${this.area}: ignored an invalid message from the webview: ${m.problem}`);
        this.run(m.value.type, Promise.resolve().then(() => handle(m.value)));
      }),
    );
  }

  /** Sends a message to the page (nothing once the panel is closed). */
  post(message: unknown): void {
    if (this.open) void this.panel.webview.postMessage(message);
  }

  /** Whether the panel is still open. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Disposables this panel holds (its own accounting). */
  get held(): number {
    return this.owned.length;
  }

  /** Keeps `d` until the panel closes. */
  track<T extends vscode.Disposable>(d: T): T {
    if (this.open) this.owned.push(d);
    else d.dispose();
    return d;
  }

  /** Runs `fn` once, when the panel closes. */
  onClose(fn: () => void): void {
    this.track({ dispose: fn });
  }

  /** Runs a handler's promise, logging what it throws (a handler error never reaches the host unhandled). */
  run(what: string, work: Promise<unknown>): void {
    work.catch((e: unknown) => this.log.error(`${this.area}: ${what}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  }

  /** Closes the panel (if open) and disposes everything it holds, newest first. */
  dispose(): void {
    if (!this.open) return;
    this.open = false;
    live.delete(this);
    const owned = this.owned.splice(0).reverse();
    for (const d of owned) {
      try {
        d.dispose();
      } catch (e) {
        this.log.error(`${this.area}: disposing the panel: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.panel.dispose();
  }
}
