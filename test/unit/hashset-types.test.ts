import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RHash, encLen, type HashLimits } from '../../src/types/hash.js';
import { RSet, isIntMember } from '../../src/types/set.js';
import { parseLongDouble, ldAdd as addLongDouble, ldFormatHuman as formatLongDoubleHuman, ldFromBigInt as longDoubleFromInt, ldIsFinite } from '../../src/util/longdouble.js';
import { rng, testSeed } from '../diff.js';

const LIM: HashLimits = { maxEntries: 8, maxValue: 10 };

test('RHash: model check against a Map, listpack order, conversions', () => {
  const seed = testSeed();
  const r = rng(seed);
  for (let round = 0; round < 20; round++) {
    const h = new RHash();
    const m = new Map<string, string>();
    for (let i = 0; i < 400; i++) {
      const f = ['a', 'b', '', '\0', 'x'.repeat(Math.floor(r() * 14)), 'f' + Math.floor(r() * 12), '\xff\x80'][Math.floor(r() * 7)];
      const v = 'v'.repeat(Math.floor(r() * (r() < 0.1 ? 300 : 9)));
      const op = r();
      if (op < 0.5) {
        const wasCompact = h.isCompact;
        const lenConv = f.length > LIM.maxValue || v.length > LIM.maxValue;
        assert.equal(h.set(f, v, LIM), !m.has(f), `seed ${seed}`);
        m.set(f, v);
        if (wasCompact && !lenConv && m.size <= LIM.maxEntries) assert.equal(h.encoding(), 'listpack');
        if (lenConv || m.size > LIM.maxEntries) assert.equal(h.encoding(), 'hashtable');
      } else if (op < 0.7) {
        const fs = [f, 'a', 'f' + Math.floor(r() * 12), f];
        let n = 0;
        for (const x of fs) if (m.delete(x)) n++;
        assert.equal(h.deleteMany(['HDEL', 'k', ...fs], 2), n, `seed ${seed}`);
      } else if (op < 0.8) {
        const enc = h.encoding();
        assert.equal(h.delete(f), m.delete(f));
        assert.equal(h.encoding(), enc, 'deletion never converts');
      } else {
        assert.equal(h.get(f), m.get(f));
        assert.equal(h.has(f), m.has(f));
        assert.equal(h.strlen(f), m.get(f)?.length ?? 0);
      }
      assert.equal(h.size, m.size);
    }
    const seen = new Map<string, string>();
    h.forEach((f, v) => seen.set(f, v));
    assert.deepEqual(seen, m);
    if (h.isCompact) assert.deepEqual([...seen.keys()], [...m.keys()], 'listpack keeps insertion order');
    const d = h.dup();
    assert.equal(d.encoding(), h.encoding());
    d.set('zz-new', '1', LIM);
    assert.equal(h.has('zz-new'), false, 'dup is deep');
    if (m.size) { const p = h.randomPair()!; assert.equal(m.get(p[0]), p[1]); }
  }
});

test('RHash: Redis 7.0 conversion rules', () => {
  const lim: HashLimits = { maxEntries: 3, maxValue: 5 };
  const h = new RHash();
  assert.equal(h.type, 'hash');
  assert.equal(h.encoding(), 'listpack');
  h.set('a', '1', lim); h.set('b', '2', lim); h.set('c', '3', lim);
  assert.equal(h.encoding(), 'listpack');
  h.set('a', '9', lim);
  assert.equal(h.encoding(), 'listpack', 'updates do not count');
  h.set('d', '4', lim);
  assert.equal(h.encoding(), 'hashtable');
  h.delete('a'); h.delete('b'); h.delete('c');
  assert.equal(h.encoding(), 'hashtable', 'never goes back');
  const v = new RHash();
  v.set('f', '12345', lim);
  assert.equal(v.encoding(), 'listpack');
  v.set('f', '123456', lim);
  assert.equal(v.encoding(), 'hashtable', 'long value converts (HINCRBY* path)');
  const t = new RHash();
  t.tryConversion(['HSET', 'k', 'f', 'toolong'], 2, 3, lim);
  assert.equal(t.encoding(), 'hashtable');
  const u = new RHash();
  assert.equal(u.setMany(['f', '1', 'f', '2', 'g', '3'], 0, lim), 2);
  assert.deepEqual(u.toArrays(), { fields: ['f', 'g'], values: ['2', '3'] });
  assert.equal(RHash.fromPairs(['a', '1', 'b', '2', 'c', '3', 'd', '4'], lim).encoding(), 'hashtable');
  assert.equal(RHash.fromPairs(['a', '1'], lim).encoding(), 'listpack');
  // long fields and values survive the varint length prefix
  const big = new RHash();
  const L = { maxEntries: 100, maxValue: 1 << 20 };
  for (const n of [0, 1, 127, 128, 129, 16383, 16384, 70000]) big.set('f' + n, 'x'.repeat(n), L);
  assert.equal(big.encoding(), 'listpack');
  for (const n of [0, 1, 127, 128, 129, 16383, 16384, 70000]) assert.equal(big.strlen('f' + n), n);
  assert.equal(encLen(300).length, 2);
});

test('RSet: model check against a Set, intset order and widths', () => {
  const seed = testSeed();
  const r = rng(seed);
  const pool = ['0', '1', '-1', '32767', '-32768', '32768', '-32769', '2147483647', '-2147483648', '2147483648', '-2147483649',
    '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '4294967296', '-4294967296', '4294967295', '99', '-7',
    '8388607', '-8388608', '8388608', '-8388609', '71272', '-71272'];
  const bigintOf = (s: string) => BigInt(s);
  for (let round = 0; round < 30; round++) {
    const s = RSet.createIntset();
    const m = new Set<string>();
    const max = 8 + Math.floor(r() * 20);
    for (let i = 0; i < 300; i++) {
      const x = r() < 0.95 ? pool[Math.floor(r() * pool.length)] : ['a', '007', '-0', ''][Math.floor(r() * 4)];
      const op = r();
      if (op < 0.55) {
        assert.equal(s.add(x, max), !m.has(x), `seed ${seed}`);
        m.add(x);
      } else if (op < 0.85) assert.equal(s.remove(x), m.delete(x));
      else assert.equal(s.has(x), m.has(x));
      assert.equal(s.size, m.size);
      const allInt = [...m].every(isIntMember);
      if (allInt && m.size <= max && s.isIntset) {
        const mem = s.members();
        assert.deepEqual(mem, [...m].sort((a, b) => (bigintOf(a) < bigintOf(b) ? -1 : 1)), 'intset is sorted');
      }
      if (!allInt || m.size > max) assert.equal(s.encoding(), 'hashtable');
    }
    assert.deepEqual(new Set(s.members()), m);
    if (m.size) assert.ok(m.has(s.random()!));
    const d = s.dup();
    while (d.size) { const x = d.pop()!; assert.ok(m.has(x)); }
    assert.equal(s.size, m.size, 'dup is deep');
  }
});

test('RSet: creation and conversion rules', () => {
  assert.equal(RSet.create('1').encoding(), 'intset');
  assert.equal(RSet.create('x').encoding(), 'hashtable');
  assert.equal(RSet.create('007').encoding(), 'hashtable');
  assert.equal(RSet.create('-0').encoding(), 'hashtable');
  assert.equal(RSet.create('9223372036854775808').encoding(), 'hashtable');
  const s = RSet.create('1');
  s.add('1', 2); s.add('2', 2);
  assert.equal(s.encoding(), 'intset');
  s.add('3', 2);
  assert.equal(s.encoding(), 'hashtable');
  s.remove('3'); s.remove('2');
  assert.equal(s.encoding(), 'hashtable');
  const z = RSet.createIntset();
  z.add('5', 0);
  assert.equal(z.encoding(), 'hashtable', 'set-max-intset-entries 0');
  const u = RSet.fromMembers(['3', '-9223372036854775808', '9223372036854775807', '0']);
  assert.deepEqual(u.members(), ['-9223372036854775808', '0', '3', '9223372036854775807']);
  assert.equal(u.type, 'set');
  assert.equal(isIntMember('+1'), false);
  assert.equal(isIntMember(' 1'), false);
  assert.equal(isIntMember('-9223372036854775809'), false);
});

test('long double helper: parse, add, %.17Lf', () => {
  const f = (s: string) => formatLongDoubleHuman(parseLongDouble(s)!);
  assert.equal(f('1.5'), '1.5');
  assert.equal(f('0.1'), '0.1');
  assert.equal(formatLongDoubleHuman(addLongDouble(parseLongDouble('0.1')!, parseLongDouble('0.2')!)), '0.3');
  assert.equal(f('1e308').slice(0, 25), '9999999999999999999668587');
  assert.equal(f('-0'), '0');
  assert.equal(f('1e-18'), '0');
  assert.equal(f('-1e-17'), '-0.00000000000000001');
  assert.equal(f('0x10'), '16');
  assert.equal(f('3.0e3'), '3000');
  assert.equal(parseLongDouble('nan'), undefined);
  assert.equal(parseLongDouble('1e5000'), undefined);
  assert.equal(parseLongDouble('1e-5000'), undefined);
  assert.equal(parseLongDouble(' 1'), undefined);
  assert.equal(parseLongDouble(''), undefined);
  assert.equal(ldIsFinite(parseLongDouble('inf')!), false);
  assert.equal(formatLongDoubleHuman(longDoubleFromInt(9223372036854775807n)), '9223372036854775807');
  const big = parseLongDouble('1e4932')!;
  assert.equal(ldIsFinite(addLongDouble(big, big)), false);
  assert.equal(ldIsFinite(addLongDouble(parseLongDouble('inf')!, parseLongDouble('-inf')!)), false);
});

test('encoding directives: names, aliases, strict size_t parsing, live limits', async () => {
  const { Server, configFromOptions } = await import('../../src/server/server.js');
  const cfg = configFromOptions({ 'hash-max-ziplist-entries': 5, 'hash-max-ziplist-value': 7, 'set-max-intset-entries': 9 });
  const srv = new Server(cfg);
  assert.deepEqual(srv.hashLimits, { maxEntries: 5, maxValue: 7 });
  assert.equal(srv.setMaxIntset, 9);
  assert.equal(cfg.get('hash-max-listpack-entries'), '5');
  cfg.set('hash-max-listpack-entries', ['9223372036854775807']);
  assert.equal(cfg.get('hash-max-ziplist-entries'), '9223372036854775807');
  cfg.set('hash-max-listpack-value', ['0']);
  assert.equal(srv.hashLimits.maxValue, 0);
  for (const bad of ['-1', '1k', '007', '+5', '9223372036854775808', '1.5', '']) {
    assert.throws(() => cfg.set('set-max-intset-entries', [bad]), /argument/);
  }
  assert.equal(srv.setMaxIntset, 9);
  const d = configFromOptions({});
  assert.equal(d.get('hash-max-listpack-entries'), '512');
  assert.equal(d.get('hash-max-listpack-value'), '64');
  assert.equal(d.get('set-max-intset-entries'), '512');
});

test('RSet batch operations match one-by-one operations', () => {
  const seed = testSeed();
  const r = rng(seed);
  for (let round = 0; round < 40; round++) {
    const max = [5, 50, 200, 1 << 30][round % 4];
    const a = RSet.createIntset(), b = RSet.createIntset();
    for (let step = 0; step < 6; step++) {
      const n = 1 + Math.floor(r() * 60);
      const args = Array.from({ length: n }, () => (r() < 0.02 ? 'x' : String(Math.floor((r() - 0.5) * [200, 1e5, 2e7, 1e10, 1e16][Math.floor(r() * 5)]))));
      if (r() < 0.6) {
        let one = 0;
        for (const x of args) if (a.add(x, max)) one++;
        assert.equal(b.addMany(['SADD', 'k', ...args], 2, max), one, `seed ${seed}`);
      } else {
        let one = 0;
        for (const x of args) if (a.remove(x)) one++;
        assert.equal(b.removeMany(['SREM', 'k', ...args], 2), one, `seed ${seed}`);
      }
      assert.equal(b.encoding(), a.encoding(), `seed ${seed}`);
      if (a.isIntset) assert.deepEqual(b.members(), a.members());
      else assert.deepEqual(new Set(b.members()), new Set(a.members()));
    }
    if (b.size > 2) {
      const before = new Set(b.members());
      const k = 1 + Math.floor(r() * (b.size - 1));
      const popped = b.popMany(k);
      assert.equal(popped.length, k);
      assert.equal(new Set(popped).size, k);
      for (const x of popped) { assert.ok(before.has(x)); assert.ok(!b.has(x)); }
      assert.equal(b.size, before.size - k);
    }
  }
});

test('RHash.setMany matches one-by-one set()', () => {
  const seed = testSeed();
  const r = rng(seed);
  for (let round = 0; round < 200; round++) {
    const lim = { maxEntries: 1 + Math.floor(r() * 12), maxValue: 6 };
    const a = new RHash(), b = new RHash();
    for (let step = 0; step < 5; step++) {
      const args: string[] = [];
      const n = 1 + Math.floor(r() * 6);
      for (let i = 0; i < n; i++) args.push('f' + Math.floor(r() * 10), 'v'.repeat(Math.floor(r() * (r() < 0.05 ? 9 : 4))));
      let one = 0;
      for (let i = 0; i < args.length; i += 2) if (a.set(args[i], args[i + 1], lim)) one++;
      b.tryConversion(args, 0, args.length - 1, lim);
      a.tryConversion(args, 0, args.length - 1, lim);
      assert.equal(b.setMany(args, 0, lim), one, `seed ${seed}`);
      assert.equal(b.encoding(), a.encoding(), `seed ${seed}`);
      if (a.isCompact) assert.deepEqual(b.toArrays(), a.toArrays());
      else {
        const pairs = (h: RHash) => { const m = new Map<string, string>(); h.forEach((f, v) => m.set(f, v)); return m; };
        assert.deepEqual(pairs(b), pairs(a));
      }
    }
  }
});
