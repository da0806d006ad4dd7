import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import type { RespConn, Reply } from '../resp-client.js';
import { NOTIFY_ALL, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE } from '../../src/db/notify.js';

/*
 * Keyspace notifications of the sorted-set commands and SORT STORE, compared
 * event by event with Redis. Needs CONFIG SET notify-keyspace-events and
 * PSUBSCRIBE (other families): skips itself without pub/sub.
 */
test('zsets: keyspace events match Redis', { skip: skipRedis() }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const cfg = await p.respite.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  // without the config family, set the mask directly (K | E | A)
  if (cfg.t === 'error') p.respiteServer.server.notifyFlags = NOTIFY_KEYSPACE | NOTIFY_KEYEVENT | NOTIFY_ALL;
  await p.redis.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const [sm, sr] = await p.connect();
  t.after(() => { sm.close(); sr.close(); });
  const sub = await sm.call('PSUBSCRIBE', '__keyevent@0__:*');
  if (sub.t === 'error') { t.skip('PSUBSCRIBE is not available in this build'); return; }
  await sr.call('PSUBSCRIBE', '__keyevent@0__:*');
  const cmds: string[][] = [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', '1', 'a'], ['ZADD', 'z', 'XX', '5', 'nope'], ['ZADD', 'z', 'CH', '9', 'a'], ['ZINCRBY', 'z', '1', 'b'],
    ['ZADD', 'z', 'INCR', 'NX', '1', 'b'], ['ZREM', 'z', 'nope'], ['ZREM', 'z', 'a'], ['ZREMRANGEBYSCORE', 'z', '100', '200'], ['ZREMRANGEBYSCORE', 'z', '0', '2.5'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '4', 'd'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYLEX', 'z', '-', '+'], ['ZADD', 'z', '1', 'a', '2', 'b'], ['ZPOPMIN', 'z'],
    ['ZPOPMAX', 'z', '5'], ['ZPOPMIN', 'z'], ['ZADD', 'z', '1', 'a', '2', 'b'], ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '10'],
    ['ZADD', 'z1', '1', 'a'], ['ZADD', 'z2', '2', 'b'], ['ZUNIONSTORE', 'u', '2', 'z1', 'z2'], ['ZINTERSTORE', 'u', '2', 'z1', 'z2'], ['ZINTERSTORE', 'u', '2', 'z1', 'z2'],
    ['ZDIFFSTORE', 'u', '2', 'z1', 'z2'], ['ZRANGESTORE', 'r', 'z1', '0', '-1'], ['ZRANGESTORE', 'r', 'z1', '5', '9'], ['ZRANGESTORE', 'r', 'z1', '5', '9'],
    ['SORT', 'z1', 'STORE', 's'], ['SORT', 'nokey', 'STORE', 's'], ['SORT', 'nokey', 'STORE', 's'], ['ZADD', 'z', 'INCR', 'inf', 'x'], ['ZADD', 'z', 'INCR', '-inf', 'x'],
    ['ZADD', 'last', '1', 'end'],
  ];
  for (const c of cmds) await p.check(c);
  const drain = async (conn: RespConn): Promise<string[]> => {
    const out: string[] = [];
    for (;;) {
      const m: Reply = await conn.read(2000);
      const v = (m as { v: Reply[] }).v;
      const ev = `${(v[2] as { v: string }).v} ${(v[3] as { v: string }).v}`;
      out.push(ev);
      if (ev === '__keyevent@0__:zadd last') return out;
    }
  };
  assert.deepEqual(await drain(sm), await drain(sr));
});
