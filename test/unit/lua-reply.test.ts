// The scripting fake client's LuaReplyWriter must build exactly the Lua value
// that parsing the RESP bytes of the same reply gives (ReplyParser): same
// values, same table layout (array part, node order), same "is an error".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyWriter } from '../../src/protocol/writer.js';
import { LuaReplyWriter, ReplyParser } from '../../src/scripting/convert.js';
import { LuaTable } from '../../src/scripting/lua/index.js';
import { rng, testSeed } from '../diff.js';

type Write = (w: ReplyWriter) => void;

/** A Lua value with its tables' layouts spelled out. */
function dump(v: unknown, seen = new Set<LuaTable>()): unknown {
  if (!(v instanceof LuaTable)) return typeof v === 'number' && v !== v ? 'NaN' : v;
  if (seen.has(v)) return '<cycle>';
  seen.add(v);
  const nodes: unknown[] = [];
  for (let i = 0; i < v.nsize; i++) nodes.push([dump(v.nk[i], seen), dump(v.nv[i], seen), v.nn[i]]);
  return { arr: v.arr.map(x => dump(x, seen)), nsize: v.nsize, lastfree: v.lastfree, nodes };
}

function viaBytes(write: Write, resp: 2 | 3): [unknown, boolean] {
  const w = new ReplyWriter();
  w.resp = resp;
  write(w);
  const chunks = w.take();
  const text = chunks === null ? '' : Buffer.concat(chunks).toString('latin1');
  if (text === '') return [undefined, false];
  return [new ReplyParser(text).read(), text.charCodeAt(0) === 45];
}

function direct(write: Write, resp: 2 | 3): [unknown, boolean] {
  const w = new LuaReplyWriter();
  w.resp = resp;
  w.reset();
  write(w);
  return [w.result(), w.rootErr];
}

function same(write: Write, note: string): void {
  for (const resp of [2, 3] as const) {
    const [a, ea] = viaBytes(write, resp);
    const [b, eb] = direct(write, resp);
    assert.deepEqual(dump(b), dump(a), `${note} (RESP${resp})`);
    assert.equal(eb, ea, `${note} (RESP${resp}) error flag`);
  }
}

test('LuaReplyWriter gives what parsing the encoded reply gives', () => {
  const cases: [string, Write][] = [
    ['nothing', () => {}],
    ['int', w => w.int(42)], ['negative zero', w => w.int(-0)], ['bigint', w => w.int(-9223372036854775808n)],
    ['bulk', w => w.bulk('a\r\nb\0c')], ['buffer bulk', w => w.bulk(Buffer.from([0, 255, 13, 10]))], ['empty bulk', w => w.bulk('')],
    ['ok', w => w.ok()], ['simple', w => w.simple('QUEUED')], ['error', w => w.error('ERR bad\r\nthing')], ['error code', w => w.error('WRONGTYPE x')],
    ['null bulk', w => w.nullBulk()], ['null array', w => w.nullArray()], ['null', w => w.null()],
    ['empty array', w => w.array(0)], ['array', w => { w.array(3); w.int(1); w.nullBulk(); w.bulk('x'); }],
    ['nested', w => { w.array(2); w.array(2); w.int(1); w.array(0); w.map(1); w.bulk('k'); w.array(1); w.nullArray(); }],
    ['map', w => { w.map(3); w.bulk('a'); w.int(1); w.bulk('b'); w.nullBulk(); w.bulk('c'); w.double(2.5); }],
    ['map with null key', w => { w.map(2); w.nullBulk(); w.int(1); w.int(7); w.bulk('v'); }],
    ['empty map and set', w => { w.array(2); w.map(0); w.set(0); }],
    ['set', w => { w.set(4); w.bulk('a'); w.bulk('b'); w.bulk('a'); w.nullBulk(); }],
    ['push', w => { w.push(2); w.bulk('message'); w.int(3); }],
    ['bool', w => { w.array(2); w.bool(true); w.bool(false); }],
    ['doubles', w => { w.array(6); w.double(1.5); w.double(-0); w.double(NaN); w.double(Infinity); w.double(1e300); w.double(0.1, '0.1'); }],
    ['big number', w => w.bigNumber('123456789012345678901234567890')],
    ['verbatim', w => { w.array(2); w.verbatim('hello\r\nworld'); w.verbatim('x', 'mkd'); }],
    ['bulk array', w => w.bulkArray(['a', 'b', 'c'])], ['bulk or null', w => { w.array(2); w.bulkOrNull(null); w.bulkOrNull('z'); }],
    ['bulk number', w => w.bulkNumber(12n)],
    ['first reply only', w => { w.int(1); w.int(2); }], ['error after value', w => { w.int(1); w.error('ERR x'); }],
    ['error inside array', w => { w.array(2); w.error('ERR inner'); w.int(1); }],
    ['many elements', w => { w.array(100); for (let i = 0; i < 100; i++) w.bulk('e' + i); }],
    ['large map', w => { w.map(40); for (let i = 0; i < 40; i++) { w.bulk('k' + i); w.int(i); } }],
    ['large set', w => { w.set(40); for (let i = 0; i < 40; i++) w.int(i % 30); }],
    ['raw', w => w.raw(Buffer.from('*2\r\n$1\r\na\r\n:5\r\n'))],
  ];
  for (const [note, write] of cases) same(write, note);
});

test('LuaReplyWriter matches the parser on random nested replies (seeded)', () => {
  const seed = testSeed();
  const r = rng(seed);
  const scalar = (w: ReplyWriter, rr: () => number): void => {
    const k = Math.floor(rr() * 4);
    if (k === 0) w.int(Math.floor(rr() * 20)); else if (k === 1) w.bulk('s' + Math.floor(rr() * 20)); else if (k === 2) w.nullBulk(); else w.bool(rr() < 0.5);
  };
  const gen = (w: ReplyWriter, depth: number, rr: () => number): void => {
    const pick = (n: number) => Math.floor(rr() * n);
    const k = pick(depth > 3 ? 8 : 12);
    switch (k) {
      case 0: w.int(pick(1000) - 500); break;
      case 1: w.bulk('s' + pick(20)); break;
      case 2: w.nullBulk(); break;
      case 3: w.simple('st' + pick(3)); break;
      case 4: w.error('ERR e' + pick(3)); break;
      case 5: w.double(pick(100) / 7); break;
      case 6: w.bool(rr() < 0.5); break;
      case 7: w.nullArray(); break;
      case 8: case 9: { const n = pick(6); w.array(n); for (let i = 0; i < n; i++) gen(w, depth + 1, rr); break; }
      // (table keys hash by identity, which differs between two runs: keys are scalars here)
      case 10: { const n = pick(5); w.map(n); for (let i = 0; i < n; i++) { scalar(w, rr); gen(w, depth + 1, rr); } break; }
      default: { const n = pick(5); w.set(n); for (let i = 0; i < n; i++) scalar(w, rr); break; }
    }
  };
  for (let i = 0; i < 300; i++) {
    const s = Math.floor(r() * (1 << 30));
    same(w => gen(w, 0, rng(s)), `case ${i} seed ${seed}`);
  }
});
