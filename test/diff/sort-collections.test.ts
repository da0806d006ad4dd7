import { test } from 'node:test';
import { diffPair } from '../diff.js';
import { skipRedis } from '../servers.js';

/*
 * SORT over lists and sets (BY/GET with hash fields), and plain sets as
 * ZUNION/ZINTER/ZDIFF inputs. Lists, sets and hashes come from other
 * families: the test skips itself when Respite does not know RPUSH, SADD
 * and HSET yet.
 */
test('sort and zset operations over lists, sets and hashes', { skip: skipRedis() }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const probe of [['RPUSH', 'probe_l', 'x'], ['SADD', 'probe_s', 'x'], ['HSET', 'probe_h', 'f', 'v']]) {
    const r = await p.respite.call(...probe);
    if (r.t === 'error') { t.skip(`${probe[0]} is not implemented in this build`); return; }
    await p.redis.call(...probe);
  }
  await p.all([
    ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5'], ['SADD', 's', '5', '3', '9', '1'], ['SADD', 'sh', 'b', 'a', 'c', 'x1'],
    ['HSET', 'h_3', 'f', '30', 'g', 'c'], ['HSET', 'h_1', 'f', '10', 'g', 'a'], ['HSET', 'h_2', 'f', '20', 'g', 'b'], ['HSET', 'h_10', 'f', '5', 'g', 'd'],
    ['HSET', 'h_-5', 'f', '7', 'g', 'e'], ['HSET', 'h_2.5', 'f', '1', 'g', 'f'],
    ['SET', 'w_5', '3'], ['SET', 'w_3', '1'], ['SET', 'w_9', '2'], ['SET', 'w_1', '4'],
    ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'BY', 'nosort'], ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '3'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '2', '10'],
    ['SORT', 'l', 'BY', 'h_*->f'], ['SORT', 'l', 'BY', 'h_*->g', 'ALPHA', 'GET', '#', 'GET', 'h_*->f'], ['SORT', 'l', 'GET', 'h_*->nofield'], ['SORT', 'l', 'BY', 'h_*->', 'GET', 'h_*->'],
    ['SORT', 'l', 'ALPHA'], ['SORT', 'l', 'LIMIT', '1', '2', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
    ['SORT', 'l', 'GET', 'h_*->f', 'GET', 'nokey_*', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['LLEN', 'dst'],
    ['SORT', 's'], ['SORT', 's', 'BY', 'w_*'], ['SORT', 's', 'DESC', 'GET', 'w_*'], ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
    ['SORT', 'sh', 'ALPHA'], ['SORT', 'sh'], ['SORT', 'sh', 'BY', 'nosort', 'STORE', 'dst2'], ['LRANGE', 'dst2', '0', '-1'], ['SORT_RO', 'sh', 'ALPHA', 'DESC'],
    ['HSET', 'hh', 'a', 'b'], ['SORT', 'hh'], ['SORT', 'nokey', 'STORE', 'dst2'], ['LLEN', 'dst2'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['ZUNION', '2', 'z', 's', 'WITHSCORES'], ['ZUNION', '2', 's', 'sh', 'WEIGHTS', '2', '3', 'WITHSCORES'], ['ZINTER', '2', 'sh', 'z', 'WITHSCORES'], ['ZDIFF', '2', 'sh', 'z', 'WITHSCORES'],
    ['ZUNIONSTORE', 'out', '3', 'z', 's', 'sh', 'AGGREGATE', 'MAX'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'], ['ZINTERCARD', '2', 's', 's'],
    ['ZINTERSTORE', 'out', '2', 's', 's', 'WEIGHTS', '1', '2'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'], ['ZUNION', '2', 'z', 'l'], ['ZUNION', '2', 'z', 'hh'],
    ['SORT', 'z'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'STORE', 'zl'], ['LRANGE', 'zl', '0', '-1'],
  ]);
});
