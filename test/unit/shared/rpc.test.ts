// The request/response helper: ids match answers to requests, progress arrives before the
// result, thrown errors keep their code across the boundary and come back as typed classes,
// and every malformed envelope or payload is refused (requests with a readable id get an
// invalidMessage answer, so no caller waits forever).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, CodedError, InvalidMessageError, RemoteError, WorkerExitedError, type ErrorCode } from '../../../shared/errors';
import { Peer, type Api } from '../../../shared/rpc';
import { intIn, object, text } from '../../../shared/validate';
import { channelPair, settle } from './channelPair';

interface ServerApi extends Api {
  requests: {
    add: { params: { a: number; b: number }; result: { sum: number } };
    count: { params: { to: number }; result: { counted: number }; progress: { at: number } };
    fail: { params: { code: ErrorCode }; result: { never: number } };
  };
  notifications: { hello: { name: string } };
}
interface ClientApi extends Api {
  requests: Record<string, never>;
  notifications: { tick: { n: number } };
}

class TestProviderError extends CodedError {
  readonly code: ErrorCode = 'provider';
}

function connect() {
  const pair = channelPair();
  const refused: { server: string[]; client: string[] } = { server: [], client: [] };
  const server = new Peer<ServerApi, ClientApi>(
    pair.a,
    { requests: { add: object({ a: intIn(0, 100), b: intIn(0, 100) }), count: object({ to: intIn(0, 10) }), fail: object({ code: text(40) as never }) }, notifications: { hello: object({ name: text(10) }) } },
    { results: {}, progress: {} },
    { onInvalid: (p) => refused.server.push(p) },
  );
  const client = new Peer<ClientApi, ServerApi>(
    pair.b,
    { requests: {}, notifications: { tick: object({ n: intIn(0, 1000) }) } },
    { results: { add: object({ sum: intIn(0, 200) }), count: object({ counted: intIn(0, 10) }), fail: object({ never: intIn(0, 0) }) }, progress: { count: object({ at: intIn(0, 10) }) } },
    { onInvalid: (p) => refused.client.push(p) },
  );
  server.handle('add', ({ a, b }) => ({ sum: a + b }));
  server.handle('count', async ({ to }, progress) => {
    for (let i = 1; i <= to; i++) progress({ at: i });
    return { counted: to };
  });
  server.handle('fail', ({ code }) => {
    if (code === 'provider') throw new TestProviderError('execution provider "cuda" could not start: no driver');
    if (code === 'cancelled') throw new CancelledError('stopped');
    throw new Error('a bug');
  });
  return { pair, server, client, refused };
}

describe('Peer (shared/rpc.ts)', () => {
  it('answers each request by its id, in any order', async () => {
    const { client } = connect();
    const answers = await Promise.all([client.request('add', { a: 1, b: 2 }), client.request('add', { a: 40, b: 2 }), client.request('add', { a: 0, b: 0 })]);
    assert.deepEqual(answers, [{ sum: 3 }, { sum: 42 }, { sum: 0 }]);
    assert.equal(client.inFlight, 0);
  });

  it('delivers progress before the result', async () => {
    const { client } = connect();
    const seen: number[] = [];
    const r = await client.request('count', { to: 3 }, (p) => seen.push(p.at));
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(r, { counted: 3 });
  });

  it('carries notifications both ways', async () => {
    const { server, client } = connect();
    const got: unknown[] = [];
    server.on('hello', (p) => got.push(p));
    client.on('tick', (p) => got.push(p));
    client.notify('hello', { name: 'page' });
    server.notify('tick', { n: 7 });
    await settle();
    assert.deepEqual(got, [{ name: 'page' }, { n: 7 }]);
  });

  it('keeps error codes across the boundary and maps them to typed classes', async () => {
    const { client } = connect();
    await assert.rejects(client.request('fail', { code: 'provider' }), (e: unknown) => e instanceof RemoteError && e.code === 'provider' && e.message === 'execution provider "cuda" could not start: no driver');
    await assert.rejects(client.request('fail', { code: 'cancelled' }), (e: unknown) => e instanceof CancelledError && e.code === 'cancelled' && e.message === 'stopped');
    await assert.rejects(client.request('fail', { code: 'internal' }), (e: unknown) => e instanceof RemoteError && e.code === 'internal' && e.message === 'a bug');
  });

  it('refuses params that do not match the schema, with an invalidMessage answer', async () => {
    const { client, refused } = connect();
    await assert.rejects(client.request('add', { a: 1, b: 1000 }), (e: unknown) => e instanceof InvalidMessageError && /^add: b: /.test(e.message));
    assert.match(refused.server[0], /^add: b: /);
  });

  it('rejects a result that does not match the schema (the other end is not trusted either)', async () => {
    const pair = channelPair();
    const client = new Peer<ClientApi, ServerApi>(pair.b, { requests: {}, notifications: { tick: object({ n: intIn(0, 1) }) } }, { results: { add: object({ sum: intIn(0, 200) }), count: object({ counted: intIn(0, 10) }), fail: object({ never: intIn(0, 0) }) }, progress: { count: object({ at: intIn(0, 10) }) } });
    const answer = client.request('add', { a: 1, b: 2 });
    pair.inject('b', { kind: 'result', id: 1, result: { sum: 'three' } });
    await assert.rejects(answer, (e: unknown) => e instanceof InvalidMessageError && /add: the answer did not match the protocol: sum: /.test(e.message));
  });

  it('fails every request in flight at once when the other end goes away', async () => {
    const pair = channelPair();
    const client = new Peer<ClientApi, ServerApi>(pair.b, { requests: {}, notifications: { tick: object({ n: intIn(0, 1) }) } }, { results: { add: object({ sum: intIn(0, 200) }), count: object({ counted: intIn(0, 10) }), fail: object({ never: intIn(0, 0) }) }, progress: { count: object({ at: intIn(0, 10) }) } });
    const a = client.request('add', { a: 1, b: 2 });
    const b = client.request('count', { to: 2 });
    client.failAll(new WorkerExitedError('the inference worker exited (SIGKILL)'));
    for (const p of [a, b]) await assert.rejects(p, (e: unknown) => e instanceof WorkerExitedError && e.code === 'workerExited');
    client.dispose();
    await assert.rejects(client.request('add', { a: 1, b: 1 }), CancelledError);
  });

  // Table of malformed envelopes: none reaches a handler; those that look like requests with a readable id are answered.
  const malformed: { raw: unknown; answered: boolean }[] = [
    { raw: null, answered: false },
    { raw: 42, answered: false },
    { raw: 'request', answered: false },
    { raw: [], answered: false },
    { raw: {}, answered: false },
    { raw: { kind: 'eval', code: '1' }, answered: false },
    { raw: { kind: 'request', id: 5, method: 'add' }, answered: true },
    { raw: { kind: 'request', id: 6, method: '', params: {} }, answered: true },
    { raw: { kind: 'request', id: 7, method: 'x'.repeat(65), params: {} }, answered: true },
    { raw: { kind: 'request', id: -1, method: 'add', params: { a: 1, b: 1 } }, answered: false },
    { raw: { kind: 'request', id: 1.5, method: 'add', params: { a: 1, b: 1 } }, answered: false },
    { raw: { kind: 'request', id: 8, method: 'constructor', params: {} }, answered: true },
    { raw: { kind: 'request', id: 9, method: '__proto__', params: {} }, answered: true },
    { raw: { kind: 'request', id: 10, method: 'toString', params: {} }, answered: true },
    { raw: { kind: 'request', id: 11, method: 'add', params: { a: '1', b: 1 } }, answered: true },
    { raw: { kind: 'request', id: 12, method: 'add', params: null }, answered: true },
    { raw: { kind: 'notification', method: 'hello', params: { name: 'x'.repeat(11) } }, answered: false },
    { raw: { kind: 'notification', method: 'nope', params: {} }, answered: false },
    { raw: { kind: 'result', id: 999, result: {} }, answered: false },
    { raw: { kind: 'error', id: 1, error: { code: 'no-such-code', message: 'x' } }, answered: false },
  ];
  it('refuses every malformed message (table)', async () => {
    for (const { raw, answered } of malformed) {
      const { pair, server, refused } = connect();
      let handled = false;
      server.handle('add', () => {
        handled = true;
        return { sum: 0 };
      });
      server.on('hello', () => (handled = true));
      pair.inject('a', raw);
      await settle();
      const label = JSON.stringify(raw);
      assert.equal(handled, false, label);
      assert.equal(refused.server.length, 1, `${label}: ${refused.server.join('; ')}`);
      const answers = pair.log.filter((l) => l.from === 'a');
      assert.equal(answers.length, answered ? 1 : 0, label);
      if (answered) assert.deepEqual((answers[0].message as { error: { code: string } }).error.code, 'invalidMessage', label);
    }
  });
});
