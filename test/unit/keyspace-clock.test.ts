import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dict } from '../../src/types/dict.js';
import { Database, LOOKUP_NOTOUCH, type DbHost } from '../../src/db/database.js';
import { accessedWord, freshWord, idleSeconds, lfuDecayed, LFU_INIT, defaultAccessPolicy } from '../../src/db/lru.js';
import { rng, testSeed } from '../diff.js';

test('dict clock: words follow their keys through growth, deletion and compaction', () => {
  const seed = testSeed();
  const r = rng(seed);
  const d = new Dict<number>();
  d.enableClock();
  const model = new Map<string, number>();
  for (let i = 0; i < 40000; i++) {
    const k = 'k' + Math.floor(r() * 5000);
    if (r() < 0.6) {
      d.set(k, i);
      d.setClockAt(d.lastSlot, i);
      model.set(k, i);
    } else {
      d.delete(k);
      model.delete(k);
    }
    if (i % 5000 === 0) {
      for (const [key, w] of model) assert.equal(d.clockAt(d.find(key)), w, `seed ${seed}`);
    }
  }
  // drain most keys to force compaction
  for (const key of [...model.keys()].slice(0, Math.floor(model.size * 0.95))) { d.delete(key); model.delete(key); }
  for (const [key, w] of model) assert.equal(d.clockAt(d.find(key)), w, `seed ${seed}`);
  d.clear();
  assert.ok(d.hasClock);
  d.set('x', 1);
  assert.equal(d.clockAt(d.lastSlot), 0);
});

function host(now: { t: number }): DbHost {
  return {
    now: () => now.t,
    keyModified() {}, keyExpired() {}, keyReady() {},
    expireAllowed: () => true,
    stats: { keyspaceHits: 0, keyspaceMisses: 0, expiredKeys: 0 },
  };
}

test('database access clock: LRU idle seconds, NOTOUCH lookups, LFU counter', () => {
  const now = { t: 1_700_000_000_000 };
  const db = new Database(0, host(now));
  db.set('a', '1');
  now.t += 5000;
  assert.equal(idleSeconds(db.accessWord('a'), now.t), 5);
  db.lookupRead('a', LOOKUP_NOTOUCH);
  db.peek('a');
  assert.equal(idleSeconds(db.accessWord('a'), now.t), 5);
  db.lookupRead('a');
  assert.equal(idleSeconds(db.accessWord('a'), now.t), 0);
  now.t += 3000;
  db.lookupWrite('a');
  assert.equal(idleSeconds(db.accessWord('a'), now.t), 0);
  assert.equal(db.accessWord('nokey'), -1);

  const p = defaultAccessPolicy();
  p.lfu = true;
  db.access = p;
  db.set('f', 'v');
  assert.equal(lfuDecayed(db.accessWord('f'), now.t, p), LFU_INIT);
  db.lookupRead('f');
  assert.equal(lfuDecayed(db.accessWord('f'), now.t, p), LFU_INIT + 1);
  db.set('f', 'w'); // overwriting keeps the counter under LFU
  assert.equal(lfuDecayed(db.accessWord('f'), now.t, p), LFU_INIT + 1);
  // one decay period per minute without access
  assert.equal(lfuDecayed(db.accessWord('f'), now.t + 3 * 60000, p), LFU_INIT - 2);
  assert.equal(lfuDecayed(db.accessWord('f'), now.t + 3600 * 1000, p), 0);
  p.decayTime = 0;
  assert.equal(lfuDecayed(db.accessWord('f'), now.t + 3600 * 1000, p), LFU_INIT + 1);
  // the counter saturates at 255 and grows ever more slowly
  p.logFactor = 0;
  let w = freshWord(now.t, p);
  for (let i = 0; i < 300; i++) w = accessedWord(w, now.t, p);
  assert.equal(w & 0xff, 255);
});
