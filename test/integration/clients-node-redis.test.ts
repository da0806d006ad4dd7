/**
 * node-redis (the `redis` package, v4 or v5) against an in-process Respite,
 * compared with a real redis-server. The package is optional: when it cannot
 * be resolved every test is skipped. REDIS_CLIENT_MODULE may point at an
 * installed copy elsewhere (a path to the package's directory).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { startRespite, startRedis, redisAvailable, type RedisProcess } from '../servers.js';

/** The small part of node-redis's API these tests use (common to v4 and v5). */
interface NRClient {
  connect(): Promise<unknown>;
  quit?(): Promise<unknown>;
  disconnect?(): Promise<unknown>;
  destroy?(): void;
  on(ev: string, cb: (...a: unknown[]) => void): unknown;
  duplicate(): NRClient;
  sendCommand(args: string[]): Promise<unknown>;
  subscribe(ch: string, cb: (msg: unknown, ch: string) => void, buffers?: boolean): Promise<unknown>;
  pSubscribe(p: string, cb: (msg: unknown, ch: string) => void, buffers?: boolean): Promise<unknown>;
  unsubscribe(ch?: string): Promise<unknown>;
  scanIterator(o?: Record<string, unknown>): AsyncIterable<string | string[]>;
  multi(): Multi;
  [cmd: string]: unknown;
}
interface Multi {
  exec(): Promise<unknown[]>;
  set(...a: unknown[]): Multi;
  get(...a: unknown[]): Multi;
  incr(...a: unknown[]): Multi;
  lPush(...a: unknown[]): Multi;
}
type CreateClient = (o: Record<string, unknown>) => NRClient;

async function loadNodeRedis(): Promise<CreateClient | null> {
  const spec = process.env.REDIS_CLIENT_MODULE ? pathToFileURL(process.env.REDIS_CLIENT_MODULE + '/dist/index.js').href : 'redis';
  try {
    const m = await import(spec) as { createClient?: CreateClient };
    return m.createClient ?? null;
  } catch { return null; }
}
const createClient = await loadNodeRedis();
const skip = !createClient && 'the `redis` package (node-redis) is not installed';

const respite = createClient ? await startRespite() : null;
const reference: RedisProcess | null = createClient && redisAvailable() ? await startRedis() : null;
after(async () => { if (respite) await respite.close(); if (reference) await reference.close(); });

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function runOn<T>(port: number, RESP: 2 | 3, flow: (c: NRClient, mk: () => Promise<NRClient>) => Promise<T>): Promise<T> {
  const made: NRClient[] = [];
  const mk = async () => {
    const c = createClient!({ socket: { port, host: '127.0.0.1', reconnectStrategy: false }, RESP: RESP === 3 ? 3 : undefined });
    c.on('error', () => {});
    made.push(c);
    await c.connect();
    return c;
  };
  const c = await mk();
  await c.sendCommand(['FLUSHALL']);
  try { return await flow(c, mk); } finally {
    for (const x of made) { try { if (x.destroy) x.destroy(); else await x.disconnect?.(); } catch { /* already closed */ } }
  }
}

async function both<T>(RESP: 2 | 3, flow: (c: NRClient, mk: () => Promise<NRClient>) => Promise<T>): Promise<T> {
  const got = await runOn(respite!.port, RESP, flow);
  if (reference) assert.deepEqual(got, await runOn(reference.port, RESP, flow), 'Respite and Redis differ');
  return got;
}

type Fn = (...a: unknown[]) => Promise<unknown>;
const call = (c: NRClient, name: string, ...a: unknown[]) => (c[name] as Fn).apply(c, a);

for (const RESP of [2, 3] as const) {
  test(`RESP${RESP}: strings, hashes, sets, lists through node-redis's typed commands`, { skip }, async () => {
    const r = await both(RESP, async c => [
      await call(c, 'set', 'k', 'v', { EX: 100 }), await call(c, 'get', 'k'), await call(c, 'get', 'none'),
      await call(c, 'incrBy', 'n', 5), await call(c, 'incrByFloat', 'f', 1.25),
      await call(c, 'hSet', 'h', { a: '1', b: '2' }), await call(c, 'hGetAll', 'h'), await call(c, 'hGetAll', 'none'),
      await call(c, 'sAdd', 's', ['3', '1', '2']), await call(c, 'sMembers', 's'), await call(c, 'sIsMember', 's', '1'),
      await call(c, 'rPush', 'l', ['a', 'b', 'c']), await call(c, 'lRange', 'l', 0, -1), await call(c, 'lPos', 'l', 'c'),
      await call(c, 'exists', ['k', 'h', 'none']), await call(c, 'type', 'h'), await call(c, 'ttl', 'k'),
      await call(c, 'mGet', ['k', 'none']), await call(c, 'sendCommand', ['HRANDFIELD', 'none']),
      await call(c, 'sendCommand', ['OBJECT', 'ENCODING', 'h']),
    ]);
    assert.equal(r[1], 'v');
  });

  test(`RESP${RESP}: MULTI/EXEC and WATCH`, { skip }, async () => {
    await both(RESP, async (c, mk) => {
      const res = await c.multi().set('a', '1').incr('a').get('a').exec();
      const other = await mk();
      await call(c, 'watch', 'a');
      await call(other, 'set', 'a', '9');
      let watched: unknown;
      try { watched = await c.multi().set('a', '2').exec(); } catch (e) { watched = (e as Error).name; }
      let runtime: unknown;
      try { runtime = await c.multi().set('s', 'x').lPush('s', 'y').get('s').exec(); } catch (e) { runtime = (e as Error).name; }
      return [res, watched, runtime, await call(c, 'get', 'a')];
    });
  });

  test(`RESP${RESP}: blocking pop on a duplicate connection`, { skip }, async () => {
    const r = await both(RESP, async c => {
      const blocker = c.duplicate();
      blocker.on('error', () => {});
      await blocker.connect();
      try {
        const p = call(blocker, 'brPop', 'q', 0);
        await sleep(30);
        await call(c, 'lPush', 'q', 'job');
        return [await p, await call(blocker, 'brPop', 'q', 0.05)];
      } finally { blocker.destroy ? blocker.destroy() : await blocker.disconnect?.(); }
    });
    assert.deepEqual(r[0], { key: 'q', element: 'job' });
  });

  test(`RESP${RESP}: pub/sub with string and Buffer listeners`, { skip }, async () => {
    const r = await both(RESP, async c => {
      const sub = c.duplicate();
      sub.on('error', () => {});
      await sub.connect();
      const got: unknown[] = [];
      try {
        await sub.subscribe('ch', (m, ch) => got.push([ch, m]));
        await sub.subscribe('bin', (m, ch) => got.push([String(ch), (m as Buffer).toString('hex')]), true);
        await sub.pSubscribe('p.*', (m, ch) => got.push(['p', ch, m]));
        const counts = [await call(c, 'publish', 'ch', 'hello'), await call(c, 'sendCommand', ['PUBLISH', 'bin', '\x00\x01']), await call(c, 'publish', 'p.x', 'pm')];
        for (let i = 0; i < 300 && got.length < 3; i++) await sleep(10);
        await sub.unsubscribe();
        return { counts, got };
      } finally { sub.destroy ? sub.destroy() : await sub.disconnect?.(); }
    });
    assert.deepEqual(r.counts, [1, 1, 1]);
  });

  test(`RESP${RESP}: scanIterator over keys, hash and set`, { skip }, async () => {
    const r = await both(RESP, async c => {
      for (let i = 0; i < 300; i++) await call(c, 'set', `key:${i}`, 'x');
      const keys: string[] = [];
      for await (const k of c.scanIterator({ MATCH: 'key:1*', COUNT: 25 })) keys.push(...(Array.isArray(k) ? k : [k]));
      return keys.sort();
    });
    assert.equal(r.length, 111);
  });
}
