// Error codes on the wire: a coded error keeps its code and message, an uncoded one is
// `internal`, and the receiving side gets the typed class for the boundary's own codes.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, ERROR_CODES, fromWire, InvalidMessageError, RemoteError, ResourceLimitError, toWire, WorkerExitedError, wireErrorSchema, MAX_ERROR_MESSAGE } from '../../../shared/errors';
import { parse } from '../../../shared/validate';

describe('shared/errors.ts', () => {
  it('round-trips every code through the wire format', () => {
    for (const code of ERROR_CODES) {
      const back = fromWire({ code, message: `m-${code}` });
      assert.equal(back.code, code);
      assert.equal(back.message, `m-${code}`);
      const again = toWire(back);
      assert.deepEqual(again, { code, message: `m-${code}` });
      assert.ok(parse(wireErrorSchema, JSON.parse(JSON.stringify(again))).ok);
    }
  });

  it('gives the boundary codes their own classes', () => {
    assert.ok(fromWire({ code: 'cancelled', message: '' }) instanceof CancelledError);
    assert.ok(fromWire({ code: 'workerExited', message: '' }) instanceof WorkerExitedError);
    assert.ok(fromWire({ code: 'resourceLimit', message: '' }) instanceof ResourceLimitError);
    assert.ok(fromWire({ code: 'invalidMessage', message: '' }) instanceof InvalidMessageError);
    assert.ok(fromWire({ code: 'provider', message: '' }) instanceof RemoteError);
  });

  it('sends an error without a code as internal, and bounds the message', () => {
    assert.deepEqual(toWire(new TypeError('x is undefined')), { code: 'internal', message: 'x is undefined' });
    assert.deepEqual(toWire('thrown string'), { code: 'internal', message: 'thrown string' });
    assert.equal(toWire(new Error('y'.repeat(MAX_ERROR_MESSAGE + 5))).message.length, MAX_ERROR_MESSAGE);
  });

  it('refuses unknown codes and overlong messages on the wire', () => {
    assert.equal(parse(wireErrorSchema, { code: 'WorkerExited', message: '' }).ok, false);
    assert.equal(parse(wireErrorSchema, { code: 'internal', message: 'z'.repeat(MAX_ERROR_MESSAGE + 1) }).ok, false);
    assert.equal(parse(wireErrorSchema, { code: 'internal' }).ok, false);
  });
});
