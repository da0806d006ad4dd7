import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { show, sorted, type Reply } from '../resp-client.js';
import type { RespConn } from '../resp-client.js';

const skip = skipRedis();

async function readBoth(a: RespConn, b: RespConn, note: string): Promise<void> {
  const [x, y] = await Promise.all([a.read(), b.read()]);
  assert.deepEqual(x, y, `${note}: ${show(x)} vs ${show(y)}`);
}

test('SUBSCRIBE / PSUBSCRIBE / PUBLISH / UNSUBSCRIBE replies and messages match Redis (RESP2)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [pm, pr] = await p.connect(); // publisher pair
  await p.all([['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE']]);
  // one reply per channel or pattern
  await p.check(['SUBSCRIBE', 'news', 'a\0b']);
  await readBoth(p.respite, p.redis, 'second subscribe reply');
  await p.check(['PSUBSCRIBE', 'n*', 'x?[yz]']);
  await readBoth(p.respite, p.redis, 'second psubscribe reply');
  await p.all([['PING'], ['PING', 'hi'], ['GET', 'x'], ['SUBSCRIBE', 'news']]);
  for (const [ch, msg] of [['news', 'hello'], ['a\0b', '\r\n'], ['nothing', 'x'], ['xay', 'pat']]) {
    const [a, b] = await Promise.all([pm.call('PUBLISH', ch, msg), pr.call('PUBLISH', ch, msg)]);
    assert.deepEqual(a, b, `PUBLISH ${ch}`);
    const n = Number((a as { v: string }).v);
    for (let i = 0; i < n; i++) await readBoth(p.respite, p.redis, `message ${i} on ${ch}`);
  }
  for (const cmd of [['PUBSUB', 'CHANNELS'], ['PUBSUB', 'CHANNELS', 'n*'], ['PUBSUB', 'NUMSUB', 'news', 'none'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDCHANNELS'], ['PUBSUB', 'SHARDNUMSUB', 'x']]) {
    const [a, b] = await Promise.all([pm.call(...cmd), pr.call(...cmd)]);
    assert.deepEqual(sorted(a), sorted(b), cmd.join(' '));
  }
  await p.all([['UNSUBSCRIBE', 'news']]);
  // the rest of UNSUBSCRIBE with no args: one reply per channel, in an order Redis does not define
  p.respite.send(['UNSUBSCRIBE']); p.redis.send(['UNSUBSCRIBE']);
  await readBoth(p.respite, p.redis, 'unsubscribe all');
  await p.all([['PUNSUBSCRIBE', 'x?[yz]'], ['PUNSUBSCRIBE'], ['PING'], ['GET', 'x']]);
  pm.close(); pr.close();
});

test('RESP3 pushes, and commands allowed while subscribed', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [pm, pr] = await p.connect();
  await p.check(['HELLO', '3'], { ignore: true });
  // NUMSUB/SHARDNUMSUB are flat arrays in 7.0, not maps, even in RESP3
  await p.all([['PUBSUB', 'NUMSUB'], ['PUBSUB', 'NUMSUB', 'c', 'none'], ['PUBSUB', 'SHARDNUMSUB', 's1', 'x']]);
  await p.all([['SUBSCRIBE', 'c'], ['GET', 'x'], ['PING'], ['SSUBSCRIBE', 's1']]);
  await Promise.all([pm.call('PUBLISH', 'c', 'm'), pr.call('PUBLISH', 'c', 'm')]);
  await readBoth(p.respite, p.redis, 'resp3 message');
  await Promise.all([pm.call('SPUBLISH', 's1', 'sm'), pr.call('SPUBLISH', 's1', 'sm')]);
  await readBoth(p.respite, p.redis, 'resp3 smessage');
  await p.all([['SUNSUBSCRIBE'], ['UNSUBSCRIBE'], ['RESET'].slice(0, 0) as string[]].filter(a => a.length));
  pm.close(); pr.close();
});

test('keyspace notifications: CONFIG flags and delivered events', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const f of ['KEA', 'Kgx', 'AKEmn', 'E$', '', 'xyz', 'n', 'KEm']) {
    await p.check(['CONFIG', 'SET', 'notify-keyspace-events', f]);
    await p.check(['CONFIG', 'GET', 'notify-keyspace-events']);
  }
  await p.check(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
  const [sm, sr] = await p.connect();
  await Promise.all([sm.call('PSUBSCRIBE', '__key*__:*'), sr.call('PSUBSCRIBE', '__key*__:*')]);
  await p.all([['SET', 'k', 'v'], ['DEL', 'k'], ['DEL', 'k']]);
  // SET: keyspace + keyevent; DEL: keyspace + keyevent; second DEL: nothing
  const got: Reply[][] = [[], []];
  for (let i = 0; i < 4; i++) {
    const [a, b] = await Promise.all([sm.read(), sr.read()]);
    got[0].push(a); got[1].push(b);
  }
  assert.deepEqual(got[0], got[1]);
  sm.close(); sr.close();
});
