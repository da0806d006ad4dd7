/**
 * HyperLogLog against real Redis: byte-identical values (GET), identical
 * PFCOUNT for random sets up to a million elements, values copied between
 * the servers, corrupted values, and the PFDEBUG views.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY } from '../diff.js';
import { skipRedis } from '../servers.js';

const skip = skipRedis();

test('PFADD/PFCOUNT/PFMERGE: same bytes and counts as Redis on seeded random sets', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const sizes = [0, 1, 5, 50, 300, 1000, 3000, 12000, 60000];
  for (let k = 0; k < sizes.length; k++) {
    const key = 'h' + k;
    let added = 0;
    await p.check(['PFADD', key], { note });
    while (added < sizes[k]) {
      const n = Math.min(500, sizes[k] - added);
      const els: string[] = [];
      for (let i = 0; i < n; i++) els.push(r() < 0.1 ? String.fromCharCode(...Array.from({ length: 1 + Math.floor(r() * 12) }, () => Math.floor(r() * 256))) : 'e' + Math.floor(r() * 1e9));
      await p.check(['PFADD', key, ...els], { note });
      added += n;
    }
    await p.check(['PFCOUNT', key], { note });
    await p.check(['GET', key], { note: note + ' bytes after PFCOUNT caches' });
    await p.check(['PFDEBUG', 'ENCODING', key], { note });
  }
  await p.check(['PFCOUNT', 'h2', 'h5', 'h7', 'missing'], { note });
  await p.check(['PFMERGE', 'm', 'h3', 'h4'], { note });
  await p.check(['GET', 'm'], { note });
  await p.check(['PFMERGE', 'm', 'h8'], { note });
  await p.check(['GET', 'm'], { note });
  await p.check(['PFCOUNT', 'm'], { note });
  await p.check(['PFMERGE', 'empty'], { note });
  await p.check(['GET', 'empty'], { note });
  await p.check(['PFADD', 'nasty', ...NASTY], { note });
  await p.check(['GET', 'nasty'], { note });
  await p.check(['PFDEBUG', 'DECODE', 'nasty'], { note });
  await p.check(['PFDEBUG', 'GETREG', 'h3'], { note });
  await p.check(['GET', 'h3'], { note: 'GETREG turns it dense' });
  await p.check(['PFDEBUG', 'TODENSE', 'h2'], { note });
  await p.check(['PFDEBUG', 'TODENSE', 'h2'], { note });
  await p.check(['PFDEBUG', 'DECODE', 'h2'], { note });
  await p.check(['PFDEBUG', 'FOO', 'h2'], { note });
  await p.check(['PFDEBUG', 'ENCODING', 'nokey'], { note });
  await p.check(['PFSELFTEST'], { note });
});

test('a million elements: PFCOUNT equal to Redis\'s', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  for (let b = 0; b < 200; b++) {
    const els: string[] = [];
    for (let i = 0; i < 5000; i++) els.push(String(Math.floor(r() * 1e12)));
    await p.check(['PFADD', 'big', ...els], { note: `seed ${seed}` });
  }
  await p.check(['PFCOUNT', 'big'], { note: `seed ${seed}` });
  await p.check(['GET', 'big'], { note: `seed ${seed}` });
});

test('values copied between Redis and Respite count the same; corrupted values are detected', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const els = Array.from({ length: 2000 }, (_, i) => 'x' + i);
  await p.redis.call('PFADD', 'src', ...els.slice(0, 100));
  await p.redis.call('PFADD', 'dsrc', ...els);
  for (const k of ['src', 'dsrc']) {
    const v = await p.redis.call('GET', k);
    assert.equal(v.t, 'bulk');
    await p.respite.call('SET', k, (v as { v: string }).v);
    await p.check(['PFCOUNT', k]);
    await p.check(['PFADD', k, 'more', 'elements']);
    await p.check(['GET', k]);
  }
  // Respite's value into Redis
  await p.respite.call('PFADD', 'mine', ...els.slice(0, 700));
  const mv = await p.respite.call('GET', 'mine');
  await p.redis.call('SET', 'mine', (mv as { v: string }).v);
  await p.check(['PFCOUNT', 'mine']);
  // not an HLL / corrupted
  await p.check(['SET', 'str', 'hello']);
  await p.check(['PFADD', 'str', 'a']);
  await p.check(['PFCOUNT', 'str']);
  await p.check(['SET', 'bad', 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80\x7f\xff\x7f\xff']);
  await p.check(['PFCOUNT', 'bad']);
  await p.check(['PFADD', 'bad', 'a', 'b', 'c']);
  await p.check(['SET', 'bad2', 'HYLL\0\0\0\0\0\0\0\0\0\0\0\x80abc']);
  await p.check(['PFCOUNT', 'bad2']);
  await p.check(['SET', 'bad3', 'HYLL\x02\0\0\0\0\0\0\0\0\0\0\x80\x7f\xff']);
  await p.check(['PFCOUNT', 'bad3']);
  await p.check(['PFMERGE', 'dst', 'bad']);
  await p.check(['PFADD', 'toolong', 'x']);
  await p.check(['SET', 'trunc', 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80\x7f']);
  await p.check(['PFCOUNT', 'trunc']);
});

test('PFADD after the value was changed behind its back (SETRANGE, SET, RENAME, COPY): same bytes as Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const els = (n: number) => Array.from({ length: n }, () => 'x' + Math.floor(r() * 1e9));
  for (const dense of [false, true]) {
    await p.check(['DEL', 'a', 'b', 'c'], { ignore: true });
    await p.check(['PFADD', 'a', ...els(dense ? 5000 : 20)], { note });
    if (dense) await p.check(['PFADD', 'a', ...els(5000)], { note });
    for (let round = 0; round < 6; round++) {
      await p.check(['PFADD', 'a', ...els(3)], { note });
      // change a register byte behind PFADD's back, then add again
      await p.check(['SETRANGE', 'a', String(20 + Math.floor(r() * 200)), String.fromCharCode(Math.floor(r() * 256))], { note });
      await p.check(['PFADD', 'a', ...els(3)], { note });
      await p.check(['GET', 'a'], { note });
      await p.check(['PFCOUNT', 'a'], { note });
      await p.check(['COPY', 'a', 'b', 'REPLACE'], { note });
      await p.check(['PFADD', 'b', ...els(3)], { note });
      await p.check(['PFADD', 'a', ...els(3)], { note });
      await p.check(['RENAME', 'b', 'c'], { note });
      await p.check(['PFADD', 'c', ...els(3)], { note });
      await p.check(['GET', 'a'], { note });
      await p.check(['GET', 'c'], { note });
    }
    await p.check(['SET', 'a', 'not an hll'], { note });
    await p.check(['PFADD', 'a', 'z'], { note });
  }
});
