/**
 * redis-cli (the real one, unchanged) against an in-process Respite: one-shot
 * commands, commands read from stdin with escapes, --pipe mass insertion,
 * --scan, -r, --raw / --no-raw formatting, RESP3 (-3) output, -x, -n, -u, -e,
 * -a and --bigkeys. Output is compared with the same invocation against a real
 * redis-server where it is deterministic.
 *
 * redis-cli runs as a child process with async spawn: spawnSync would block the
 * event loop this in-process server answers from.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startRespite, startRedis, redisAvailable, type RedisProcess } from '../servers.js';

const HAS_CLI = spawnSync('redis-cli', ['--version']).status === 0;
const skip = !HAS_CLI && 'redis-cli not on PATH';

const respite = await startRespite();
const reference: RedisProcess | null = HAS_CLI && redisAvailable() ? await startRedis() : null;
after(async () => { await respite.close(); if (reference) await reference.close(); });

interface Out { stdout: Buffer; stderr: string; status: number | null }

function cli(port: number, args: string[], input?: Buffer | string): Promise<Out> {
  return new Promise((resolve, reject) => {
    const p = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    p.stdout.on('data', d => out.push(d));
    p.stderr.on('data', d => err.push(d));
    p.on('error', reject);
    const timer = setTimeout(() => p.kill('SIGKILL'), 20000);
    p.on('close', status => { clearTimeout(timer); resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('latin1'), status }); });
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

/** Output as latin1 text (redis-cli prints raw bytes with --raw). */
const text = (o: Out) => o.stdout.toString('latin1');

/** Runs the same redis-cli invocation against Respite and Redis and checks stdout and exit status agree. */
async function same(args: string[], input?: Buffer | string, fix: (s: string) => string = s => s): Promise<string> {
  const a = await cli(respite.port, args, input);
  if (reference) {
    const b = await cli(reference.port, args, input);
    assert.equal(fix(text(a)), fix(text(b)), `redis-cli ${args.join(' ')}`);
    assert.equal(a.status, b.status, `exit status of redis-cli ${args.join(' ')}`);
  }
  return fix(text(a));
}

async function both(args: string[], input?: Buffer | string): Promise<void> {
  await cli(respite.port, args, input);
  if (reference) await cli(reference.port, args, input);
}

/** RESP encoding of one command, as the mass-insertion protocol wants it. */
function resp(...argv: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const sortLines = (s: string) => s.split('\n').filter(l => l !== '').sort().join('\n');

test('PING, SET/GET, exit status and error output', { skip }, async () => {
  await both(['FLUSHALL']);
  assert.equal(await same(['PING']), 'PONG\n');
  assert.equal(await same(['SET', 'k', 'v w']), 'OK\n');
  assert.equal(await same(['GET', 'k']), 'v w\n');
  await same(['--no-raw', 'GET', 'k']);
  await same(['--no-raw', 'GET', 'missing']);
  await same(['--no-raw', 'NOSUCHCOMMAND', 'a']);
  await same(['--no-raw', 'GET']);
  await same(['-e', 'INCR', 'k']); // -e: non-zero exit status on an error reply
  await same(['-e', '--no-raw', 'LPUSH', 'k', 'x']);
  await same(['-n', '4', 'SET', 'in4', 'x']);
  assert.equal(await same(['-n', '4', 'GET', 'in4']), 'x\n');
  assert.equal(await same(['-n', '4', 'DBSIZE']), '1\n');
  const viaUrl = await cli(0, ['-u', `redis://127.0.0.1:${respite.port}/4`, 'GET', 'in4']);
  assert.equal(text(viaUrl), 'x\n');
});

test('binary arguments: -x from stdin, escapes in commands read from stdin', { skip }, async () => {
  await both(['FLUSHALL']);
  const bin = Buffer.from([0x68, 0, 0xff, 0xfe, 13, 10, 0x80, 0x41]);
  assert.equal(await same(['-x', 'SET', 'xk'], bin), 'OK\n');
  const raw = await cli(respite.port, ['--raw', 'GET', 'xk']);
  assert.deepEqual(raw.stdout, Buffer.concat([bin, Buffer.from('\n')]));
  assert.equal(await same(['--no-raw', 'GET', 'xk']), '"h\\x00\\xff\\xfe\\r\\n\\x80A"\n');
  await same(['--no-raw', 'STRLEN', 'xk']);
  const script = [
    'SET "bin\\x00key" "\\xff\\x00\\r\\n"',
    'GET "bin\\x00key"',
    'STRLEN "bin\\x00key"',
    'HSET h "f\\x00" "\\x01" plain "caf\\xc3\\xa9"',
    'HGETALL h',
    'RPUSH "l\\xff" "" "\\x00" "a b"',
    'LRANGE "l\\xff" 0 -1',
    "SADD s 'single quoted' \"\\\"dq\\\"\"",
    'SISMEMBER s "\\"dq\\""',
    'SCARD s',
    'SMEMBERS "\\x00"',
    'KEYS "l*"',
    'TYPE "l\\xff"',
    '',
  ].join('\n');
  await same(['--no-raw'], script);
  await same(['--raw'], script);
});

test('--pipe mass insertion reports errors: 0 and the number of replies', { skip }, async () => {
  await both(['FLUSHALL']);
  const parts: Buffer[] = [];
  const N = 5000;
  for (let i = 0; i < N; i++) parts.push(resp('SET', `key:${i}`, Buffer.from([0, 0xff, 13, 10, i & 0xff])));
  parts.push(resp('RPUSH', 'list', ...Array.from({ length: 200 }, (_, i) => String(i))));
  parts.push(resp('HSET', 'hash', 'f', '\0'));
  parts.push(Buffer.from('SADD inline-set a b c\r\n')); // inline commands are accepted too
  const input = Buffer.concat(parts);
  const out = await same(['--pipe'], input);
  assert.match(out, /errors: 0, replies: 5003\n$/);
  assert.equal(await same(['DBSIZE']), `${N + 3}\n`);
  assert.equal(await same(['LLEN', 'list']), '200\n');
  assert.equal(await same(['--no-raw', 'GET', 'key:300']), '"\\x00\\xff\\r\\n,"\n');
  // An error reply is counted, and everything else still runs.
  const bad = Buffer.concat([resp('SET', 'a', '1'), resp('LPUSH', 'a', 'x'), resp('INCR', 'counter'), resp('NOSUCH')]);
  const out2 = await cli(respite.port, ['--pipe'], bad);
  assert.match(text(out2), /errors: 2, replies: 4\n$/);
  if (reference) assert.equal(text(await cli(reference.port, ['--pipe'], bad)), text(out2));
  assert.equal(await same(['GET', 'counter']), '1\n');
  // A large mass insertion split over many reads.
  const big: Buffer[] = [];
  for (let i = 0; i < 2000; i++) big.push(resp('RPUSH', 'biglist', 'x'.repeat(1000 + i)));
  assert.match(await same(['--pipe'], Buffer.concat(big)), /errors: 0, replies: 2000\n$/);
});

test('--scan with --pattern', { skip }, async () => {
  await both(['FLUSHALL']);
  const parts: Buffer[] = [];
  for (let i = 0; i < 3000; i++) parts.push(resp('SET', `user:${i}`, 'x'));
  for (let i = 0; i < 100; i++) parts.push(resp('SADD', `set:${i}`, 'x'));
  parts.push(resp('SET', 'us\0er:bin', 'x'));
  await both(['--pipe'], Buffer.concat(parts));
  const all = await same(['--scan'], undefined, sortLines);
  assert.equal(all.split('\n').length, 3101);
  const users = await same(['--scan', '--pattern', 'user:2*'], undefined, sortLines);
  assert.equal(users.split('\n').length, 1111);
  await same(['--scan', '--pattern', 'set:?'], undefined, sortLines);
  await same(['--scan', '--pattern', '*[xyz]*'], undefined, sortLines);
  assert.equal(await same(['--scan', '--pattern', 'nothing*']), '');
  await same(['--scan', '--pattern', 'us*bin'], undefined, sortLines);
});

test('-r repeat and -i interval', { skip }, async () => {
  await both(['FLUSHALL']);
  assert.equal(await same(['-r', '5', 'INCR', 'c']), '1\n2\n3\n4\n5\n');
  await same(['-r', '3', '-i', '0.01', '--no-raw', 'RPUSH', 'l', 'x']);
  await same(['-r', '2', '--no-raw', 'LRANGE', 'l', '0', '-1']);
  await same(['-r', '3', 'PING']);
});

test('--raw and --no-raw formatting of every reply type (RESP2)', { skip }, async () => {
  await both(['FLUSHALL']);
  await both(['HSET', 'h', 'a', '1']);
  await both(['RPUSH', 'l', '1', '2', '3']);
  await both(['SADD', 's', '7']);
  for (const fmt of ['--raw', '--no-raw']) {
    for (const cmd of [['HGETALL', 'h'], ['HGETALL', 'none'], ['SMEMBERS', 's'], ['GET', 'none'], ['LRANGE', 'l', '0', '-1'],
      ['INCRBYFLOAT', 'f', '1.5'], ['LPOS', 'l', '9'], ['BLPOP', 'none', '0.01'], ['EXISTS', 'h'], ['TYPE', 'h'],
      ['OBJECT', 'ENCODING', 'h'], ['PUBSUB', 'NUMSUB', 'a', 'b'], ['SCAN', '0', 'TYPE', 'set'], ['HSCAN', 'h', '0'],
      ['SMISMEMBER', 's', '7', 'q'], ['EXPIRETIME', 'h'], ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '2'], ['GETEX', 'none'],
      ['OBJECT', 'FREQ', 'h'], ['SET', 'x', 'y', 'GET'], ['MGET', 'x', 'none', 'h'], ['ECHO', ''], ['HRANDFIELD', 'none'],
      ['SPOP', 'none', '2'], ['NOSUCH'], ['LPUSH', 'h', 'x'], ['RESET'], ['PFADD', 'hll', 'a']]) {
      await same([fmt, ...cmd]);
    }
  }
});

test('-3 (RESP3) output matches Redis: HELLO, HGETALL, SMEMBERS, nulls, doubles, booleans', { skip }, async () => {
  await both(['FLUSHALL']);
  await both(['HSET', 'h', 'a', '1']);
  await both(['SADD', 's', '3', '1', '2']);
  await both(['SADD', 'words', 'pear', 'apple', 'fig']);
  await both(['RPUSH', 'l', 'x']);
  /** HELLO's connection id differs: mask the line after "id". */
  const noId = (s: string) => {
    const lines = s.replace(/("id" => \(integer\) )\d+/, '$1N').replace(/^(id )\d+$/m, '$1N').split('\n');
    const i = lines.findIndex(l => /(^|\s|")id"?$/.test(l));
    if (i >= 0 && i + 1 < lines.length) lines[i + 1] = lines[i + 1].replace(/\d+$/, 'N');
    return lines.join('\n');
  };
  for (const fmt of ['--no-raw', '--raw']) {
    const hello = await same(['-3', fmt, 'HELLO', '3'], undefined, noId);
    assert.match(hello, /version/);
    await same(['-3', fmt, 'HELLO', '2'], undefined, noId);
    await same(['-3', fmt, 'HGETALL', 'h']);
    await same(['-3', fmt, 'HGETALL', 'none']);
    await same(['-3', fmt, 'SMEMBERS', 's']); // an intset: sorted by value in both
    await same(['-3', fmt, 'SMEMBERS', 'words'], undefined, o => sortLines(o.replace(/^\d+~ /gm, ''))); // element order is undefined
    await same(['-3', fmt, 'SMEMBERS', 'none']);
    await same(['-3', fmt, 'GET', 'none']);
    await same(['-3', fmt, 'LPOP', 'none']);
    await same(['-3', fmt, 'BLPOP', 'none', '0.01']);
    await same(['-3', fmt, 'LRANGE', 'l', '0', '-1']);
    await same(['-3', fmt, 'INCRBYFLOAT', 'f', '2.5']);
    await same(['-3', fmt, 'SMISMEMBER', 's', '1', '9']);
    await same(['-3', fmt, 'HRANDFIELD', 'h', '1', 'WITHVALUES']);
    await same(['-3', fmt, 'PUBSUB', 'NUMSUB', 'a']);
    await same(['-3', fmt, 'LPUSH', 'h', 'x']);
    await same(['-3', fmt, 'SCAN', '0', 'TYPE', 'hash']);
    await same(['-3', fmt, 'EXISTS', 'h', 's']);
    await same(['-3', fmt, 'PING']);
  }
});

test('-a with requirepass, and NOAUTH without it', { skip }, async () => {
  const s = await startRespite({ requirepass: 'sekret' });
  const r = reference ? await startRedis(['--requirepass', 'sekret']) : null;
  try {
    for (const args of [['--no-raw', 'GET', 'x'], ['-a', 'sekret', '--no-auth-warning', 'PING'], ['-a', 'wrong', '--no-auth-warning', '--no-raw', 'PING'],
      ['--user', 'default', '--pass', 'sekret', '--no-auth-warning', 'SET', 'x', '1'], ['-u', 'redis://:sekret@127.0.0.1:PORT', 'PING']]) {
      const a = await cli(s.port, args.map(x => x.replace('PORT', String(s.port))));
      if (r) {
        const b = await cli(r.port, args.map(x => x.replace('PORT', String(r.port))));
        assert.equal(text(a), text(b), args.join(' '));
      }
    }
  } finally { await s.close(); if (r) await r.close(); }
});

test('--bigkeys summary', { skip }, async () => {
  await both(['FLUSHALL']);
  const parts: Buffer[] = [];
  for (let i = 0; i < 50; i++) parts.push(resp('SET', `s:${i}`, 'x'.repeat(i)));
  parts.push(resp('RPUSH', 'biglist', ...Array.from({ length: 30 }, (_, i) => String(i))));
  parts.push(resp('HSET', 'h', 'a', '1', 'b', '2'));
  parts.push(resp('SADD', 'set', 'a', 'b', 'c'));
  await both(['--pipe'], Buffer.concat(parts));
  // The "found so far" progress lines depend on SCAN order; the summary does not.
  const summary = (s: string) => s.slice(s.indexOf('-------- summary')).replace(/\(\d+\.\d+% of keys, avg size [\d.]+\)/g, '');
  const out = await same(['--bigkeys'], undefined, summary);
  assert.match(out, /Biggest string found '"s:49"' has 49 bytes/);
  assert.match(out, /Biggest   list found '"biglist"' has 30 items/);
});

const HAS_BENCH = spawnSync('redis-benchmark', ['--version']).status === 0;

test('redis-benchmark runs its standard tests to completion (plain, pipelined, RESP3)', { skip: !HAS_BENCH && 'redis-benchmark not on PATH' }, async () => {
  const bench = (args: string[]) => new Promise<Out>((resolve, reject) => {
    const p = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(respite.port), '--csv', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    p.stdout.on('data', d => out.push(d)); p.stderr.on('data', d => err.push(d));
    p.on('error', reject);
    const timer = setTimeout(() => p.kill('SIGKILL'), 25000);
    p.on('close', status => { clearTimeout(timer); resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), status }); });
  });
  const names = (o: Out) => text(o).split('\n').slice(1).filter(Boolean).map(l => l.split(',')[0]);
  const tests = 'ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,lrange,mset';
  const plain = await bench(['-n', '200', '-c', '2', '-t', tests]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.deepEqual(names(plain), ['"PING_INLINE"', '"PING_MBULK"', '"SET"', '"GET"', '"INCR"', '"LPUSH"', '"RPUSH"', '"LPOP"', '"RPOP"', '"SADD"', '"HSET"', '"SPOP"',
    '"LPUSH (needed to benchmark LRANGE)"', '"LRANGE_100 (first 100 elements)"', '"LRANGE_300 (first 300 elements)"', '"LRANGE_500 (first 500 elements)"', '"LRANGE_600 (first 600 elements)"', '"MSET (10 keys)"']);
  const piped = await bench(['-n', '1000', '-c', '3', '-P', '16', '-t', 'set,get,incr']);
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(names(piped).length, 3);
  const resp3 = await bench(['-3', '-n', '200', '-c', '2', '-t', 'get,hset']);
  assert.equal(resp3.status, 0, resp3.stderr);
  assert.equal(names(resp3).length, 2);
  // -r: random keys in a custom command
  await both(['FLUSHALL']);
  const custom = await bench(['-n', '300', '-c', '2', '-r', '50', 'SET', 'k:__rand_int__', 'v']);
  assert.equal(custom.status, 0, custom.stderr);
  const n = Number(text(await cli(respite.port, ['DBSIZE'])));
  assert.ok(n > 0 && n <= 50, `DBSIZE ${n}`);
});
