/**
 * Typical application patterns through ioredis (unchanged, default options
 * where possible) against an in-process Respite. Each flow runs on Respite
 * and, when redis-server is on PATH, on a real Redis too; flows whose output
 * is deterministic must give identical results on both.
 *
 * Commands owned by families that may not be merged yet (INFO, CLIENT,
 * CONFIG, sorted sets, scripting) are probed once: flows that need them are
 * skipped with the reason, and ioredis's ready check (which sends INFO) is
 * only disabled while INFO is missing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis, type RedisOptions } from 'ioredis';
import { startRespite, startRedis, redisAvailable, type RedisProcess } from '../servers.js';
import { RespConn } from '../resp-client.js';

const respite = await startRespite();
const reference: RedisProcess | null = redisAvailable() ? await startRedis() : null;
after(async () => { await respite.close(); if (reference) await reference.close(); });

/** Whether Respite knows a command (an unknown command is the only reply we look at). */
async function has(...argv: string[]): Promise<boolean> {
  const c = await RespConn.connect(respite.port);
  try {
    const r = await c.call(...argv);
    return !(r.t === 'error' && /^ERR unknown (sub)?command/.test(r.v));
  } finally { c.close(); }
}
const HAS_INFO = await has('INFO', 'server');
const HAS_CONFIG = await has('CONFIG', 'GET', 'notify-keyspace-events');
const HAS_ZSETS = await has('ZCARD', '__probe__');
const HAS_CLIENT = await has('CLIENT', 'GETNAME');

/** ioredis's ready check sends INFO: disabled only while Respite has no INFO. */
const BASE: RedisOptions = HAS_INFO ? {} : { enableReadyCheck: false };

type Mk = (extra?: RedisOptions) => Promise<Redis>;

/** Runs `flow` against one server with clients made by `mk`, disconnecting them all afterwards. */
async function runOn<T>(port: number, flow: (mk: Mk) => Promise<T>): Promise<T> {
  const made: Redis[] = [];
  const mk: Mk = async (extra = {}) => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, ...BASE, ...extra });
    r.on('error', () => {});
    made.push(r);
    await r.connect();
    return r;
  };
  const admin = await mk();
  await admin.flushall();
  try {
    return await flow(mk);
  } finally {
    for (const r of made) r.disconnect();
  }
}

/** Runs a flow on Respite and on the reference; returns Respite's result after checking they agree. */
async function both<T>(flow: (mk: Mk) => Promise<T>): Promise<T> {
  const got = await runOn(respite.port, flow);
  if (reference) {
    const want = await runOn(reference.port, flow);
    assert.deepEqual(got, want, 'Respite and Redis differ');
  }
  return got;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
/** Pipeline/multi results with errors reduced to their message so they compare. */
const flat = (res: [Error | null, unknown][] | null) => res && res.map(([e, v]) => e ? { err: e.message } : v);
/** Waits until `cond` holds (polling), failing after a few seconds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await sleep(10);
  assert.ok(cond(), `timed out waiting for ${what}`);
}

for (const protocol of [2, 3] as const) {
  const P: RedisOptions = { protocol };

  test(`RESP${protocol}: connect with default options (ready check sends INFO)`, { skip: !HAS_INFO && 'INFO is not implemented yet (owner: info.ts): ioredis cannot become ready with default options' }, async () => {
    const r = await both(async mk => {
      const c = new Redis({ port: (await mk()).options.port, protocol, lazyConnect: true });
      c.on('error', () => {});
      try { await c.connect(); return [c.status, await c.ping()]; } finally { c.disconnect(); }
    });
    assert.deepEqual(r, ['ready', 'PONG']);
  });

  test(`RESP${protocol}: connectionName and db options (CLIENT SETNAME, SELECT on connect)`, { skip: !HAS_CLIENT && 'CLIENT is not implemented yet (owner: client.ts)' }, async () => {
    const r = await both(async mk => {
      const c = await mk({ ...P, connectionName: 'worker-1', db: 3 });
      await c.set('k', 'in-db-3');
      const other = await mk({ ...P });
      return [await c.client('GETNAME'), await c.get('k'), await other.get('k'), await other.select(3), await other.get('k')];
    });
    assert.deepEqual(r, ['worker-1', 'in-db-3', null, 'OK', 'in-db-3']);
  });

  test(`RESP${protocol}: db option selects the database on connect and after a reconnect`, async () => {
    const r = await both(async mk => {
      const c = await mk({ ...P, db: 2 });
      await c.set('k', 'v2');
      const plain = await mk(P);
      const before = await plain.get('k');
      await plain.select(2);
      return [before, await plain.get('k')];
    });
    assert.deepEqual(r, [null, 'v2']);
  });

  test(`RESP${protocol}: pipelines, including an error in the middle`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const res = await c.pipeline()
        .set('page:views', '10').incr('page:views').incrby('page:views', 5).get('page:views')
        .set('name', 'x').incr('name')
        .hset('user:1', 'name', 'Ann', 'age', '31').hgetall('user:1')
        .rpush('list', 'a', 'b', 'c').lrange('list', 0, -1)
        .sadd('tags', 'x').sismember('tags', 'x').smismember('tags', 'x', 'y')
        .mget('page:views', 'missing', 'name').exists('page:views', 'list', 'nope')
        .type('tags').del('list', 'tags').dbsize()
        .exec();
      // A long pipeline: replies come back in order.
      const p = c.pipeline();
      for (let i = 0; i < 500; i++) p.set(`k${i}`, String(i)).get(`k${i}`);
      const long = flat(await p.exec())!;
      assert.equal(long.length, 1000);
      for (let i = 0; i < 500; i++) assert.deepEqual([long[2 * i], long[2 * i + 1]], ['OK', String(i)]);
      return flat(res);
    });
    assert.deepEqual(r![1], 11);
    assert.deepEqual(r![5], { err: 'ERR value is not an integer or out of range' });
    assert.deepEqual(r![7], { name: 'Ann', age: '31' });
  });

  test(`RESP${protocol}: MULTI/EXEC with results, queued-command errors and runtime errors`, async () => {
    await both(async mk => {
      const c = await mk(P);
      const ok = flat(await c.multi().set('a', '1').incr('a').get('a').lpush('l', 'x', 'y').lrange('l', 0, -1).exec());
      assert.deepEqual(ok, ['OK', 2, '2', 2, ['y', 'x']]);
      // A runtime error inside EXEC does not abort the other commands.
      const mixed = flat(await c.multi().set('s', 'str').lpush('s', 'x').incr('a').exec());
      // An error while queueing (unknown command) makes EXEC fail with EXECABORT.
      let aborted = '';
      try { await c.multi().set('b', '1').call('NOSUCHCMD', 'x').exec(); } catch (e) { aborted = (e as Error).message; }
      const bAfter = await c.get('b');
      // multi({ pipeline: false }): commands are sent one by one and answer QUEUED.
      const started = await c.multi({ pipeline: false });
      const queued = [started, await c.set('c', '3'), await c.get('c')];
      const res = await c.exec();
      return { mixed, aborted, bAfter, queued, res };
    });
  });

  test(`RESP${protocol}: WATCH-based optimistic locking`, async () => {
    const r = await both(async mk => {
      const a = await mk(P), b = await mk(P);
      await a.set('balance', '100');
      // The watched key is changed by another client: EXEC returns null.
      await a.watch('balance');
      const bal = Number(await a.get('balance'));
      await b.incrby('balance', 5);
      const conflicted = await a.multi().set('balance', String(bal - 30)).exec();
      // Retry: nothing changes in between, the transaction commits.
      await a.watch('balance');
      const bal2 = Number(await a.get('balance'));
      const committed = flat(await a.multi().set('balance', String(bal2 - 30)).exec());
      // UNWATCH forgets the watch.
      await a.watch('balance'); await b.set('balance', '1'); await a.unwatch();
      const afterUnwatch = flat(await a.multi().get('balance').exec());
      // Concurrent increments through WATCH/MULTI retry loops never lose an update.
      const workers = await Promise.all([0, 1, 2, 3].map(() => mk(P)));
      await a.set('counter', '0');
      let retries = 0;
      await Promise.all(workers.map(async w => {
        for (let i = 0; i < 25; i++) {
          for (;;) {
            await w.watch('counter');
            const v = Number(await w.get('counter'));
            const res = await w.multi().set('counter', String(v + 1)).exec();
            if (res !== null) break;
            retries++;
          }
        }
      }));
      assert.ok(retries >= 0);
      return [conflicted, committed, afterUnwatch, await a.get('balance'), await a.get('counter')];
    });
    assert.deepEqual(r, [null, ['OK'], ['1'], '1', '100']);
  });

  test(`RESP${protocol}: cache-aside with SET EX / GET and expiry`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const load = async (id: string) => {
        const hit = await c.get(`cache:${id}`);
        if (hit !== null) return ['hit', hit];
        const v = `value-of-${id}`;
        await c.set(`cache:${id}`, v, 'EX', 60);
        return ['miss', v];
      };
      const seq = [await load('a'), await load('a'), await load('b')];
      const ttl = await c.ttl('cache:a');
      assert.ok(ttl > 0 && ttl <= 60);
      await c.set('short', 'x', 'PX', 30);
      await c.set('nx', 'first', 'EX', 100, 'NX');
      const nx2 = await c.set('nx', 'second', 'EX', 100, 'NX');
      const old = await c.set('nx', 'third', 'KEEPTTL', 'GET');
      const keptTtl = (await c.ttl('nx')) > 0;
      await sleep(80);
      return [seq, await c.get('short'), await c.exists('short'), nx2, old, keptTtl, await c.getex('nx', 'PERSIST'), await c.ttl('nx')];
    });
    assert.equal(r[1], null);
  });

  test(`RESP${protocol}: fixed-window rate limiting with INCR + EXPIRE`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const allowed: boolean[] = [];
      for (let i = 0; i < 8; i++) {
        const [[, n], [, set]] = (await c.multi().incr('rl:user:7').expire('rl:user:7', 60, 'NX').exec())! as [[null, number], [null, number]];
        allowed.push(n <= 5 && (n === 1 ? set === 1 : set === 0));
      }
      const ttl = await c.ttl('rl:user:7');
      return [allowed, ttl > 0 && ttl <= 60];
    });
    assert.deepEqual(r, [[true, true, true, true, true, false, false, false], true]);
  });

  test(`RESP${protocol}: distributed lock with SET NX PX and compare-and-delete under WATCH`, async () => {
    const r = await both(async mk => {
      const a = await mk(P), b = await mk(P);
      const acquire = (c: Redis, token: string) => c.set('lock:res', token, 'PX', 10000, 'NX');
      const release = async (c: Redis, token: string) => {
        await c.watch('lock:res');
        if (await c.get('lock:res') !== token) { await c.unwatch(); return false; }
        const res = await c.multi().del('lock:res').exec();
        return res !== null && res[0][1] === 1;
      };
      const got = [await acquire(a, 'tok-a'), await acquire(b, 'tok-b')];
      const wrongRelease = await release(b, 'tok-b');
      const pttl = await a.pttl('lock:res');
      const rightRelease = await release(a, 'tok-a');
      const again = await acquire(b, 'tok-b');
      // A lock expires by itself.
      await b.set('lock:short', 'x', 'PX', 20, 'NX');
      await sleep(60);
      return [got, wrongRelease, pttl > 0 && pttl <= 10000, rightRelease, again, await a.set('lock:short', 'y', 'PX', 1000, 'NX')];
    });
    assert.deepEqual(r, [['OK', null], false, true, true, 'OK', 'OK']);
  });

  test(`RESP${protocol}: sessions in hashes`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      await c.hset('sess:abc', { user: 'ann', role: 'admin', hits: '0' });
      await c.expire('sess:abc', 1800);
      await c.hincrby('sess:abc', 'hits', 1);
      await c.hincrbyfloat('sess:abc', 'score', 1.5);
      await c.hdel('sess:abc', 'role');
      const ttl = await c.ttl('sess:abc');
      return [await c.hgetall('sess:abc'), await c.hmget('sess:abc', 'user', 'nope', 'hits'), await c.hexists('sess:abc', 'role'),
        await c.hlen('sess:abc'), ttl > 1700, await c.hgetall('sess:none'), await c.hkeys('sess:abc'), await c.hvals('sess:abc')];
    });
    assert.deepEqual(r[0], { user: 'ann', hits: '1', score: '1.5' });
  });

  test(`RESP${protocol}: leaderboard with sorted sets`, { skip: !HAS_ZSETS && 'sorted sets are not implemented yet (owner: zsets.ts)' }, async () => {
    await both(async mk => {
      const c = await mk(P);
      await c.zadd('board', 10, 'ann', 25, 'bob', 17, 'cid');
      await c.zincrby('board', 20, 'ann');
      return [await c.zrevrange('board', 0, 1, 'WITHSCORES'), await c.zrevrank('board', 'cid'), await c.zscore('board', 'ann'),
        await c.zrange('board', '0', '-1'), await c.zcard('board')];
    });
  });

  test(`RESP${protocol}: work queue with LPUSH / BRPOP across connections`, async () => {
    const r = await both(async mk => {
      const producer = await mk(P), consumer = await mk(P), consumer2 = await mk(P);
      // The consumer blocks first; the producer's push wakes it.
      const waiting = consumer.brpop('jobs', 0);
      await sleep(30);
      await producer.lpush('jobs', 'job-1');
      const first = await waiting;
      // Two blocked consumers are served in the order they blocked.
      const w1 = consumer.brpop('jobs', 'jobs:hi', 0);
      await sleep(30);
      const w2 = consumer2.brpop('jobs:hi', 'jobs', 0);
      await sleep(30);
      await producer.lpush('jobs', 'job-2', 'job-3');
      const served = [await w1, await w2];
      // Items already there: no blocking.
      await producer.lpush('jobs', 'a', 'b', 'c');
      const drained = [await consumer.brpop('jobs', 1), await consumer.rpop('jobs', 5)];
      // Timeout.
      const timedOut = await consumer.brpop('empty', 0.05);
      // Reliable queue: BLMOVE into a processing list.
      await producer.lpush('jobs', 'job-4');
      const moved = await consumer.blmove('jobs', 'processing', 'RIGHT', 'LEFT', 1);
      return [first, served, drained, timedOut, moved, await producer.lrange('processing', 0, -1)];
    });
    assert.deepEqual(r[0], ['jobs', 'job-1']);
    assert.deepEqual(r[1], [['jobs', 'job-2'], ['jobs', 'job-3']]);
    assert.equal(r[3], null);
  });

  test(`RESP${protocol}: pub/sub in subscriber mode with binary payloads`, async () => {
    const r = await both(async mk => {
      const sub = await mk(P), pub = await mk(P);
      const events: unknown[] = [];
      sub.on('message', (ch, msg) => events.push(['message', ch, msg]));
      sub.on('pmessage', (pat, ch, msg) => events.push(['pmessage', pat, ch, msg]));
      const bin: unknown[] = [];
      sub.on('messageBuffer', (ch: Buffer, msg: Buffer) => bin.push(['message', ch.toString('hex'), msg.toString('hex')]));
      sub.on('pmessageBuffer', (pat: unknown, ch: Buffer, msg: Buffer) => bin.push(['pmessage', String(pat), ch.toString('hex'), msg.toString('hex')]));
      const subscribed = [await sub.subscribe('news', 'alerts'), await sub.psubscribe('user.*')];
      // A subscribed connection refuses normal commands (ioredis checks this client-side).
      let refused = '';
      try { await sub.get('x'); } catch (e) { refused = (e as Error).message; }
      const payload = Buffer.from([0, 0xff, 0xfe, 13, 10, 0x41, 0x80]);
      const counts = [
        await pub.publish('news', 'hello'),
        await pub.publish('alerts', payload),
        await pub.publish('user.42', 'login'),
        await pub.publish(Buffer.from([0x75, 0x73, 0x65, 0x72, 0x2e, 0xff]), payload),
        await pub.publish('nobody', 'x'),
      ];
      await until(() => events.length === 4 && bin.length === 4, 'pub/sub messages');
      const channels = [await pub.pubsub('CHANNELS'), await pub.pubsub('NUMSUB', 'news', 'none'), await pub.pubsub('NUMPAT')];
      const unsub = [await sub.unsubscribe('news'), await sub.punsubscribe('user.*')]; // (ioredis 6 hangs on a bare PUNSUBSCRIBE, with real Redis too)
      await pub.publish('news', 'not delivered');
      await pub.publish('alerts', 'still');
      await until(() => events.length === 5, 'message after unsubscribe');
      await sub.unsubscribe();
      // Back to normal mode: ordinary commands work again.
      const normal = await sub.set('x', '1');
      events.forEach(e => { if (Array.isArray(e)) e.forEach((v, i) => { if (typeof v === 'string' && /[^\x20-\x7e]/.test(v)) e[i] = Buffer.from(v, 'utf8').length; }); });
      return { subscribed, refused: refused.slice(0, 40), counts, events, bin, channels: [(channels[0] as string[]).sort(), channels[1], channels[2]], unsub, normal };
    });
    assert.deepEqual(r.counts, [1, 1, 1, 1, 0]);
    assert.deepEqual(r.bin[1], ['message', Buffer.from('alerts').toString('hex'), '00fffe0d0a4180']);
  });

  test(`RESP${protocol}: keyspace notifications as an ioredis subscriber sees them`, { skip: !HAS_CONFIG && 'CONFIG SET is not implemented yet (owner: config.ts)' }, async () => {
    await both(async mk => {
      const admin = await mk(P), sub = await mk(P);
      await admin.config('SET', 'notify-keyspace-events', 'KEA');
      const seen: string[][] = [];
      sub.on('pmessage', (_p, ch, msg) => seen.push([ch, msg]));
      await sub.psubscribe('__key*__:*');
      await admin.set('n:1', 'v');
      await admin.expire('n:1', 100);
      await admin.lpush('n:l', 'a');
      await admin.hset('n:h', 'f', 'v');
      await admin.del('n:1', 'n:l');
      await admin.set('n:t', 'v', 'PX', 1);
      await sleep(20);
      await admin.get('n:t');
      // A sentinel the pattern also matches: everything before it has been delivered.
      await admin.publish('__keyevent@0__:zz-end', 'end');
      await until(() => seen.length > 0 && seen[seen.length - 1][1] === 'end', 'keyspace events');
      await admin.config('SET', 'notify-keyspace-events', '');
      return seen;
    });
  });

  test(`RESP${protocol}: binary keys and values (\\0, CR LF, invalid UTF-8)`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const k = Buffer.from([0x6b, 0, 0xff, 13, 10]);
      const v = Buffer.from([0, 1, 2, 0xc3, 0x28, 0xff, 0xfe, 0]);
      await c.set(k, v);
      const getb = await c.getBuffer(k);
      await c.hset(Buffer.from('h\0'), Buffer.from([0xff]), v, 'text', 'é');
      const hb = await c.hgetallBuffer(Buffer.from('h\0'));
      await c.sadd(Buffer.from([0x80]), v, Buffer.alloc(0), Buffer.from([0]));
      const sb = (await c.smembersBuffer(Buffer.from([0x80]))).map(b => b.toString('hex')).sort();
      await c.rpush(Buffer.from([0xfe, 0]), v, Buffer.alloc(0));
      const lb = await c.lrangeBuffer(Buffer.from([0xfe, 0]), 0, -1);
      const keys = (await c.keysBuffer('*')).map(b => b.toString('hex')).sort();
      const big = Buffer.alloc(300000, 0xa5);
      await c.set('big', big);
      const bigBack = await c.getBuffer('big');
      await c.append(k, Buffer.from([0x00, 0x99]));
      const mget = (await c.mgetBuffer(k, 'nope')).map(b => b && b.toString('hex'));
      return {
        getb: getb!.toString('hex'), hb: Object.fromEntries(Object.entries(hb).map(([f, x]) => [Buffer.from(f).toString('hex'), x.toString('hex')])),
        sb, lb: lb.map(b => b.toString('hex')), keys, bigOk: big.equals(bigBack!), mget, strlen: await c.strlen(k),
      };
    });
    assert.equal(r.getb, '000102c328fffe00');
    assert.equal(r.bigOk, true);
  });

  test(`RESP${protocol}: SCAN streams (scanStream, hscanStream, sscanStream)`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const p = c.pipeline();
      for (let i = 0; i < 600; i++) p.set(`user:${i}`, 'x');
      for (let i = 0; i < 50; i++) p.set(`other:${i}`, 'x');
      for (let i = 0; i < 300; i++) p.hset('bighash', `f${i}`, String(i));
      for (let i = 0; i < 300; i++) p.sadd('bigset', `m${i}`);
      p.sadd('intset', '1', '2', '3', '40000');
      p.hset('smallhash', 'a', '1', 'b', '2');
      await p.exec();
      const collect = async (s: NodeJS.ReadableStream) => {
        const out: string[] = [];
        for await (const batch of s) out.push(...(batch as unknown as string[]));
        return out;
      };
      const keys = await collect(c.scanStream({ match: 'user:*', count: 37 }));
      const typed = await collect(c.scanStream({ type: 'hash', count: 100 }));
      const hash = await collect(c.hscanStream('bighash', { count: 20 }));
      const hashMatch = await collect(c.hscanStream('bighash', { match: 'f1?' }));
      const small = await collect(c.hscanStream('smallhash'));
      const set = await collect(c.sscanStream('bigset', { count: 50 }));
      const ints = await collect(c.sscanStream('intset'));
      const pairs = (a: string[]) => { const o: string[] = []; for (let i = 0; i < a.length; i += 2) o.push(`${a[i]}=${a[i + 1]}`); return o; };
      return {
        keys: new Set(keys).size === keys.length ? keys.sort() : 'duplicates', typed: typed.sort(),
        hash: pairs(hash).sort(), hashMatch: pairs(hashMatch).sort(), small: pairs(small).sort(), set: set.sort(), ints: ints.sort(),
      };
    });
    assert.equal((r.keys as string[]).length, 600);
    assert.equal(r.hash.length, 300);
    assert.equal(r.hashMatch.length, 10);
    assert.equal(r.set.length, 300);
  });

  test(`RESP${protocol}: MONITOR through ioredis`, async () => {
    const r = await both(async mk => {
      const c = await mk(P);
      const mon = await (await mk({ protocol: 2 })).monitor();
      const seen: string[][] = [];
      mon.on('monitor', (_t: string, args: string[]) => seen.push(args));
      await sleep(20);
      await c.set('m', 'v');
      await c.get('m');
      await until(() => seen.length >= 2, 'monitor lines');
      mon.disconnect();
      return seen.slice(0, 2);
    });
    assert.deepEqual(r, [['set', 'm', 'v'], ['get', 'm']]);
  });
}

test('RESP3 reply mapping: maps become objects, doubles numbers, sets arrays', async () => {
  const r = await both(async mk => {
    const c = await mk({ protocol: 3, replyMapping: 'resp3' });
    await c.hset('h', 'a', '1', 'b', '2');
    await c.sadd('s', 'x');
    const hello = await c.call('HELLO', '3') as Record<string, unknown>;
    return {
      hgetall: await c.call('HGETALL', 'h'), empty: await c.call('HGETALL', 'none'), smembers: await c.call('SMEMBERS', 's'),
      hello: [hello.server, hello.version, hello.proto, hello.mode, hello.role],
      nullBulk: await c.call('GET', 'none'), incrf: await c.call('INCRBYFLOAT', 'f', '1.5'),
      hrand: await c.call('HRANDFIELD', 'h', '-1', 'WITHVALUES').then(v => Array.isArray(v) ? v.length : v),
    };
  });
  assert.deepEqual(r.hello.slice(1), ['7.0.15', 3, 'standalone', 'master']);
  assert.deepEqual(r.hgetall, { a: '1', b: '2' });
});

test('keyspace notifications enabled at start-up (notify-keyspace-events KEA), consumed with psubscribe', async () => {
  const flow = async (port: number) => {
    const made: Redis[] = [];
    const mk = async (extra: RedisOptions = {}) => { const r = new Redis({ port, lazyConnect: true, ...BASE, ...extra }); r.on('error', () => {}); made.push(r); await r.connect(); return r; };
    try {
      const admin = await mk(), sub = await mk({ protocol: 2 }), sub3 = await mk({ protocol: 3 });
      const seen: string[][] = [], seen3: string[][] = [];
      sub.on('pmessage', (p, ch, msg) => seen.push([p, ch, msg]));
      sub3.on('pmessage', (p, ch, msg) => seen3.push([p, ch, msg]));
      await sub.psubscribe('__key*__:*');
      await sub3.psubscribe('__keyevent@0__:*');
      await admin.set('n:1', 'v');
      await admin.expire('n:1', 100);
      await admin.lpush('n:l', 'a');
      await admin.hset('n:h', 'f', 'v');
      await admin.hset('n:h', 'f', 'v');
      await admin.del('n:1', 'n:l', 'n:none');
      await admin.set('n:t', 'v', 'PX', 1);
      await sleep(20);
      await admin.get('n:t');
      await admin.select(1);
      await admin.set('other-db', '1');
      await admin.rename('other-db', 'renamed');
      await admin.publish('__keyevent@0__:zz-end', 'end');
      const done = (l: string[][]) => l.length > 0 && l[l.length - 1][2] === 'end';
      await until(() => done(seen) && done(seen3), 'keyspace events');
      return { seen, seen3 };
    } finally { for (const r of made) r.disconnect(); }
  };
  const s = await startRespite({ 'notify-keyspace-events': 'KEA' });
  try {
    const got = await flow(s.port);
    assert.deepEqual(got.seen.slice(0, 2), [['__key*__:*', '__keyspace@0__:n:1', 'set'], ['__key*__:*', '__keyevent@0__:set', 'n:1']]);
    if (reference) {
      const ref = await startRedis(['--notify-keyspace-events', 'KEA']);
      try { assert.deepEqual(got, await flow(ref.port)); } finally { await ref.close(); }
    }
  } finally { await s.close(); }
});

test('ioredis resubscribes after a reconnect (autoResubscribe)', async () => {
  const sub = new Redis({ port: respite.port, ...BASE, retryStrategy: () => 20 });
  const pub = new Redis({ port: respite.port, ...BASE });
  sub.on('error', () => {}); pub.on('error', () => {});
  try {
    const got: string[] = [];
    sub.on('message', (_c, m) => got.push(m));
    sub.on('pmessage', (_p, _c, m) => got.push(`p:${m}`));
    await sub.subscribe('chan'); await sub.psubscribe('pat.*');
    await pub.publish('chan', 'one');
    await until(() => got.length === 1, 'first message');
    const ids = [...respite.server.clients.values()].filter(c => c.socket).map(c => c.id);
    const subConn = [...respite.server.clients.values()].find(c => c.socket && c.socket.remotePort === (sub as unknown as { stream: { localPort: number } }).stream.localPort);
    assert.ok(subConn && ids.includes(subConn.id));
    subConn.socket!.destroy();
    // Publish until the resubscribed connection receives it.
    for (let i = 0; i < 200 && !got.includes('two'); i++) { await pub.publish('chan', 'two'); await sleep(10); }
    await pub.publish('pat.x', 'three');
    await until(() => got.includes('p:three'), 'pattern message after resubscribe');
    assert.equal(got[0], 'one');
  } finally { sub.disconnect(); pub.disconnect(); }
});

test('keyPrefix, stringNumbers and offline queue options', async () => {
  const r = await both(async mk => {
    const c = await mk({ keyPrefix: 'app:' });
    await c.set('k', '1');
    await c.mset('a', '1', 'b', '2');
    const n = await mk({ stringNumbers: true });
    await n.set('big', '9007199254740993');
    const keys = (await n.keys('*')).sort();
    const queued = new Redis({ port: c.options.port, lazyConnect: false, ...BASE });
    queued.on('error', () => {});
    // Sent before the connection is up: held in the offline queue.
    const early = await queued.get('app:k');
    queued.disconnect();
    return [keys, await n.incr('big'), await c.get('k'), await c.mget('a', 'b'), early];
  });
  assert.deepEqual(r[1], '9007199254740994');
});

test('pipelines that contain MULTI/EXEC blocks and blocking commands', async () => {
  await both(async mk => {
    const c = await mk();
    const res = await c.pipeline().set('x', '1').call('MULTI').incr('x').incr('x').call('EXEC').get('x').blpop('nolist', 0.01).lpush('q', 'a').blpop('q', 0).exec();
    return flat(res);
  });
});

test('password / username options with requirepass (AUTH in RESP2, HELLO 3 AUTH in RESP3)', async () => {
  const flow = async (port: number) => {
    const out: unknown[] = [];
    for (const protocol of [2, 3] as const) {
      for (const opts of [{ password: 'pw' }, { username: 'default', password: 'pw' }, { password: 'bad' }, {}] as RedisOptions[]) {
        const r = new Redis({ port, protocol, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...BASE, ...opts });
        const errs: string[] = [];
        r.on('error', e => errs.push(e.message));
        try { await r.connect(); out.push([protocol, opts, await r.ping().catch(e => `E:${(e as Error).message}`), errs]); } catch (e) { out.push([protocol, opts, 'connect failed', errs]); }
        r.disconnect();
      }
    }
    return out;
  };
  const s = await startRespite({ requirepass: 'pw' });
  try {
    const got = await flow(s.port);
    assert.deepEqual(got[0], [2, { password: 'pw' }, 'PONG', []]);
    if (reference) {
      const ref = await startRedis(['--requirepass', 'pw']);
      try { assert.deepEqual(got, await flow(ref.port)); } finally { await ref.close(); }
    }
  } finally { await s.close(); }
});

for (const protocol of [2, 3] as const) {
  test(`RESP${protocol}: enableAutoPipelining and sharded pub/sub (SSUBSCRIBE / SPUBLISH)`, async () => {
    await both(async mk => {
      const c = await mk({ protocol, enableAutoPipelining: true });
      const rs = await Promise.all(Array.from({ length: 1000 }, (_, i) => i % 2 ? c.incr('x') : c.get('x')));
      const sub = await mk({ protocol });
      const got: unknown[] = [];
      sub.on('smessage', (ch: string, m: string) => got.push([ch, m]));
      sub.on('smessageBuffer', (ch: Buffer, m: Buffer) => got.push([String(ch), m.toString('hex')]));
      const subscribed = await sub.ssubscribe('sh1', 'sh2');
      const counts = [await c.spublish('sh1', 'a'), await c.spublish('sh2', Buffer.from([0, 255])), await c.pubsub('SHARDNUMSUB', 'sh1', 'none'),
        ((await c.pubsub('SHARDCHANNELS')) as string[]).sort()];
      await until(() => got.length === 4, 'sharded messages');
      return [rs.slice(-4), subscribed, counts, got, await sub.sunsubscribe('sh1')];
    });
  });
}

test('ioredis duplicate() and quit()', async () => {
  const r = await both(async mk => {
    const c = await mk();
    await c.set('d', '1');
    const d = c.duplicate();
    d.on('error', () => {});
    const v = await d.get('d');
    const q = await d.quit();
    return [v, q];
  });
  assert.deepEqual(r, ['1', 'OK']);
});

test('reconnects after the server closes the connection (CLIENT KILL equivalent: QUIT from a raw socket is not enough, so a server-side close)', async () => {
  const c = new Redis({ port: respite.port, ...BASE, retryStrategy: () => 20 });
  c.on('error', () => {});
  try {
    await c.set('rk', 'v');
    // Close every server-side connection: ioredis must reconnect and carry on.
    for (const cl of respite.server.clients.values()) cl.socket?.destroy();
    assert.equal(await c.get('rk'), 'v');
  } finally { c.disconnect(); }
});
