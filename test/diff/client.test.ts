import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { RespConn, show, type Reply } from '../resp-client.js';

const skip = skipRedis();


function text(r: Reply): string {
  if (r.t === 'bulk' || r.t === 'verbatim' || r.t === 'simple') return r.v ?? '';
  throw new Error('not a string: ' + show(r));
}

/** Parses one CLIENT LIST line into [field, value] pairs, in order. */
function fields(line: string): [string, string][] {
  return line.trim().split(' ').map(kv => { const i = kv.indexOf('='); return [kv.slice(0, i), kv.slice(i + 1)]; });
}

/** The fields whose value is deterministic enough to compare with Redis. */
const COMPARED = ['name', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf', 'qbuf-free', 'argv-mem', 'multi-mem',
  'rbs', 'rbp', 'obl', 'oll', 'omem', 'events', 'cmd', 'user', 'redir', 'resp'];

function comparable(line: string): string {
  return fields(line).filter(([k]) => COMPARED.includes(k)).map(([k, v]) => `${k}=${v}`).join(' ');
}

async function both(p: DiffPair, f: (conn: RespConn, which: 'respite' | 'redis') => Promise<unknown>): Promise<[unknown, unknown]> {
  return Promise.all([f(p.respite, 'respite'), f(p.redis, 'redis')]) as Promise<[unknown, unknown]>;
}

test('CLIENT errors, names, ids, help match Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['CLIENT'], ['CLIENT', 'NOSUCH'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'a\nb'], ['CLIENT', 'SETNAME', '\xff'],
    ['CLIENT', 'SETNAME', 'myname'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', ''], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME'], ['CLIENT', 'SETNAME', 'a', 'b'],
    ['CLIENT', 'ID', 'x'], ['CLIENT', 'GETNAME', 'x'], ['CLIENT', 'INFO', 'x'], ['CLIENT', 'GETREDIR'], ['CLIENT', 'GETREDIR', 'x'],
    ['CLIENT', 'KILL'], ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'id'], ['CLIENT', 'KILL', 'ID', '999999'], ['CLIENT', 'KILL', 'ID', 'x'], ['CLIENT', 'KILL', 'ID', '0'],
    ['CLIENT', 'KILL', 'ID', '-5'], ['CLIENT', 'KILL', 'foo', 'bar'], ['CLIENT', 'KILL', 'TYPE', 'foo'], ['CLIENT', 'KILL', 'TYPE', 'master'], ['CLIENT', 'KILL', 'TYPE', 'slave'],
    ['CLIENT', 'KILL', 'TYPE', 'replica'], ['CLIENT', 'KILL', 'TYPE', 'pubsub'], ['CLIENT', 'KILL', 'SKIPME', 'maybe'], ['CLIENT', 'KILL', 'ADDR', '1:1', 'ID'],
    ['CLIENT', 'KILL', 'USER', 'nosuchuser'], ['CLIENT', 'KILL', 'MAXAGE', '1'], ['CLIENT', 'KILL', 'LADDR', 'x'], ['CLIENT', 'KILL', 'addr', 'x', 'laddr', 'y', 'skipme', 'no'],
    ['CLIENT', 'KILL', 'a', 'b', 'c'], ['CLIENT', 'KILL', 'ID', '99999', 'TYPE', 'bad'], ['CLIENT', 'KILL', 'USER', 'default', 'ID', '99999'],
    ['CLIENT', 'LIST', 'TYPE', 'foo'], ['CLIENT', 'LIST', 'ID', 'x'], ['CLIENT', 'LIST', 'ID', '0'], ['CLIENT', 'LIST', 'ID', '-1', '99999'], ['CLIENT', 'LIST', 'foo'],
    ['CLIENT', 'LIST', 'TYPE'], ['CLIENT', 'LIST', 'TYPE', 'master'], ['CLIENT', 'LIST', 'TYPE', 'replica'], ['CLIENT', 'LIST', 'TYPE', 'pubsub'], ['CLIENT', 'LIST', 'TYPE', 'normal', 'x'],
    ['CLIENT', 'PAUSE'], ['CLIENT', 'PAUSE', 'x'], ['CLIENT', 'PAUSE', 'x', 'foo'], ['CLIENT', 'PAUSE', '100', 'foo'], ['CLIENT', 'PAUSE', '-1'], ['CLIENT', 'PAUSE', '1.5'],
    ['CLIENT', 'PAUSE', '1', 'all', 'x'], ['CLIENT', 'pause', '1', 'all', 'x'], ['CLIENT', 'PAUSE', '0'], ['CLIENT', 'PAUSE', '0', 'WRITE'], ['CLIENT', 'UNPAUSE'], ['CLIENT', 'UNPAUSE', 'x'],
    ['CLIENT', 'PAUSE', '99999999999999999999'],
    ['CLIENT', 'REPLY'], ['CLIENT', 'REPLY', 'foo'], ['CLIENT', 'REPLY', 'ON'], ['CLIENT', 'REPLY', 'on', 'x'],
    ['CLIENT', 'NO-EVICT'], ['CLIENT', 'NO-EVICT', 'x'], ['CLIENT', 'NO-EVICT', 'on'], ['CLIENT', 'NO-EVICT', 'OFF'],
    ['CLIENT', 'UNBLOCK'], ['CLIENT', 'UNBLOCK', 'x'], ['CLIENT', 'UNBLOCK', '1', 'foo'], ['CLIENT', 'UNBLOCK', 'x', 'foo'], ['CLIENT', 'UNBLOCK', '99999'],
    ['CLIENT', 'UNBLOCK', '99999', 'ERROR'], ['CLIENT', 'UNBLOCK', '99999', 'timeout'], ['CLIENT', 'UNBLOCK', '1', 'timeout', 'x'], ['CLIENT', 'UNBLOCK', '-1'],
    ['CLIENT', 'HELP', 'x'],
  ]);
  // CLIENT ID is an integer, unique per connection, and what CLIENT INFO / LIST show
  const id = await p.respite.call('CLIENT', 'ID');
  assert.equal(id.t, 'int');
  const info = text(await p.respite.call('CLIENT', 'INFO'));
  assert.ok(info.startsWith(`id=${(id as { v: string }).v} `));
  const help = await p.respite.call('CLIENT', 'HELP');
  const ref = await p.redis.call('CLIENT', 'HELP');
  assert.deepEqual((help as { v: Reply[] }).v[0], (ref as { v: Reply[] }).v[0]);
});

test('CLIENT INFO / LIST line format matches Redis 7.0', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    await p.all([['SELECT', '3'], ['CLIENT', 'SETNAME', 'conn-' + proto], ['CLIENT', 'NO-EVICT', 'on']]);
    for (const cmd of [['CLIENT', 'INFO'], ['CLIENT', 'LIST'], ['client', 'list', 'type', 'normal'], ['CLIENT', 'NO-EVICT', 'off'], ['CLIENT', 'INFO']]) {
      const [mine, ref] = [await p.respite.call(...cmd), await p.redis.call(...cmd)];
      assert.equal(mine.t, ref.t, cmd.join(' '));
      if (mine.t === 'simple') continue;
      const m = text(mine), r = text(ref);
      assert.ok(m.endsWith('\n') && r.endsWith('\n'));
      assert.deepEqual(fields(m).map(f => f[0]), fields(r).map(f => f[0]), 'field names and order');
      assert.equal(comparable(m), comparable(r), `RESP${proto} ${cmd.join(' ')}`);
    }
  }
  // a second connection, idle, seen by the first
  const [a, b] = await p.connect();
  t.after(() => { a.close(); b.close(); });
  await a.call('CLIENT', 'SETNAME', 'other');
  await b.call('CLIENT', 'SETNAME', 'other');
  const [mineId, refId] = [(await a.call('CLIENT', 'ID')) as { v: string }, (await b.call('CLIENT', 'ID')) as { v: string }];
  const [m, r] = [text(await p.respite.call('CLIENT', 'LIST', 'ID', mineId.v, '99999')), text(await p.redis.call('CLIENT', 'LIST', 'ID', refId.v, '99999'))];
  const pick = (s: string) => fields(s).filter(([k]) => ['name', 'flags', 'db', 'multi', 'argv-mem', 'cmd', 'user', 'resp', 'obl', 'oll', 'omem'].includes(k)).map(x => x.join('=')).join(' ');
  assert.equal(pick(m), pick(r));
  assert.equal(m.split('\n').length, 2);
  // both connections listed
  const all = text(await p.respite.call('CLIENT', 'LIST'));
  assert.equal(all.trim().split('\n').length, 2);
});

test('CLIENT LIST cmd= follows the last command looked up, rejected or not', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [a, b] = await p.connect();
  t.after(() => { a.close(); b.close(); });
  const [ia, ib] = [((await a.call('CLIENT', 'ID')) as { v: string }).v, ((await b.call('CLIENT', 'ID')) as { v: string }).v];
  for (const cmd of [['GET'], ['NOSUCH'], ['CLIENT', 'NOSUCH'], ['PING'], ['CLIENT', 'KILL'], ['CLIENT', 'SETNAME', 'x'], ['ECHO']]) {
    const [ra, rb] = [await a.call(...cmd), await b.call(...cmd)];
    assert.deepEqual(ra, rb);
    const [la, lb] = [text(await p.respite.call('CLIENT', 'LIST', 'ID', ia)), text(await p.redis.call('CLIENT', 'LIST', 'ID', ib))];
    assert.equal(/ cmd=(\S+)/.exec(la)![1], /cmd=(\S+)/.exec(lb)![1], cmd.join(' '));
  }
});

test('CLIENT LIST shows MULTI, WATCH, pub/sub and tracking state as Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [a, b] = await p.connect();
  t.after(() => { a.close(); b.close(); });
  const [ia, ib] = [((await a.call('CLIENT', 'ID')) as { v: string }).v, ((await b.call('CLIENT', 'ID')) as { v: string }).v];
  const pick = (l: string) => fields(l).filter(([k]) => ['flags', 'sub', 'psub', 'ssub', 'multi', 'multi-mem', 'redir', 'resp', 'cmd'].includes(k)).map(x => x.join('=')).join(' ');
  const steps: string[][] = [['WATCH', 'w'], ['MULTI'], ['SET', 'a', 'b'], ['SET', 'abc', 'defgh'], ['@SET', 'w', '1'], ['DISCARD'], ['HELLO', '3'], ['SUBSCRIBE', 'ch'],
    ['PSUBSCRIBE', 'p*', 'q*'], ['CLIENT', 'TRACKING', 'on', 'BCAST'], ['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['CLIENT', 'TRACKING', 'off'], ['CLIENT', 'TRACKING', 'on', 'REDIRECT', '@ID']];
  for (const step of steps) {
    if (step[0] === '@SET') {
      await p.check(step.slice(1).map(x => x === '@SET' ? 'SET' : x));
    } else {
      const args = (id: string) => step.map(x => x === '@ID' ? id : x);
      const [ra, rb] = [await a.call(...args(await p.respite.call('CLIENT', 'ID').then(r => (r as { v: string }).v))), await b.call(...args(await p.redis.call('CLIENT', 'ID').then(r => (r as { v: string }).v)))];
      if (ra.t === 'error' || rb.t === 'error') assert.deepEqual(ra, rb, step.join(' '));
    }
    const [la, lb] = [text(await p.respite.call('CLIENT', 'LIST', 'ID', ia)), text(await p.redis.call('CLIENT', 'LIST', 'ID', ib))];
    const redirA = /redir=(\S+)/.exec(la)![1], redirB = /redir=(\S+)/.exec(lb)![1];
    assert.equal(pick(la).replace(/redir=\S+/, ''), pick(lb).replace(/redir=\S+/, ''), step.join(' '));
    assert.equal(redirA === '-1' || redirA === '0', redirB === '-1' || redirB === '0', 'redir kind');
  }
  // type filters see the pub/sub client
  await a.call('SUBSCRIBE', 'x');
  await b.call('SUBSCRIBE', 'x');
  const [ta, tb] = [text(await p.respite.call('CLIENT', 'LIST', 'TYPE', 'pubsub')), text(await p.redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))];
  assert.equal(ta.split('\n').length, tb.split('\n').length);
  assert.match(ta, new RegExp(`^id=${ia} `));
});

test('CLIENT PAUSE WRITE holds writes queued in MULTI, and EXEC of a write transaction', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const run = async (ctl: RespConn, which: 'respite' | 'redis') => {
    const port = which === 'respite' ? p.respiteServer.port : p.redisServer.port;
    const a = await RespConn.connect(port);
    const log: string[] = [];
    await a.call('MULTI');
    await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const q = a.call('SET', 'x', '1').then(r => log.push('queued:' + show(r)));
    await new Promise(res => setTimeout(res, 50));
    log.push('before-unpause');
    await ctl.call('CLIENT', 'UNPAUSE');
    await q;
    await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const e = a.call('EXEC').then(r => log.push('exec:' + show(r)));
    await new Promise(res => setTimeout(res, 50));
    log.push('before-unpause-2');
    await ctl.call('CLIENT', 'UNPAUSE');
    await e;
    await a.call('MULTI');
    await a.call('GET', 'x');
    await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    log.push('exec-ro:' + show(await a.call('EXEC')));
    await ctl.call('CLIENT', 'UNPAUSE');
    a.close();
    return log;
  };
  const [mine, ref] = await both(p, run);
  assert.deepEqual(mine, ref);
});

test('CLIENT PAUSE WRITE: a held blocking command still blocks once released', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const run = async (ctl: RespConn, which: 'respite' | 'redis') => {
    const port = which === 'respite' ? p.respiteServer.port : p.redisServer.port;
    const a = await RespConn.connect(port), b = await RespConn.connect(port);
    const log: string[] = [];
    await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const pop = a.call('BLPOP', 'q', '0').then(r => log.push('blpop:' + show(r)));
    await new Promise(res => setTimeout(res, 30));
    b.send(['CLIENT', 'UNPAUSE']);
    log.push('unpause:' + show(await b.read()));
    await new Promise(res => setTimeout(res, 30));
    log.push('still-blocked:' + (log.some(l => l.startsWith('blpop')) ? 'no' : 'yes'));
    await ctl.call('RPUSH', 'q', 'v');
    await pop;
    a.close(); b.close();
    return log;
  };
  const [mine, ref] = await both(p, run);
  assert.deepEqual(mine, ref);
});

test('CLIENT KILL: old and new syntax, filters, SKIPME', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const open = async () => p.connect();
  const idOf = async (c: RespConn) => ((await c.call('CLIENT', 'ID')) as { v: string }).v;
  const addrOf = async (c: RespConn) => /addr=(\S+)/.exec(text(await c.call('CLIENT', 'INFO')))![1];
  const laddrOf = async (c: RespConn) => /laddr=(\S+)/.exec(text(await c.call('CLIENT', 'INFO')))![1];

  // by ID
  let [a, b] = await open();
  assert.deepEqual(await p.respite.call('CLIENT', 'KILL', 'ID', await idOf(a)), { t: 'int', v: '1' });
  assert.deepEqual(await p.redis.call('CLIENT', 'KILL', 'ID', await idOf(b)), { t: 'int', v: '1' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  // old syntax by address
  [a, b] = await open();
  await p.check(['CLIENT', 'KILL', '127.0.0.1:1']);
  assert.deepEqual(await p.respite.call('CLIENT', 'KILL', await addrOf(a)), { t: 'simple', v: 'OK' });
  assert.deepEqual(await p.redis.call('CLIENT', 'KILL', await addrOf(b)), { t: 'simple', v: 'OK' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  // ADDR + ID mismatch kills nobody; ADDR alone kills
  [a, b] = await open();
  assert.deepEqual(await p.respite.call('CLIENT', 'KILL', 'ADDR', await addrOf(a), 'ID', '99999'), { t: 'int', v: '0' });
  assert.deepEqual(await p.redis.call('CLIENT', 'KILL', 'ADDR', await addrOf(b), 'ID', '99999'), { t: 'int', v: '0' });
  assert.deepEqual(await p.respite.call('CLIENT', 'KILL', 'ADDR', await addrOf(a), 'TYPE', 'normal', 'USER', 'default'), { t: 'int', v: '1' });
  assert.deepEqual(await p.redis.call('CLIENT', 'KILL', 'ADDR', await addrOf(b), 'TYPE', 'normal', 'USER', 'default'), { t: 'int', v: '1' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  // LADDR matches every connection to that listener; SKIPME yes (default) spares the caller
  [a, b] = await open();
  const [c1, c2] = await open();
  const [mk, rk] = [await p.respite.call('CLIENT', 'KILL', 'LADDR', await laddrOf(p.respite)), await p.redis.call('CLIENT', 'KILL', 'LADDR', await laddrOf(p.redis))];
  assert.deepEqual(mk, { t: 'int', v: '2' });
  assert.deepEqual(rk, { t: 'int', v: '2' });
  for (const c of [a, b, c1, c2]) assert.ok(await c.waitClose());
  await p.check(['PING']);
  // killing yourself: old syntax replies OK then closes; SKIPME no too
  [a, b] = await open();
  assert.deepEqual(await a.call('CLIENT', 'KILL', await addrOf(a)), { t: 'simple', v: 'OK' });
  assert.deepEqual(await b.call('CLIENT', 'KILL', await addrOf(b)), { t: 'simple', v: 'OK' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  [a, b] = await open();
  assert.deepEqual(await a.call('CLIENT', 'KILL', 'ID', await idOf(a)), { t: 'int', v: '0' });
  assert.deepEqual(await b.call('CLIENT', 'KILL', 'ID', await idOf(b)), { t: 'int', v: '0' });
  assert.deepEqual(await a.call('CLIENT', 'KILL', 'ID', await idOf(a), 'SKIPME', 'no'), { t: 'int', v: '1' });
  assert.deepEqual(await b.call('CLIENT', 'KILL', 'ID', await idOf(b), 'SKIPME', 'NO'), { t: 'int', v: '1' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  // TYPE normal kills the others, not us
  [a, b] = await open();
  assert.deepEqual(await p.respite.call('CLIENT', 'KILL', 'TYPE', 'normal'), { t: 'int', v: '1' });
  assert.deepEqual(await p.redis.call('CLIENT', 'KILL', 'TYPE', 'normal'), { t: 'int', v: '1' });
  assert.ok(await a.waitClose()); assert.ok(await b.waitClose());
  await p.check(['PING']);
});

test('CLIENT REPLY ON/OFF/SKIP', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seq = async (conn: RespConn) => {
    const out: Reply[] = [];
    conn.send(['CLIENT', 'REPLY', 'OFF']);
    conn.send(['PING', 'a']);
    conn.send(['NOSUCHCMD']);
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['CLIENT', 'REPLY', 'ON']);
    out.push(await conn.read());
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['PING', 'b']);
    out.push(await conn.call('PING', 'c'));
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['NOSUCHCMD']);
    out.push(await conn.call('PING', 'd'));
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['PING', 'e']);
    out.push(await conn.call('PING', 'f'));
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    out.push(await conn.call('CLIENT', 'REPLY', 'ON'));
    out.push(await conn.call('PING', 'g'));
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['CLIENT', 'REPLY', 'OFF']);
    conn.send(['PING', 'h']);
    out.push(await conn.call('CLIENT', 'REPLY', 'ON'));
    conn.send(['CLIENT', 'REPLY', 'SKIP']);
    conn.send(['GET']);
    out.push(await conn.call('PING', 'i'));
    return out;
  };
  const [mine, ref] = await both(p, seq);
  assert.deepEqual(mine, ref);
  await p.all([['PING'], ['CLIENT', 'REPLY', 'ON']]);
});

test('CLIENT PAUSE WRITE/ALL, UNPAUSE, deadline, no expiry while paused', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const run = async (ctl: RespConn, which: 'respite' | 'redis') => {
    const port = which === 'respite' ? p.respiteServer.port : p.redisServer.port;
    const w = await RespConn.connect(port), r = await RespConn.connect(port);
    const log: string[] = [];
    await ctl.call('SET', 'v', '1', 'PX', '50');
    await ctl.call('SET', 'k', 'old');
    assert.deepEqual(await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE'), { t: 'simple', v: 'OK' });
    const pw = w.call('SET', 'k', 'new').then(x => { log.push('set:' + show(x)); });
    const pw2 = w.call('GET', 'k').then(x => { log.push('get-after-set:' + show(x)); });
    const pp = r.call('PUBLISH', 'ch', 'm').then(x => { log.push('publish:' + show(x)); });
    log.push('read:' + show(await ctl.call('GET', 'k')));
    await new Promise(res => setTimeout(res, 120));
    log.push('expired-read:' + show(await ctl.call('GET', 'v')));
    if (which === 'respite') log.push('kept:' + p.respiteServer.server.dbs[0].size);
    log.push('unpause:' + show(await ctl.call('CLIENT', 'UNPAUSE')));
    await Promise.all([pw, pw2, pp]);
    log.push('after:' + show(await ctl.call('GET', 'k')));
    // ALL mode with a deadline: every command waits, then runs
    assert.deepEqual(await ctl.call('CLIENT', 'PAUSE', '200', 'ALL'), { t: 'simple', v: 'OK' });
    const g = await r.call('GET', 'k');
    log.push('all:' + show(g));
    // the later deadline wins (in ALL mode CLIENT PAUSE itself would be held)
    await ctl.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    await ctl.call('CLIENT', 'PAUSE', '10', 'WRITE');
    await new Promise(res => setTimeout(res, 50));
    log.push('write-now:' + show(await r.call('GET', 'k')));
    const ps = w.call('SET', 'k', 'x').then(x => { log.push('set2:' + show(x)); });
    await new Promise(res => setTimeout(res, 50));
    log.push('unpause2:' + show(await ctl.call('CLIENT', 'UNPAUSE')));
    await ps;
    w.close(); r.close();
    return log;
  };
  const [mine, ref] = await both(p, run);
  // replies on different connections may arrive in any order: compare as sets
  const norm = (l: unknown) => (l as string[]).filter(x => !x.startsWith('kept:')).sort();
  assert.deepEqual(norm(mine), norm(ref));
  assert.ok((mine as string[]).includes('kept:2'), 'the expired key was not deleted during the pause: ' + (mine as string[]).join(' | '));
});

test('CLIENT PAUSE: held client shows flag b and its command; UNBLOCK does not touch it', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const s = p.respiteServer.server;
  const w = await RespConn.connect(p.respiteServer.port);
  t.after(() => w.close());
  const wid = ((await w.call('CLIENT', 'ID')) as { v: string }).v;
  await p.respite.call('CLIENT', 'PAUSE', '100000', 'WRITE');
  const pending = w.call('SET', 'x', '1');
  await new Promise(res => setTimeout(res, 50));
  const line = text(await p.respite.call('CLIENT', 'LIST', 'ID', wid));
  assert.match(line, / flags=b /);
  assert.match(line, / argv-mem=5 /);
  assert.match(line, / cmd=set /);
  assert.deepEqual(await p.respite.call('CLIENT', 'UNBLOCK', wid), { t: 'int', v: '0' });
  await p.respite.call('CLIENT', 'UNPAUSE');
  assert.deepEqual(await pending, { t: 'simple', v: 'OK' });
  assert.equal(s.expiryEnabled, true);
});

test('CLIENT UNBLOCK of a blocked client (TIMEOUT and ERROR)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const s = p.respiteServer.server;
  for (const mode of ['TIMEOUT', 'ERROR', undefined]) {
    const b = await RespConn.connect(p.respiteServer.port);
    const id = Number(((await b.call('CLIENT', 'ID')) as { v: string }).v);
    const cl = s.clients.get(id)!;
    // block the connection the way a blocking command does
    s.blocking.block(cl, { db: cl.db, keys: ['k'], deadline: 0, serve: () => false, timeout: () => cl.w.nullArray() });
    const args = ['CLIENT', 'UNBLOCK', String(id)];
    if (mode) args.push(mode);
    assert.deepEqual(await p.respite.call(...args), { t: 'int', v: '1' });
    const r = await b.read();
    if (mode === 'ERROR') assert.deepEqual(r, { t: 'error', v: 'UNBLOCKED client unblocked via CLIENT UNBLOCK' });
    else assert.deepEqual(r, { t: 'array', v: null });
    assert.deepEqual(await p.respite.call(...args), { t: 'int', v: '0' });
    assert.deepEqual(await b.call('PING'), { t: 'simple', v: 'PONG' });
    b.close();
  }
  if (s.commands.live.has('blpop')) {
    // differential when BLPOP exists
    for (const mode of ['TIMEOUT', 'ERROR']) {
      const [a, b] = await p.connect();
      const [ia, ib] = [((await a.call('CLIENT', 'ID')) as { v: string }).v, ((await b.call('CLIENT', 'ID')) as { v: string }).v];
      const [ra, rb] = [a.call('BLPOP', 'nolist', '0'), b.call('BLPOP', 'nolist', '0')];
      await new Promise(res => setTimeout(res, 50));
      const pick = (l: string) => fields(l).filter(([k]) => ['flags', 'argv-mem', 'cmd', 'multi'].includes(k)).map(x => x.join('=')).join(' ');
      assert.equal(pick(text(await p.respite.call('CLIENT', 'LIST', 'ID', ia))), pick(text(await p.redis.call('CLIENT', 'LIST', 'ID', ib))));
      assert.deepEqual(await p.respite.call('CLIENT', 'UNBLOCK', ia, mode), await p.redis.call('CLIENT', 'UNBLOCK', ib, mode));
      assert.deepEqual(await ra, await rb);
      a.close(); b.close();
    }
  }
});
