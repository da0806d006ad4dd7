/**
 * Protocol edge cases over raw sockets, compared byte for byte with real
 * Redis: inline commands and quoting, pipelining, split reads, protocol
 * errors (reply text and whether the connection is closed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startRedis, startRespite, skipRedis } from '../servers.js';
import { rng, testSeed } from '../diff.js';

const skip = skipRedis();

/** Sends raw chunks (with small pauses between them) and collects everything until close or a quiet period. */
function exchange(port: number, chunks: (string | Buffer)[], quietMs = 150): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    let closed = false;
    let timer: NodeJS.Timeout;
    const done = () => { s.destroy(); resolve({ data, closed }); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(done, quietMs); };
    s.on('data', d => { data += d.toString('latin1'); arm(); });
    s.on('close', () => { closed = true; clearTimeout(timer); resolve({ data, closed }); });
    s.on('error', reject);
    s.on('connect', async () => {
      for (const c of chunks) {
        s.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
        await new Promise(r => setTimeout(r, 5));
      }
      arm();
    });
  });
}

const CASES: [string, (string | Buffer)[]][] = [
  ['inline ping', ['PING\r\n']],
  ['inline with LF only', ['PING\n']],
  ['inline echo quoted', ['ECHO "hello world"\r\n']],
  ['inline escapes', ['ECHO "a\\x41\\n\\t\\\\b"\r\n']],
  ['inline single quotes', ["ECHO 'it\\'s'\r\n"]],
  ['inline unbalanced', ['ECHO "abc\r\n']],
  ['inline closing quote followed by char', ['ECHO "abc"d\r\n']],
  ['inline blank lines', ['\r\n\r\nPING\r\n']],
  ['inline split across reads', ['PI', 'NG\r', '\n']],
  ['multibulk', ['*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n']],
  ['multibulk split byte by byte', [...'*2\r\n$4\r\nECHO\r\n$3\r\na\0c\r\n'].map(ch => ch)],
  ['pipelined mixed', ['*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n']],
  ['empty multibulk', ['*0\r\n*-1\r\nPING\r\n']],
  ['bad multibulk length', ['*abc\r\n']],
  ['multibulk length too big', ['*99999999999\r\n']],
  ['expected $', ['*1\r\n+PING\r\n']],
  ['bad bulk length', ['*1\r\n$x\r\n']],
  ['negative bulk length', ['*1\r\n$-1\r\n']],
  ['bulk length over proto-max-bulk-len', ['*1\r\n$600000000\r\n']],
  ['bulk with leading zero length', ['*1\r\n$04\r\nPING\r\n']],
  ['commands before a protocol error still answer', ['PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n']],
  ['unknown command inline', ['FOO bar\r\n']],
  ['wrong arity', ['*1\r\n$3\r\nGET\r\n']],
  ['binary value roundtrip', ['*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\n\r\n\0\xff\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n']],
  ['quit', ['QUIT\r\nPING\r\n']],
  // commands are parsed ahead in batches: what a command changes must still govern the input after it
  ['blocking command in a pipeline', ['BLPOP nosuchlist 0.05\r\nPING\r\nECHO after\r\n']],
  ['limit lowered by CONFIG SET in the same write', ['CONFIG SET proto-max-bulk-len 1048576\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n']],
  ['limit restored', ['CONFIG SET proto-max-bulk-len 536870912\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n']],
  ['limit lowered inside MULTI/EXEC', ['MULTI\r\nCONFIG SET proto-max-bulk-len 1048576\r\nEXEC\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n']],
  ['limit restored again', ['CONFIG SET proto-max-bulk-len 536870912\r\n']],
  ['RESET drops authentication for what follows', ['CONFIG SET requirepass secret\r\nAUTH secret\r\nRESET\r\nPING\r\n*2000\r\n']],
  ['password removed', ['AUTH secret\r\nCONFIG SET requirepass \"\"\r\nPING\r\n']],
  // the same, with command names in mixed case
  ['mixed case: limit lowered by cOnFiG', ['cOnFiG SET proto-max-bulk-len 1048576\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n']],
  ['mixed case: limit restored, lowered inside eXeC', ['Config set proto-max-bulk-len 536870912\r\nmulti\r\nconfig set proto-max-bulk-len 1048576\r\neXeC\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n']],
  ['mixed case: limit restored again', ['config SET proto-max-bulk-len 536870912\r\n']],
  ['mixed case: rEsEt drops authentication', ['CONFIG SET requirepass secret\r\nAuth secret\r\nrEsEt\r\nPING\r\n*2000\r\n']],
  ['mixed case: password removed', ['auth secret\r\nconfig set requirepass \"\"\r\nPING\r\n']],
  ['protocol error after a long pipeline', [Array.from({ length: 40 }, (_, i) => `ECHO ${i}\r\n`).join('') + '*1\r\n$x\r\n']],
];

test('raw protocol behaviour matches Redis', { skip }, async (t) => {
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  for (const [name, chunks] of CASES) {
    const [a, b] = await Promise.all([exchange(mine.port, chunks), exchange(ref.port, chunks)]);
    assert.equal(JSON.stringify(a.data), JSON.stringify(b.data), `${name}: reply bytes`);
    assert.equal(a.closed, b.closed, `${name}: connection closed?`);
  }
});

test('a large value split over many reads, and a long pipeline, answer in order', { skip }, async (t) => {
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
  big[12345] = 0; big[99999] = 13;
  const set = Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${big.length}\r\n`), big, Buffer.from('\r\n')]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < set.length; i += 65536) chunks.push(set.subarray(i, i + 65536));
  let pipe = '';
  for (let i = 0; i < 2000; i++) pipe += `*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`;
  chunks.push(Buffer.from(pipe), Buffer.from('*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n'));
  const [a, b] = await Promise.all([exchange(mine.port, chunks, 400), exchange(ref.port, chunks, 400)]);
  assert.equal(a.data.length, b.data.length);
  assert.ok(a.data === b.data, 'pipelined replies differ');
});

test('partial commands held across other clients\' reads stay intact', { skip }, async (t) => {
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  const run = async (port: number): Promise<string> => {
    const open = () => new Promise<net.Socket>(res => { const s = net.connect({ port, host: '127.0.0.1' }, () => res(s)); });
    const [a, b] = await Promise.all([open(), open()]);
    let outA = '', outB = '';
    a.on('data', d => { outA += d.toString('latin1'); });
    b.on('data', d => { outB += d.toString('latin1'); });
    const pause = () => new Promise(r => setTimeout(r, 30));
    a.write('*3\r\n$3\r\nSET\r\n$2\r\na\0\r\n$6\r\nhel');
    await pause();
    b.write('*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nworld\r\nBLPOP nolist 0.05\r\nECHO queued\r\n*2\r\n$4\r\nECHO\r\n$4\r\npa');
    await pause();
    a.write('lo!\r\n*2\r\n$3\r\nGET\r\n$2\r\na\0\r\n*2\r\n$3\r\nGET\r\n$1\r');
    await pause();
    a.write('\nb\r\n');
    await new Promise(r => setTimeout(r, 80));
    b.write('rt\r\n');
    await new Promise(r => setTimeout(r, 80));
    a.destroy(); b.destroy();
    return JSON.stringify([outA, outB]);
  };
  assert.equal(await run(mine.port), await run(ref.port));
});

test('long pipelines of member commands on big collections (warmed in batches) answer as Redis does', { skip }, async (t) => {
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  const seed = testSeed();
  const r = rng(seed);
  const enc = (a: string[]) => `*${a.length}\r\n` + a.map(x => `$${Buffer.byteLength(x, 'latin1')}\r\n${x}\r\n`).join('');
  const m = () => 'm' + Math.floor(r() * 900) + (r() < 0.05 ? '\0\r\n' : '');
  const chunks: string[] = [];
  for (let c = 0; c < 6; c++) {
    let b = '';
    for (let i = 0; i < 400; i++) {
      const k = ['h', 's', 'z'][Math.floor(r() * 3)];
      const x = r();
      if (k === 'h') b += enc(x < 0.5 ? ['HSET', 'h', m(), m()] : x < 0.8 ? ['HGET', 'h', m()] : x < 0.9 ? ['HDEL', 'h', m(), m()] : ['HINCRBY', 'h', m(), '3']);
      else if (k === 's') b += enc(x < 0.5 ? ['SADD', 's', m(), m()] : x < 0.8 ? ['SISMEMBER', 's', m()] : ['SREM', 's', m()]);
      else b += enc(x < 0.5 ? ['ZADD', 'z', String(Math.floor(r() * 50)), m()] : x < 0.7 ? ['ZSCORE', 'z', m()] : x < 0.8 ? ['ZINCRBY', 'z', '1.5', m()] : x < 0.9 ? ['ZRANK', 'z', m()] : ['ZREM', 'z', m()]);
      if (r() < 0.002) b += enc(['DEL', ['h', 's', 'z'][Math.floor(r() * 3)]]);
    }
    chunks.push(b);
  }
  chunks.push(enc(['HLEN', 'h']) + enc(['SCARD', 's']) + enc(['ZCARD', 'z']) + enc(['OBJECT', 'ENCODING', 'h']) + enc(['OBJECT', 'ENCODING', 'z']) + enc(['ZRANGE', 'z', '0', '-1', 'WITHSCORES']));
  const [a, b] = await Promise.all([exchange(mine.port, chunks, 400), exchange(ref.port, chunks, 400)]);
  assert.equal(a.data.length, b.data.length, `seed ${seed}`);
  assert.ok(a.data === b.data, `pipelined replies differ (seed ${seed})`);
});
