import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream, parseU64, idStr, idIncr, idDecr, cmpId, ZERO_ID, MAX_ID, U64_MAX, type StreamID } from '../../src/types/stream.js';
import { rng, testSeed } from '../diff.js';

const LIM = { maxBytes: 4096, maxEntries: 100 };

function all(s: Stream, rev = false): string[] {
  const out: string[] = [];
  s.range(ZERO_ID, MAX_ID, rev, (id, f) => { out.push(idStr(id) + ':' + f.join(',')); });
  return out;
}

test('stream: parseU64 follows string2ull/strtoull', () => {
  assert.equal(parseU64('0'), 0);
  assert.equal(parseU64('007'), 7);
  assert.equal(parseU64(' 7'), 7);
  assert.equal(parseU64('+8'), 8);
  assert.equal(parseU64('-1'), undefined);
  assert.equal(parseU64('-0'), 0);
  assert.equal(parseU64('-05'), 18446744073709551611n);
  assert.equal(parseU64('18446744073709551615'), U64_MAX);
  assert.equal(parseU64('18446744073709551616'), undefined);
  assert.equal(parseU64('9007199254740993'), 9007199254740993n);
  assert.equal(parseU64('9007199254740991'), 9007199254740991);
  assert.equal(parseU64(''), undefined);
  assert.equal(parseU64('1x'), undefined);
  assert.equal(parseU64(' '), undefined);
});

test('stream: ID arithmetic across 2^53 and 2^64', () => {
  assert.deepEqual(idIncr({ ms: 1, seq: U64_MAX }), { ms: 2, seq: 0 });
  assert.equal(idIncr(MAX_ID), null);
  assert.equal(idDecr(ZERO_ID), null);
  assert.deepEqual(idDecr({ ms: 2, seq: 0 }), { ms: 1, seq: U64_MAX });
  assert.deepEqual(idIncr({ ms: 0, seq: 9007199254740991 }), { ms: 0, seq: 9007199254740992n });
  assert.deepEqual(idDecr({ ms: 0, seq: 9007199254740992n }), { ms: 0, seq: 9007199254740991 });
  assert.equal(cmpId({ ms: 5, seq: 9007199254740992n }, { ms: 5, seq: 3 }), 1);
  const s = new Stream();
  const ids: StreamID[] = [{ ms: 1, seq: 1 }, { ms: 9007199254740993n, seq: 0 }, { ms: 9007199254740993n, seq: U64_MAX }, { ms: U64_MAX, seq: 7 }];
  for (const id of ids) s.append(id, ['f', 'v'], LIM);
  assert.deepEqual(all(s), ids.map(i => idStr(i) + ':f,v'));
  assert.ok(s.has(ids[2]));
  assert.ok(s.delete(ids[2]));
  assert.ok(!s.has(ids[2]));
  assert.equal(s.length, 3);
});

test('stream: random operations against a naive model', () => {
  const seed = testSeed();
  const r = rng(seed);
  const lim = { maxBytes: 300, maxEntries: 7 };
  const s = new Stream();
  let model: { id: StreamID; f: string[] }[] = [];
  let ms = 0;
  const ref = (rev: boolean, a: StreamID, b: StreamID, n: number) => {
    let l = model.filter(e => cmpId(e.id, a) >= 0 && cmpId(e.id, b) <= 0);
    if (rev) l = l.reverse();
    if (n > 0) l = l.slice(0, n);
    return l.map(e => idStr(e.id) + ':' + e.f.join(','));
  };
  const rid = (): StreamID => ({ ms: Math.floor(r() * (ms + 2)), seq: Math.floor(r() * 3) });
  for (let i = 0; i < 20000; i++) {
    const op = r();
    if (op < 0.45) {
      ms += Math.floor(r() * 3);
      const last = model.length ? model[model.length - 1].id : ZERO_ID;
      let id: StreamID = { ms, seq: Math.floor(r() * 3) };
      if (cmpId(id, s.lastId) <= 0) id = idIncr(s.lastId) as StreamID;
      void last;
      const f = r() < 0.7 ? ['a', String(i), 'b', 'x'.repeat(Math.floor(r() * 40))] : ['z', '\0\xff' + i];
      s.append(id, f, lim);
      model.push({ id, f });
    } else if (op < 0.6) {
      const id = rid();
      const had = model.some(e => cmpId(e.id, id) === 0);
      assert.equal(s.delete(id), had, `seed ${seed}`);
      model = model.filter(e => cmpId(e.id, id) !== 0);
    } else if (op < 0.65) {
      const approx = r() < 0.5;
      if (r() < 0.5) {
        const n = Math.floor(r() * 30);
        s.trim(n, null, approx, 0);
        if (!approx) model = model.slice(Math.max(0, model.length - n));
      } else {
        const id = rid();
        s.trim(-1, id, approx, 0);
        if (!approx) model = model.filter(e => cmpId(e.id, id) >= 0);
      }
      if (approx) {
        // approximate trims drop a prefix: re-sync the model from the stream
        const keep = new Set(all(s));
        model = model.filter(e => keep.has(idStr(e.id) + ':' + e.f.join(',')));
      }
    } else {
      const a = rid(), b = rid(), n = Math.floor(r() * 5), rev = r() < 0.5;
      const got: string[] = [];
      s.range(a, b, rev, (id, f) => { got.push(idStr(id) + ':' + f.join(',')); return n === 0 || got.length < n; });
      assert.deepEqual(got, ref(rev, a, b, n), `seed ${seed} op ${i}`);
    }
    assert.equal(s.length, model.length, `seed ${seed} op ${i}`);
    assert.deepEqual(s.firstId, model.length ? model[0].id : ZERO_ID, `seed ${seed}`);
  }
  assert.deepEqual(all(s), model.map(e => idStr(e.id) + ':' + e.f.join(',')));
  assert.deepEqual(all(s.dup(), true), model.map(e => idStr(e.id) + ':' + e.f.join(',')).reverse());
});

test('stream: chunks split at maxEntries and trimming is by whole chunks when approximate', () => {
  const s = new Stream();
  for (let i = 1; i <= 250; i++) s.append({ ms: i, seq: 0 }, ['f', 'v'], LIM);
  assert.equal(s.nodeCount, 3);
  assert.equal(s.trim(120, null, true, 0), 100);
  assert.equal(s.length, 150);
  assert.equal(s.trim(120, null, false, 0), 30);
  assert.equal(s.length, 120);
  assert.deepEqual(s.firstId, { ms: 131, seq: 0 });
});
