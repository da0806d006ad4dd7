import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZTree, BELOW, AT, ABOVE } from '../../src/types/ztree.js';
import { rng, testSeed } from '../diff.js';

type Key = [string, number];
const cmp = (a: Key, b: Key): number => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Index of the first key of sorted m that is >= k (binary search). */
function lower(m: Key[], k: Key): number {
  let lo = 0, hi = m.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cmp(m[mid], k) < 0) lo = mid + 1; else hi = mid; }
  return lo;
}

function entries(t: ZTree): Key[] {
  const out: Key[] = [];
  for (let l = t.first; l !== -1; l = t.nextLeaf(l)) for (let i = 0; i < t.count(l); i++) out.push([t.eleAt(l, i), t.scoreAt(l, i)]);
  return out;
}

function leafCount(t: ZTree): number {
  let k = 0;
  for (let l = t.first; l !== -1; l = t.nextLeaf(l)) k++;
  return k;
}

/** Random operations against a sorted array model; grows to `peak` keys, then shrinks. */
function runRandom(seed: number, peak: number, steps: number, scoreRange: number): void {
  const r = rng(seed);
  const note = `seed ${seed} peak ${peak}`;
  const t = new ZTree();
  const m: Key[] = [];
  const present = new Map<string, number>();
  let next = 0;
  for (let s = 0; s < steps; s++) {
    const growing = s < steps / 2;
    const op = r();
    const score = Math.floor(r() * scoreRange) / 2 - scoreRange / 8;
    if (op < (growing ? 0.55 : 0.2) && m.length < peak) {
      const e = 'm' + (next++ % 3 === 0 ? '\xff\0' : '') + Math.floor(r() * 1e6);
      if (present.has(e)) continue;
      t.insert(e, score);
      m.splice(lower(m, [e, score]), 0, [e, score]);
      present.set(e, score);
    } else if (op < 0.7 && m.length > 0) {
      const k = Math.floor(r() * m.length);
      const [e, sc] = m[k];
      if (r() < 0.5) {
        assert.ok(t.remove(e, sc), note);
        m.splice(k, 1);
        present.delete(e);
      } else {
        // half of the moves are small (the entry often stays in its leaf)
        const ns = r() < 0.5 ? score : sc + (Math.floor(r() * 9) - 4) / 4;
        t.update(e, sc, ns);
        m.splice(k, 1);
        m.splice(lower(m, [e, ns]), 0, [e, ns]);
        present.set(e, ns);
      }
    } else if (op < 0.8 && m.length > 0) {
      const max = r() < 0.5;
      const l = max ? t.last : t.first, i = max ? t.count(l) - 1 : 0;
      const want = max ? m.pop() as Key : m.shift() as Key;
      assert.deepEqual([t.eleAt(l, i), t.scoreAt(l, i)], want, note);
      t.removeAt(l, i);
      present.delete(want[0]);
    } else if (m.length > 0) {
      const k = Math.floor(r() * m.length);
      t.byRank(k);
      assert.deepEqual([t.eleAt(t.cl, t.ci), t.scoreAt(t.cl, t.ci)], m[k], note);
      const [e, sc] = m[k];
      assert.ok(t.find(e, sc), note);
      assert.equal(t.countLess(sc, e, AT), k, note);
      assert.equal(t.countLess(score, '', BELOW), m.filter(x => x[1] < score).length, note);
      assert.equal(t.countLess(score, '', ABOVE), m.filter(x => x[1] <= score).length, note);
      assert.ok(!t.find(e + 'x', sc) || present.has(e + 'x'), note);
    }
    assert.equal(t.length, m.length, note);
    if (s % 400 === 0) { t.verify(); assert.deepEqual(entries(t), m, note); }
  }
  t.verify();
  assert.deepEqual(entries(t), m, note);
}

test('ztree: random operations against a sorted model (one level, two, three)', () => {
  const seed = testSeed();
  runRandom(seed, 200, 4000, 40);
  runRandom(seed + 1, 3000, 12000, 400);
  runRandom(seed + 2, 40000, 90000, 1e6);
});

test('ztree: lex counts on equal scores, appends fill leaves, empty tree', () => {
  const t = new ZTree();
  const names: string[] = [];
  for (let i = 0; i < 5000; i++) names.push('n' + String(i).padStart(5, '0'));
  for (const n of names) t.insert(n, 0); // appends in key order
  t.verify();
  assert.ok(leafCount(t) <= Math.ceil(5000 / 31) + 1, `leaves ${leafCount(t)}`);
  assert.equal(t.countLex('n02500', false), 2500);
  assert.equal(t.countLex('n02500', true), 2501);
  assert.equal(t.countLex('a', false), 0);
  assert.equal(t.countLex('z', true), 5000);
  // descending appends (prepends) and deletions down to nothing
  const u = new ZTree();
  for (let i = 3000; i > 0; i--) u.insert('x', i);
  u.verify();
  for (let i = 1; i <= 3000; i++) { assert.ok(u.remove('x', i)); if (i % 500 === 0) u.verify(); }
  assert.equal(u.length, 0);
  u.verify();
  u.insert('again', -0);
  assert.ok(Object.is(u.scoreAt(u.first, 0), -0));
  u.verify();
  assert.ok(!u.sparse);
});
