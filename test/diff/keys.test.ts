import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY, type DiffPair } from '../diff.js';
import { skipRedis, startRespite } from '../servers.js';
import { RespConn, show, type Reply } from '../resp-client.js';
import { NOTIFY_GENERIC, NOTIFY_EXPIRED, NOTIFY_KEYSPACE, NOTIFY_KEYEVENT, NOTIFY_KEY_MISS } from '../../src/db/notify.js';

const skip = skipRedis();

/** Reply of a TTL-like command reduced to its class: -2, -1 or "present". */
function ttlClass(r: Reply): string {
  if (r.t !== 'int') return show(r);
  const n = Number(r.v);
  return n >= 0 ? 'present' : String(n);
}

async function checkTtlClass(p: DiffPair, argv: string[], note = ''): Promise<void> {
  const [a, b] = await Promise.all([p.respite.call(...argv), p.redis.call(...argv)]);
  assert.equal(ttlClass(a), ttlClass(b), `${note} ${argv.join(' ')}: respite ${show(a)} redis ${show(b)}`);
}

/**
 * TTL compared exactly, except that the two servers' clocks may straddle a
 * rounding boundary (TTL rounds to the nearest second): a difference of one
 * is accepted only when PTTL shows the key sits right at that boundary.
 */
async function checkTtl(p: DiffPair, key: string, note = ''): Promise<void> {
  const [a, b] = await Promise.all([p.respite.call('TTL', key), p.redis.call('TTL', key)]);
  if (show(a) === show(b)) return;
  const [pa, pb] = await Promise.all([p.respite.call('PTTL', key), p.redis.call('PTTL', key)]);
  const near = (r: Reply) => r.t === 'int' && Math.abs((Number(r.v) % 1000) - 500) < 100;
  assert.ok(a.t === 'int' && b.t === 'int' && Math.abs(Number(a.v) - Number(b.v)) === 1 && near(pa) && near(pb),
    `${note} TTL ${JSON.stringify(key)}: respite ${show(a)} redis ${show(b)}`);
}

/** Runs SCAN to the end on one connection; returns the sorted set of keys seen. */
async function scanAll(conn: RespConn, extra: string[]): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = '0';
  let rounds = 0;
  do {
    const r = await conn.call('SCAN', cursor, ...extra);
    if (r.t !== 'array' || !r.v) throw new Error('bad SCAN reply ' + show(r));
    const [cur, keys] = r.v;
    cursor = (cur as { v: string }).v;
    for (const k of (keys as { v: Reply[] }).v) seen.add((k as { v: string }).v);
    if (++rounds > 100000) throw new Error('SCAN does not terminate');
  } while (cursor !== '0');
  return [...seen].sort();
}

async function checkScan(p: DiffPair, extra: string[], note = ''): Promise<void> {
  const [a, b] = await Promise.all([scanAll(p.respite, extra), scanAll(p.redis, extra)]);
  assert.deepEqual(a, b, `${note} SCAN ${extra.join(' ')}`);
}

test('keys: DEL UNLINK EXISTS TOUCH TYPE DBSIZE RANDOMKEY', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['DEL'], ['UNLINK'], ['EXISTS'], ['TOUCH'], ['TYPE'], ['TYPE', 'a', 'b'], ['DBSIZE', 'x'], ['RANDOMKEY', 'x'],
    ['RANDOMKEY'], ['DBSIZE'], ['TYPE', 'nokey'], ['EXISTS', 'nokey'], ['DEL', 'nokey'],
    ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3'],
    ['EXISTS', 'a', 'a', 'b', 'zz'], ['TOUCH', 'a', 'zz', 'a'], ['TYPE', 'a'], ['DBSIZE'],
    ['DEL', 'a', 'a', 'zz'], ['UNLINK', 'b', 'c'], ['DBSIZE'], ['RANDOMKEY'], ['EXISTS', 'a', 'b', 'c'],
    ['SET', 'only', 'x'], ['RANDOMKEY'],
  ]);
  for (const k of NASTY) {
    await p.all([['SET', k, k], ['EXISTS', k], ['TYPE', k], ['TOUCH', k]]);
  }
  await p.check(['KEYS', '*'], { sort: true });
  await p.check(['DBSIZE']);
  for (const k of NASTY) await p.check(['DEL', k]);
  await p.all([['DBSIZE'], ['FLUSHALL']]);
  // RESP3: RANDOMKEY on an empty db is a null
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['RANDOMKEY'], ['SET', 'k', 'v'], ['RANDOMKEY'], ['KEYS', '*'], ['SCAN', '0']]);
});

test('keys: RENAME RENAMENX with TTLs and binary names', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['RENAME', 'a'], ['RENAMENX', 'a'], ['RENAME', 'a', 'b', 'c'],
    ['RENAME', 'nokey', 'x'], ['RENAMENX', 'nokey', 'x'], ['RENAME', 'nokey', 'nokey'], ['RENAMENX', 'nokey', 'nokey'],
    ['SET', 'a', 'va'], ['RENAME', 'a', 'a'], ['RENAMENX', 'a', 'a'], ['GET', 'a'],
    ['RENAME', 'a', 'b'], ['EXISTS', 'a'], ['GET', 'b'],
    ['SET', 'c', 'vc'], ['RENAMENX', 'b', 'c'], ['GET', 'b'], ['GET', 'c'],
    ['EXPIRE', 'b', '1000'], ['RENAME', 'b', 'c'], ['TTL', 'c'], ['GET', 'c'], ['EXISTS', 'b'],
    ['SET', 'd', 'vd'], ['EXPIRE', 'd', '500'], ['RENAME', 'c', 'd'], ['TTL', 'd'], ['GET', 'd'],
    ['SET', 'e', 've'], ['EXPIRE', 'e', '300'], ['RENAMENX', 'e', 'f'], ['TTL', 'f'], ['TTL', 'e'],
  ]);
  let prev = 'f';
  for (const k of NASTY) {
    await p.all([['RENAME', prev, k], ['GET', k], ['TTL', k], ['EXISTS', prev]]);
    prev = k;
  }
  await p.check(['KEYS', '*'], { sort: true });
});

test('keys: MOVE COPY SWAPDB FLUSHDB FLUSHALL across databases', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['MOVE', 'a'], ['MOVE', 'a', '1', '2'], ['COPY', 'a'], ['SWAPDB', '0'], ['FLUSHDB', 'a', 'b'],
    ['MOVE', 'a', 'x'], ['MOVE', 'a', '16'], ['MOVE', 'a', '-1'], ['MOVE', 'a', '0'], ['MOVE', 'a', '2147483648'], ['MOVE', 'a', '1'],
    ['SET', 'a', 'va'], ['MOVE', 'a', '0'], ['MOVE', 'a', '1.0'], ['MOVE', 'a', '99999999999'],
    ['EXPIRE', 'a', '1000'], ['MOVE', 'a', '1'], ['EXISTS', 'a'], ['SELECT', '1'], ['GET', 'a'], ['TTL', 'a'],
    ['SET', 'b', 'in1'], ['SELECT', '0'], ['SET', 'b', 'in0'], ['MOVE', 'b', '1'], ['GET', 'b'],
    // COPY
    ['COPY', 'b', 'b'], ['COPY', 'b', 'b', 'DB', '0'], ['COPY', 'b', 'b', 'DB', '1'], ['COPY', 'b', 'c', 'DB'],
    ['COPY', 'b', 'c', 'DB', 'x'], ['COPY', 'b', 'c', 'DB', '16'], ['COPY', 'b', 'c', 'DB', '-1'], ['COPY', 'b', 'c', 'FOO'],
    ['COPY', 'b', 'c', 'REPLACE', 'REPLACE', 'db', '2'], ['COPY', 'nokey', 'c'], ['COPY', 'nokey', 'nokey'],
    ['COPY', 'b', 'c'], ['GET', 'c'], ['COPY', 'b', 'c'], ['SET', 'b', 'newb'], ['COPY', 'b', 'c', 'REPLACE'], ['GET', 'c'],
    ['EXPIRE', 'b', '700'], ['COPY', 'b', 'd', 'DB', '3'], ['SELECT', '3'], ['GET', 'd'], ['TTL', 'd'], ['SELECT', '0'],
    ['COPY', 'b', 'd', 'DB', '3'], ['COPY', 'b', 'd', 'DB', '3', 'REPLACE'], ['TTL', 'c'],
    // SWAPDB
    ['SWAPDB', 'x', '0'], ['SWAPDB', '0', 'x'], ['SWAPDB', '0', '16'], ['SWAPDB', '-1', '0'], ['SWAPDB', '0', '2147483648'],
    ['SWAPDB', '0', '0'], ['DBSIZE'], ['SWAPDB', '0', '1'], ['DBSIZE'], ['GET', 'a'], ['GET', 'b'], ['TTL', 'a'],
    ['SELECT', '1'], ['DBSIZE'], ['GET', 'b'], ['GET', 'c'], ['SELECT', '0'],
    // FLUSH
    ['FLUSHDB', 'x'], ['FLUSHDB', 'ASYNC'], ['DBSIZE'], ['SELECT', '1'], ['DBSIZE'], ['FLUSHDB', 'sync'], ['DBSIZE'],
    ['SELECT', '3'], ['DBSIZE'], ['FLUSHALL', 'x'], ['FLUSHALL', 'async', 'sync'], ['FLUSHALL', 'SYNC'], ['DBSIZE'],
    ['SET', 'q', '1'], ['FLUSHALL'], ['DBSIZE'], ['SET', 'q', '1'], ['FLUSHALL', 'ASYNC'], ['DBSIZE'],
  ]);
  for (const k of NASTY) {
    await p.all([['SET', k, 'v' + k], ['COPY', k, k + '!', 'DB', '4'], ['MOVE', k, '5'], ['SELECT', '5'], ['GET', k], ['SELECT', '4'], ['GET', k + '!'], ['SELECT', '0']]);
  }
  for (const db of ['0', '4', '5']) await p.all([['SELECT', db], ['KEYS', '*']], { sort: true });
});

test('keys: EXPIRE family options, errors, overflow; TTL family', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['EXPIRE', 'a'], ['TTL'], ['PTTL', 'a', 'b'], ['EXPIRETIME'], ['PERSIST'],
    ['EXPIRE', 'nokey', '10'], ['TTL', 'nokey'], ['PTTL', 'nokey'], ['EXPIRETIME', 'nokey'], ['PEXPIRETIME', 'nokey'], ['PERSIST', 'nokey'],
    ['SET', 'a', '1'], ['TTL', 'a'], ['PTTL', 'a'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'], ['PERSIST', 'a'],
    ['EXPIRE', 'a', 'x'], ['EXPIRE', 'a', '1.5'], ['EXPIRE', 'a', ''], ['EXPIRE', 'a', '10', 'foo'], ['EXPIRE', 'a', 'x', 'foo'],
    ['EXPIRE', 'a', 'x', 'nx'], ['EXPIRE', 'a', '10', 'nx', 'xx'], ['EXPIRE', 'a', '10', 'gt', 'lt'], ['EXPIRE', 'a', '10', 'NX', 'GT'],
    ['EXPIRE', 'a', '10', 'lt', 'nx'], ['EXPIRE', 'a', '10', 'xx', 'gt', 'lt'], ['EXPIRE', 'a', '10', 'nx', 'bad'], ['EXPIRE', 'a', '10', 'a\r\nb'],
    ['EXPIRE', 'a', '9223370399119966'], ['EXPIRE', 'a', '9223372036854776'], ['EXPIRE', 'a', '10000000000000000'],
    ['EXPIRE', 'a', '18446744073709561'], ['EXPIRE', 'a', '-9223372036854776'], ['EXPIRE', 'a', '-9999999999999999'],
    ['PEXPIRE', 'a', '9223372036854770000'], ['EXPIREAT', 'a', '9223372036854776'], ['PEXPIREAT', 'a', '9223372036854775808'],
    ['EXPIRE', 'a', '9223372036854775807'], ['TTL', 'a'],
    // flags against a key without TTL
    ['EXPIRE', 'a', '100', 'XX'], ['EXPIRE', 'a', '100', 'GT'], ['TTL', 'a'], ['EXPIRE', 'a', '100', 'LT'], ['TTL', 'a'],
    ['EXPIRE', 'a', '200', 'NX'], ['TTL', 'a'], ['EXPIRE', 'a', '200', 'GT'], ['TTL', 'a'], ['EXPIRE', 'a', '300', 'gt'], ['TTL', 'a'],
    ['EXPIRE', 'a', '400', 'lt'], ['TTL', 'a'], ['EXPIRE', 'a', '250', 'lt'], ['TTL', 'a'], ['EXPIRE', 'a', '260', 'xx', 'lt'], ['TTL', 'a'],
    ['EXPIRE', 'a', '150', 'xx', 'gt'], ['EXPIRE', 'a', '500', 'xx'], ['TTL', 'a'], ['PERSIST', 'a'], ['TTL', 'a'], ['PERSIST', 'a'],
    ['EXPIRE', 'a', '100', 'LT'], ['TTL', 'a'],
    // absolute times: exact replies
    ['EXPIREAT', 'a', '4000000000'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'],
    ['PEXPIREAT', 'a', '4000000000123'], ['EXPIRETIME', 'a'], ['PEXPIRETIME', 'a'],
    ['PEXPIREAT', 'a', '4000000000499'], ['EXPIRETIME', 'a'], ['PEXPIREAT', 'a', '4000000000500'], ['EXPIRETIME', 'a'],
    ['PEXPIREAT', 'a', '4000000000000', 'GT'], ['PEXPIREAT', 'a', '4000000000000', 'LT'], ['PEXPIRETIME', 'a'],
    ['EXPIREAT', 'a', '4000000001', 'NX'], ['EXPIREAT', 'a', '4000000001', 'XX', 'GT'], ['PEXPIRETIME', 'a'],
    // past times delete the key
    ['EXPIREAT', 'a', '1000'], ['EXISTS', 'a'], ['SET', 'a', '1'], ['EXPIRE', 'a', '0'], ['EXISTS', 'a'],
    ['SET', 'a', '1'], ['EXPIRE', 'a', '-10'], ['EXISTS', 'a'], ['SET', 'a', '1'], ['PEXPIRE', 'a', '-9223372036854775808'], ['EXISTS', 'a'],
    ['SET', 'a', '1'], ['PEXPIREAT', 'a', '-9223372036854770000'], ['TTL', 'a'],
    ['SET', 'a', '1'], ['PEXPIREAT', 'a', '9223372036854770000'], ['EXPIRE', 'a', '10', 'GT'],
    ['SET', 'a', '1'], ['EXPIRE', 'a', '100'], ['EXPIRE', 'a', '-1', 'GT'], ['EXPIRE', 'a', '-1', 'LT'], ['EXISTS', 'a'],
    ['SET', 'a', '1'], ['EXPIRE', 'a', '-1', 'XX'], ['EXISTS', 'a'], ['EXPIRE', 'a', '-1', 'NX'], ['EXISTS', 'a'],
    // SET clears the TTL
    ['SET', 'b', '1'], ['EXPIRE', 'b', '100'], ['SET', 'b', '2'], ['TTL', 'b'],
  ]);
  // int64 expiry times beyond 2^53 stay exact, also through RENAME / MOVE / COPY
  await p.all([
    ['SET', 'h', '1'], ['PEXPIREAT', 'h', '9223372036854770000'], ['PEXPIRETIME', 'h'], ['EXPIRETIME', 'h'],
    ['PEXPIREAT', 'h', '9007199254740993'], ['PEXPIRETIME', 'h'], ['PEXPIREAT', 'h', '9007199254740994', 'LT'],
    ['PEXPIREAT', 'h', '9007199254740994', 'GT'], ['PEXPIRETIME', 'h'], ['PEXPIREAT', 'h', '9007199254740995', 'GT'], ['PEXPIRETIME', 'h'],
    ['RENAME', 'h', 'h2'], ['PEXPIRETIME', 'h2'], ['COPY', 'h2', 'h3'], ['PEXPIRETIME', 'h3'], ['MOVE', 'h3', '1'],
    ['SELECT', '1'], ['PEXPIRETIME', 'h3'], ['SELECT', '0'], ['SWAPDB', '0', '1'], ['PEXPIRETIME', 'h3'], ['SWAPDB', '0', '1'],
    ['EXPIREAT', 'h2', '9223372036854775'], ['PEXPIRETIME', 'h2'], ['PERSIST', 'h2'], ['PEXPIRETIME', 'h2'],
    ['PEXPIREAT', 'h2', '9223372036854775807'], ['PEXPIRETIME', 'h2'], ['EXPIRETIME', 'h2'],
  ]);
  await checkTtl(p, 'h2');
  await checkTtlClass(p, ['PTTL', 'h2']);
  for (const k of NASTY) {
    await p.all([['SET', k, 'x'], ['EXPIRE', k, '1000'], ['TTL', k], ['PERSIST', k], ['TTL', k], ['EXPIREAT', k, '4000000000'], ['EXPIRETIME', k]]);
  }
  // relative forms: PTTL / PEXPIRETIME compared by class only
  await p.all([['SET', 'r', '1'], ['PEXPIRE', 'r', '100000'], ['TTL', 'r']]);
  for (const cmd of ['PTTL', 'PEXPIRETIME', 'EXPIRETIME', 'TTL']) await checkTtlClass(p, [cmd, 'r']);
  await p.all([['PERSIST', 'r']]);
  for (const cmd of ['PTTL', 'PEXPIRETIME']) await checkTtlClass(p, [cmd, 'r']);
});

test('keys: KEYS and SCAN MATCH agree with Redis on random glob patterns', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const kalpha = ['a', 'b', 'A', '*', '[', ']', '^', '-', '\\', '?', '\x80', '\xff', '0', '\0', '_'];
  const palpha = ['a', 'b', 'A', '*', '*', '?', '[', ']', '^', '-', '\\', '\x80', '\xff', '0', '\0'];
  const keys = new Set<string>(['', 'a', 'ab', 'aaa', 'a*b', '[', ']', '\\', '-', '^']);
  while (keys.size < 120) {
    let k = '';
    const n = 1 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) k += kalpha[Math.floor(r() * kalpha.length)];
    keys.add(k);
  }
  for (const k of keys) await p.check(['SET', k, '1'], { note: `seed ${seed}` });
  const fixed = ['*', '**', '', '?', '[', '[^', '[]', '[]]', '[^]', 'a[', 'a[^', '[a-]', '[\\]]', '\\', 'a\\', '\\*', '*\\',
    '[a-\xff]', '[\x00-\xff]', '[\xff-a]', '[\x80-\xff]', '[^\x80-\xff]', '*a*a*a*a*a*b', '[-]', '[a-b-]', '[\\', '[a\\-b]', '?*', '*?*'];
  for (const pat of fixed) {
    await p.check(['KEYS', pat], { sort: true, note: `seed ${seed}` });
  }
  for (let i = 0; i < 300; i++) {
    let pat = '';
    const n = Math.floor(r() * 7);
    for (let j = 0; j < n; j++) pat += palpha[Math.floor(r() * palpha.length)];
    await p.check(['KEYS', pat], { sort: true, note: `seed ${seed}` });
    if (i % 10 === 0) await checkScan(p, ['MATCH', pat, 'COUNT', String(1 + Math.floor(r() * 50))], `seed ${seed}`);
  }
  // a pathological pattern over long keys must come back (Redis cuts the search short too)
  await p.check(['SET', 'a'.repeat(3000), '1']);
  await p.check(['KEYS', '*a*a*a*a*a*a*a*a*a*a*b'], { sort: true });
  await p.check(['KEYS', 'a*a*a*a*a*a*a*a*a*a*a'], { sort: true });
});

test('keys: SCAN cursors, options and errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SCAN'], ['SELECT', '7'],
    ['SCAN', '0'], ['SCAN', ''], ['SCAN', '-1'], ['SCAN', '+0'], ['SCAN', '+7'], ['SCAN', '-0'], ['SCAN', '18446744073709551615'],
    ['SCAN', '-18446744073709551615'], ['SCAN', '18446744073709551616'], ['SCAN', '-18446744073709551616'], ['SCAN', '99999999999999999999999'],
    ['SCAN', ' 1'], ['SCAN', '1 '], ['SCAN', 'x'], ['SCAN', '+'], ['SCAN', '-'], ['SCAN', '--1'], ['SCAN', '0x1'], ['SCAN', '1.0'],
    ['SCAN', '\t1'], ['SCAN', '\0'], ['SCAN', '5\0x'], ['SCAN', '1e3'],
    ['SCAN', '0', 'COUNT'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', 'x'],
    ['SCAN', '0', 'COUNT', '9223372036854775808'], ['SCAN', '0', 'COUNT', '9223372036854775807'], ['SCAN', '0', 'MATCH'],
    ['SCAN', '0', 'TYPE'], ['SCAN', '0', 'FOO', 'bar'], ['SCAN', '0', 'MATCH', '*', 'COUNT', '5', 'TYPE', 'string', 'x'],
    ['SCAN', 'x', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '0', 'FOO'], ['SCAN', '0', 'TYPE', 'nosuchtype'],
  ]);
  for (let i = 0; i < 700; i++) await p.respite.call('SET', `key:${i}`, String(i)), await p.redis.call('SET', `key:${i}`, String(i));
  for (const k of NASTY) await p.check(['SET', k, '1']);
  await checkScan(p, []);
  await checkScan(p, ['COUNT', '1']);
  await checkScan(p, ['COUNT', '1000']);
  await checkScan(p, ['MATCH', 'key:1*']);
  await checkScan(p, ['MATCH', 'key:*7', 'COUNT', '3']);
  await checkScan(p, ['MATCH', '*']);
  await checkScan(p, ['MATCH', '**']);
  await checkScan(p, ['TYPE', 'string']);
  await checkScan(p, ['TYPE', 'STRING', 'MATCH', '*9']);
  await checkScan(p, ['TYPE', 'hash']);
  await checkScan(p, ['TYPE', 'nosuch']);
  await checkScan(p, ['COUNT', '5', 'COUNT', '7', 'MATCH', 'x', 'MATCH', 'key:5*']);
  // keys with a past TTL are never returned
  await p.all([['SET', 'gone', '1'], ['PEXPIREAT', 'gone', '1'], ['EXISTS', 'gone']]);
  await checkScan(p, ['MATCH', 'g*']);
});

test('keys: OBJECT subcommands', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['OBJECT'], ['OBJECT', 'HELP'], ['object', 'help'], ['OBJECT', 'HELP', 'x'], ['OBJECT', 'FOO'], ['OBJECT', 'FOO', 'k'],
    ['OBJECT', 'ENCODING'], ['OBJECT', 'ENCODING', 'a', 'b'], ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'REFCOUNT', 'nokey'],
    ['OBJECT', 'IDLETIME', 'nokey'], ['OBJECT', 'FREQ', 'nokey'],
  ]);
  const values = ['0', '1', '9999', '10000', '-1', '-0', '01', '+1', '12345678901234567890', '9223372036854775807',
    '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '1.5', ' 1', '', 'abc', 'x'.repeat(44), 'x'.repeat(45),
    'x'.repeat(1000), '\0', '1\0'];
  // idle times are whole seconds read off two clocks: a second may tick between them
  const idle = async () => {
    const [a, b] = await Promise.all([p.respite.call('OBJECT', 'IDLETIME', 'k'), p.redis.call('OBJECT', 'IDLETIME', 'k')]);
    assert.ok(a.t === 'int' && b.t === 'int' && Math.abs(Number(a.v) - Number(b.v)) <= 1 && Number(a.v) <= 1, `IDLETIME ${show(a)} vs ${show(b)}`);
  };
  for (const v of values) {
    await p.all([['SET', 'k', v], ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'REFCOUNT', 'k']]);
    await idle();
  }
  await p.all([['OBJECT', 'FREQ', 'k'], ['TYPE', 'k']]);
  await idle();
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['OBJECT', 'HELP'], ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'ENCODING', 'k']]);
});

test('keys: OBJECT FREQ / IDLETIME under an LFU policy', { skip }, async (t) => {
  const p = await diffPair({ respite: { maxmemoryPolicy: 'allkeys-lfu' }, redis: ['--maxmemory-policy', 'allkeys-lfu'] });
  t.after(() => p.close());
  await p.all([
    ['SET', 'k', 'v'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'IDLETIME', 'k'], ['OBJECT', 'FREQ', 'nokey'],
    ['GET', 'k'], ['OBJECT', 'FREQ', 'k'], ['SET', 'n', '5'], ['OBJECT', 'REFCOUNT', 'n'],
  ]);
});

test('keys: seeded random sequences over a small key set and two databases', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const names = ['a', 'b', 'c', 'd', '', '\0x'];
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const k = () => pick(names);
  const farTtl = () => String(100 + Math.floor(r() * 10000));
  for (let i = 0; i < 2500; i++) {
    const x = r();
    let cmd: string[];
    let cls = false;
    if (x < 0.16) cmd = ['SET', k(), 'v' + i];
    else if (x < 0.22) cmd = ['GET', k()];
    else if (x < 0.28) cmd = ['DEL', k(), ...(r() < 0.3 ? [k()] : [])];
    else if (x < 0.33) cmd = [pick(['RENAME', 'RENAMENX']), k(), k()];
    else if (x < 0.38) cmd = ['COPY', k(), k(), ...(r() < 0.5 ? ['DB', pick(['0', '1'])] : []), ...(r() < 0.5 ? ['REPLACE'] : [])];
    else if (x < 0.42) cmd = ['MOVE', k(), pick(['0', '1'])];
    else if (x < 0.44) cmd = ['SWAPDB', pick(['0', '1']), pick(['0', '1'])];
    else if (x < 0.47) cmd = ['SELECT', pick(['0', '1'])];
    else if (x < 0.57) {
      const form = pick(['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']);
      const past = r() < 0.25;
      let when: string;
      if (form === 'EXPIRE') when = past ? String(-Math.floor(r() * 5)) : farTtl();
      else if (form === 'PEXPIRE') when = past ? '0' : String(Number(farTtl()) * 1000);
      else if (form === 'EXPIREAT') when = past ? '1000' : String(4000000000 + Math.floor(r() * 100));
      else when = past ? '1' : String(4000000000000 + Math.floor(r() * 100000));
      const flags = r() < 0.5 ? [] : [pick(['NX', 'XX', 'GT', 'LT'])];
      cmd = [form, k(), when, ...flags];
    } else if (x < 0.66) { cmd = [pick(['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']), k()]; cls = true; }
    else if (x < 0.7) cmd = ['PERSIST', k()];
    else if (x < 0.76) cmd = ['TYPE', k()];
    else if (x < 0.82) cmd = ['EXISTS', k(), k()];
    else if (x < 0.86) cmd = ['DBSIZE'];
    else if (x < 0.9) cmd = ['KEYS', pick(['*', '?', '[ab]', '*\0*', '\\a'])];
    else if (x < 0.93) cmd = ['TOUCH', k()];
    else if (x < 0.95) cmd = ['OBJECT', 'ENCODING', k()];
    else if (x < 0.96) cmd = ['FLUSHDB'];
    else cmd = ['UNLINK', k()];
    if (cls) {
      // absolute times are exact only when they were set with an absolute command; compare TTL exactly, the rest by class
      if (cmd[0] === 'TTL') await checkTtl(p, cmd[1], note);
      else await checkTtlClass(p, cmd, note);
    } else {
      await p.check(cmd, { sort: cmd[0] === 'KEYS', note });
    }
  }
  for (const db of ['0', '1']) {
    await p.check(['SELECT', db]);
    await p.check(['KEYS', '*'], { sort: true, note });
    await checkScan(p, [], note);
  }
});

test('keys: keyspace events match Redis (generic, expired and keymiss classes)', { skip }, async (t) => {
  const p = await diffPair({ redis: ['--notify-keyspace-events', 'KEgxm'] });
  t.after(() => p.close());
  const srv = p.respiteServer.server;
  const mine: string[] = [];
  srv.notifyFlags = NOTIFY_KEYSPACE | NOTIFY_KEYEVENT | NOTIFY_GENERIC | NOTIFY_EXPIRED | NOTIFY_KEY_MISS; // = KEgxm
  srv.publishNotification = (ch, msg) => {
    // the placeholder SET emits nothing; Redis's "set" ($ class) is disabled on its side
    mine.push(`${ch} ${msg}`);
  };
  srv.activeExpireEnabled = false;
  const sub = await RespConn.connect(p.redisServer.port);
  t.after(() => sub.close());
  await sub.call('PSUBSCRIBE', '*');
  await p.check(['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], { ignore: true });
  await p.all([
    ['SET', 'a', '1'], ['DEL', 'a', 'nokey'], ['SET', 'a', '1'], ['RENAME', 'a', 'b'], ['RENAMENX', 'b', 'b'], ['SET', 'c', '2'],
    ['RENAMENX', 'b', 'c'], ['RENAME', 'b', 'c'], ['MOVE', 'c', '1'], ['MOVE', 'nokey', '1'], ['SELECT', '1'], ['COPY', 'c', 'd', 'DB', '2'],
    ['COPY', 'c', 'e'], ['COPY', 'c', 'e'], ['COPY', 'c', 'e', 'REPLACE'], ['EXPIRE', 'c', '100'], ['EXPIRE', 'c', '50', 'GT'],
    ['PEXPIRE', 'c', '100000'], ['PERSIST', 'c'], ['PERSIST', 'c'], ['EXPIRE', 'e', '-1'], ['UNLINK', 'c'], ['SET', 'x', '1'],
    ['EXISTS', 'nokey', 'c'], ['TYPE', 'nokey'], ['TTL', 'nokey'], ['PTTL', 'nokey'], ['EXPIRETIME', 'nokey'], ['TOUCH', 'nokey'],
    ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'REFCOUNT', 'nokey'], ['COPY', 'nokey', 'x'], ['GET', 'nokey'], ['RENAME', 'nokey', 'x'],
    ['MOVE', 'nokey', '3'], ['EXPIRE', 'nokey', '10'], ['PERSIST', 'nokey'], ['DEL', 'nokey'],
    ['SET', 'y', '1'], ['SWAPDB', '1', '2'], ['FLUSHDB'], ['SET', 'x', '1'], ['SET', 'y', '1'], ['PEXPIRE', 'x', '1'], ['PEXPIREAT', 'y', '1'], ['TOUCH', 'y'],
  ]);
  await new Promise(res => setTimeout(res, 20));
  await p.all([['GET', 'x'], ['EXISTS', 'x']]);
  // KEYS skips logically expired keys without deleting them; SCAN deletes them
  await p.all([['SET', 'k1', '1'], ['SET', 'k2', '1'], ['PEXPIRE', 'k1', '1'], ['PEXPIRE', 'k2', '1']]);
  await new Promise(res => setTimeout(res, 20));
  await p.all([['KEYS', 'k*'], ['DBSIZE'], ['SCAN', '0', 'MATCH', 'k1', 'COUNT', '1000'], ['DBSIZE'], ['GET', 'k2'], ['DBSIZE'], ['FLUSHALL']]);
  const ctl = await RespConn.connect(p.redisServer.port);
  t.after(() => ctl.close());
  await ctl.call('PUBLISH', 'zz-end', 'end');
  const theirs: string[] = [];
  for (;;) {
    const m = await sub.read();
    if (m.t !== 'array' || !m.v) continue;
    const parts = m.v.map(x => (x as { v: string }).v);
    if (parts[2] === 'zz-end') break;
    theirs.push(`${parts[2]} ${parts[3]}`);
  }
  assert.ok(theirs.length >= 30, `too few events: ${theirs.join(' | ')}`);
  assert.deepEqual(mine, theirs);
});

test('keys: active expiry removes a large batch of volatile keys while the server keeps answering', async (t) => {
  const s = await startRespite();
  t.after(() => s.close());
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  const N = 100000;
  // pipeline SET + PEXPIRE in chunks
  for (let base = 0; base < N; base += 5000) {
    const chunk: Buffer[] = [];
    for (let i = base; i < base + 5000; i++) {
      chunk.push(RespConn.encode(['SET', `vol:${i}`, 'x']), RespConn.encode(['PEXPIRE', `vol:${i}`, '50']));
    }
    c.writeRaw(Buffer.concat(chunk));
    for (let i = 0; i < 10000; i++) await c.read();
  }
  // a second database with volatile keys must not be starved by the big one
  await c.call('SELECT', '5');
  for (let i = 0; i < 2000; i++) c.send(['SET', `v5:${i}`, 'x']), c.send(['PEXPIRE', `v5:${i}`, '50']);
  for (let i = 0; i < 4000; i++) await c.read();
  await c.call('SELECT', '0');
  await c.call('SET', 'stays', '1');
  let size = N;
  let pings = 0;
  for (let i = 0; i < 600 && size > 1; i++) {
    await new Promise(res => setTimeout(res, 50));
    const pong = await c.call('PING');
    assert.equal(pong.t, 'simple');
    pings++;
    const r = await c.call('DBSIZE');
    size = Number((r as { v: string }).v);
  }
  assert.equal(size, 1, `active expiry left ${size - 1} keys after ${pings} polls`);
  assert.deepEqual(await c.call('EXISTS', 'stays'), { t: 'int', v: '1' });
  await c.call('SELECT', '5');
  let size5 = -1;
  for (let i = 0; i < 600 && size5 !== 0; i++) {
    size5 = Number((await c.call('DBSIZE') as { v: string }).v);
    if (size5 !== 0) await new Promise(res => setTimeout(res, 50));
  }
  assert.equal(size5, 0);
});

test('keys: SWAPDB offers keys to clients blocked on them; flush and swap hooks run', async (t) => {
  const s = await startRespite();
  t.after(() => s.close());
  const srv = s.server;
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  const served: string[] = [];
  const flushes: (number | null)[] = [];
  const swaps: [number, number][] = [];
  srv.flushHooks.push(db => flushes.push(db === null ? null : db.id));
  srv.swapHooks.push((a, b) => swaps.push([a.id, b.id]));
  const waiter = srv.createFakeClient();
  // a waiter on db 1 key "k" that accepts whatever shows up there
  srv.blocking.block(waiter, {
    db: srv.dbs[1], keys: ['k'], deadline: 0, timeout() {},
    serve(key) { served.push(key); return true; },
  });
  await c.call('SET', 'k', 'v');
  await c.call('SWAPDB', '0', '1');
  assert.deepEqual(served, ['k']);
  assert.deepEqual(swaps, [[0, 1]]);
  await c.call('SWAPDB', '2', '2');
  assert.deepEqual(swaps, [[0, 1]]);
  await c.call('FLUSHDB');
  await c.call('FLUSHALL');
  assert.deepEqual(flushes, [0, null]);
});

test('keys: which commands refresh the access clock (OBJECT IDLETIME after a pause)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const names = ['type', 'exists', 'ttl', 'touch', 'get', 'object', 'rename', 'copy', 'expire', 'persist', 'keys', 'scan', 'untouched'];
  // distinct non-integer values: Redis shares small integer objects, and with them one access clock
  for (const n of names) await p.check(['SET', n, 'value of ' + n]);
  await new Promise(res => setTimeout(res, 2300));
  await p.all([
    ['TYPE', 'type'], ['EXISTS', 'exists'], ['TTL', 'ttl'], ['TOUCH', 'touch'], ['GET', 'get'], ['OBJECT', 'ENCODING', 'object'],
    ['RENAME', 'rename', 'renamed'], ['COPY', 'copy', 'copied'], ['EXPIRE', 'expire', '1000'], ['PERSIST', 'persist'],
    ['KEYS', 'keys'], ['SCAN', '0', 'MATCH', 'scan', 'TYPE', 'string', 'COUNT', '1000'],
  ]);
  for (const n of [...names.filter(x => x !== 'rename'), 'renamed', 'copied']) {
    const [a, b] = await Promise.all([p.respite.call('OBJECT', 'IDLETIME', n), p.redis.call('OBJECT', 'IDLETIME', n)]);
    assert.ok(a.t === 'int' && b.t === 'int' && Math.abs(Number(a.v) - Number(b.v)) <= 1, `IDLETIME ${n}: ${show(a)} vs ${show(b)}`);
    // the pause is long enough to tell touched (0) from untouched (2) keys apart
    assert.equal(Number(a.v) >= 2, Number(b.v) >= 2, `IDLETIME ${n}: ${show(a)} vs ${show(b)}`);
  }
});
