import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZSet } from '../../src/types/zset.js';
import { rng, testSeed } from '../diff.js';

/** Naive model: a sorted array of [member, score]. */
class Model {
  items: [string, number][] = [];
  sort(): void { this.items.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); }
  idx(m: string): number { return this.items.findIndex(x => x[0] === m); }
  set(m: string, s: number): void { const i = this.idx(m); if (i >= 0) this.items[i][1] = s; else this.items.push([m, s]); this.sort(); }
  del(m: string): boolean { const i = this.idx(m); if (i < 0) return false; this.items.splice(i, 1); return true; }
}

function all(z: ZSet): [string, number][] {
  const out: [string, number][] = [];
  z.forEach((m, s) => out.push([m, s]));
  return out;
}

const SCORES = [0.5, -1e300, 1e10, 300, 255, 256, -2147483648, 2147483647, 2147483648, Infinity, -Infinity, 4.9e-324, -0.25, 1e-10];

function runRandom(seed: number, lim: { entries: number; value: number }, ops: number, universe: number): void {
  const r = rng(seed);
  const z = new ZSet(0, 0, lim);
  const mod = new Model();
  const note = `seed ${seed}`;
  for (let i = 0; i < ops; i++) {
    const mi = Math.floor(r() * universe);
    const m = mi % 7 === 0 ? '\xff\0'.repeat(mi % 150) + mi : 'm' + mi;
    const op = r();
    if (op < 0.45) {
      const s = r() < 0.7 ? Math.floor(r() * 20) - 5 : SCORES[Math.floor(r() * SCORES.length)];
      const cur = z.score(m);
      if (cur === undefined) z.insert(m, s, lim); else z.update(m, cur, s);
      mod.set(m, s);
    } else if (op < 0.7) {
      assert.equal(z.remove(m), mod.del(m), note);
    } else if (op < 0.75 && z.size > 0) {
      const a = Math.floor(r() * z.size), b = Math.min(z.size - 1, a + Math.floor(r() * 5));
      assert.equal(z.removeRange(a, b), b - a + 1, note);
      mod.items.splice(a, b - a + 1);
    } else if (op < 0.8 && z.size > 20) {
      if (r() < 0.5) z.toListpack(); else z.toSkiplist();
    } else if (op < 0.83 && z.size > 0) {
      const max = r() < 0.5;
      const want = max ? mod.items.pop() as [string, number] : mod.items.shift() as [string, number];
      assert.equal(z.popEdge(max), want[0], note);
      assert.ok(Object.is(ZSet.popped, want[1]), note);
    } else {
      const i = mod.idx(m);
      assert.equal(z.rank(m), i, note);
      assert.equal(z.score(m), i < 0 ? undefined : mod.items[i][1], note);
      const v = Math.floor(r() * 20) - 5;
      assert.equal(z.countScore(v, false), mod.items.filter(x => x[1] < v).length, note);
      assert.equal(z.countScore(v, true), mod.items.filter(x => x[1] <= v).length, note);
      if (z.size > 0) {
        const k = Math.floor(r() * z.size);
        assert.deepEqual(z.at(k), mod.items[k], note);
        const e = Math.min(z.size - 1, k + 3);
        const got: [string, number][] = [];
        z.range(k, e, r() < 0.5, (mm, ss) => got.push([mm, ss]));
        const want = mod.items.slice(k, e + 1);
        if (got.length && got[0][0] !== want[0][0]) want.reverse();
        assert.deepEqual(got, want, note);
        const [rm, rs] = z.random();
        assert.equal(z.score(rm), rs, note);
      }
    }
    assert.equal(z.size, mod.items.length, note);
    if (z.zsl !== null && i % 97 === 0) z.zsl.verify();
  }
  if (z.zsl !== null) z.zsl.verify();
  assert.deepEqual(all(z), mod.items, note);
  const d = z.dup();
  assert.deepEqual(all(d), mod.items, note);
  assert.equal(d.encoding(), z.encoding());
}

test('zset: listpack form against a naive model', () => {
  const seed = testSeed();
  runRandom(seed, { entries: 1000000, value: 1000 }, 5000, 60);
});

test('zset: skiplist form against a naive model (with conversions)', () => {
  const seed = testSeed();
  runRandom(seed, { entries: 16, value: 64 }, 20000, 400);
});

test('zset: encoding conversions follow the limits', () => {
  const lim = { entries: 3, value: 4 };
  const z = new ZSet(1, 1, lim);
  assert.equal(z.encoding(), 'listpack');
  z.insert('a', 1, lim); z.insert('b', 2, lim); z.insert('c', 3, lim);
  assert.equal(z.encoding(), 'listpack');
  z.insert('d', 4, lim);
  assert.equal(z.encoding(), 'skiplist');
  const y = new ZSet(1, 1, lim);
  y.insert('abcde', 1, lim);
  assert.equal(y.encoding(), 'skiplist');
  assert.equal(new ZSet(4, 1, lim).encoding(), 'skiplist');
  assert.equal(new ZSet(1, 5, lim).encoding(), 'skiplist');
  // -0 is stored as 0 in the listpack form, kept in the skiplist form
  const n = new ZSet(0, 0, lim);
  n.insert('x', -0, lim);
  assert.ok(Object.is(n.score('x'), 0));
  y.insert('x', -0, lim);
  assert.ok(Object.is(y.score('x'), -0));
});

test('zset: lex bounds on equal scores', () => {
  for (const lim of [{ entries: 100, value: 64 }, { entries: 1, value: 64 }]) {
    const z = new ZSet(0, 0, lim);
    for (const m of ['b', 'd', 'f', 'h']) z.insert(m, 0, lim);
    assert.equal(z.lexLow('d', false), 1);
    assert.equal(z.lexLow('d', true), 2);
    assert.equal(z.lexHigh('f', false), 3);
    assert.equal(z.lexHigh('f', true), 2);
    assert.equal(z.lexLow('a', false), 0);
    assert.equal(z.lexHigh('z', false), 4);
  }
});

test('zset: fromSorted picks the encoding and keeps the order', () => {
  const lim = { entries: 4, value: 8 };
  const a = ZSet.fromSorted(['a', 'b', 'c'], [-0, 1.5, 1e20], lim);
  assert.equal(a.encoding(), 'listpack');
  assert.deepEqual(all(a), [['a', 0], ['b', 1.5], ['c', 1e20]]);
  assert.ok(Object.is(a.score('a'), 0));
  const b = ZSet.fromSorted(['a', 'b', 'c', 'd', 'e'], [1, 2, 3, 4, 5], lim);
  assert.equal(b.encoding(), 'skiplist');
  assert.equal(b.rank('d'), 3);
  const c = ZSet.fromSorted(['a', 'longer-than-8'], [1, 2], lim);
  assert.equal(c.encoding(), 'skiplist');
  assert.equal(ZSet.fromSorted([], [], lim).size, 0);
});

test('zset: skiplist columns survive growth, many deletions and shrinking', () => {
  const seed = testSeed();
  const r = rng(seed);
  const lim = { entries: 0, value: 64 };
  const z = new ZSet(1, 1, lim);
  const mod = new Model();
  for (let i = 0; i < 5000; i++) {
    const m = 'k' + i, s = Math.floor(r() * 300) / 4;
    z.insert(m, s, lim);
    mod.items.push([m, s]);
  }
  mod.sort();
  (z.zsl as NonNullable<typeof z.zsl>).verify();
  assert.deepEqual(all(z), mod.items, `seed ${seed}`);
  // move many members around, then delete most of them (the columns get rebuilt smaller)
  for (let i = 0; i < 3000; i++) {
    const k = Math.floor(r() * 5000), m = 'k' + k, s = Math.floor(r() * 300) / 4;
    const cur = z.score(m);
    if (cur === undefined) continue;
    z.update(m, cur, s);
    mod.set(m, s);
  }
  (z.zsl as NonNullable<typeof z.zsl>).verify();
  for (let i = 0; i < 4800; i++) {
    if (r() < 0.3) { const max = r() < 0.5; const want = max ? mod.items.pop() : mod.items.shift(); assert.equal(z.popEdge(max), want?.[0]); continue; }
    if (r() < 0.1 && z.size > 10) { z.removeRange(3, 7); mod.items.splice(3, 5); continue; }
    const k = Math.floor(r() * mod.items.length);
    const m = mod.items[k][0];
    assert.ok(z.remove(m));
    mod.items.splice(k, 1);
    if (mod.items.length < 50) break;
  }
  (z.zsl as NonNullable<typeof z.zsl>).verify();
  assert.deepEqual(all(z), mod.items, `seed ${seed}`);
  for (let k = 0; k < mod.items.length; k++) assert.equal(z.rank(mod.items[k][0]), k);
  z.insert('new', 1e9, lim);
  assert.equal(z.rank('new'), z.size - 1);
  (z.zsl as NonNullable<typeof z.zsl>).verify();
});

test('zset: removing most of a big set by rank keeps order, ranks and scores', () => {
  const lim = { entries: 0, value: 64 };
  for (const [start, end] of [[0, 899], [100, 999], [50, 949], [0, 999], [10, 20]]) {
    const z = new ZSet(1, 1, lim);
    const want: [string, number][] = [];
    for (let i = 0; i < 1000; i++) { z.insert('m' + i, i % 97, lim); want.push(['m' + i, i % 97]); }
    want.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    assert.equal(z.removeRange(start, end), end - start + 1);
    want.splice(start, end - start + 1);
    assert.deepEqual(all(z), want);
    if (z.zsl !== null) z.zsl.verify();
    for (const [m, s] of want.slice(0, 20)) assert.equal(z.score(m), s);
    assert.equal(z.score(want.length ? 'nope' : 'm0'), undefined);
  }
});
