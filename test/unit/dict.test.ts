import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dict } from '../../src/types/dict.js';
import { rng, testSeed } from '../diff.js';

test('dict: set/get/delete against a Map model, with resizes', () => {
  const seed = testSeed();
  const r = rng(seed);
  const d = new Dict<number>();
  const m = new Map<string, number>();
  for (let i = 0; i < 50000; i++) {
    const k = 'k' + Math.floor(r() * 3000);
    const op = r();
    if (op < 0.5) { assert.equal(d.set(k, i), !m.has(k), `seed ${seed}`); m.set(k, i); }
    else if (op < 0.8) { assert.equal(d.delete(k), m.delete(k), `seed ${seed}`); }
    else assert.equal(d.get(k), m.get(k), `seed ${seed}`);
    assert.equal(d.size, m.size);
  }
  for (const [k, v] of m) assert.equal(d.get(k), v);
  assert.deepEqual(new Map(d.entries()), m);
});

test('dict: scan returns every key present for the whole iteration while the table grows and shrinks', () => {
  const seed = testSeed();
  const r = rng(seed);
  const d = new Dict<number>();
  for (let i = 0; i < 2000; i++) d.set('stable' + i, i);
  const seen = new Set<string>();
  let cursor = 0;
  let round = 0;
  do {
    cursor = d.scan(cursor, 10, s => { seen.add(d.keyAt(s) as string); });
    // churn: grow a lot, then shrink a lot
    if (round % 2 === 0) for (let i = 0; i < 200; i++) d.set('tmp' + Math.floor(r() * 1e6), 0);
    else for (const [k] of [...d.entries()]) if (k.startsWith('tmp') && r() < 0.7) d.delete(k);
    round++;
  } while (cursor !== 0);
  for (let i = 0; i < 2000; i++) assert.ok(seen.has('stable' + i), `missing stable${i} (seed ${seed})`);
});

test('dict: randomSlot is roughly uniform and survives heavy deletion', () => {
  const d = new Dict<number>();
  for (let i = 0; i < 1000; i++) d.set('k' + i, i);
  for (let i = 0; i < 990; i++) d.delete('k' + i);
  const counts = new Map<string, number>();
  for (let i = 0; i < 10000; i++) {
    const s = d.randomSlot();
    const k = d.keyAt(s) as string;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  assert.equal(counts.size, 10);
  for (const c of counts.values()) assert.ok(c > 700 && c < 1300, `count ${c}`);
});

test('dict: binary keys', () => {
  const d = new Dict<string>();
  const keys = ['', '\0', '\r\n', '\xff\xfe', 'a\0b', 'x'.repeat(100000)];
  keys.forEach((k, i) => d.set(k, String(i)));
  keys.forEach((k, i) => assert.equal(d.get(k), String(i)));
  assert.equal(d.size, keys.length);
});

test('dict: prefetch over batches of any size changes nothing', () => {
  const d = new Dict<number>();
  d.enableClock();
  for (let i = 0; i < 500; i++) d.set('k' + i, i);
  for (let i = 0; i < 500; i += 3) d.delete('k' + i);
  const keys = Array.from({ length: 90 }, (_, i) => (i % 2 ? 'k' : 'missing') + i * 5);
  const before = keys.map(k => d.get(k));
  d.prefetch(keys, 0, 1);
  d.prefetch(keys, 1, 2);
  d.prefetch([], 0, 1);
  d.prefetch(['\0', 'k1'], 5, 2);
  assert.deepEqual(keys.map(k => d.get(k)), before);
  assert.equal(d.size, 500 - 167);
});

test('dict: lookups after prefetchArgs match a Map model in any order (hash memo)', () => {
  const seed = testSeed();
  const r = rng(seed);
  const d = new Dict<number>(), other = new Dict<number>();
  const m = new Map<string, number>();
  const key = () => pickKey(r);
  for (let i = 0; i < 300; i++) { const k = key(); d.set(k, i); m.set(k, i); }
  for (let round = 0; round < 2000; round++) {
    // a batch of commands (some without a key at index 1, some keys repeated or long)
    const batch: string[][] = [];
    for (let i = 0, n = Math.floor(r() * 40); i < n; i++) batch.push(r() < 0.15 ? ['PING'] : ['CMD', r() < 0.05 ? 'x'.repeat(200) : key()]);
    d.prefetchArgs(batch, 1, 0, batch.length);
    if (r() < 0.1) other.prefetchArgs(batch, 1, 0, batch.length);
    // lookups mostly in batch order, sometimes skipping, repeating or using other keys
    for (let i = 0; i < batch.length; i++) {
      const k = r() < 0.8 && batch[i].length > 1 ? batch[i][1] : key();
      const op = r();
      if (op < 0.4) assert.equal(d.get(k), m.get(k), `seed ${seed}: get ${JSON.stringify(k)}`);
      else if (op < 0.7) { d.set(k, round); m.set(k, round); }
      else if (op < 0.8) assert.equal(d.delete(k), m.delete(k), `seed ${seed}: delete ${JSON.stringify(k)}`);
      else if (op < 0.9) assert.equal(d.has(k), m.has(k), `seed ${seed}: has ${JSON.stringify(k)}`);
      else if (!m.has(k)) { d.add(k, -round); m.set(k, -round); }
    }
  }
  assert.equal(d.size, m.size, `seed ${seed}`);
  for (const [k, v] of m) assert.equal(d.get(k), v, `seed ${seed}: final ${JSON.stringify(k)}`);
});

function pickKey(r: () => number): string {
  const n = Math.floor(r() * 400);
  return n % 7 === 0 ? `k\0${n}\r\n` : 'k' + n;
}
