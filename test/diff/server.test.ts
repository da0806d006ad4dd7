import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { diffPair, rng, testSeed } from '../diff.js';
import { skipRedis, startRespite } from '../servers.js';
import { RespConn, show, type Reply } from '../resp-client.js';

const skip = skipRedis();

/** Sends argv (after HELLO 3 when resp is 3) on a fresh socket and returns the raw reply bytes of argv. */
function rawExchange(port: number, resp: 2 | 3, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const enc = (a: string[]) => `*${a.length}\r\n` + a.map(x => `$${Buffer.byteLength(x, 'latin1')}\r\n${x}\r\n`).join('');
    let out = '';
    const end = '$13\r\nzz-end-marker\r\n';
    s.on('connect', () => {
      if (resp === 3) s.write(enc(['HELLO', '3']));
      s.write(enc(argv));
      s.write(enc(['ECHO', 'zz-end-marker']));
    });
    s.on('data', d => {
      out += d.toString('latin1');
      if (out.endsWith(end)) {
        s.destroy();
        let body = out.slice(0, -end.length);
        const hello = '$7\r\nmodules\r\n*0\r\n';
        if (resp === 3) body = body.slice(body.indexOf(hello) + hello.length);
        resolve(body);
      }
    });
    s.on('error', reject);
    setTimeout(() => { s.destroy(); reject(new Error('raw exchange timeout: ' + JSON.stringify(out))); }, 5000);
  });
}

function arr(r: Reply): Reply[] {
  if (r.t === 'array' && r.v) return r.v;
  if (r.t === 'map') return r.v.flat();
  throw new Error('not an array: ' + show(r));
}

test('TIME and LASTSAVE', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [mine, ref] = [await p.respite.call('TIME'), await p.redis.call('TIME')];
  assert.equal(mine.t, 'array');
  const [ms, mus] = arr(mine).map(x => Number((x as { v: string }).v));
  const [rs] = arr(ref).map(x => Number((x as { v: string }).v));
  assert.equal(arr(mine)[0].t, 'bulk');
  assert.ok(Math.abs(ms - rs) <= 2, 'seconds agree');
  assert.ok(mus >= 0 && mus < 1000000);
  const ls = await p.respite.call('LASTSAVE');
  assert.equal(ls.t, 'int');
  assert.ok(Math.abs(Number((ls as { v: string }).v) - Date.now() / 1000) < 120);
  await p.all([['TIME', 'x'], ['LASTSAVE', 'x']]);
});

test('LOLWUT: own art, Redis version line, Redis argument errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    await p.all([
      ['LOLWUT'], ['LOLWUT', 'foo'], ['LOLWUT', 'VERSION', '7'], ['LOLWUT', 'version', '1'], ['LOLWUT', 'VERSION', '-1'], ['LOLWUT', 'VERSION', '56'],
      ['LOLWUT', 'VERSION'], ['LOLWUT', 'VERSION', 'x'], ['LOLWUT', 'VERSION', '5', '10', '2', 'x'], ['LOLWUT', 'VERSION', '6', 'x'], ['LOLWUT', 'VERSION', '5', '1.5'],
    ]);
    for (const args of [['VERSION', '5'], ['VERSION', '6'], ['VERSION', '5', '20', '3', '2'], ['VERSION', '6', '30', '5'], ['VERSION', '4294967301'],
      ['VERSION', '5', '0'], ['VERSION', '5', '1001', '0', '-4'], ['VERSION', '6', '0'], ['VERSION', '6', '10', '1001']]) {
      const [mine, ref] = [await p.respite.call('LOLWUT', ...args), await p.redis.call('LOLWUT', ...args)];
      assert.equal(mine.t, ref.t);
      const m = (mine as { v: string }).v, r = (ref as { v: string }).v;
      assert.ok(m.endsWith(' Redis ver. 7.0.15\n') && r.endsWith(' Redis ver. 7.0.15\n'), args.join(' '));
      assert.notEqual(m, r);
    }
  }
});

test('SLOWLOG GET/LEN/RESET, entry format, truncation, max length', { skip }, async (t) => {
  const p = await diffPair({ respite: { slowlogLogSlowerThan: 0, slowlogMaxLen: 5 }, redis: ['--slowlog-log-slower-than', '0', '--slowlog-max-len', '5'] });
  t.after(() => p.close());
  await p.all([['SLOWLOG', 'GET', 'x'], ['SLOWLOG', 'GET', '-2'], ['SLOWLOG', 'GET', '1', '2'], ['SLOWLOG', 'LEN', 'x'], ['SLOWLOG', 'RESET', 'x'],
    ['SLOWLOG', 'FOO'], ['SLOWLOG'], ['SLOWLOG', 'HELP', 'x']]);
  await p.check(['CLIENT', 'SETNAME', 'slowpoke']);
  await p.check(['SLOWLOG', 'RESET']);
  const many = Array.from({ length: 40 }, (_, i) => 'a' + i);
  await p.all([['PING', 'x'.repeat(300)], ['ECHO', 'hello'], ['PING', ...many], ['PING', '\0\r\n\xff']]);
  const norm = (r: Reply, baseId: number) => arr(r).map(e => {
    const f = arr(e);
    return [Number((f[0] as { v: string }).v) - baseId, f[3], ((f[4] as { v: string }).v).replace(/:\d+$/, ''), f[5]];
  });
  for (const count of [undefined, '0', '1', '3', '-1', '100']) {
    const args = count === undefined ? ['SLOWLOG', 'GET'] : ['SLOWLOG', 'GET', count];
    const [mine, ref] = [await p.respite.call(...args), await p.redis.call(...args)];
    const mb = Number((arr(mine)[0] ? (arr(arr(mine)[0])[0] as { v: string }).v : '0'));
    const rb = Number((arr(ref)[0] ? (arr(arr(ref)[0])[0] as { v: string }).v : '0'));
    assert.deepEqual(norm(mine, mb), norm(ref, rb), args.join(' '));
    for (const e of arr(mine)) {
      const f = arr(e);
      assert.equal(f.length, 6);
      assert.equal(f[1].t, 'int');
      assert.equal(f[2].t, 'int');
      assert.equal(f[4].t, 'bulk');
    }
  }
  await p.check(['SLOWLOG', 'LEN']);
  await p.check(['SLOWLOG', 'RESET']);
  await p.check(['SLOWLOG', 'LEN']);
  const help = await p.respite.call('SLOWLOG', 'HELP');
  assert.deepEqual(arr(help)[0], arr(await p.redis.call('SLOWLOG', 'HELP'))[0]);
});

test('LATENCY monitor: LATEST, HISTORY, RESET, GRAPH, DOCTOR, HISTOGRAM', { skip }, async (t) => {
  const p = await diffPair({ respite: { latencyMonitorThreshold: 1, enableDebugCommand: 'yes' }, redis: ['--latency-monitor-threshold', '1'] });
  t.after(() => p.close());
  await p.all([['LATENCY'], ['LATENCY', 'FOO'], ['LATENCY', 'HISTORY'], ['LATENCY', 'HISTORY', 'nosuch'], ['LATENCY', 'GRAPH', 'nosuch'], ['LATENCY', 'LATEST', 'x'],
    ['LATENCY', 'RESET'], ['LATENCY', 'RESET', 'nosuch'], ['LATENCY', 'LATEST'], ['LATENCY', 'HISTOGRAM', 'nosuch'], ['LATENCY', 'DOCTOR', 'x'], ['LATENCY', 'HELP', 'x']]);
  await p.check(['DEBUG', 'SLEEP', '0.03']);
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    const [mine, ref] = [await p.respite.call('LATENCY', 'LATEST'), await p.redis.call('LATENCY', 'LATEST')];
    const shape = (r: Reply) => arr(r).map(e => { const f = arr(e); return [f[0], f[1].t, f[2].t, f[3].t, Number((f[2] as { v: string }).v) >= 30]; });
    assert.deepEqual(shape(mine), shape(ref));
    const [mh, rh] = [await p.respite.call('LATENCY', 'HISTORY', 'command'), await p.redis.call('LATENCY', 'HISTORY', 'command')];
    assert.equal(arr(mh).length, arr(rh).length);
    assert.equal(arr(mh).length, 1);
    const g = await p.respite.call('LATENCY', 'GRAPH', 'command');
    assert.equal(g.t, (await p.redis.call('LATENCY', 'GRAPH', 'command')).t);
    const d = await p.respite.call('LATENCY', 'DOCTOR');
    assert.equal(d.t, (await p.redis.call('LATENCY', 'DOCTOR')).t);
    // histograms: same commands and call counts
    for (const args of [['LATENCY', 'HISTOGRAM', 'debug'], ['LATENCY', 'HISTOGRAM', 'DEBUG', 'nosuch', 'debug'], ['LATENCY', 'HISTOGRAM', 'latency|history', 'latency']]) {
      const [mhi, rhi] = [await p.respite.call(...args), await p.redis.call(...args)];
      const calls = (r: Reply) => { const a = arr(r); const out: string[] = []; for (let i = 0; i < a.length; i += 2) { const m = arr(a[i + 1]); out.push(JSON.stringify([a[i], m[0], m[1], m[2], m[3].t])); } return out.sort(); };
      assert.equal(mhi.t, rhi.t);
      assert.deepEqual(calls(mhi), calls(rhi), args.join(' '));
    }
  }
  await p.check(['HELLO', '2'], { ignore: true });
  await p.check(['LATENCY', 'RESET', 'COMMAND', 'command']);
  await p.check(['LATENCY', 'LATEST']);
  const help = await p.respite.call('LATENCY', 'HELP');
  assert.deepEqual(arr(help)[0], arr(await p.redis.call('LATENCY', 'HELP'))[0]);
});

test('DEBUG is refused unless enable-debug-command allows it', { skip }, async (t) => {
  const p = await diffPair({ redis: ['--enable-debug-command', 'no'] });
  t.after(() => p.close());
  await p.all([['DEBUG'], ['DEBUG', 'SLEEP', '0'], ['debug', 'help'], ['DEBUG', 'nosuch', 'x']]);
  // refused before authentication is asked for
  const auth = await diffPair({ respite: { requirepass: 'pw' }, redis: ['--enable-debug-command', 'no', '--requirepass', 'pw'] });
  t.after(() => auth.close());
  await auth.all([['DEBUG', 'SLEEP', '0'], ['DEBUG'], ['GET', 'x'], ['AUTH', 'pw'], ['DEBUG', 'SLEEP', '0']]);
  const local = await startRespite({ enableDebugCommand: 'local' });
  t.after(() => local.close());
  const c = await RespConn.connect(local.port);
  t.after(() => c.close());
  assert.deepEqual(await c.call('DEBUG', 'SLEEP', '0'), { t: 'simple', v: 'OK' });
});

test('DEBUG subcommands match Redis', { skip }, async (t) => {
  const p = await diffPair({ respite: { enableDebugCommand: 'yes' } });
  t.after(() => p.close());
  await p.all([
    ['DEBUG', 'nosuch'], ['DEBUG', 'SLEEP'], ['DEBUG', 'SLEEP', 'x'], ['DEBUG', 'SLEEP', '0'], ['DEBUG', 'sleep', '0.01'], ['DEBUG', 'SLEEP', '0', '1'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['DEBUG', 'set-active-expire', 'x'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '2', '3'], ['DEBUG', 'LOG'], ['DEBUG', 'LOG', 'hello'], ['DEBUG', 'LOG', 'a', 'b'],
    ['DEBUG', 'OBJECT'], ['DEBUG', 'OBJECT', 'nokey'], ['DEBUG', 'DIGEST'], ['DEBUG', 'DIGEST', 'x'], ['DEBUG', 'DIGEST-VALUE'], ['DEBUG', 'DIGEST-VALUE', 'nokey'],
    ['DEBUG', 'PROTOCOL'], ['DEBUG', 'PROTOCOL', 'foo'], ['DEBUG', 'PROTOCOL', 'a', 'b'], ['DEBUG', 'HELP', 'x'], ['DEBUG', 'JMAP'],
  ]);
  const s = p.respiteServer.server;
  assert.equal(s.activeExpireEnabled, true);
  // digests over strings (and other types when their families are present)
  const values: [string, string][] = [['s1', 'bar'], ['s2', '123'], ['s3', 'x'.repeat(100)], ['s4', ''], ['\0k\r\n', '\xff\x00'], ['n', '-5'], ['big', '12345678901234567890']];
  for (const [k, v] of values) await p.check(['SET', k, v]);
  await p.check(['DEBUG', 'DIGEST']);
  await p.check(['DEBUG', 'DIGEST-VALUE', 's1', 'nokey', 's3', '\0k\r\n']);
  await p.check(['SELECT', '2']);
  await p.check(['SET', 's1', 'bar']);
  await p.check(['DEBUG', 'DIGEST']);
  await p.check(['SELECT', '0']);
  const live = s.commands.live;
  const extra: string[][] = [];
  if (live.has('rpush')) extra.push(['RPUSH', 'l', 'a', '1', 'b', '\0']);
  if (live.has('sadd')) extra.push(['SADD', 'st', 'a', 'b', '3']);
  if (live.has('hset')) extra.push(['HSET', 'h', 'f', 'v', 'g', '2']);
  if (live.has('zadd')) extra.push(['ZADD', 'z', '1.5', 'a', '2', 'b', '-inf', 'c']);
  if (live.has('pexpire')) extra.push(['PEXPIRE', 's1', '100000']);
  for (const cmd of extra) await p.check(cmd);
  if (extra.length) {
    await p.check(['DEBUG', 'DIGEST']);
    await p.check(['DEBUG', 'DIGEST-VALUE', 'l', 'st', 'h', 'z', 's1']);
  }
  if (live.has('sadd')) await p.all([['SADD', 'ints', '1', '2', '70000'], ['SADD', 'small', '1', '-2']]);
  if (live.has('rpush')) await p.all([['RPUSH', 'l2', 'x', '-5000', '123456789012']]);
  // DEBUG OBJECT: same encoding and serialized length for small values
  const objKeys = ['s1', 's2', 's4', 'n', 'big'];
  if (live.has('rpush')) objKeys.push('l', 'l2');
  if (live.has('sadd')) objKeys.push('st', 'ints', 'small');
  if (live.has('hset')) objKeys.push('h');
  if (live.has('zadd')) objKeys.push('z');
  for (const k of objKeys) {
    const [mine, ref] = [await p.respite.call('DEBUG', 'OBJECT', k), await p.redis.call('DEBUG', 'OBJECT', k)];
    assert.equal(mine.t, 'simple');
    const strip = (r: Reply) => (r as { v: string }).v.replace(/at:0x[0-9a-f]+/, '').replace(/lru:\d+ lru_seconds_idle:\d+/, '').replace(/refcount:\d+/, '');
    assert.equal(strip(mine), strip(ref), k);
    assert.match((mine as { v: string }).v, /^Value at:0x[0-9a-f]+ refcount:\d+ encoding:\S+ serializedlength:\d+ lru:\d+ lru_seconds_idle:\d+/);
  }
});

test('DEBUG PROTOCOL: every type, byte for byte, RESP2 and RESP3', { skip }, async (t) => {
  const p = await diffPair({ respite: { enableDebugCommand: 'yes' } });
  t.after(() => p.close());
  for (const resp of [2, 3] as const) {
    for (const type of ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'TRUE', 'nope']) {
      const [mine, ref] = await Promise.all([rawExchange(p.respiteServer.port, resp, ['DEBUG', 'PROTOCOL', type]), rawExchange(p.redisServer.port, resp, ['DEBUG', 'PROTOCOL', type])]);
      assert.equal(mine, ref, `RESP${resp} ${type}`);
    }
  }
});

test('SHUTDOWN: argument errors as Redis; closes every client and calls onShutdown', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([['SHUTDOWN', 'foo'], ['SHUTDOWN', 'ABORT'], ['SHUTDOWN', 'SAVE', 'NOSAVE'], ['SHUTDOWN', 'ABORT', 'NOW'], ['SHUTDOWN', 'abort', 'force'], ['SHUTDOWN', 'NOSAVE', 'x']]);
  const srv = await startRespite();
  let called = 0;
  srv.server.onShutdown = () => { called++; };
  const [a, b] = [await RespConn.connect(srv.port), await RespConn.connect(srv.port)];
  a.send(['SHUTDOWN', 'NOSAVE', 'NOW']);
  assert.ok(await a.waitClose());
  assert.ok(await b.waitClose());
  for (let i = 0; i < 50 && called === 0; i++) await new Promise(r => setTimeout(r, 10));
  assert.equal(called, 1);
  assert.equal(srv.server.shuttingDown, true);
  await assert.rejects(RespConn.connect(srv.port));
});

test('DEBUG OBJECT serializedlength on seeded random values (LZF, listpacks, intsets)', { skip }, async (t) => {
  const p = await diffPair({ respite: { enableDebugCommand: 'yes' } });
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const live = p.respiteServer.server.commands.live;
  const el = () => {
    const m = Math.floor(r() * 5);
    if (m === 0) return String(Math.floor(r() * 300) - 100);
    if (m === 1) return String(Math.floor(r() * 2 ** 40) - 2 ** 39);
    if (m === 2) return 'x'.repeat(Math.floor(r() * 70));
    if (m === 3) return 'ab' + Math.floor(r() * 10);
    return String.fromCharCode(...Array.from({ length: Math.floor(r() * 12) }, () => 97 + Math.floor(r() * 3)));
  };
  const strip = (x: Reply) => (x as { v: string }).v.replace(/at:\S+ refcount:\d+ /, '').replace(/ lru:\d+ lru_seconds_idle:\d+/, '');
  for (let i = 0; i < 300; i++) {
    const len = 15 + Math.floor(r() * (i % 3 === 0 ? 1500 : 100));
    let s = '';
    for (let j = 0; j < len; j++) s += i % 2 ? String.fromCharCode(Math.floor(r() * 256)) : (s.length > 8 && r() < 0.8 ? s[s.length - 1 - Math.floor(r() * 8)] : String.fromCharCode(65 + Math.floor(r() * 4)));
    await p.check(['SET', 'k', s]);
    const [m, x] = [await p.respite.call('DEBUG', 'OBJECT', 'k'), await p.redis.call('DEBUG', 'OBJECT', 'k')];
    assert.equal(strip(m), strip(x), `seed ${seed}: string of ${len} bytes`);
  }
  for (let i = 0; i < 40; i++) {
    await p.check(['DEL', 'l', 'h', 's', 'si']);
    const items = Array.from({ length: 1 + Math.floor(r() * 40) }, el);
    const keys: string[] = [];
    if (live.has('rpush')) { await p.check(['RPUSH', 'l', ...items]); keys.push('l'); }
    if (live.has('hset') && items.length > 1) {
      const hv: string[] = [];
      for (let j = 0; j + 1 < items.length; j += 2) hv.push(items[j] + 'f', items[j + 1]);
      await p.check(['HSET', 'h', ...hv]);
      keys.push('h');
    }
    if (live.has('sadd')) {
      await p.check(['SADD', 's', ...items]);
      await p.check(['SADD', 'si', ...items.map((_, j) => String(Math.floor(r() * (j % 2 ? 2 ** 33 : 1000)) - 500))]);
      keys.push('s', 'si');
    }
    for (const k of keys) {
      const [m, x] = [await p.respite.call('DEBUG', 'OBJECT', k), await p.redis.call('DEBUG', 'OBJECT', k)];
      assert.equal(strip(m), strip(x), `seed ${seed}: ${k} with ${items.length} items`);
    }
  }
});
