import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { both, strs, samePairs, checkPairs, checkEncoding, checkEvents } from '../hs-helpers.js';

const skip = skipRedis();

test('hash commands: basics, errors, arity, WRONGTYPE', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['HSET', 'h', 'a', '1'], ['HSET', 'h', 'a', '2', 'b', '3'], ['HSET', 'h', 'c'], ['HSET', 'h'], ['HSET'],
    ['HMSET', 'h', 'd', '4', 'e', '5'], ['HMSET', 'h', 'd'], ['HMSET', 'h'],
    ['HGET', 'h', 'a'], ['HGET', 'h', 'zz'], ['HGET', 'nokey', 'a'], ['HGET', 'h'],
    ['HMGET', 'h', 'a', 'zz', 'b'], ['HMGET', 'nokey', 'a', 'b'], ['HMGET', 'h'],
    ['HGETALL', 'h'], ['HGETALL', 'nokey'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HKEYS', 'nokey'], ['HVALS', 'nokey'],
    ['HLEN', 'h'], ['HLEN', 'nokey'], ['HLEN', 'h', 'x'],
    ['HSTRLEN', 'h', 'a'], ['HSTRLEN', 'h', 'zz'], ['HSTRLEN', 'nokey', 'a'],
    ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'zz'], ['HEXISTS', 'nokey', 'a'],
    ['HSETNX', 'h', 'a', 'x'], ['HSETNX', 'h', 'new', 'x'], ['HSETNX', 'nk2', 'f', 'v'], ['HGETALL', 'nk2'], ['HSETNX', 'h', 'a'],
    ['HDEL', 'h', 'a', 'a', 'zz'], ['HDEL', 'nokey', 'a'], ['HDEL', 'h'], ['HGETALL', 'h'],
    ['HDEL', 'nk2', 'f', 'f'], ['HLEN', 'nk2'],
    ['HINCRBY', 'h', 'n', '5'], ['HINCRBY', 'h', 'n', '-10'], ['HINCRBY', 'h', 'n', 'x'], ['HINCRBY', 'h', 'n', '1.5'],
    ['HINCRBY', 'h', 'b', '1'], ['HSET', 'h', 'bad', 'abc', 'lz', '007', 'sp', ' 1', 'neg0', '-0'], ['HINCRBY', 'h', 'bad', '1'],
    ['HINCRBY', 'h', 'lz', '1'], ['HINCRBY', 'h', 'sp', '1'], ['HINCRBY', 'h', 'neg0', '1'],
    ['HSET', 'h', 'big', '9223372036854775800'], ['HINCRBY', 'h', 'big', '7'], ['HINCRBY', 'h', 'big', '1'],
    ['HSET', 'h', 'small', '-9223372036854775800'], ['HINCRBY', 'h', 'small', '-8'], ['HINCRBY', 'h', 'small', '-1'],
    ['HINCRBY', 'h', 'n', '9223372036854775808'], ['HINCRBY', 'h', 'n', '-9223372036854775808'], ['HINCRBY', 'newh', 'x', '-9223372036854775808'],
    ['HINCRBY', 'h', 'n'], ['HGETALL', 'h'],
    ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '0'], ['HRANDFIELD', 'nokey', '5'], ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', 'x'], ['HRANDFIELD', 'h', '1', 'x'], ['HRANDFIELD', 'h', '1', 'withvalues', 'x'],
    ['HRANDFIELD', 'h', '-9223372036854775808'], ['HRANDFIELD', 'h', '9223372036854775808'], ['HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '4611686018427387904', 'withvalues'], ['HRANDFIELD', 'nokey', '-4611686018427387904', 'withvalues'],
    ['HSCAN', 'nokey', '0'], ['HSCAN', 'h', 'x'], ['HSCAN', 'h', '-1'], ['HSCAN', 'h', '+0'], ['HSCAN', 'h', ' 0'], ['HSCAN', 'h', ''],
    ['HSCAN', 'h', '18446744073709551615'], ['HSCAN', 'h', '18446744073709551616'], ['HSCAN', 'h', '-18446744073709551615'],
    ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'COUNT', 'x'], ['HSCAN', 'h', '0', 'COUNT', '-1'], ['HSCAN', 'h', '0', 'COUNT'],
    ['HSCAN', 'h', '0', 'MATCH', 'b*'], ['HSCAN', 'h', '0', 'match', '*', 'count', '1'], ['HSCAN', 'h', '0', 'TYPE', 'hash'], ['HSCAN', 'h', '0', 'FOO', 'x'],
    ['HSCAN', 'nokey', '0', 'COUNT', '0'], ['HSCAN', 'nokey', 'x'], ['HSCAN', 'h', '+'], ['HSCAN', 'h', '-'], ['HSCAN', 'h', '-0'], ['HSCAN', 'h', '00'], ['HSCAN', 'h', '0x1'], ['HSCAN', 'h', '1 '],
  ]);
  // WRONGTYPE
  await p.check(['SET', 'str', 'x']);
  await p.all([
    ['HSET', 'str', 'a', '1'], ['HMSET', 'str', 'a', '1'], ['HSETNX', 'str', 'a', '1'], ['HGET', 'str', 'a'], ['HMGET', 'str', 'a'],
    ['HGETALL', 'str'], ['HKEYS', 'str'], ['HVALS', 'str'], ['HLEN', 'str'], ['HSTRLEN', 'str', 'a'], ['HEXISTS', 'str', 'a'],
    ['HDEL', 'str', 'a'], ['HINCRBY', 'str', 'a', '1'], ['HINCRBYFLOAT', 'str', 'a', '1'], ['HRANDFIELD', 'str'],
    ['HRANDFIELD', 'str', '0'], ['HRANDFIELD', 'str', '-3', 'withvalues'], ['HSCAN', 'str', '0'], ['HSCAN', 'str', 'x'],
    ['HINCRBY', 'str', 'a', 'x'], ['HINCRBYFLOAT', 'str', 'a', 'x'], ['HSET', 'str', 'a'], ['GET', 'str'],
  ]);
});

test('hash commands: binary-safe fields and values', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const f of NASTY) {
    for (const v of NASTY) await p.check(['HSET', 'bin', f, v]);
    await p.check(['HGET', 'bin', f]);
    await p.check(['HSTRLEN', 'bin', f]);
    await p.check(['HEXISTS', 'bin', f]);
  }
  await checkPairs(p, ['HGETALL', 'bin']);
  await p.check(['HKEYS', 'bin'], { sort: true });
  await p.check(['HLEN', 'bin']);
  await p.check(['HMGET', 'bin', ...NASTY]);
  // small binary hash stays a listpack: insertion order is defined
  for (const f of NASTY.slice(0, 10)) await p.check(['HSET', 'lp', f, f + f]);
  await p.all([['HGETALL', 'lp'], ['HKEYS', 'lp'], ['HVALS', 'lp'], ['HSCAN', 'lp', '0'], ['HSCAN', 'lp', '0', 'MATCH', '*\0*']]);
  for (const f of NASTY) await p.check(['HDEL', 'bin', f]);
  await p.check(['HLEN', 'bin']);
});

test('hash commands: RESP3 shapes', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([
    ['HSET', 'h', 'a', '1', 'b', '2'], ['HGETALL', 'h'], ['HGETALL', 'nokey'], ['HGET', 'nokey', 'a'], ['HMGET', 'h', 'a', 'x'],
    ['HKEYS', 'nokey'], ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '3'], ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '2', 'WITHVALUES'], ['HSCAN', 'h', '0'], ['HINCRBYFLOAT', 'h', 'f', '1.5'], ['HINCRBY', 'h', 'i', '3'],
  ]);
  const [m, r] = await both(p, ['HRANDFIELD', 'h', '-5', 'WITHVALUES']);
  assert.equal(m.t, 'array');
  assert.equal(r.t, 'array');
  assert.equal((m as { v: unknown[] }).v.length, 5);
  for (const e of (m as { v: { t: string; v: unknown[] }[] }).v) { assert.equal(e.t, 'array'); assert.equal(e.v.length, 2); }
});

test('HINCRBYFLOAT: long double arithmetic and formatting', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const incs = ['1', '0.1', '0.2', '-0.3', '1.5e3', '3.0e3', '1e308', '1e308', '-1e308', '1e4000', '-1e4000', '1e-10', '.5', '5.', '+1',
    '0x10', '0x1p-3', '0x.8', '1e-4940', '1e-5000', '1e5000', 'inf', '-inf', 'infinity', 'nan', 'abc', '', ' 1', '1 ', '1e', '--1',
    '123456789012345678901234567890', '0.1234567890123456789', '-0', '0e-10000', '10.5', '-10.5', '3.14159265358979323846', '1e-17', '1e-18',
    '9007199254740993', '-9007199254740993', '0.000000000000000001', '5e-324', '1.7976931348623157e308', '2.5e-1', 'Infinity', '1x',
    '1.18973149535723176502e+4932', '1.2e4932', '0x1p-16445', '0x1p-16446', '0x1.8p-16446', '0x1p16383', '0x1p16384', '1e-4950', '3.6e-4951',
    '0X1P3', '0x', '0x.p1', '1e+', '1E+5', '+.5', '-.5e-3', 'INF', '-Infinity', 'nan(123)', '1.0000000000000000000000000000001',
    '0.30000000000000001665', '4.9406564584124654e-324', '1' + '0'.repeat(400), '0.' + '0'.repeat(300) + '1', '1'.repeat(5200)];
  for (const inc of incs) {
    await p.check(['HINCRBYFLOAT', 'f', 'x', inc]);
    await p.check(['HINCRBYFLOAT', 'f', 'fresh-' + inc, inc]);
  }
  await p.all([
    ['HSET', 'f', 's', 'abc', 'i', '10', 'e', '1e5', 'in', 'inf', 'sp', ' 1', 'n', 'nan', 'hx', '0x10', 'big', '9223372036854775807'],
    ['HINCRBYFLOAT', 'f', 's', '1'], ['HINCRBYFLOAT', 'f', 'i', '0.5'], ['HINCRBYFLOAT', 'f', 'e', '1'], ['HINCRBYFLOAT', 'f', 'in', '1'],
    ['HINCRBYFLOAT', 'f', 'sp', '1'], ['HINCRBYFLOAT', 'f', 'n', '1'], ['HINCRBYFLOAT', 'f', 'hx', '1'], ['HINCRBYFLOAT', 'f', 'big', '1'],
    ['HINCRBYFLOAT', 'f', 'big', '0.5'], ['HINCRBYFLOAT', 'f', 'i'], ['HINCRBYFLOAT', 'f', 'i', '1', '2'],
  ]);
  await checkPairs(p, ['HGETALL', 'f']);
  // a chain of small steps accumulates the same rounding errors as Redis
  const r = rng(12345);
  for (let i = 0; i < 200; i++) {
    const v = ((r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)).toPrecision(1 + Math.floor(r() * 17));
    await p.check(['HINCRBYFLOAT', 'chain', 'v', v], { note: `step ${i}` });
  }
});

test('hash encodings and conversions (OBJECT ENCODING)', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'hash-max-listpack-entries': 4, 'hash-max-listpack-value': 8 }, redis: ['--hash-max-listpack-entries', '4', '--hash-max-listpack-value', '8'] });
  t.after(() => p.close());
  const enc = (key: string) => checkEncoding(p, key);
  const steps: (string | number)[][] = [
    ['HSET', 'a', 'f1', 'v'], ['HSET', 'a', 'f2', 'v', 'f3', 'v', 'f4', 'v'], ['HSET', 'a', 'f5', 'v'],
    ['HSET', 'b', 'f', '12345678'], ['HSET', 'b', 'f', '123456789'],
    ['HSET', 'c', 'f', 'v'], ['HSETNX', 'c', 'f', 'x'.repeat(20)], ['HSETNX', 'c', 'g', 'x'.repeat(20)],
    ['HSET', 'd', 'f', '1'], ['HINCRBY', 'd', 'f', '123456789'],
    ['HSET', 'e', 'f', '1'], ['HINCRBYFLOAT', 'e', 'f', '0.5'], ['HINCRBYFLOAT', 'e', 'f', '0.123456789'],
    ['HSET', 'g', 'f', '1'], ['HINCRBY', 'g', 'longfieldname', '1'],
    ['HSET', 'h', 'f', '1', 'toolongvalue', 'x'],
    ['HSET', 'i', 'x', '1', 'y', '2', 'z', '3', 'w', '4', 'v', '5'], ['HDEL', 'i', 'x', 'y', 'z'],
    ['HSET', 'j', 'f', 'v'], ['HSETNX', 'j', 'long-field-name', 'v'],
    ['HMSET', 'k', 'a', '1', 'a', '2', 'a', '3', 'a', '4', 'a', '5'],
    ['HSET', 'm', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], ['HSET', 'm2', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
    ['HSET', 'm3', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'a', '5'], ['HINCRBYFLOAT', 'm3', 'a', '1e20'],
  ];
  for (const s of steps) {
    await p.check(s);
    await enc(String(s[1]));
  }
  for (const k of ['a', 'b', 'c', 'd', 'e', 'g', 'h', 'i', 'j', 'k', 'm', 'm2', 'm3']) await checkPairs(p, ['HGETALL', k]);
});

test('zero encoding limits', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'hash-max-listpack-entries': 0, 'set-max-intset-entries': 0 }, redis: ['--hash-max-listpack-entries', '0', '--set-max-intset-entries', '0'] });
  t.after(() => p.close());
  await p.all([['HSET', 'h', 'a', '1'], ['SADD', 's', '1'], ['SINTERSTORE', 'd', 's', 's']]);
  for (const k of ['h', 's', 'd']) await checkEncoding(p, k);
  const q = await diffPair({ respite: { 'hash-max-listpack-value': 0 }, redis: ['--hash-max-listpack-value', '0'] });
  t.after(() => q.close());
  await q.all([['HSET', 'e', '', ''], ['HSET', 'f', 'a', '']]);
  for (const k of ['e', 'f']) await checkEncoding(q, k);
  await p.all([['HSCAN', 'k', '0']]);
});

test('HRANDFIELD and HSCAN: distribution-free properties', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const big: string[] = [];
  for (let i = 0; i < 1000; i++) big.push('f' + i, 'v' + i);
  await p.check(['HSET', 'big', ...big]);
  await p.check(['HSET', 'small', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5']);
  for (const key of ['big', 'small']) {
    const size = key === 'big' ? 1000 : 5;
    const all = new Map<string, string>();
    const [ga] = await both(p, ['HGETALL', key]);
    const gs = strs(ga);
    for (let i = 0; i < gs.length; i += 2) all.set(gs[i], gs[i + 1]);
    for (const n of [1, 2, 3, 4, 5, 6, 10, 300, 400, 999, 1000, 2000]) {
      for (const wv of [false, true]) {
        const [m, r] = await both(p, ['HRANDFIELD', key, n, ...(wv ? ['WITHVALUES'] : [])]);
        const ms = strs(m), rs = strs(r);
        assert.equal(ms.length, rs.length, `HRANDFIELD ${key} ${n} size`);
        const fields = wv ? ms.filter((_, i) => i % 2 === 0) : ms;
        assert.equal(new Set(fields).size, Math.min(n, size), 'unique');
        for (let i = 0; i < ms.length; i += wv ? 2 : 1) {
          assert.ok(all.has(ms[i]));
          if (wv) assert.equal(all.get(ms[i]), ms[i + 1]);
        }
        const [mn, rn] = await both(p, ['HRANDFIELD', key, -n, ...(wv ? ['WITHVALUES'] : [])]);
        const mns = strs(mn);
        assert.equal(mns.length, strs(rn).length, 'negative count size');
        for (let i = 0; i < mns.length; i += wv ? 2 : 1) assert.ok(all.has(mns[i]));
      }
    }
    const [one] = await both(p, ['HRANDFIELD', key]);
    assert.ok(one.t === 'bulk' && all.has(one.v as string));
    // HSCAN returns everything at least once
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const r = await p.respite.call('HSCAN', key, cursor, 'COUNT', '7');
      const [c, items] = (r as { v: { v: unknown }[] }).v;
      cursor = c.v as string;
      const it = strs(items as never);
      for (let i = 0; i < it.length; i += 2) { seen.add(it[i]); assert.equal(all.get(it[i]), it[i + 1]); }
      calls++;
    } while (cursor !== '0' && calls < 10000);
    assert.equal(seen.size, size);
    if (key === 'small') assert.equal(calls, 1);
    const [mm, rm] = await both(p, ['HSCAN', key, '0', 'MATCH', 'f1*', 'COUNT', '100000']);
    samePairs((mm as unknown as { v: never[] }).v[1], (rm as unknown as { v: never[] }).v[1]);
  }
});

test('hash keyspace events', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await checkEvents(p, [
    ['HSET', 'h', 'a', '1', 'b', '2'], ['HSET', 'h', 'a', '1'], ['HMSET', 'h', 'c', '3'], ['HSETNX', 'h', 'a', '1'], ['HSETNX', 'h', 'd', '1'],
    ['HDEL', 'h', 'zz'], ['HDEL', 'h', 'a'], ['HINCRBY', 'h', 'n', '1'], ['HINCRBY', 'h', 'a', 'x'], ['HINCRBYFLOAT', 'h', 'f', '1.5'],
    ['HINCRBYFLOAT', 'h', 'b', 'x'], ['HDEL', 'h', 'b', 'c', 'd', 'n', 'f', 'zz'], ['HDEL', 'h', 'a'], ['HSET', 'x', 'f', 'v'],
  ]);
});

test('hash random command sequence matches Redis', { skip }, async (t) => {
  const seed = testSeed();
  const r = rng(seed);
  const p = await diffPair({ respite: { 'hash-max-listpack-entries': 16, 'hash-max-listpack-value': 16 }, redis: ['--hash-max-listpack-entries', '16', '--hash-max-listpack-value', '16'] });
  t.after(() => p.close());
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const keys = ['h1', 'h2', 'h3', 'str'];
  await p.check(['SET', 'str', 'x']);
  const field = () => pick(['a', 'b', 'c', 'd', 'e', 'f' + Math.floor(r() * 40), '', '\0x', 'long-field-name-' + Math.floor(r() * 3)]);
  const value = () => pick(['1', '-5', '0', 'v', 'x'.repeat(Math.floor(r() * 30)), String(Math.floor(r() * 1e6)), '1.5', 'abc\r\n']);
  const ordered = new Set<string>();
  for (let i = 0; i < 2500; i++) {
    const k = pick(keys);
    const note = `seed ${seed} step ${i}`;
    const op = Math.floor(r() * 14);
    let cmd: (string | number)[];
    switch (op) {
      case 0: case 1: { cmd = ['HSET', k]; const n = 1 + Math.floor(r() * 4); for (let j = 0; j < n; j++) cmd.push(field(), value()); break; }
      case 2: cmd = ['HSETNX', k, field(), value()]; break;
      case 3: { cmd = ['HDEL', k]; const n = 1 + Math.floor(r() * 4); for (let j = 0; j < n; j++) cmd.push(field()); break; }
      case 4: cmd = ['HGET', k, field()]; break;
      case 5: cmd = ['HMGET', k, field(), field(), field()]; break;
      case 6: cmd = ['HINCRBY', k, field(), pick(['1', '-3', '100', 'x'])]; break;
      case 7: cmd = ['HINCRBYFLOAT', k, field(), pick(['1.5', '-0.1', '3', '1e10'])]; break;
      case 8: cmd = ['HLEN', k]; break;
      case 9: cmd = ['HSTRLEN', k, field()]; break;
      case 10: cmd = ['HEXISTS', k, field()]; break;
      case 11: cmd = ['HGETALL', k]; break;
      case 12: cmd = ['HKEYS', k]; break;
      default: cmd = ['HVALS', k]; break;
    }
    const v = p.respiteServer.server.dbs[0].main.get(k);
    if (op >= 11 && v !== undefined && typeof v !== 'string' && v.encoding() === 'listpack') {
      await p.check(cmd, { note: note + ' (listpack order)' });
    } else if (op >= 11) {
      // listpack order is insertion order; hashtable order is undefined
      const [m, rr] = await both(p, cmd);
      if (op === 11) samePairs(m, rr, note); else assert.deepEqual(strs(m.t === 'error' ? { t: 'array', v: [m] } : m).sort(), strs(rr.t === 'error' ? { t: 'array', v: [rr] } : rr).sort(), note);
    } else {
      await p.check(cmd, { note });
      if (op <= 7 && k !== 'str') await checkEncoding(p, k, note);
    }
    ordered.add(k);
  }
  for (const k of keys) { await checkPairs(p, ['HGETALL', k], `seed ${seed}`); if (k !== 'str') await checkEncoding(p, k, `seed ${seed}`); }
});
