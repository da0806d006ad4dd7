/**
 * Blocking XREAD / XREADGROUP: the same scenario runs against Respite and
 * real Redis, each step's replies are recorded, and the two logs must match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RespConn, show, type Reply } from '../resp-client.js';
import { startRedis, startRespite, skipRedis } from '../servers.js';

const skip = skipRedis();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

type Log = string[];

/** A scenario: gets fresh connections to one server and logs what it sees. */
type Scenario = (conn: () => Promise<RespConn>, log: Log) => Promise<void>;

async function runBoth(sc: Scenario): Promise<void> {
  const [a, b] = await Promise.all([startRespite(), startRedis()]);
  try {
    const logs: Log[] = [];
    for (const port of [a.port, b.port]) {
      const conns: RespConn[] = [];
      const log: Log = [];
      await sc(async () => { const c = await RespConn.connect(port); conns.push(c); return c; }, log);
      for (const c of conns) c.close();
      logs.push(log);
    }
    assert.deepEqual(logs[0], logs[1], `respite:\n${logs[0].join('\n')}\nredis:\n${logs[1].join('\n')}`);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

const s = (r: Reply) => show(r);

test('XREAD BLOCK: $ and explicit IDs, arrival order, several streams, timeouts', { skip }, async () => {
  await runBoth(async (conn, log) => {
    const [w, a, b] = [await conn(), await conn(), await conn()];
    await w.call('XADD', 'k1', '1-0', 'f', 'old');
    a.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k1', '$']);
    await sleep(30);
    b.send(['XREAD', 'BLOCK', '0', 'COUNT', '5', 'STREAMS', 'k2', 'k1', '0', '$']);
    await sleep(30);
    log.push('xadd ' + s(await w.call('XADD', 'k1', '2-0', 'f', 'new')));
    log.push('a ' + s(await a.read()));
    log.push('b ' + s(await b.read()));
    // only the stream that got data is in the reply
    a.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k1', 'k2', '$', '$']);
    await sleep(30);
    log.push('xadd ' + s(await w.call('XADD', 'k2', '5-5', 'x', 'y')));
    log.push('a ' + s(await a.read()));
    // timeout: null array; the client works afterwards
    log.push('timeout ' + s(await a.call('XREAD', 'BLOCK', '50', 'STREAMS', 'nokey', '$')));
    log.push('after ' + s(await a.call('XLEN', 'k1')));
    // data written inside MULTI is served after EXEC
    a.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k3', '0']);
    await sleep(30);
    await w.call('MULTI');
    await w.call('XADD', 'k3', '1-1', 'a', '1');
    await w.call('XADD', 'k3', '1-2', 'b', '2');
    log.push('exec ' + s(await w.call('EXEC')));
    log.push('a ' + s(await a.read()));
    // XREAD is not woken by a deletion
    a.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k3', '$']);
    await sleep(30);
    await w.call('DEL', 'k3');
    await sleep(30);
    log.push('xadd ' + s(await w.call('XADD', 'k3', '5-1', 'c', '3')));
    log.push('a ' + s(await a.read()));
    // an entry added and deleted in one transaction still wakes the reader, with no entries
    a.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k3', '$']);
    await sleep(30);
    await w.call('MULTI');
    await w.call('XADD', 'k3', '9-9', 'x', 'y');
    await w.call('XDEL', 'k3', '9-9');
    await w.call('EXEC');
    log.push('added+deleted ' + s(await a.read()));
    // RESP3 reply is a map
    await b.call('HELLO', '3');
    b.send(['XREAD', 'BLOCK', '0', 'STREAMS', 'k1', '$']);
    await sleep(30);
    await w.call('XADD', 'k1', '3-0', 'f', 'v3');
    log.push('b3 ' + s(await b.read()));
    log.push('b3 timeout ' + s(await b.call('XREAD', 'BLOCK', '20', 'STREAMS', 'k1', '$')));
  });
});

test('XREADGROUP BLOCK: FIFO serving, NOACK, deletion, type change, group destruction', { skip }, async () => {
  await runBoth(async (conn, log) => {
    const [w, a, b] = [await conn(), await conn(), await conn()];
    await w.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
    a.send(['XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 'q', '>']);
    await sleep(30);
    b.send(['XREADGROUP', 'GROUP', 'g', 'cb', 'NOACK', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('MULTI');
    await w.call('XADD', 'q', '1-0', 'n', '1');
    await w.call('XADD', 'q', '2-0', 'n', '2');
    await w.call('EXEC');
    log.push('a ' + s(await a.read()));
    log.push('b ' + s(await b.read()));
    log.push('pending ' + s(await w.call('XPENDING', 'q', 'g')));
    // a consumer that never got data is not created by blocking
    a.send(['XREADGROUP', 'GROUP', 'g', 'lazy', 'BLOCK', '40', 'STREAMS', 'q', '>']);
    log.push('lazy ' + s(await a.read()));
    const consumers = await w.call('XINFO', 'CONSUMERS', 'q', 'g');
    log.push('consumers ' + (consumers.t === 'array' ? consumers.v?.length : -1));
    // deletion wakes group readers with an error
    a.send(['XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('DEL', 'q');
    log.push('deleted ' + s(await a.read()));
    // group destruction
    await w.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
    a.send(['XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('XGROUP', 'DESTROY', 'q', 'g');
    log.push('destroyed ' + s(await a.read()));
    // FLUSHALL
    await w.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
    a.send(['XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('FLUSHALL');
    log.push('flushed ' + s(await a.read()));
    // type change
    await w.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
    a.send(['XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('SET', 'q', 'string now');
    log.push('retyped ' + s(await a.read()));
    // a second group on the same key is unaffected by another group's reads
    await w.call('DEL', 'q');
    await w.call('XGROUP', 'CREATE', 'q', 'g1', '$', 'MKSTREAM');
    await w.call('XGROUP', 'CREATE', 'q', 'g2', '$');
    a.send(['XREADGROUP', 'GROUP', 'g1', 'x', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    b.send(['XREADGROUP', 'GROUP', 'g2', 'y', 'BLOCK', '0', 'STREAMS', 'q', '>']);
    await sleep(30);
    await w.call('XADD', 'q', '7-7', 'k', 'v');
    log.push('g1 ' + s(await a.read()));
    log.push('g2 ' + s(await b.read()));
    log.push('groups lag ' + s(await w.call('XINFO', 'GROUPS', 'q')));
    // errors and timeouts
    log.push('neg ' + s(await a.call('XREADGROUP', 'GROUP', 'g1', 'x', 'BLOCK', '-1', 'STREAMS', 'q', '>')));
    log.push('timeout ' + s(await a.call('XREADGROUP', 'GROUP', 'g1', 'x', 'BLOCK', '30', 'STREAMS', 'q', '>')));
    log.push('history ' + s(await a.call('XREADGROUP', 'GROUP', 'g1', 'x', 'BLOCK', '0', 'STREAMS', 'q', '0')));
  });
});
