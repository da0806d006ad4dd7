import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { both, strs, checkEncoding, checkEvents } from '../hs-helpers.js';

const skip = skipRedis();
const S = { sort: true };

test('set commands: basics, errors, arity, WRONGTYPE', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SADD', 's', '1', '2', '3'], ['SADD', 's', '3', '4'], ['SADD', 's'], ['SADD'],
    ['SCARD', 's'], ['SCARD', 'nokey'], ['SCARD', 's', 'x'],
    ['SISMEMBER', 's', '1'], ['SISMEMBER', 's', '9'], ['SISMEMBER', 's', 'x'], ['SISMEMBER', 'nokey', '1'], ['SISMEMBER', 's'],
    ['SMISMEMBER', 's', '1', '9', 'x', '4'], ['SMISMEMBER', 'nokey', '1', '2'], ['SMISMEMBER', 's'],
    ['SMEMBERS', 's'], ['SMEMBERS', 'nokey'], ['SMEMBERS', 's', 'x'],
    ['SREM', 's', '1', '1', '9'], ['SREM', 'nokey', '1'], ['SREM', 's'], ['SMEMBERS', 's'],
    ['SADD', 't', 'a', 'b', '3'], ['SADD', 'u', '3', '4', 'c'],
    ['SMOVE', 's', 't', '2'], ['SMOVE', 's', 't', '99'], ['SMOVE', 'nokey', 't', 'a'], ['SMOVE', 's', 's', '3'], ['SMOVE', 's', 's', '99'],
    ['SMOVE', 's', 'new', '3'], ['SMEMBERS', 'new'], ['SMOVE', 's', 'new', '4'], ['SMEMBERS', 's'], ['SCARD', 'new'], ['SMOVE', 'a', 'b'],
    ['SMOVE', 'u', 't', 'c'], ['SMOVE', 'u', 't', '3'], ['SMOVE', 'u', 'u', 'zz'],
    ['SPOP', 'nokey'], ['SPOP', 'nokey', '3'], ['SPOP', 'nokey', '0'], ['SPOP', 's', '-1'], ['SPOP', 's', 'x'], ['SPOP', 's', '1', '2'],
    ['SPOP', 'nokey', '-1'], ['SPOP', 's', '9223372036854775808'], ['SPOP', 'u', '0'],
    ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '3'], ['SRANDMEMBER', 'nokey', '-3'], ['SRANDMEMBER', 'nokey', '0'],
    ['SRANDMEMBER', 'u', '0'], ['SRANDMEMBER', 'u', 'x'], ['SRANDMEMBER', 'u', '1', '2'], ['SRANDMEMBER', 'u', '-9223372036854775808'],
    ['SRANDMEMBER', 'nokey', '-9223372036854775808'], ['SRANDMEMBER', 'u', '9223372036854775808'],
    ['SSCAN', 'nokey', '0'], ['SSCAN', 't', 'x'], ['SSCAN', 'new', '-1'], ['SSCAN', 't', '0', 'COUNT', '0'], ['SSCAN', 'new', '0', 'MATCH', '3*'],
    ['SSCAN', 't', '0', 'TYPE', 'set'], ['SSCAN', 't', '0', 'COUNT'], ['SSCAN', 'new', '', 'count', '5'], ['SSCAN', 'nokey', ''], ['SSCAN', 'new', '0'],
  ]);
  await p.all([
    ['SINTER', 't', 'u'], ['SINTER', 't'], ['SINTER', 't', 'nokey'], ['SINTER', 'nokey'], ['SINTER', 't', 't'],
    ['SUNION', 't', 'u', 'nokey'], ['SUNION', 'nokey'], ['SDIFF', 't', 'u'], ['SDIFF', 'nokey', 't'], ['SDIFF', 't', 'nokey'], ['SDIFF', 't', 't'],
    ['SDIFF', 't', 'u', 't'],
    ['SINTERSTORE', 'd1', 't', 'u'], ['SMEMBERS', 'd1'], ['SINTERSTORE', 'd1', 't', 'nokey'], ['SCARD', 'd1'],
    ['SUNIONSTORE', 'd2', 't', 'u'], ['SDIFFSTORE', 'd3', 't', 'u'], ['SDIFFSTORE', 'd3', 't', 't'], ['SCARD', 'd3'],
    ['SUNIONSTORE', 'd4', 'nokey'], ['SCARD', 'd4'], ['SINTERSTORE', 't', 't', 'u'], ['SUNIONSTORE', 't', 't'],
    ['SINTERSTORE', 'd1'], ['SINTER'], ['SUNIONSTORE', 'x'], ['SDIFF'],
    ['SINTERCARD', '1', 't'], ['SINTERCARD', '2', 't', 'u'], ['SINTERCARD', '2', 't', 'nokey'], ['SINTERCARD', '0', 't'],
    ['SINTERCARD', '-1', 't'], ['SINTERCARD', 'x', 't'], ['SINTERCARD', '3', 't', 'u'], ['SINTERCARD', '1', 't', 'LIMIT', '1'],
    ['SINTERCARD', '1', 't', 'LIMIT', '0'], ['SINTERCARD', '1', 't', 'LIMIT', '-1'], ['SINTERCARD', '1', 't', 'LIMIT', 'x'],
    ['SINTERCARD', '1', 't', 'LIMIT'], ['SINTERCARD', '1', 't', 'FOO', '1'], ['SINTERCARD', '1', 't', 'limit', '5', 'limit', '1'],
    ['SINTERCARD', '9223372036854775808', 't'], ['SINTERCARD', '1'], ['SINTERCARD', '2', 'nokey', 'str'],
  ], S);
  await p.check(['SET', 'str', 'x']);
  await p.all([
    ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'], ['SMEMBERS', 'str'],
    ['SMOVE', 'str', 't', 'a'], ['SMOVE', 't', 'str', 'a'], ['SMOVE', 'nokey', 'str', 'a'], ['SMOVE', 't', 'str', 'zz'],
    ['SPOP', 'str'], ['SPOP', 'str', '1'], ['SPOP', 'str', '0'], ['SPOP', 'str', '-1'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '0'],
    ['SRANDMEMBER', 'str', 'x'], ['SINTER', 't', 'str'], ['SINTER', 'nokey', 'str'], ['SINTERSTORE', 'd', 't', 'str'], ['SINTERCARD', '2', 't', 'str'],
    ['SUNION', 't', 'str'], ['SUNIONSTORE', 'd', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFFSTORE', 'd', 't', 'str'],
    ['SSCAN', 'str', '0'], ['SSCAN', 'str', 'x'], ['SINTERSTORE', 'str', 't', 'u'], ['SMEMBERS', 'str'],
    ['SET', 'str', 'x'], ['SUNIONSTORE', 'str', 'nokey'], ['GET', 'str'],
  ], S);
});

test('set commands: binary-safe members and integer edge cases', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const m of NASTY) {
    await p.check(['SADD', 'bin', m]);
    await p.check(['SISMEMBER', 'bin', m]);
  }
  await p.all([['SMEMBERS', 'bin'], ['SCARD', 'bin'], ['SMISMEMBER', 'bin', ...NASTY], ['SINTER', 'bin', 'bin'], ['SUNION', 'bin']], S);
  const ints = ['0', '-0', '1', '-1', '007', '+1', ' 1', '1 ', '32767', '32768', '-32768', '-32769', '2147483647', '2147483648', '-2147483648',
    '-2147483649', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '9223372036854775808',
    '-9223372036854775809', '4294967296', '-4294967296', '4294967295', '18446744073709551616', '1e3', '0x1', '123456789012'];
  for (const m of ints) {
    await p.check(['SADD', 'i-' + m, m]);
    await checkEncoding(p, 'i-' + m);
    await p.check(['SADD', 'grow', m]);
    await checkEncoding(p, 'grow', m);
    await p.check(['SMEMBERS', 'grow'], S);
  }
  await p.check(['SMEMBERS', 'grow'], S);
  // all in one intset, then width upgrades in each direction
  const pure = ['1', '-1', '32767', '-32768', '32768', '-32769', '2147483648', '-2147483649', '9223372036854775807', '-9223372036854775808', '4294967296', '9007199254740993'];
  for (const m of pure) { await p.check(['SADD', 'pure', m]); await checkEncoding(p, 'pure'); }
  await p.check(['SMEMBERS', 'pure']); // intset order is ascending and defined
  for (const m of [...pure, '0', '5', '-9223372036854775807', 'x']) await p.all([['SISMEMBER', 'pure', m], ['SMISMEMBER', 'pure', m, 'x']]);
  for (const m of pure) { await p.check(['SREM', 'pure', m]); await p.check(['SMEMBERS', 'pure']); }
  await p.all([['SADD', 'w', '5', '3', '1'], ['SADD', 'w', '100000'], ['SMEMBERS', 'w'], ['SADD', 'w', '-100000'], ['SMEMBERS', 'w'], ['SADD', 'w', '-10000000000'], ['SMEMBERS', 'w'], ['SSCAN', 'w', '0']]);
  for (const m of NASTY) await p.check(['SREM', 'bin', m]);
  await p.check(['SCARD', 'bin']);
});

test('set commands: RESP3 shapes', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([
    ['SADD', 's', 'a', 'b', 'c'], ['SADD', 'i', '1', '2', '3'], ['SMEMBERS', 's'], ['SMEMBERS', 'nokey'], ['SMEMBERS', 'i'],
    ['SINTER', 's', 's'], ['SINTER', 's', 'nokey'], ['SUNION', 'i'], ['SDIFF', 'i', 'nokey'], ['SDIFF', 'nokey'],
    ['SPOP', 'nokey'], ['SPOP', 'nokey', '2'], ['SPOP', 's', '0'], ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '2'], ['SRANDMEMBER', 's', '0'],
    ['SRANDMEMBER', 's', '5'], ['SRANDMEMBER', 'i', '3'], ['SMISMEMBER', 's', 'a', 'x'], ['SSCAN', 'i', '0'], ['SPOP', 'i', '3'],
    ['SINTERCARD', '1', 's'],
  ], S);
  await p.check(['SPOP', 's', '10'], S);
});

test('set encodings and conversions', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'set-max-intset-entries': 8 }, redis: ['--set-max-intset-entries', '8'] });
  t.after(() => p.close());
  const steps: (string | number)[][] = [
    ['SADD', 'a', '1', '2', '3'], ['SADD', 'a', '4', '5', '6', '7', '8'], ['SADD', 'a', '9'], ['SREM', 'a', '1', '2', '3', '4', '5'],
    ['SADD', 'b', 'x', '1'], ['SADD', 'c', '1', 'x'], ['SREM', 'c', 'x'], ['SADD', 'c2', '1', '2'], ['SADD', 'c2', '007'],
    ['SADD', 'd', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], ['SPOP', 'd', '9'],
    ['SADD', 'e', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'x'], ['SPOP', 'e', '2'],
    ['SMOVE', 'b', 'f', '1'], ['SMOVE', 'b', 'g', 'x'],
    ['SADD', 'h1', '1', '2', 'z'], ['SADD', 'h2', '2', '3', 'z'], ['SINTERSTORE', 'si', 'h1', 'h2'], ['SUNIONSTORE', 'su', 'h1', 'h2'],
    ['SDIFFSTORE', 'sd', 'h1', 'h2'], ['SREM', 'h1', 'z'], ['SINTERSTORE', 'si2', 'h1', 'h2'],
    ['SADD', 'big', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'], ['SUNIONSTORE', 'su2', 'big'], ['SINTERSTORE', 'si3', 'big', 'big'],
    ['SDIFFSTORE', 'sd2', 'big', 'h1'],
  ];
  for (const s of steps) {
    // SPOP picks at random: compare sizes only (and then the resulting encodings)
    if (s[0] === 'SPOP') { const [m, r] = await both(p, s); assert.equal(strs(m).length, strs(r).length); } else await p.check(s, S);
    for (const k of new Set(s.slice(1).map(String))) {
      const [ty] = await both(p, ['SCARD', k]);
      if (ty.t === 'int' && ty.v !== '0') await checkEncoding(p, k, s.join(' '));
    }
  }
  for (const k of ['a', 'c', 'c2', 'f', 'g', 'si', 'su', 'sd', 'si2', 'su2', 'si3', 'sd2']) await p.check(['SMEMBERS', k], S);
});

test('SPOP, SRANDMEMBER and SSCAN: properties', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const mk = (n: number, str: boolean) => Array.from({ length: n }, (_, i) => (str ? 'm' : '') + i);
  for (const [key, members] of [['ints', mk(100, false)], ['bigints', mk(1000, false)], ['strs', mk(1000, true)], ['few', mk(5, true)]] as const) {
    const all = new Set(members);
    const size = members.length;
    await p.check(['SADD', key, ...members]);
    for (const n of [1, 2, 3, 4, 5, 6, 30, 40, 300, 400, 999, 1000, 2000]) {
      const [m, r] = await both(p, ['SRANDMEMBER', key, n]);
      const ms = strs(m);
      assert.equal(ms.length, strs(r).length, `SRANDMEMBER ${key} ${n}`);
      assert.equal(new Set(ms).size, Math.min(n, size));
      for (const x of ms) assert.ok(all.has(x));
      const [mn, rn] = await both(p, ['SRANDMEMBER', key, -n]);
      assert.equal(strs(mn).length, strs(rn).length);
      assert.equal(strs(mn).length, n);
      for (const x of strs(mn)) assert.ok(all.has(x));
    }
    const [one] = await both(p, ['SRANDMEMBER', key]);
    assert.ok(one.t === 'bulk' && all.has(one.v as string));
    // SSCAN returns everything
    const seen = new Set<string>();
    let cursor = '0', calls = 0;
    do {
      const r = await p.respite.call('SSCAN', key, cursor, 'COUNT', '13');
      const [c, items] = (r as unknown as { v: [{ v: string }, never] }).v;
      cursor = c.v;
      for (const x of strs(items)) { assert.ok(all.has(x)); seen.add(x); }
      calls++;
    } while (cursor !== '0' && calls < 10000);
    assert.equal(seen.size, size);
    const [mm, rm] = await both(p, ['SSCAN', key, '0', 'MATCH', '*1*', 'COUNT', '100000']);
    assert.deepEqual(strs((mm as unknown as { v: never[] }).v[1]).sort(), strs((rm as unknown as { v: never[] }).v[1]).sort());
    // SPOP in every regime (small count, count close to the size, everything) on copies of the set
    for (const n of [1, Math.floor(size / 10), Math.floor(size * 0.8), size - 1, 3, 1000000]) {
      const copy = `${key}-${n}`;
      await p.check(['SUNIONSTORE', copy, key]);
      const [m, r] = await both(p, n === 1 ? ['SPOP', copy] : ['SPOP', copy, n]);
      assert.equal(m.t, r.t);
      const ms = m.t === 'bulk' ? [m.v as string] : strs(m);
      const rs = r.t === 'bulk' ? [r.v as string] : strs(r);
      assert.equal(ms.length, rs.length, `SPOP ${key} ${n}`);
      assert.equal(new Set(ms).size, ms.length);
      for (const x of ms) assert.ok(all.has(x));
      await p.check(['SCARD', copy]);
      const [cur] = await both(p, ['SMEMBERS', copy]);
      const rest = strs(cur);
      for (const x of rest) assert.ok(all.has(x) && !ms.includes(x));
      assert.equal(rest.length + ms.length, size);
      if (rest.length > 0) await checkEncoding(p, copy, `after SPOP ${n}`);
    }
    await p.check(['SCARD', key]);
  }
});

test('set keyspace events', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await checkEvents(p, [
    ['SADD', 's', 'a', 'b', 'c', '1'], ['SADD', 's', 'a'], ['SREM', 's', 'zz'], ['SREM', 's', 'a'], ['SMOVE', 's', 't', 'b'], ['SMOVE', 's', 't', 'zz'],
    ['SMOVE', 't', 's', 'b'], ['SADD', 'u', 'c'], ['SMOVE', 's', 'u', 'c'], ['SMOVE', 's', 's', '1'],
    ['SINTERSTORE', 'd', 's', 'u'], ['SINTERSTORE', 'd', 's', 's'], ['SINTERSTORE', 'd', 's', 'nokey'], ['SINTERSTORE', 'd', 's', 'nokey'],
    ['SUNIONSTORE', 'd', 's', 'u'], ['SDIFFSTORE', 'd', 's', 's'], ['SDIFFSTORE', 'd', 's', 'u'], ['SUNIONSTORE', 'd', 'nokey'],
    ['SADD', 'p', '1', '2', '3'], ['SPOP', 'p', '0'], ['SPOP', 'p', '2'], ['SPOP', 'p'], ['SPOP', 'p'], ['SADD', 'p', '1', '2'], ['SPOP', 'p', '5'],
    ['SMOVE', 'u', 's', 'c'], ['SREM', 's', 'b', '1', 'c', 'zz'],
  ], { sort: true, random: c => c[0] === 'SPOP' && c[2] !== '5' });
});

test('set random command sequence matches Redis', { skip }, async (t) => {
  const seed = testSeed();
  const r = rng(seed);
  const p = await diffPair({ respite: { 'set-max-intset-entries': 20 }, redis: ['--set-max-intset-entries', '20'] });
  t.after(() => p.close());
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const keys = ['s1', 's2', 's3', 's4', 'str'];
  await p.check(['SET', 'str', 'x']);
  const member = () => (r() < 0.75 ? String(Math.floor(r() * 40) - 5) : pick(['a', 'b', 'c', '', '\0', 'x'.repeat(70), '007', '-0', '9223372036854775807']));
  for (let i = 0; i < 3000; i++) {
    const k = pick(keys);
    const note = `seed ${seed} step ${i}`;
    const op = Math.floor(r() * 13);
    let cmd: (string | number)[];
    switch (op) {
      case 0: case 1: case 2: { cmd = ['SADD', k]; const n = 1 + Math.floor(r() * 5); for (let j = 0; j < n; j++) cmd.push(member()); break; }
      case 3: case 4: cmd = ['SREM', k, member(), member()]; break;
      case 5: cmd = ['SISMEMBER', k, member()]; break;
      case 6: cmd = ['SMISMEMBER', k, member(), member()]; break;
      case 7: cmd = ['SCARD', k]; break;
      case 8: cmd = ['SMOVE', k, pick(keys), member()]; break;
      case 9: cmd = [pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), pick(keys), k, pick(keys)]; break;
      case 10: cmd = [pick(['SINTER', 'SUNION', 'SDIFF']), k, pick(keys), pick(keys)]; break;
      case 11: cmd = ['SINTERCARD', '2', k, pick(keys), 'LIMIT', String(Math.floor(r() * 5))]; break;
      default: cmd = ['SMEMBERS', k]; break;
    }
    const v = p.respiteServer.server.dbs[0].main.get(k);
    const intsetOrder = cmd[0] === 'SMEMBERS' && v !== undefined && typeof v !== 'string' && v.encoding() === 'intset';
    await p.check(cmd, { note, sort: !intsetOrder });
    if (op <= 4 || op === 8 || op === 9) {
      for (const key of new Set(cmd.slice(1).map(String))) {
        if (!keys.includes(key) || key === 'str') continue;
        const [c] = await both(p, ['SCARD', key]);
        if (c.t === 'int' && c.v !== '0') await checkEncoding(p, key, note);
      }
    }
  }
  for (const k of keys) await p.check(['SMEMBERS', k], { sort: true, note: `seed ${seed}` });
});

test('large batches on intsets (SADD/SREM/SPOP) keep Redis encodings and order', { skip }, async (t) => {
  const seed = testSeed();
  const r = rng(seed);
  const p = await diffPair({ respite: { 'set-max-intset-entries': 1000 }, redis: ['--set-max-intset-entries', '1000'] });
  t.after(() => p.close());
  const ints = (n: number, span: number) => Array.from({ length: n }, () => String(Math.floor((r() - 0.5) * span)));
  const note = `seed ${seed}`;
  await p.check(['SADD', 'a', ...ints(600, 2000)], { note });
  await checkEncoding(p, 'a', note);
  await p.check(['SMEMBERS', 'a'], { note });
  await p.check(['SADD', 'a', ...ints(300, 1e12), '9223372036854775807', '-9223372036854775808'], { note });
  await checkEncoding(p, 'a', note);
  await p.check(['SMEMBERS', 'a'], { note });
  await p.check(['SREM', 'a', ...ints(400, 2000), 'x', '007'], { note });
  await p.check(['SMEMBERS', 'a'], { note });
  await p.check(['SADD', 'b', ...ints(990, 1e6)], { note });
  await p.check(['SADD', 'b', ...ints(50, 1e6)], { note });
  await checkEncoding(p, 'b', note);
  await p.check(['SADD', 'c', ...ints(20, 100), 'x', ...ints(20, 100)], { note });
  await checkEncoding(p, 'c', note);
  await p.check(['SMEMBERS', 'c'], { note, sort: true });
  await p.check(['SADD', 'd', ...ints(40, 100)], { note });
  const [card] = await both(p, ['SCARD', 'd']);
  const all = await p.check(['SMEMBERS', 'd']);
  const rem = await p.check(['SREM', 'd', ...strs(all)]);
  assert.deepEqual(rem, card);
  await p.check(['SCARD', 'd']);
  for (const n of [5, 100, 590]) {
    await p.check(['SUNIONSTORE', 'e', 'a']);
    const [m] = await both(p, ['SPOP', 'e', n]);
    assert.equal(strs(m).length, n);
    await p.check(['SCARD', 'e']);
    await checkEncoding(p, 'e', note);
    const [rest] = await both(p, ['SMEMBERS', 'e']);
    const rs = strs(rest);
    assert.deepEqual([...rs].sort((x, y) => Number(BigInt(x) - BigInt(y) > 0n) - Number(BigInt(x) - BigInt(y) < 0n)), rs, 'intset order kept');
    for (const x of strs(m)) assert.ok(!rs.includes(x));
  }
});
