import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RList } from '../../src/types/list.js';
import { rng, testSeed } from '../diff.js';

/** RESP bulk string of v. */
function resp(v: string): string { return `$${v.length}\r\n${v}\r\n`; }

/** Collects what RList writes for replies. */
class Sink {
  out = '';
  rawText(s: string, start: number, end: number): void { this.out += s.substring(start, end); }
  bulk(v: string): void { this.out += resp(v); }
}

function val(r: () => number): string {
  const k = r();
  if (k < 0.05) return 'x'.repeat(Math.floor(r() * 3000));
  if (k < 0.1) return '';
  return String.fromCharCode(97 + Math.floor(r() * 5)) + (k < 0.5 ? '\0\xff' : '');
}

/** Random operations on an RList and a plain array model; the two must agree after each step. */
function runRandom(seed: number, fill: number, steps: number): void {
  const r = rng(seed);
  const l = new RList();
  let m: string[] = [];
  const note = `seed ${seed} fill ${fill}`;
  for (let s = 0; s < steps; s++) {
    const op = Math.floor(r() * 13);
    const len = m.length;
    const idx = Math.floor(r() * (len + 2)) - 1;
    switch (op) {
      case 0: case 1: { const v = val(r); l.pushHead(v, fill); m.unshift(v); break; }
      case 2: case 3: { const v = val(r); l.pushTail(v, fill); m.push(v); break; }
      case 4: {
        if (r() < 0.5) { assert.equal(l.popHead(), m.shift(), note); break; }
        const sink = new Sink();
        assert.equal(l.popHeadTo(sink), len > 0, note);
        if (len > 0) assert.equal(sink.out, resp(m.shift() as string), note);
        break;
      }
      case 5: {
        if (r() < 0.5) { assert.equal(l.popTail(), m.pop(), note); break; }
        const sink = new Sink();
        assert.equal(l.popTailTo(sink), len > 0, note);
        if (len > 0) assert.equal(sink.out, resp(m.pop() as string), note);
        break;
      }
      case 6: assert.equal(l.get(idx), idx < 0 ? m[m.length + idx] : m[idx], note); break;
      case 7: if (idx >= 0 && idx < len) { const v = val(r); l.set(idx, v, fill); m[idx] = v; } break;
      case 8: {
        if (len === 0) break;
        const a = Math.floor(r() * len), n = Math.floor(r() * (len - a + 1));
        l.deleteRange(a, n); m.splice(a, n); break;
      }
      case 9: {
        const pivot = val(r), v = val(r), after = r() < 0.5;
        const i = m.indexOf(pivot);
        assert.equal(l.insert(pivot, v, after, fill), i >= 0, note);
        if (i >= 0) m.splice(after ? i + 1 : i, 0, v);
        break;
      }
      case 10: {
        const v = val(r), count = Math.floor(r() * 3), fromTail = r() < 0.5;
        let removed = 0;
        const limit = count === 0 ? Infinity : count;
        if (!fromTail) m = m.filter(x => (x === v && removed < limit) ? (removed++, false) : true);
        else m = m.reverse().filter(x => (x === v && removed < limit) ? (removed++, false) : true).reverse();
        assert.equal(l.remove(v, count, fromTail), removed, note);
        break;
      }
      case 12: {
        const v = val(r), skip = Math.floor(r() * 3), limit = r() < 0.3 ? Infinity : 1 + Math.floor(r() * 3);
        const maxlen = r() < 0.5 ? 0 : Math.floor(r() * (len + 2)), fromTail = r() < 0.5;
        const want: number[] = [];
        let sk = skip;
        const scan = maxlen === 0 ? len : Math.min(maxlen, len);
        for (let k = 0; k < scan && want.length < limit; k++) {
          const i = fromTail ? len - 1 - k : k;
          if (m[i] === v && sk-- <= 0) want.push(i);
        }
        assert.deepEqual(l.positions(v, skip, limit, maxlen, fromTail), want, note);
        break;
      }
      case 11: {
        if (len === 0) break;
        const a = Math.floor(r() * len), n = Math.floor(r() * (len - a + 1));
        assert.deepEqual(l.range(a, a + n - 1), m.slice(a, a + n), note);
        const sink = new Sink();
        l.writeRange(a, n, sink);
        assert.equal(sink.out, m.slice(a, a + n).map(resp).join(''), note);
        const back: string[] = [];
        l.walk(a + n - 1, n, true, v => { back.push(v); });
        assert.deepEqual(back, m.slice(a, a + n).reverse(), note);
        break;
      }
    }
    assert.equal(l.length, m.length, note);
    if (r() < 0.5) l.compact();
    if (s % 50 === 0) { l.verify(); assert.deepEqual(l.toArray(), m, note); }
  }
  l.verify();
  assert.deepEqual(l.toArray(), m, note);
  const d = l.dup();
  d.pushTail('extra');
  assert.deepEqual(l.toArray(), m, note);
  assert.equal(d.length, m.length + 1);
}

test('RList matches an array model under random operations', () => {
  const seed = testSeed();
  for (const fill of [-2, -1, -5, 1, 2, 4, 100, 0]) runRandom(seed + fill, fill, 3000);
});

test('RList keeps many nodes consistent through positional edits', () => {
  const l = new RList();
  for (let i = 0; i < 5000; i++) l.pushTail('item:' + i + '\xff\0' + 'z'.repeat(i % 200));
  l.compact();
  l.verify();
  assert.ok(l.nodeCount() > 10);
  assert.equal(l.get(1234), 'item:1234\xff\0' + 'z'.repeat(1234 % 200));
  assert.deepEqual(l.range(4998, 4999), ['item:4998\xff\0' + 'z'.repeat(4998 % 200), 'item:4999\xff\0' + 'z'.repeat(4999 % 200)]);
  const big = 'B'.repeat(300);
  l.set(2500, big);
  l.compact();
  l.verify();
  assert.equal(l.get(2500), big);
  const d = l.dup();
  d.verify();
  assert.deepEqual(d.toArray(), l.toArray());
});

test('RList node sizing follows the fill setting', () => {
  const l = new RList();
  for (let i = 0; i < 1000; i++) l.pushTail('v' + i, 10);
  assert.equal(l.nodeCount(), 100);
  const b = new RList();
  for (let i = 0; i < 1000; i++) b.pushHead('x'.repeat(98), -1); // 100 bytes per entry, 4 KB nodes
  assert.equal(b.nodeCount(), Math.ceil(1000 / 40));
  b.verify();
  assert.equal(b.encoding(), 'quicklist');
  assert.equal(new RList().encoding(), 'quicklist');
});

test('RList walk stops early and handles an empty list', () => {
  const l = new RList();
  assert.equal(l.popHead(), undefined);
  assert.equal(l.popTail(), undefined);
  assert.equal(l.get(0), undefined);
  for (let i = 0; i < 50; i++) l.pushTail(String(i), 4);
  const seen: string[] = [];
  l.walk(10, 30, false, v => { seen.push(v); return seen.length < 3; });
  assert.deepEqual(seen, ['10', '11', '12']);
  l.compact();
  seen.length = 0;
  l.walk(10, 30, false, v => { seen.push(v); return seen.length < 3; });
  assert.deepEqual(seen, ['10', '11', '12']);
  assert.equal(l.get(33), '33');
  l.verify();
  l.deleteRange(0, 50);
  assert.equal(l.length, 0);
  assert.equal(l.head, null);
  l.verify();
});

test('RList uniform-length nodes: positions by arithmetic, tail pops without offsets, mixed lengths after', () => {
  const l = new RList();
  const m: string[] = [];
  for (let i = 0; i < 700; i++) { const v = 'v'.repeat(5) + String(1000 + i); l.pushTail(v); m.push(v); }
  l.compact();
  l.verify();
  const sink = new Sink();
  l.writeRange(100, 450, sink);
  assert.equal(sink.out, m.slice(100, 550).map(resp).join(''));
  assert.equal(l.get(333), m[333]);
  for (let i = 0; i < 10; i++) assert.equal(l.popTail(), m.pop());
  l.pushTail('short'); m.push('short'); // the tail node now mixes lengths
  l.pushHead('x'.repeat(150)); m.unshift('x'.repeat(150));
  l.verify();
  sink.out = '';
  l.writeRange(0, m.length, sink);
  assert.equal(sink.out, m.map(resp).join(''));
  for (let i = 0; i < 20; i++) { assert.equal(l.popTail(), m.pop()); assert.equal(l.popHead(), m.shift()); }
  l.deleteRange(5, 30); m.splice(5, 30);
  l.set(7, 'changed'); m[7] = 'changed';
  l.verify();
  assert.deepEqual(l.toArray(), m);
});

test('RList node formats: small nodes stay packed, grown nodes switch to RESP text, both read the same', () => {
  const small = new RList();
  for (let i = 0; i < 10; i++) small.pushTail('item-' + i);
  small.compact();
  small.verify();
  assert.equal(small.respNodes(), 0);
  const big = new RList();
  const m: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const v = i % 3 === 0 ? 'x'.repeat(i % 40) : 'v' + i;
    if (i % 2) { big.pushHead(v); m.unshift(v); } else { big.pushTail(v); m.push(v); }
    if (i % 7 === 0) big.compact();
  }
  big.compact();
  big.verify();
  assert.ok(big.respNodes() >= big.nodeCount() - 2, `${big.respNodes()} of ${big.nodeCount()}`);
  const sink = new Sink();
  big.writeRange(0, m.length, sink);
  assert.equal(sink.out, m.map(resp).join(''));
  // a packed end node in front of RESP nodes: ranges and pops across both
  big.pushHead('front'); m.unshift('front');
  big.compact();
  big.verify();
  sink.out = '';
  big.writeRange(0, 50, sink);
  assert.equal(sink.out, m.slice(0, 50).map(resp).join(''));
  for (let i = 0; i < 300; i++) {
    const s1 = new Sink(), s2 = new Sink();
    big.popHeadTo(s1); big.popTailTo(s2);
    assert.equal(s1.out, resp(m.shift() as string));
    assert.equal(s2.out, resp(m.pop() as string));
  }
  big.verify();
  assert.deepEqual(big.toArray(), m);
  const d = big.dup();
  d.verify();
  assert.deepEqual(d.toArray(), m);
  // one huge element starts its own RESP node
  const h = new RList();
  h.pushTail('H'.repeat(100000));
  h.compact();
  assert.equal(h.respNodes(), 1);
  h.verify();
});
