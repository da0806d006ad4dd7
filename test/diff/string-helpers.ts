/** Helpers shared by the strings and bitmaps differential tests. */
import type { DiffPair } from '../diff.js';
import type { RObject } from '../../src/db/database.js';

/** True when Respite implements cmd. */
export async function respiteHas(p: DiffPair, cmd: string): Promise<boolean> {
  const r = await p.respite.call(cmd);
  return !(r.t === 'error' && r.v.startsWith('ERR unknown command'));
}

/**
 * Creates a non-string key `name` (in db 0) on both servers: with a real
 * collection command when Respite has one, otherwise by planting a stand-in
 * list object in Respite's keyspace and a real list in Redis.
 */
export async function makeWrongType(p: DiffPair, name: string): Promise<boolean> {
  for (const cmd of [['RPUSH', name, 'x'], ['SADD', name, 'x'], ['HSET', name, 'f', 'v'], ['ZADD', name, '1', 'x']]) {
    if (await respiteHas(p, cmd[0])) { await p.check(cmd); return true; }
  }
  await p.redis.call('RPUSH', name, 'x');
  const fake: RObject = { type: 'list', encoding: () => 'listpack', dup: () => fake };
  p.respiteServer.server.dbs[0].set(name, fake);
  return true;
}
