import { test } from 'node:test';
import { diffPair, rng, testSeed, NASTY } from '../diff.js';
import { skipRedis } from '../servers.js';
import { makeWrongType } from './string-helpers.js';

const skip = skipRedis();

test('SETBIT / GETBIT', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SETBIT', 'b', '7', '1'], ['GET', 'b'], ['SETBIT', 'b', '7', '1'], ['SETBIT', 'b', '7', '0'], ['SETBIT', 'b', '100', '1'], ['GET', 'b'], ['STRLEN', 'b'],
    ['GETBIT', 'b', '100'], ['GETBIT', 'b', '101'], ['GETBIT', 'b', '1000000'], ['GETBIT', 'nokey', '0'], ['GETBIT', 'b', '-1'], ['GETBIT', 'b', 'x'],
    ['SETBIT', 'b', '-1', '1'], ['SETBIT', 'b', 'x', '1'], ['SETBIT', 'b', '1', '2'], ['SETBIT', 'b', '1', '-1'], ['SETBIT', 'b', '1', 'x'], ['SETBIT', 'b', '1', '01'],
    ['SETBIT', 'b', '1', ''], ['SETBIT', 'b', 'x', 'x'], ['SETBIT', 'b', '4294967296', '1'], ['SETBIT', 'b', '9223372036854775807', '1'],
    ['GETBIT', 'b', '4294967296'], ['GETBIT', 'b', '4294967295'], ['GETBIT', 'b', '9223372036854775808'],
    ['SET', 's', 'A'], ['SETBIT', 's', '6', '1'], ['GET', 's'], ['GETBIT', 's', '1'], ['GETBIT', 's', '7'], ['SET', 'i', '12'], ['SETBIT', 'i', '15', '1'], ['GET', 'i'], ['INCR', 'i'],
    ['SETBIT', 'b'], ['SETBIT', 'b', '1'], ['GETBIT', 'b'], ['GETBIT', 'b', '1', '2'],
  ]);
  for (let i = 0; i < 40; i++) await p.check(['SETBIT', 'seq', String((i * 37) % 97), String(i % 2)]);
  await p.check(['GET', 'seq']);
  for (let i = 0; i < 100; i++) await p.check(['GETBIT', 'seq', String(i)]);
  if (await makeWrongType(p, 'wt')) await p.all([['SETBIT', 'wt', '1', '1'], ['GETBIT', 'wt', '1'], ['SETBIT', 'wt', 'x', '1'], ['GETBIT', 'wt', 'x']]);
});

test('BITCOUNT: BYTE and BIT ranges, negative indexes, errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'k', 'foobar'], ['BITCOUNT', 'k'], ['BITCOUNT', 'k', '0', '0'], ['BITCOUNT', 'k', '1', '1'], ['BITCOUNT', 'k', '1', '1', 'BYTE'], ['BITCOUNT', 'k', '5', '30', 'BIT'],
    ['BITCOUNT', 'k', '0', '-1'], ['BITCOUNT', 'k', '-2', '-1'], ['BITCOUNT', 'k', '-1', '-2'], ['BITCOUNT', 'k', '-100', '-50'], ['BITCOUNT', 'k', '-100', '100'],
    ['BITCOUNT', 'k', '3', '1'], ['BITCOUNT', 'k', '10', '20'], ['BITCOUNT', 'k', '0', '-1', 'bit'], ['BITCOUNT', 'k', '-5', '-1', 'BIT'], ['BITCOUNT', 'k', '-1', '-5', 'BIT'],
    ['BITCOUNT', 'k', '1', '6', 'BIT'], ['BITCOUNT', 'k', '3', '3', 'BIT'], ['BITCOUNT', 'k', '0', '47', 'BIT'], ['BITCOUNT', 'k', '40', '100', 'BIT'],
    ['BITCOUNT', 'k', '0'], ['BITCOUNT', 'k', '0', '1', 'FOO'], ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'], ['BITCOUNT', 'k', 'x', '1'], ['BITCOUNT', 'k', '1', 'x'],
    ['BITCOUNT', 'k', 'x', 'y', 'FOO'], ['BITCOUNT', 'k', '0', 'x', 'FOO'], ['BITCOUNT', 'nokey'], ['BITCOUNT', 'nokey', '0'], ['BITCOUNT', 'nokey', 'x', 'y', 'z', 'w'],
    ['BITCOUNT', 'k', '-9223372036854775808', '9223372036854775807'], ['BITCOUNT', 'k', '-9223372036854775808', '9223372036854775807', 'BIT'],
    ['BITCOUNT', 'k', '9223372036854775807', '9223372036854775807', 'BIT'], ['BITCOUNT', 'k', '1152921504606846976', '-1', 'BIT'],
    ['SET', 'e', ''], ['BITCOUNT', 'e'], ['BITCOUNT', 'e', '0', '-1'], ['BITCOUNT', 'e', '0', '-1', 'BIT'], ['SET', 'i', '-12345'], ['BITCOUNT', 'i'], ['BITCOUNT', 'i', '1', '2'],
    ['BITCOUNT'],
  ]);
  const seed = testSeed();
  const r = rng(seed);
  let v = '';
  for (let i = 0; i < 50; i++) v += String.fromCharCode(Math.floor(r() * 256));
  await p.check(['SET', 'r', v]);
  for (let i = 0; i < 200; i++) {
    const a = String(Math.floor(r() * 900) - 450), b = String(Math.floor(r() * 900) - 450);
    await p.check(['BITCOUNT', 'r', a, b, 'BIT'], { note: `seed ${seed}` });
    await p.check(['BITCOUNT', 'r', String(Number(a) >> 3), String(Number(b) >> 3)], { note: `seed ${seed}` });
  }
  for (const n of NASTY) await p.all([['SET', 'n', n], ['BITCOUNT', 'n'], ['BITCOUNT', 'n', '1', '-2'], ['BITCOUNT', 'n', '3', '-4', 'BIT']]);
  if (await makeWrongType(p, 'wt')) await p.all([['BITCOUNT', 'wt'], ['BITCOUNT', 'wt', 'x', 'y'], ['BITCOUNT', 'wt', '0']]);
});

test('BITPOS: bit 0/1, BYTE and BIT ranges, missing end, errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'k', '\xff\xf0\x00'], ['BITPOS', 'k', '0'], ['BITPOS', 'k', '1'], ['BITPOS', 'k', '0', '1'], ['BITPOS', 'k', '1', '2'], ['BITPOS', 'k', '1', '2', '-1'],
    ['BITPOS', 'k', '0', '0', '0'], ['BITPOS', 'k', '1', '7', '15', 'BIT'], ['BITPOS', 'k', '0', '7', '15', 'BIT'], ['BITPOS', 'k', '0', '0', '11', 'BIT'],
    ['BITPOS', 'k', '1', '12', '-1', 'BIT'], ['BITPOS', 'k', '0', '-3', '-1', 'bit'], ['BITPOS', 'k', '1', '-1', '-1'], ['BITPOS', 'k', '1', '5', '2'],
    ['BITPOS', 'k', '1', '100'], ['BITPOS', 'k', '0', '100'], ['BITPOS', 'k', '0', '-100'], ['BITPOS', 'k', '1', '-100', '-50'], ['BITPOS', 'k', '2'], ['BITPOS', 'k', '-1'],
    ['BITPOS', 'k', 'x'], ['BITPOS', 'k', '1', 'x'], ['BITPOS', 'k', '1', '0', 'x'], ['BITPOS', 'k', '1', '0', '1', 'FOO'], ['BITPOS', 'k', '1', '0', '1', 'BIT', 'x'],
    ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '1'], ['BITPOS', 'nokey', '1', 'x'], ['BITPOS', 'nokey', '2'], ['BITPOS', 'nokey', '0', '1', '2', 'BIT'],
    ['SET', 'ones', '\xff\xff\xff'], ['BITPOS', 'ones', '0'], ['BITPOS', 'ones', '0', '0'], ['BITPOS', 'ones', '0', '0', '-1'], ['BITPOS', 'ones', '0', '1', '-1', 'BIT'],
    ['BITPOS', 'ones', '0', '0', '23', 'BIT'], ['BITPOS', 'ones', '0', '3', '4', 'BIT'], ['BITPOS', 'ones', '0', '3'],
    ['SET', 'zero', '\x00\x00'], ['BITPOS', 'zero', '1'], ['BITPOS', 'zero', '0'], ['BITPOS', 'zero', '1', '0', '-1', 'BIT'], ['BITPOS', 'zero', '0', '9', '9', 'BIT'],
    ['SET', 'e', ''], ['BITPOS', 'e', '0'], ['BITPOS', 'e', '1'], ['BITPOS', 'e', '0', '0'], ['BITPOS', 'e', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'k', '1', '-9223372036854775808', '9223372036854775807'], ['BITPOS', 'k', '0', '9223372036854775807'], ['BITPOS', 'k', '1', '0', '-9223372036854775808', 'BIT'],
    ['BITPOS', 'k', '0', '0', '-1', 'BYTE'], ['BITPOS', 'ones', '0', '0', '-1', 'byte'], ['BITPOS', 'ones', '0', '1', '2', 'BYTE'], ['BITPOS', 'zero', '1', '0', '1', 'BYTE'],
    ['BITPOS', 'k', '1', '1', '1', 'BYTE'], ['BITPOS', 'k', '1', '0', '0', 'bYtE'], ['BITPOS', 'k', '0', '0', '1', 'BIT', 'BIT'],
    ['BITPOS'], ['BITPOS', 'k'],
  ]);
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  for (let round = 0; round < 20; round++) {
    let v = '';
    const n = 1 + Math.floor(r() * 12);
    for (let i = 0; i < n; i++) { const x = r(); v += String.fromCharCode(x < 0.35 ? 0 : x < 0.7 ? 255 : Math.floor(r() * 256)); }
    await p.check(['SET', 'r', v]);
    for (let i = 0; i < 30; i++) {
      const bit = String(Math.floor(r() * 2));
      const a = String(Math.floor(r() * (n * 20)) - n * 10), b = String(Math.floor(r() * (n * 20)) - n * 10);
      const x = r();
      const cmd = x < 0.2 ? ['BITPOS', 'r', bit, a] : x < 0.5 ? ['BITPOS', 'r', bit, String(Number(a) >> 3), String(Number(b) >> 3)] : ['BITPOS', 'r', bit, a, b, 'BIT'];
      await p.check(cmd, { note });
    }
  }
  for (const n of NASTY) await p.all([['SET', 'n', n], ['BITPOS', 'n', '1'], ['BITPOS', 'n', '0'], ['BITPOS', 'n', '0', '1', '-2'], ['BITPOS', 'n', '1', '3', '-4', 'BIT']]);
  if (await makeWrongType(p, 'wt')) await p.all([['BITPOS', 'wt', '1'], ['BITPOS', 'wt', '2'], ['BITPOS', 'wt', '1', 'x']]);
});

test('BITOP AND / OR / XOR / NOT', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'a', 'foobar'], ['SET', 'b', 'abcdef\xff\x00'], ['SET', 'c', '\x00\xff'],
    ['BITOP', 'AND', 'd', 'a', 'b'], ['GET', 'd'], ['BITOP', 'OR', 'd', 'a', 'b', 'c'], ['GET', 'd'], ['BITOP', 'XOR', 'd', 'a', 'b', 'c'], ['GET', 'd'],
    ['BITOP', 'NOT', 'd', 'b'], ['GET', 'd'], ['BITOP', 'not', 'd', 'c'], ['GET', 'd'], ['BITOP', 'and', 'd', 'a', 'nokey'], ['GET', 'd'], ['BITOP', 'Or', 'd', 'nokey', 'a'], ['GET', 'd'],
    ['BITOP', 'AND', 'd', 'a'], ['GET', 'd'], ['BITOP', 'XOR', 'd', 'a', 'a'], ['GET', 'd'], ['BITOP', 'AND', 'd', 'nokey', 'nokey2'], ['GET', 'd'], ['STRLEN', 'd'],
    ['BITOP', 'NOT', 'd', 'nokey'], ['BITOP', 'NOT', 'd', 'a', 'b'], ['BITOP', 'NOT', 'd'], ['BITOP', 'NAND', 'd', 'a'], ['BITOP', 'FOO', 'd', 'a', 'b'], ['BITOP', 'AND', 'd'],
    ['BITOP', 'AND'], ['BITOP'], ['SET', 'e', ''], ['SET', 'd', 'x'], ['BITOP', 'OR', 'd', 'e'], ['GET', 'd'], ['BITOP', 'OR', 'a', 'a', 'b'], ['GET', 'a'],
    ['SET', 'i', '123'], ['BITOP', 'NOT', 'd', 'i'], ['GET', 'd'], ['BITOP', 'AND', 'a', 'a', 'i'], ['GET', 'a'],
  ]);
  const names: string[] = [];
  NASTY.forEach((v, i) => names.push('n' + i));
  await p.check(['MSET', ...names.flatMap((n, i) => [n, NASTY[i]])]);
  for (const op of ['AND', 'OR', 'XOR']) { await p.check(['BITOP', op, 'dst', ...names]); await p.check(['GET', 'dst']); }
  for (const n of names) { await p.check(['BITOP', 'NOT', 'dst', n]); await p.check(['GET', 'dst']); }
  if (await makeWrongType(p, 'wt')) {
    await p.all([['BITOP', 'AND', 'd', 'a', 'wt'], ['BITOP', 'NOT', 'd', 'wt'], ['BITOP', 'FOO', 'd', 'wt'], ['BITOP', 'OR', 'wt', 'a'], ['GET', 'wt']]);
  }
});

test('BITFIELD / BITFIELD_RO', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['BITFIELD', 'k'], ['BITFIELD', 'k', 'GET', 'u8', '0'], ['BITFIELD', 'k', 'SET', 'i8', '0', '100'], ['GET', 'k'], ['BITFIELD', 'k', 'SET', 'i8', '0', '200'],
    ['BITFIELD', 'k', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '102', '1', 'GET', 'u4', '100'], ['STRLEN', 'k'],
    ['BITFIELD', 'k', 'SET', 'u8', '#1', '255', 'GET', 'u8', '8', 'GET', 'i8', '#1', 'GET', 'i16', '#0'],
    ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'INCRBY', 'u8', '0', '200', 'INCRBY', 'u8', '0', '200', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '200', 'INCRBY', 'i8', '0', '-300'],
    ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300', 'INCRBY', 'u8', '0', '-300', 'SET', 'u8', '0', '256', 'SET', 'u8', '0', '-1', 'SET', 'i8', '0', '128', 'GET', 'u8', '0'],
    ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '-9223372036854775808', 'SET', 'i8', '0', '-129', 'SET', 'i8', '0', '1000', 'GET', 'i8', '0'],
    ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '257', 'SET', 'i8', '0', '-129', 'SET', 'i8', '0', '1000', 'GET', 'i8', '0'],
    ['BITFIELD', 'k', 'SET', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1', 'INCRBY', 'i64', '0', '9223372036854775807'],
    ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '1', 'SET', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1'],
    ['BITFIELD', 'k', 'SET', 'u63', '3', '9223372036854775807', 'GET', 'u63', '3', 'INCRBY', 'u63', '3', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '3', '9223372036854775807', 'GET', 'i64', '1'],
    ['BITFIELD', 'k', 'SET', 'i1', '5', '-1', 'GET', 'i1', '5', 'GET', 'u1', '5', 'INCRBY', 'i1', '5', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i1', '5', '1', 'INCRBY', 'u1', '7', '5'],
    ['BITFIELD', 'k', 'GET', 'i5', '3', 'GET', 'u13', '11', 'GET', 'i33', '7', 'GET', 'u40', '1000', 'GET', 'i64', '#3', 'GET', 'u63', '60'],
    ['BITFIELD', 'q', 'OVERFLOW', 'SAT', 'SET', 'i32', '0', '-9223372036854775808', 'SET', 'i32', '0', '9223372036854775807', 'SET', 'i8', '8', '-9223372036854775000',
      'SET', 'u8', '0', '9223372036854775807', 'SET', 'u8', '0', '-1', 'INCRBY', 'i64', '0', '-9223372036854775808', 'INCRBY', 'u63', '0', '-9223372036854775808',
      'OVERFLOW', 'WRAP', 'SET', 'i32', '0', '-9223372036854775808', 'OVERFLOW', 'FAIL', 'SET', 'i32', '0', '-9223372036854775808', 'SET', 'i7', '0', '-4611686018427387904'],
    ['BITFIELD', 'k', 'GET', 'u64', '0'], ['BITFIELD', 'k', 'GET', 'i65', '0'], ['BITFIELD', 'k', 'GET', 'i0', '0'], ['BITFIELD', 'k', 'GET', 'I8', '0'], ['BITFIELD', 'k', 'GET', 'x8', '0'],
    ['BITFIELD', 'k', 'GET', 'u', '0'], ['BITFIELD', 'k', 'GET', 'u-1', '0'], ['BITFIELD', 'k', 'GET', 'u08', '0'], ['BITFIELD', 'k', 'GET', '', '0'], ['BITFIELD', 'k', 'GET', 'u8\0x', '0'],
    ['BITFIELD', 'k', 'GET', 'u8', '-1'], ['BITFIELD', 'k', 'GET', 'u8', 'x'], ['BITFIELD', 'k', 'GET', 'u8', '#-1'], ['BITFIELD', 'k', 'GET', 'u8', '#x'], ['BITFIELD', 'k', 'GET', 'u8', '#'],
    ['BITFIELD', 'k', 'GET', 'u8', '#9223372036854775807'], ['BITFIELD', 'k', 'GET', 'u8', '#1152921504606846977'], ['BITFIELD', 'k', 'GET', 'u8', '4294967296'],
    ['BITFIELD', 'k', 'GET', 'u8', '4294967295'], ['BITFIELD', 'k', 'GET', 'u8', '#536870911'], ['BITFIELD', 'k', 'GET', 'u8', '#536870912'],
    ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'], ['BITFIELD', 'k', 'SET', 'u8', '0'], ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '1.5'], ['BITFIELD', 'k', 'FOO'], ['BITFIELD', 'k', 'GET'],
    ['BITFIELD', 'k', 'GET', 'u8'], ['BITFIELD', 'k', 'OVERFLOW'], ['BITFIELD', 'k', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'], ['BITFIELD', 'k', 'GET', 'u8', '0', 'FOO'],
    ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'x', '0'], ['GET', 'k'], ['BITFIELD', 'k', 'overflow', 'sat', 'overflow', 'wrap', 'incrby', 'u4', '0', '100'],
    ['BITFIELD', 'new', 'OVERFLOW', 'FAIL', 'SET', 'u8', '16', '999'], ['GET', 'new'], ['BITFIELD', 'new2', 'GET', 'u8', '100'], ['STRLEN', 'new2'], ['GET', 'new2'],
    ['BITFIELD', 'new3', 'SET', 'u1', '#100', '1'], ['GET', 'new3'], ['BITFIELD', 'new4', 'INCRBY', 'i16', '3', '-5', 'GET', 'u8', '200'], ['GET', 'new4'],
    ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'i4', '3'], ['BITFIELD_RO', 'k'], ['BITFIELD_RO', 'nokey', 'GET', 'u8', '0'], ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'k', 'SET', 'u8', '0', 'x'], ['BITFIELD_RO', 'k', 'SET', 'x', '0', '1'], ['BITFIELD_RO', 'k', 'FOO'],
    ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'], ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'k', 'GET', 'u64', '0'],
    ['BITFIELD'], ['BITFIELD_RO'],
  ]);
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const type = () => { const s = r() < 0.5; return (s ? 'i' : 'u') + String(1 + Math.floor(r() * (s ? 64 : 63))); };
  const num = () => { const x = r(); return x < 0.3 ? String(Math.floor(r() * 20) - 10) : x < 0.6 ? String(Math.floor((r() - 0.5) * 2 ** 40)) : x < 0.8 ? '9223372036854775807' : '-9223372036854775808'; };
  for (let i = 0; i < 300; i++) {
    const args: string[] = ['BITFIELD', 'r' + Math.floor(r() * 2)];
    const n = 1 + Math.floor(r() * 4);
    for (let j = 0; j < n; j++) {
      const x = r();
      const off = r() < 0.2 ? '#' + Math.floor(r() * 6) : String(Math.floor(r() * 100));
      if (x < 0.15) args.push('OVERFLOW', ['WRAP', 'SAT', 'FAIL'][Math.floor(r() * 3)]);
      else if (x < 0.4) args.push('GET', type(), off);
      else if (x < 0.7) args.push('SET', type(), off, num());
      else args.push('INCRBY', type(), off, num());
    }
    await p.check(args, { note });
    if (i % 10 === 0 || process.env.BF_DEBUG) await p.check(['GET', args[1]], { note: note + ' after ' + args.join(' ') });
  }
  if (await makeWrongType(p, 'wt')) {
    await p.all([['BITFIELD', 'wt', 'GET', 'u8', '0'], ['BITFIELD', 'wt', 'SET', 'u8', '0', '1'], ['BITFIELD', 'wt'], ['BITFIELD_RO', 'wt', 'GET', 'u8', '0'],
      ['BITFIELD', 'wt', 'GET', 'u99', '0'], ['BITFIELD_RO', 'wt', 'SET', 'u8', '0', '1']]);
  }
});

test('RESP3: bitmap replies', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '999', 'GET', 'u8', '0'], ['BITFIELD_RO', 'k'], ['BITCOUNT', 'k'], ['BITPOS', 'k', '0'],
    ['SETBIT', 'k', '3', '1'], ['GETBIT', 'k', '3'], ['BITOP', 'NOT', 'x', 'k']]);
});

test('random mixed string and bitmap sequences', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const keys = ['a', 'b', 'c'];
  const k = () => keys[Math.floor(r() * keys.length)];
  const small = () => String(Math.floor(r() * 60) - 30);
  const val = () => { const x = r(); return x < 0.3 ? String(Math.floor(r() * 1000)) : x < 0.5 ? NASTY[Math.floor(r() * (NASTY.length - 1))] : 'val' + Math.floor(r() * 100); };
  const gens: (() => string[])[] = [
    () => ['SET', k(), val()], () => ['GET', k()], () => ['APPEND', k(), val()], () => ['SETRANGE', k(), String(Math.floor(r() * 16)), val()],
    () => ['GETRANGE', k(), small(), small()], () => ['INCRBY', k(), small()], () => ['INCRBYFLOAT', k(), (r() * 4 - 2).toFixed(2)], () => ['GETDEL', k()],
    () => ['SETBIT', k(), String(Math.floor(r() * 200)), String(Math.floor(r() * 2))], () => ['GETBIT', k(), String(Math.floor(r() * 200))],
    () => ['BITCOUNT', k()], () => ['BITCOUNT', k(), small(), small(), r() < 0.5 ? 'BIT' : 'BYTE'], () => ['BITPOS', k(), String(Math.floor(r() * 2))],
    () => ['BITPOS', k(), String(Math.floor(r() * 2)), small(), small(), 'BIT'], () => ['BITPOS', k(), String(Math.floor(r() * 2)), small()],
    () => ['BITOP', ['AND', 'OR', 'XOR'][Math.floor(r() * 3)], k(), k(), k()], () => ['BITOP', 'NOT', k(), k()],
    () => ['BITFIELD', k(), 'OVERFLOW', ['WRAP', 'SAT', 'FAIL'][Math.floor(r() * 3)], 'INCRBY', (r() < 0.5 ? 'i' : 'u') + (1 + Math.floor(r() * 20)), String(Math.floor(r() * 100)), small()],
    () => ['BITFIELD_RO', k(), 'GET', 'i' + (1 + Math.floor(r() * 64)), String(Math.floor(r() * 100))], () => ['STRLEN', k()], () => ['LCS', k(), k()],
  ];
  for (let i = 0; i < 3000; i++) await p.check(gens[Math.floor(r() * gens.length)](), { note });
  await p.check(['MGET', ...keys], { note });
});

test('arity errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([['SETBIT', 'k', '1'], ['GETBIT', 'k'], ['BITCOUNT'], ['BITPOS', 'k'], ['BITOP', 'AND', 'd'], ['BITFIELD'], ['BITFIELD_RO'],
    ['GET'], ['SET', 'k'], ['SETNX', 'k'], ['SETEX', 'k', '1'], ['PSETEX', 'k', '1'], ['GETEX'], ['GETDEL'], ['GETSET', 'k'], ['MGET'], ['MSET', 'k'], ['MSETNX', 'k'],
    ['APPEND', 'k'], ['STRLEN'], ['SETRANGE', 'k', '1'], ['GETRANGE', 'k', '1'], ['SUBSTR', 'k', '1'], ['INCR'], ['DECR'], ['INCRBY', 'k'], ['DECRBY', 'k'],
    ['INCRBYFLOAT', 'k'], ['LCS', 'k'], ['GETBIT', 'k', '1', '2'], ['STRLEN', 'a', 'b'], ['INCR', 'a', 'b'], ['GETDEL', 'a', 'b'], ['GETRANGE', 'k', '1', '2', '3']]);
});

test('BITCOUNT / BITPOS / BITOP on longer values (word-at-a-time paths)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const runs = (n: number) => {
    let s = '';
    while (s.length < n) {
      const x = r(), len = 1 + Math.floor(r() * 150);
      const ch = x < 0.4 ? '\0' : x < 0.8 ? '\xff' : String.fromCharCode(Math.floor(r() * 256));
      s += x < 0.8 ? ch.repeat(len) : ch;
    }
    return s.slice(0, n);
  };
  for (let round = 0; round < 25; round++) {
    const lens = [0, 1, 2].map(() => Math.floor(r() * 700));
    await p.check(['MSET', 'x', runs(lens[0]), 'y', runs(lens[1]), 'z', runs(lens[2])], { note });
    for (const k of ['x', 'y', 'z']) {
      await p.check(['BITCOUNT', k], { note });
      await p.check(['BITPOS', k, '0'], { note });
      await p.check(['BITPOS', k, '1'], { note });
    }
    for (let i = 0; i < 20; i++) {
      const k = ['x', 'y', 'z'][Math.floor(r() * 3)];
      const a = Math.floor(r() * 1400) - 700, b = Math.floor(r() * 1400) - 700;
      const bit = String(Math.floor(r() * 2));
      await p.check(['BITCOUNT', k, String(a), String(b)], { note });
      await p.check(['BITCOUNT', k, String(a * 8 + 3), String(b * 8 - 2), 'BIT'], { note });
      await p.check(['BITPOS', k, bit, String(a)], { note });
      await p.check(['BITPOS', k, bit, String(a), String(b)], { note });
      await p.check(['BITPOS', k, bit, String(a * 8 + 5), String(b * 8 + 1), 'BIT'], { note });
    }
    for (const op of ['AND', 'OR', 'XOR']) { await p.check(['BITOP', op, 'd', 'x', 'y', 'z'], { note }); await p.check(['GET', 'd'], { note }); }
    await p.check(['BITOP', 'NOT', 'd', 'y'], { note });
    await p.check(['GET', 'd'], { note });
    await p.check(['BITOP', 'AND', 'd', 'd', 'x'], { note });
    await p.check(['GET', 'd'], { note });
  }
});
