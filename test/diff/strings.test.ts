import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY } from '../diff.js';
import { skipRedis } from '../servers.js';
import { stringEncoding } from '../../src/commands/strings.js';
import { makeWrongType } from './string-helpers.js';
import { RespConn } from '../resp-client.js';
import { NOTIFY_ALL, NOTIFY_KEYEVENT } from '../../src/db/notify.js';

const skip = skipRedis();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

test('SET / GET: options, conflicts and errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['GET', 'nokey'], ['SET', 'k', 'v'], ['GET', 'k'], ['set', 'k', 'v2', 'xx'], ['GET', 'k'], ['SET', 'k', 'v3', 'NX'], ['GET', 'k'],
    ['SET', 'n', 'v', 'XX'], ['GET', 'n'], ['SET', 'n', 'v', 'NX'], ['GET', 'n'], ['SET', 'n', 'w', 'NX', 'NX'], ['SET', 'n', 'w', 'XX', 'XX'],
    ['SET', 'n', 'w', 'NX', 'XX'], ['SET', 'n', 'w', 'XX', 'NX'], ['SET', 'k', 'a', 'GET'], ['SET', 'k', 'b', 'get', 'get'], ['SET', 'new1', 'a', 'GET'],
    ['SET', 'k', 'c', 'NX', 'GET'], ['GET', 'k'], ['SET', 'new2', 'c', 'NX', 'GET'], ['GET', 'new2'], ['SET', 'new3', 'c', 'XX', 'GET'], ['GET', 'new3'],
    ['SET', 'k', 'v', 'EX', '100'], ['SET', 'k', 'v', 'PX', '100000'], ['SET', 'k', 'v', 'EXAT', '99999999999'], ['SET', 'k', 'v', 'PXAT', '99999999999999'],
    ['SET', 'k', 'v', 'KEEPTTL'], ['SET', 'k', 'v', 'EX', '10', 'PX', '10'], ['SET', 'k', 'v', 'EX', '10', 'EX', '20'], ['SET', 'k', 'v', 'PX', '10', 'EXAT', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'], ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'], ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'], ['SET', 'k', 'v', 'PERSIST'],
    ['SET', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'PX'], ['SET', 'k', 'v', 'EXAT'], ['SET', 'k', 'v', 'PXAT'], ['SET', 'k', 'v', 'FOO'], ['SET', 'k', 'v', 'EX', '10', 'FOO'],
    ['SET', 'k', 'v', 'EX', '0'], ['SET', 'k', 'v', 'EX', '-1'], ['SET', 'k', 'v', 'PX', '0'], ['SET', 'k', 'v', 'EX', 'abc'], ['SET', 'k', 'v', 'EX', '1.5'],
    ['SET', 'k', 'v', 'EXAT', '0'], ['SET', 'k', 'v', 'PXAT', '-5'], ['SET', 'k', 'v', 'EX', '9223372036854775807'], ['SET', 'k', 'v', 'EX', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '9223372036854776'], ['SET', 'k', 'v', 'PX', '9223372036854775807'], ['SET', 'k', 'v', 'PX', '9223372036854775808'],
    ['SET', 'k', 'v', 'PXAT', '9223372036854775807'], ['SET', 'k', 'v', 'EXAT', '9223372036854775'], ['SET', 'k', 'v', 'EX', ' 10'], ['SET', 'k', 'v', 'EX', '010'],
    ['SET', 'k', 'v', 'FOO', 'EX', 'abc'], ['SET', 'k', 'v', 'EX', 'abc', 'FOO'], ['SET', 'k', 'v', 'NX', 'GET', 'EX', '0'], ['SET', 'k', 'v', 'NX', 'GET', 'PX', '100'],
    ['GET', 'k'], ['SET', 'k', 'v', 'XX', 'KEEPTTL', 'GET'], ['SET', 'k', 'v', 'px', '100', 'nx'], ['SET', 'k', 'v', 'GET', 'EX', '5', 'XX'],
    ['SET', 'k'], ['SET'], ['GET'], ['GET', 'a', 'b'], ['SET', 'k', 'v', 'EX', '10', 'EX'],
    ['SET', 'k', 'v', 'PXAT', '1'], ['GET', 'k'], ['SET', 'k', 'v', 'EXAT', '1', 'GET'], ['SET', 'k', 'v', 'EXAT', '1', 'GET'], ['SET', 'k', 'v', 'EXAT', '1', 'XX'],
  ]);
  for (const v of NASTY) await p.all([['SET', v, v], ['GET', v], ['SET', 'x' + v, v, 'GET'], ['GET', 'x' + v]]);
  if (await makeWrongType(p, 'wt')) {
    await p.all([['GET', 'wt'], ['SET', 'wt', 'v', 'GET'], ['SET', 'wt', 'v', 'NX', 'GET'], ['SET', 'wt', 'v', 'NX'], ['SET', 'wt', 'x'], ['GET', 'wt']]);
  }
});

test('SETNX / SETEX / PSETEX / GETSET / GETDEL / MGET / MSET / MSETNX', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SETNX', 'a', '1'], ['SETNX', 'a', '2'], ['GET', 'a'], ['SETNX', 'a'], ['SETNX', 'a', 'b', 'c'],
    ['SETEX', 'b', '100', 'x'], ['GET', 'b'], ['SETEX', 'b', '0', 'x'], ['SETEX', 'b', '-1', 'x'], ['SETEX', 'b', 'x', 'x'], ['SETEX', 'b', '9223372036854775807', 'x'],
    ['SETEX', 'b', '9223372036854775', 'x'], ['SETEX', 'b', '100'], ['SETEX', 'b', '1', '2', '3'],
    ['PSETEX', 'c', '100000', 'y'], ['GET', 'c'], ['PSETEX', 'c', '0', 'y'], ['PSETEX', 'c', '-100', 'y'], ['PSETEX', 'c', '1.0', 'y'], ['PSETEX', 'c', '9223372036854775807', 'y'],
    ['GETSET', 'a', 'new'], ['GET', 'a'], ['GETSET', 'nokey', 'v'], ['GET', 'nokey'], ['GETSET', 'a'],
    ['GETDEL', 'a'], ['GET', 'a'], ['GETDEL', 'a'], ['GETDEL'], ['GETDEL', 'a', 'b'],
    ['MSET', 'm1', 'v1', 'm2', 'v2', 'm1', 'v3'], ['MGET', 'm1', 'm2', 'm3', 'm1'], ['MSET', 'm1'], ['MSET', 'm1', 'a', 'm2'], ['MSET'],
    ['MSETNX', 'm1', 'x', 'm9', 'y'], ['MGET', 'm1', 'm9'], ['MSETNX', 'n1', 'x', 'n2', 'y', 'n1', 'z'], ['MGET', 'n1', 'n2'], ['MSETNX', 'n3'], ['MSETNX', 'n3', 'a', 'b'],
    ['MGET'], ['MGET', 'zz'],
  ]);
  const kv: string[] = [];
  NASTY.forEach((v, i) => kv.push('nasty' + v + i, v));
  await p.check(['MSET', ...kv]);
  await p.check(['MGET', ...kv.filter((_, i) => i % 2 === 0), 'missing']);
  await p.check(['MSETNX', ...kv]);
  for (const v of NASTY) await p.all([['GETSET', 'gs', v], ['GETDEL', 'gs'], ['SETNX', 'sn' + v, v], ['GET', 'sn' + v]]);
  if (await makeWrongType(p, 'wt')) {
    await p.all([['GETSET', 'wt', 'v'], ['GETDEL', 'wt'], ['MGET', 'wt', 'sn', 'wt'], ['SETNX', 'wt', 'x'], ['SETEX', 'wt', '10', 'x'], ['GET', 'wt'],
      ['MSETNX', 'wt2', 'a', 'wt', 'b'], ['SETEX', 'wt', 'x', 'x']]);
  }
});

test('SET / GETEX: random option combinations', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const tokens: string[][] = [['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['PERSIST'], ['EX', '1000'], ['PX', '1000000'], ['EXAT', '99999999999'], ['PXAT', '99999999999999'],
    ['EX'], ['EX', '0'], ['PX', '-1'], ['ex', 'x'], ['nx'], ['Get'], ['keepTTL'], ['FOO'], ['EXAT', '1'], ['PXAT', '9223372036854775807']];
  for (let i = 0; i < 600; i++) {
    const n = Math.floor(r() * 4);
    const extra: string[] = [];
    for (let j = 0; j < n; j++) extra.push(...tokens[Math.floor(r() * tokens.length)]);
    const key = 'k' + Math.floor(r() * 3);
    if (r() < 0.6) await p.check(['SET', key, 'v' + i, ...extra], { note });
    else await p.check(['GETEX', key, ...extra], { note });
    if (r() < 0.2) await p.check(['GETDEL', key], { note });
  }
});

test('GETEX: options, conflicts, errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'k', 'v'], ['GETEX', 'k'], ['GETEX', 'nokey'], ['GETEX', 'nokey', 'EX', 'abc'], ['GETEX', 'nokey', 'FOO'], ['GETEX', 'k', 'FOO'],
    ['GETEX', 'k', 'EX', '100'], ['GETEX', 'k', 'PX', '100000'], ['GETEX', 'k', 'EXAT', '99999999999'], ['GETEX', 'k', 'PXAT', '99999999999999'], ['GETEX', 'k', 'PERSIST'],
    ['GETEX', 'k', 'PERSIST', 'PERSIST'], ['GETEX', 'k', 'PERSIST', 'EX', '10'], ['GETEX', 'k', 'EX', '10', 'PERSIST'], ['GETEX', 'k', 'KEEPTTL'], ['GETEX', 'k', 'NX'],
    ['GETEX', 'k', 'XX'], ['GETEX', 'k', 'GET'], ['GETEX', 'k', 'EX'], ['GETEX', 'k', 'EX', '0'], ['GETEX', 'k', 'EX', '-1'], ['GETEX', 'k', 'PX', 'x'],
    ['GETEX', 'k', 'EX', '9223372036854775807'], ['GETEX', 'k', 'PX', '9223372036854775807'], ['GETEX', 'k', 'EXAT', '0'], ['GETEX', 'k', 'EX', '1', 'PX', '1'],
    ['GETEX', 'k', 'EX', '1', 'EX', '100'], ['GETEX', 'k', 'EXAT', '1'], ['GET', 'k'], ['GETEX', 'k'], ['SET', 'k', 'v2'], ['GETEX', 'k', 'PXAT', '1'], ['GETEX', 'k'],
    ['GETEX'],
  ]);
  if (await makeWrongType(p, 'wt')) await p.all([['GETEX', 'wt'], ['GETEX', 'wt', 'EX', 'abc'], ['GETEX', 'wt', 'FOO']]);
});

// TTLs are a few hundred ms so a loaded machine cannot expire keys before the first MGET
test('expiry options take effect (short TTLs)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'a', '1', 'PX', '250'], ['SETEX', 'b', '100', '2'], ['PSETEX', 'c', '250', '3'], ['SET', 'd', '4', 'PX', '250'], ['SET', 'd', '5', 'KEEPTTL'],
    ['SET', 'e', '6', 'PX', '250'], ['SET', 'e', '7'], ['SET', 'f', '8'], ['GETEX', 'f', 'PX', '250'], ['SET', 'g', '9', 'PX', '250'], ['GETEX', 'g', 'PERSIST'],
    ['SET', 'h', '10', 'PX', '250'], ['APPEND', 'h', 'x'], ['SET', 'i', '1', 'PX', '250'], ['INCR', 'i'], ['SET', 'j', 'x', 'PX', '250'], ['SETRANGE', 'j', '0', 'y'],
    ['SET', 'l', '1', 'PX', '250'], ['GETSET', 'l', '2'], ['SET', 'm', '1', 'PX', '250'], ['MSET', 'm', '2'], ['SET', 'n', '1', 'PX', '250'], ['SETBIT', 'n', '1', '1'],
    ['SET', 'o', '1', 'PX', '250'], ['INCRBYFLOAT', 'o', '1.5'], ['SET', 'q', '1', 'PX', '250'], ['SET', 'q', '2', 'XX', 'GET', 'KEEPTTL'],
    ['SET', 'r', '1', 'PX', '250'], ['SET', 'r', '2', 'NX'], ['SET', 's', 'z', 'PX', '250'], ['BITOP', 'NOT', 's', 's'],
    ['MGET', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'l', 'm', 'n', 'o', 'q', 'r', 's'],
  ]);
  await sleep(350);
  await p.all([['MGET', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'l', 'm', 'n', 'o', 'q', 'r', 's'], ['SETNX', 'a', 'again'], ['GET', 'a'],
    ['INCR', 'c'], ['APPEND', 'd', 'x'], ['STRLEN', 'q'], ['GETDEL', 'h'], ['GETEX', 'f']]);
});

test('APPEND / STRLEN / SETRANGE / GETRANGE / SUBSTR', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['APPEND', 'a', 'hello'], ['APPEND', 'a', ' world'], ['GET', 'a'], ['STRLEN', 'a'], ['STRLEN', 'nokey'], ['APPEND', 'a', ''], ['APPEND', 'e', ''], ['GET', 'e'],
    ['SET', 'i', '123'], ['APPEND', 'i', '4'], ['GET', 'i'], ['STRLEN', 'i'], ['INCR', 'i'], ['APPEND', 'a'], ['STRLEN'], ['STRLEN', 'a', 'b'],
    ['SETRANGE', 'a', '6', 'WORLD'], ['GET', 'a'], ['SETRANGE', 'a', '20', 'X'], ['GET', 'a'], ['SETRANGE', 'a', '0', ''], ['SETRANGE', 'n', '0', ''], ['GET', 'n'],
    ['SETRANGE', 'n', '5', ''], ['SETRANGE', 'n', '3', 'abc'], ['GET', 'n'], ['SETRANGE', 'n', '-1', 'x'], ['SETRANGE', 'n', 'x', 'x'], ['SETRANGE', 'n', '1.0', 'x'],
    ['SETRANGE', 'n', '536870912', 'x'], ['SETRANGE', 'n', '536870911', ''], ['SETRANGE', 'n', '9223372036854775807', 'x'], ['SETRANGE', 'n', '9223372036854775808', 'x'],
    ['SETRANGE', 'nn', '536870912', 'x'], ['SETRANGE', 'nn', '536870912', ''], ['SETRANGE', 'n', '1', 'xyzxyzxyzxyz'], ['GET', 'n'], ['SETRANGE', 'i', '0', '9'], ['GET', 'i'],
    ['SETRANGE', 'n'], ['SETRANGE', 'n', '1'],
    ['SET', 's', 'This is a string'], ['GETRANGE', 's', '0', '3'], ['GETRANGE', 's', '-3', '-1'], ['GETRANGE', 's', '0', '-1'], ['GETRANGE', 's', '10', '100'],
    ['GETRANGE', 's', '5', '3'], ['GETRANGE', 's', '-1', '-5'], ['GETRANGE', 's', '-100', '-50'], ['GETRANGE', 's', '-100', '100'], ['GETRANGE', 's', '100', '200'],
    ['GETRANGE', 's', '0', '0'], ['GETRANGE', 's', '-1', '-1'], ['GETRANGE', 's', '-9223372036854775808', '9223372036854775807'], ['GETRANGE', 's', 'x', '1'], ['GETRANGE', 's', '1', 'y'],
    ['GETRANGE', 'nokey', '0', '-1'], ['GETRANGE', 'nokey', 'x', '1'], ['GETRANGE', 's', '0'], ['SUBSTR', 's', '1', '4'], ['SUBSTR', 's', '-4', '-1'], ['SUBSTR', 'nokey', '0', '1'],
    ['SET', 'e', ''], ['GETRANGE', 'e', '0', '-1'], ['GETRANGE', 'e', '0', '0'], ['SET', 'int', '12345'], ['GETRANGE', 'int', '1', '-2'],
    ['GETRANGE', 's', '-9007199254740992', '-9007199254740993'], ['GETRANGE', 's', '-9007199254740993', '-9007199254740992'],
  ]);
  for (const v of NASTY) {
    await p.all([['APPEND', 'nasty', v], ['STRLEN', 'nasty'], ['SETRANGE', 'nr', '3', v], ['GET', 'nr'], ['GETRANGE', 'nasty', '1', '-2'], ['SETRANGE', 'nasty', '2', v]]);
  }
  await p.check(['GET', 'nasty']);
  if (await makeWrongType(p, 'wt')) {
    await p.all([['APPEND', 'wt', 'x'], ['STRLEN', 'wt'], ['SETRANGE', 'wt', '0', 'x'], ['SETRANGE', 'wt', '0', ''], ['SETRANGE', 'wt', '-1', 'x'],
      ['GETRANGE', 'wt', '0', '1'], ['GETRANGE', 'wt', 'x', '1'], ['SUBSTR', 'wt', '0', '1']]);
  }
});

test('proto-max-bulk-len limits APPEND / SETRANGE', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'proto-max-bulk-len': '1mb' }, redis: ['--proto-max-bulk-len', '1mb'] });
  t.after(() => p.close());
  const big = 'x'.repeat(1024 * 1024 - 4);
  await p.all([['SET', 'a', big], ['APPEND', 'a', 'abcd'], ['APPEND', 'a', 'e'], ['STRLEN', 'a'], ['SETRANGE', 'a', '1048575', 'z'], ['SETRANGE', 'a', '1048576', 'z'],
    ['SETRANGE', 'b', '1048570', 'abcdefg'], ['SETRANGE', 'b', '1048570', 'abcdef'], ['STRLEN', 'b'], ['SETBIT', 'c', String(8 * 1048576), '1'],
    ['SETBIT', 'c', String(8 * 1048576 - 1), '1'], ['GETBIT', 'c', String(8 * 1048576)], ['BITFIELD', 'c', 'SET', 'u8', '#1048576', '1'],
    ['BITFIELD', 'c', 'GET', 'u8', '#1048575'], ['SET', 'l1', 'ab'.repeat(300)], ['SET', 'l2', 'ba'.repeat(300)], ['LCS', 'l1', 'l2', 'LEN'], ['LCS', 'l1', 'l2', 'FOO'],
    ['SET', 'l1', 'ab'.repeat(250)], ['SET', 'l2', 'ba'.repeat(250)], ['LCS', 'l1', 'l2', 'LEN'], ['LCS', 'l1', 'l2', 'IDX', 'LEN'], ['SET', 'l2', 'ab'.repeat(262)],
    ['LCS', 'l1', 'l2', 'LEN'], ['SET', 'l2', 'ab'.repeat(261)], ['LCS', 'l1', 'l2', 'LEN']]);
});

test('INCR / DECR / INCRBY / DECRBY: ranges and overflow', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['INCR', 'n'], ['INCR', 'n'], ['DECR', 'n'], ['DECR', 'm'], ['INCRBY', 'n', '100'], ['DECRBY', 'n', '50'], ['INCRBY', 'n', '-1000'], ['DECRBY', 'n', '-7'],
    ['INCRBY', 'n', 'abc'], ['INCRBY', 'n', '1.5'], ['INCRBY', 'n', ''], ['INCRBY', 'n', ' 1'], ['INCRBY', 'n', '+1'], ['INCRBY', 'n', '01'], ['INCRBY', 'n', '-0'],
    ['DECRBY', 'n', '-9223372036854775808'], ['DECRBY', 'nokey', '-9223372036854775808'], ['DECRBY', 'n', '9223372036854775808'], ['INCRBY', 'n', '9223372036854775808'],
    ['SET', 'x', '9223372036854775806'], ['INCR', 'x'], ['INCR', 'x'], ['GET', 'x'], ['INCRBY', 'x', '-1'], ['DECR', 'x'],
    ['SET', 'y', '-9223372036854775807'], ['DECR', 'y'], ['DECR', 'y'], ['INCRBY', 'y', '9223372036854775807'], ['INCRBY', 'y', '9223372036854775807'], ['INCRBY', 'y', '1'],
    ['SET', 'y', '-9223372036854775808'], ['DECRBY', 'y', '1'], ['INCRBY', 'y', '-1'], ['INCRBY', 'y', '9223372036854775807'], ['GET', 'y'],
    ['SET', 'z', '9007199254740991'], ['INCR', 'z'], ['INCR', 'z'], ['INCRBY', 'z', '9007199254740991'], ['DECRBY', 'z', '18014398509481985'],
    ['SET', 'w', '999999999999999'], ['INCRBY', 'w', '9007199254740991'], ['INCRBY', 'w', '-9007199254740991'], ['INCRBY', 'w', '-9007199254740991'],
    ['SET', 'f', '1.5'], ['INCR', 'f'], ['SET', 'f', ' 1'], ['INCR', 'f'], ['SET', 'f', '1 '], ['INCR', 'f'], ['SET', 'f', '00'], ['INCR', 'f'], ['SET', 'f', ''], ['INCR', 'f'],
    ['SET', 'f', '-0'], ['INCR', 'f'], ['SET', 'f', '+5'], ['DECR', 'f'], ['SET', 'f', '92233720368547758070'], ['INCR', 'f'], ['SET', 'f', '1\0'], ['INCR', 'f'],
    ['SET', 'f', '9223372036854775808'], ['DECR', 'f'], ['SET', 'f', '-9223372036854775809'], ['INCR', 'f'],
    ['INCR'], ['INCR', 'a', 'b'], ['DECR'], ['INCRBY', 'n'], ['DECRBY', 'n', '1', '2'],
  ]);
  if (await makeWrongType(p, 'wt')) await p.all([['INCR', 'wt'], ['DECR', 'wt'], ['INCRBY', 'wt', '1'], ['DECRBY', 'wt', 'x'], ['INCRBY', 'wt', 'x']]);
});

test('INCRBYFLOAT: long double arithmetic and formatting', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const note = `seed ${seed}`;
  await p.all([
    ['SET', 'k', '10.5'], ['INCRBYFLOAT', 'k', '0.1'], ['INCRBYFLOAT', 'k', '-5.0e3'], ['INCRBYFLOAT', 'k', '3.0e3'], ['INCRBYFLOAT', 'k', '1e-20'],
    ['INCRBYFLOAT', 'new', '1.1'], ['INCRBYFLOAT', 'new', '2.2'], ['INCRBYFLOAT', 'new', '-3.3'], ['GET', 'new'], ['INCRBYFLOAT', 'z', '0'], ['INCRBYFLOAT', 'z', '-0'],
    ['INCRBYFLOAT', 'k', 'abc'], ['INCRBYFLOAT', 'k', ''], ['INCRBYFLOAT', 'k', ' 1'], ['INCRBYFLOAT', 'k', '1 '], ['INCRBYFLOAT', 'k', 'nan'], ['INCRBYFLOAT', 'k', 'inf'],
    ['INCRBYFLOAT', 'k', '-inf'], ['INCRBYFLOAT', 'k', '+Infinity'], ['INCRBYFLOAT', 'k', '1e5000'], ['INCRBYFLOAT', 'k', '1e-5000'], ['INCRBYFLOAT', 'k', '1e400'],
    ['INCRBYFLOAT', 'k', '-1e400'], ['GET', 'k'], ['INCRBYFLOAT', 'k', '1e-400'], ['INCRBYFLOAT', 'k', '0x10'], ['INCRBYFLOAT', 'k', '0x1.8p1'], ['INCRBYFLOAT', 'k', '0x'],
    ['INCRBYFLOAT', 'k', '.5'], ['INCRBYFLOAT', 'k', '5.'], ['INCRBYFLOAT', 'k', '.'], ['INCRBYFLOAT', 'k', '1e'], ['INCRBYFLOAT', 'k', '1e+2'], ['INCRBYFLOAT', 'k', '+.5e-1'],
    ['INCRBYFLOAT', 'k', '1\0abc'], ['INCRBYFLOAT', 'k', '\0'], ['INCRBYFLOAT', 'k', '1.5e4932'], ['INCRBYFLOAT', 'k', '1.18973149535723176502e4932'],
    ['SET', 'big', '1e4000'], ['INCRBYFLOAT', 'big', '1'], ['STRLEN', 'big'], ['INCRBYFLOAT', 'big', '1e4932'], ['INCRBYFLOAT', 'big', '1.1e4932'],
    ['SET', 'tiny', '1e-4940'], ['INCRBYFLOAT', 'tiny', '0'], ['SET', 'tiny', '3e-4951'], ['INCRBYFLOAT', 'tiny', '0'], ['SET', 'tiny', '1e-4952'], ['INCRBYFLOAT', 'tiny', '0'],
    ['SET', 'i', '9223372036854775807'], ['INCRBYFLOAT', 'i', '1'], ['INCRBYFLOAT', 'i', '0.5'], ['SET', 'i', '-9223372036854775808'], ['INCRBYFLOAT', 'i', '-0.25'],
    ['SET', 's', 'abc'], ['INCRBYFLOAT', 's', '1'], ['SET', 's', ''], ['INCRBYFLOAT', 's', '1'], ['SET', 's', '\0'], ['INCRBYFLOAT', 's', '1'], ['SET', 's', '5\0x'], ['INCRBYFLOAT', 's', '1'],
    ['SET', 's', 'x'.repeat(5119)], ['INCRBYFLOAT', 's', '1'], ['INCRBYFLOAT', 'k', '1' + '0'.repeat(5119)], ['INCRBYFLOAT', 'k', '1' + '0'.repeat(5118)],
    ['SET', 'd', '0.1'], ['INCRBYFLOAT', 'd', '0.2'], ['INCRBYFLOAT', 'd', '0.3'], ['INCRBYFLOAT', 'd', '-0.6'], ['INCRBYFLOAT', 'd', '1e17'], ['INCRBYFLOAT', 'd', '0.5'],
    ['SET', 'h', '5.0000000000000000005'], ['INCRBYFLOAT', 'h', '0'], ['SET', 'h', '-0.000000000000000005'], ['INCRBYFLOAT', 'h', '0'],
    ['SET', 'h', '0.000000000000000015'], ['INCRBYFLOAT', 'h', '0'], ['SET', 'h', '0.000000000000000025'], ['INCRBYFLOAT', 'h', '0'],
    ['SET', 'h', '0x1p-18'], ['INCRBYFLOAT', 'h', '0'], ['SET', 'h', '0x3p-18'], ['INCRBYFLOAT', 'h', '0'], ['SET', 'h', '0x1p-58'], ['INCRBYFLOAT', 'h', '0'],
    ['INCRBYFLOAT'], ['INCRBYFLOAT', 'k'], ['INCRBYFLOAT', 'k', '1', '2'],
  ]);
  const r = rng(seed);
  const pick = () => {
    const k = r();
    const sign = r() < 0.3 ? '-' : '';
    if (k < 0.3) return sign + (r() * 1000).toFixed(Math.floor(r() * 6));
    if (k < 0.5) return sign + Math.floor(r() * 1e6) + 'e' + (Math.floor(r() * 60) - 30);
    if (k < 0.6) return sign + String(Math.floor(r() * 1e9) * 1e9 + Math.floor(r() * 1e9));
    if (k < 0.8) return sign + '0.' + String(Math.floor(r() * 1e12)).padStart(12, '0');
    return sign + (r() * 10).toPrecision(1 + Math.floor(r() * 25));
  };
  for (let i = 0; i < 400; i++) {
    const key = 'r' + Math.floor(r() * 3);
    if (r() < 0.1) await p.check(['SET', key, pick()], { note });
    else await p.check(['INCRBYFLOAT', key, pick()], { note });
  }
  if (await makeWrongType(p, 'wt')) await p.all([['INCRBYFLOAT', 'wt', '1'], ['INCRBYFLOAT', 'wt', 'x']]);
});

test('LCS: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN, RESP3', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const cmds: string[][] = [
    ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX'], ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'LEN', 'IDX'], ['LCS', 'a', 'b', 'IDX', 'LEN'],
    ['LCS', 'a', 'b', 'MINMATCHLEN'], ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'], ['LCS', 'a', 'b', 'MINMATCHLEN', '-5', 'IDX'], ['LCS', 'a', 'b', 'FOO'],
    ['LCS', 'a', 'b', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'len', 'len'], ['LCS', 'a', 'nokey'], ['LCS', 'nokey', 'nokey2', 'IDX'], ['LCS', 'nokey', 'a', 'LEN'],
    ['LCS', 'a', 'a', 'IDX', 'WITHMATCHLEN'], ['LCS', 'a'], ['LCS', 'a', 'b', 'MINMATCHLEN', '9223372036854775807', 'IDX'],
    ['MSET', 'c', 'ABCBDAB', 'd', 'BDCABA'], ['LCS', 'c', 'd'], ['LCS', 'c', 'd', 'IDX', 'WITHMATCHLEN'], ['LCS', 'd', 'c', 'IDX'],
    ['MSET', 'e', 'a\0b\r\n\xffc', 'f', '\0\xff\r\nbc'], ['LCS', 'e', 'f'], ['LCS', 'e', 'f', 'IDX', 'WITHMATCHLEN'], ['SET', 'g', ''], ['LCS', 'g', 'e', 'IDX'],
  ];
  await p.all(cmds);
  const seed = testSeed();
  const r = rng(seed);
  const rs = (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += 'abcd'[Math.floor(r() * 4)]; return s; };
  for (let i = 0; i < 30; i++) {
    await p.check(['MSET', 'x', rs(Math.floor(r() * 40)), 'y', rs(Math.floor(r() * 40))]);
    await p.check(['LCS', 'x', 'y'], { note: `seed ${seed}` });
    await p.check(['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', String(Math.floor(r() * 3)), 'WITHMATCHLEN'], { note: `seed ${seed}` });
  }
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all(cmds.filter(c => c[0] === 'LCS'));
  if (await makeWrongType(p, 'wt')) await p.all([['LCS', 'wt', 'a'], ['LCS', 'a', 'wt', 'IDX'], ['LCS', 'wt', 'a', 'FOO']]);
});

test('RESP3: string replies and nulls', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['GET', 'x'], ['SET', 'x', '1', 'GET'], ['SET', 'x', '2', 'NX'], ['MGET', 'x', 'y'], ['GETDEL', 'y'], ['GETEX', 'y'], ['GETSET', 'y', '1'],
    ['INCRBYFLOAT', 'x', '1.5'], ['SETNX', 'x', '1'], ['GETRANGE', 'y', '5', '6'], ['MSETNX', 'x', '1'], ['SET', 'z', 'v', 'XX']]);
});

test('OBJECT ENCODING is derivable: stringEncoding() matches Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const cmds: string[][] = [
    ['SET', 'int', '12345'], ['SET', 'neg', '-9223372036854775808'], ['SET', 'big', '9223372036854775808'], ['SET', 'lead', '0123'], ['SET', 'short', 'hello'],
    ['SET', 'e44', 'x'.repeat(44)], ['SET', 'r45', 'x'.repeat(45)], ['APPEND', 'app', '12'], ['SET', 'app2', '12'], ['APPEND', 'app2', '3'],
    ['SETRANGE', 'sr', '0', '7'], ['SET', 'sr2', '5'], ['SETRANGE', 'sr2', '0', ''], ['SET', 'sr3', '5'], ['SETRANGE', 'sr3', '0', '6'],
    ['INCRBYFLOAT', 'f', '3'], ['SET', 'f2', '1.5'], ['INCRBYFLOAT', 'f2', '1.5'], ['SET', 'f3', '1'], ['INCRBYFLOAT', 'f3', '1e40'],
    ['INCR', 'c'], ['SET', 'c2', 'x'], ['SET', 'c2', '7'], ['APPEND', 'c3', 'abc'], ['SET', 'c3', '1'], ['INCR', 'c3'], ['SETBIT', 'b', '3', '1'],
    ['SET', 'b2', '1'], ['SETBIT', 'b2', '0', '0'], ['BITOP', 'OR', 'bo', 'int', 'short'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '49'], ['SET', 'bf2', '1'],
    ['BITFIELD', 'bf2', 'GET', 'u8', '0'], ['SET', 'bf3', '1'], ['BITFIELD', 'bf3', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '999'], ['MSET', 'm', '5', 'm2', 'abc'],
    ['GETSET', 'gs', '77'], ['SETNX', 'nx', '8'], ['SETEX', 'ex', '100', '9'], ['SET', 'app3', 'x'], ['APPEND', 'app3', ''], ['INCRBYFLOAT', 'app3b', '1.5'],
    ['SET', 'sp', ' 1'], ['SET', 'f4', '2'], ['INCRBYFLOAT', 'f4', '0'], ['INCR', 'f4'],
    ['APPEND', 'ge', '1'], ['APPEND', 'ge', '2'], ['GETEX', 'ge', 'EX', '100'], ['GETEX', 'ge', 'PERSIST'], ['APPEND', 'same', '4'], ['APPEND', 'same', '2'], ['SET', 'same', '42'],
    ['APPEND', 'ib', '4'], ['APPEND', 'ib', '2'], ['INCRBY', 'ib', '0'], ['INCRBYFLOAT', 'fl', '5'], ['GETEX', 'fl', 'EX', '100'], ['APPEND', 'ms', 'a'], ['APPEND', 'ms', 'b'],
    ['MSET', 'ms', 'ab'], ['APPEND', 'gs', 'a'], ['APPEND', 'gs', 'b'], ['GETSET', 'gs', 'ab'], ['APPEND', 'sb', 'a'], ['APPEND', 'sb', 'b'], ['GETDEL', 'sb'], ['SET', 'sb', 'ab'],
    ['SETRANGE', 'x1', '0', 'ab'], ['SETRANGE', 'x1', '0', 'a'], ['SET', 'x2', 'ab', 'KEEPTTL'],
  ];
  await p.all(cmds);
  const db = p.respiteServer.server.dbs[0];
  for (const key of new Set(cmds.map(c => c[1] === 'OR' ? c[2] : c[1]))) {
    if (key === 'm') continue;
    const ref = await p.redis.call('OBJECT', 'ENCODING', key);
    const v = db.main.get(key);
    assert.equal(typeof v, 'string', key);
    assert.deepEqual({ key, enc: stringEncoding(db, key, v as string) }, { key, enc: ref.t === 'bulk' ? ref.v : JSON.stringify(ref) });
  }
});

test('random string command sequences', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const keys = ['a', 'b', 'c', 'd'];
  const k = () => keys[Math.floor(r() * keys.length)];
  const int = () => String(Math.floor(r() * 200) - 100);
  const val = () => { const x = r(); return x < 0.3 ? int() : x < 0.5 ? NASTY[Math.floor(r() * NASTY.length)] : x < 0.6 ? (r() * 100).toFixed(2) : 'v' + Math.floor(r() * 1000); };
  const gens: (() => string[])[] = [
    () => ['SET', k(), val()], () => ['SET', k(), val(), r() < 0.5 ? 'NX' : 'XX', 'GET'], () => ['GET', k()], () => ['MGET', k(), k(), k()],
    () => ['MSET', k(), val(), k(), val()], () => ['MSETNX', k(), val(), k(), val()], () => ['APPEND', k(), val()], () => ['STRLEN', k()],
    () => ['SETRANGE', k(), String(Math.floor(r() * 20)), val()], () => ['GETRANGE', k(), int(), int()], () => ['INCR', k()], () => ['DECRBY', k(), int()],
    () => ['INCRBY', k(), int()], () => ['INCRBYFLOAT', k(), (r() * 10 - 5).toFixed(3)], () => ['GETSET', k(), val()], () => ['GETDEL', k()],
    () => ['SETNX', k(), val()], () => ['GETEX', k(), 'EX', '1000'], () => ['GETEX', k(), 'PERSIST'], () => ['SETEX', k(), '1000', val()],
    () => ['LCS', k(), k()], () => ['LCS', k(), k(), 'IDX', 'WITHMATCHLEN'], () => ['SUBSTR', k(), int(), int()],
  ];
  for (let i = 0; i < 2500; i++) await p.check(gens[Math.floor(r() * gens.length)](), { note });
  await p.check(['MGET', ...keys], { note });
});

test('keyspace events match Redis (strings and bitmaps)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  // Redis: subscribe to every key event; Respite: capture what notify() publishes
  await p.redis.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const sub = await RespConn.connect(p.redisServer.port);
  t.after(() => sub.close());
  await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
  const mine: string[] = [];
  const srv = p.respiteServer.server;
  srv.notifyFlags = NOTIFY_ALL | NOTIFY_KEYEVENT;
  srv.publishNotification = (ch, msg) => { if (ch.startsWith('__keyevent@0__:')) mine.push(ch.slice(15) + ' ' + msg); };
  const seed = testSeed();
  const r = rng(seed);
  const cmds: string[][] = [
    ['SET', 'a', '1'], ['SET', 'a', '2', 'NX'], ['SET', 'a', '3', 'XX', 'EX', '100'], ['SET', 'b', 'x', 'GET', 'PX', '100000'], ['SET', 'a', '4', 'KEEPTTL'],
    ['SETNX', 'a', '5'], ['SETNX', 'c', '5'], ['SETEX', 'd', '100', 'v'], ['PSETEX', 'd', '100000', 'v'], ['SETEX', 'd', '0', 'v'], ['GETSET', 'd', 'w'],
    ['GETDEL', 'd'], ['GETDEL', 'd'], ['GETEX', 'a', 'EX', '100'], ['GETEX', 'a', 'PERSIST'], ['GETEX', 'a', 'PERSIST'], ['GETEX', 'a'], ['GETEX', 'c', 'PXAT', '1'],
    ['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1', 'z', '2'], ['MSETNX', 'y', '1', 'z', '2'], ['APPEND', 'a', 'x'], ['APPEND', 'new', 'x'], ['APPEND', 'a', ''],
    ['SETRANGE', 'a', '1', 'yy'], ['SETRANGE', 'a', '1', ''], ['SETRANGE', 'n2', '3', ''], ['SETRANGE', 'n2', '3', 'q'], ['INCR', 'i'], ['DECRBY', 'i', '5'],
    ['INCR', 'a'], ['INCRBYFLOAT', 'i', '1.5'], ['INCRBYFLOAT', 'i', 'x'], ['SETBIT', 'bm', '5', '1'], ['SETBIT', 'bm', '5', '1'], ['SETBIT', 'bm', '5', '0'],
    ['BITOP', 'OR', 'bo', 'bm', 'a'], ['BITOP', 'AND', 'bo', 'nokey'], ['BITOP', 'AND', 'bo', 'nokey'], ['BITFIELD', 'bf', 'GET', 'u8', '0'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '999'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '9', 'INCRBY', 'u8', '0', '1'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '10'],
    ['GETEX', 'bf', 'EXAT', '1'],
  ];
  for (const c of cmds) await p.check(c);
  const keys = ['a', 'b', 'c'];
  const k = () => keys[Math.floor(r() * keys.length)];
  const gens: (() => string[])[] = [
    () => ['SET', k(), String(Math.floor(r() * 10))], () => ['APPEND', k(), 'x'], () => ['INCRBY', k(), '1'], () => ['SETRANGE', k(), '1', r() < 0.5 ? '' : 'z'],
    () => ['SETBIT', k(), '3', String(Math.floor(r() * 2))], () => ['BITOP', 'XOR', k(), k(), k()], () => ['GETDEL', k()], () => ['SETNX', k(), '1'],
    () => ['BITFIELD', k(), 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '1'], () => ['INCRBYFLOAT', k(), '0.5'], () => ['GETEX', k(), 'PERSIST'],
  ];
  for (let i = 0; i < 300; i++) await p.check(gens[Math.floor(r() * gens.length)](), { note: `seed ${seed}` });
  await p.redis.call('PUBLISH', '__keyevent@0__:zz-end', 'end');
  const ref: string[] = [];
  for (;;) {
    const m = await sub.read();
    if (m.t !== 'array' || !m.v) continue;
    const [, , ch, msg] = m.v.map(x => (x as { v: string }).v);
    if (ch.endsWith(':zz-end')) break;
    ref.push(ch.slice(15) + ' ' + msg);
  }
  assert.deepEqual(mine, ref, `seed ${seed}`);
});
