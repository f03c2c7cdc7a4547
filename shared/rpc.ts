// The one request/response helper for every boundary: the two webview panels and their pages,
// the inference client and its worker. Messages carry ids; a request gets exactly one `result`
// or `error` (with a typed code, see errors.ts) and any number of `progress` messages before it.
// One-way messages are `notification`s. Everything that arrives is validated: the envelope
// here, the payload by the schema the protocol gives for it; nothing reaches a handler unchecked.
import { CancelledError, fromWire, InvalidMessageError, toWire, wireErrorSchema, type CodedError } from './errors';
import { count, intIn, literal, object, parse, text, unknown, variant, type Schema } from './validate';

/** A transport: postMessage + message events, or process.send + 'message'. */
export interface Channel {
  send(message: unknown): void;
  /** Calls `onMessage` with every message that arrives until disposed. */
  listen(onMessage: (message: unknown) => void): { dispose(): void };
}

/**
 * What one side serves: requests (params → result, with optional progress on the way) and the
 * notifications it takes. A protocol is two of these, one per side.
 */
export interface Api {
  requests: Record<string, { params: unknown; result: unknown; progress?: unknown }>;
  notifications: Record<string, unknown>;
}

type Req<A extends Api> = A['requests'];
type Progress<A extends Api, M extends keyof Req<A>> = Req<A>[M] extends { progress: infer P } ? P : never;

/** What the serving side checks: the params of each request and each notification. */
export interface ServedSchemas<A extends Api> {
  requests: { [M in keyof Req<A>]: Schema<Req<A>[M]['params']> };
  notifications: { [M in keyof A['notifications']]: Schema<A['notifications'][M]> };
}

/** What the calling side checks: each request's result (and progress, where it has one). */
export interface CalledSchemas<A extends Api> {
  results: { [M in keyof Req<A>]: Schema<Req<A>[M]['result']> };
  progress: { [M in keyof Req<A> as Req<A>[M] extends { progress: unknown } ? M : never]: Schema<Progress<A, M>> };
}

/** Longest method name, and most requests in flight from one side. */
const MAX_METHOD = 64;
export const MAX_PENDING = 10_000;

const method = text(MAX_METHOD, 1);
const id = intIn(0, Number.MAX_SAFE_INTEGER);
const envelopeSchema = variant('kind', [
  object({ kind: literal('request'), id, method, params: unknown() }),
  object({ kind: literal('progress'), id, progress: unknown() }),
  object({ kind: literal('result'), id, result: unknown() }),
  object({ kind: literal('error'), id, error: wireErrorSchema }),
  object({ kind: literal('notification'), method, params: unknown() }),
]);
const idOnly = object({ id: count() });

export interface PeerOptions {
  /** Told about every message that was dropped or refused (for the log): what was wrong with it. */
  onInvalid?(problem: string): void;
}

type Handler<A extends Api, M extends keyof Req<A>> = (params: Req<A>[M]['params'], progress: (p: Progress<A, M>) => void) => Promise<Req<A>[M]['result']> | Req<A>[M]['result'];

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: CodedError): void;
  onProgress?(progress: unknown): void;
}

/** One end of a boundary: serves `Serves` (validated with `served`) and calls the other end's `Calls`. */
export class Peer<Serves extends Api, Calls extends Api> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (params: unknown, progress: (p: unknown) => void) => unknown>();
  private readonly listeners = new Map<string, (params: unknown) => void>();
  private readonly subscription: { dispose(): void };
  private disposed = false;

  constructor(
    private readonly channel: Channel,
    private readonly served: ServedSchemas<Serves>,
    private readonly called: CalledSchemas<Calls>,
    private readonly options: PeerOptions = {},
  ) {
    this.subscription = channel.listen((m) => this.receive(m));
  }

  /** Serves request `m`: what the handler returns (or throws, as a typed code) is the answer. */
  handle<M extends keyof Req<Serves> & string>(m: M, handler: Handler<Serves, M>): void {
    this.handlers.set(m, handler as (params: unknown, progress: (p: unknown) => void) => unknown);
  }

  /** Takes notification `m`. */
  on<M extends keyof Serves['notifications'] & string>(m: M, listener: (params: Serves['notifications'][M]) => void): void {
    this.listeners.set(m, listener as (params: unknown) => void);
  }

  /** Asks the other end; resolves with its validated result, rejects with a typed CodedError. */
  request<M extends keyof Req<Calls> & string>(m: M, params: Req<Calls>[M]['params'], onProgress?: (p: Progress<Calls, M>) => void): Promise<Req<Calls>[M]['result']> {
    if (this.disposed) return Promise.reject(new CancelledError(`${m}: the connection is closed`));
    if (this.pending.size >= MAX_PENDING) return Promise.reject(new InvalidMessageError(`${m}: more than ${MAX_PENDING} requests in flight`));
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { method: m, resolve, reject, ...(onProgress ? { onProgress: onProgress as (p: unknown) => void } : {}) });
      this.channel.send({ kind: 'request', id: requestId, method: m, params });
    });
  }

  /** Tells the other end, without an answer. */
  notify<M extends keyof Calls['notifications'] & string>(m: M, params: Calls['notifications'][M]): void {
    if (!this.disposed) this.channel.send({ kind: 'notification', method: m, params });
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Rejects every request in flight with `error` (the other end is gone). */
  failAll(error: CodedError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }

  /** Stops listening; requests in flight are rejected as cancelled. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscription.dispose();
    this.failAll(new CancelledError('cancelled'));
  }

  private invalid(problem: string): void {
    this.options.onInvalid?.(problem);
  }

  private receive(raw: unknown): void {
    const env = parse(envelopeSchema, raw);
    if (!env.ok) {
      // A request we cannot read still gets an answer when its id can be read: the caller waits otherwise.
      const withId = parse(idOnly, raw);
      const requestLike = typeof raw === 'object' && raw !== null && 'kind' in raw && raw.kind === 'request';
      if (withId.ok && requestLike) this.channel.send({ kind: 'error', id: withId.value.id, error: { code: 'invalidMessage', message: `invalid request: ${env.problem}` } });
      this.invalid(`invalid message: ${env.problem}`);
      return;
    }
    const m = env.value;
    switch (m.kind) {
      case 'request':
        void this.serve(m.id, m.method, m.params);
        return;
      case 'notification':
        return this.notified(m.method, m.params);
      case 'progress': {
        const p = this.pending.get(m.id);
        if (!p) return this.invalid(`progress for unknown request ${m.id}`);
        const schemas: Partial<Record<string, Schema<unknown>>> = this.called.progress;
        const schema = schemas[p.method];
        if (!schema) return this.invalid(`${p.method}: progress for a request that has none`);
        const parsed = parse(schema, m.progress);
        if (!parsed.ok) return this.invalid(`${p.method}: invalid progress: ${parsed.problem}`);
        p.onProgress?.(parsed.value);
        return;
      }
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return this.invalid(`answer to unknown request ${m.id}`);
        this.pending.delete(m.id);
        if (m.kind === 'error') return p.reject(fromWire(m.error));
        const schemas: Record<string, Schema<unknown>> = this.called.results;
        const parsed = parse(schemas[p.method], m.result);
        if (parsed.ok) p.resolve(parsed.value);
        else {
          this.invalid(`${p.method}: invalid result: ${parsed.problem}`);
          p.reject(new InvalidMessageError(`${p.method}: the answer did not match the protocol: ${parsed.problem}`));
        }
        return;
      }
    }
  }

  private notified(name: string, params: unknown): void {
    const schemas: Partial<Record<string, Schema<unknown>>> = this.served.notifications;
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    const listener = this.listeners.get(name);
    if (!schema || !listener) return this.invalid(`unknown notification ${JSON.stringify(name)}`);
    const parsed = parse(schema, params);
    if (!parsed.ok) return this.invalid(`${name}: ${parsed.problem}`);
    listener(parsed.value);
  }

  private async serve(requestId: number, name: string, params: unknown): Promise<void> {
    const schemas: Partial<Record<string, Schema<unknown>>> = this.served.requests;
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    const handler = this.handlers.get(name);
    const fail = (code: 'invalidMessage', message: string): void => {
      this.invalid(message);
      this.channel.send({ kind: 'error', id: requestId, error: { code, message } });
    };
    if (!schema || !handler) return fail('invalidMessage', `unknown request ${JSON.stringify(name)}`);
    const parsed = parse(schema, params);
    if (!parsed.ok) return fail('invalidMessage', `${name}: ${parsed.problem}`);
    try {
      const result = await handler(parsed.value, (progress) => {
        if (!this.disposed) this.channel.send({ kind: 'progress', id: requestId, progress });
      });
      if (!this.disposed) this.channel.send({ kind: 'result', id: requestId, result });
    } catch (e) {
      if (!this.disposed) this.channel.send({ kind: 'error', id: requestId, error: toWire(e) });
    }
  }
}
