/**
 * Fuzz: random and mutated RESP thrown at the server on several connections
 * (fixed seed unless RESPITE_SEED is set, bounded in time). The server must
 * never crash, and a well-behaved client on another connection must keep
 * getting correct answers throughout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startRespite } from '../servers.js';
import { RespConn } from '../resp-client.js';
import { rng } from '../diff.js';

const NAMES = ['GET', 'SET', 'PING', 'ECHO', 'SELECT', 'HELLO', 'AUTH', 'CLIENT', 'CONFIG', 'COMMAND', 'INFO', 'DEL', 'EXPIRE',
  'INCR', 'APPEND', 'SETRANGE', 'GETRANGE', 'BITFIELD', 'LPUSH', 'LRANGE', 'HSET', 'HGETALL', 'SADD', 'ZADD', 'ZRANGE',
  'SCAN', 'KEYS', 'MULTI', 'EXEC', 'SUBSCRIBE', 'BLPOP', 'DEBUG', 'OBJECT', 'SORT', 'RESET', 'QUIT', 'nosuch', ''];
const ATOMS = ['0', '1', '-1', '100', '9223372036854775807', '-9223372036854775808', '99999999999999999999', '1.5', 'inf',
  'nan', '', 'k', 'k2', '*', '[a-', '\\', 'EX', 'PX', 'NX', 'XX', 'GET', 'WITHSCORES', 'LIMIT', 'COUNT', 'MATCH', '\0', '\r\n', '\xff'];

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

test('fuzzed input never crashes the server or disturbs other clients', async () => {
  const seed = Number(process.env.RESPITE_SEED ?? 20261124);
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const s = await startRespite({ 'proto-max-bulk-len': '1mb' });
  const good = await RespConn.connect(s.port);
  const deadline = Date.now() + 6000;
  let sent = 0;
  try {
    while (Date.now() < deadline) {
      const sock = net.connect(s.port, '127.0.0.1');
      sock.on('error', () => {});
      sock.on('data', () => {});
      await new Promise(res => sock.once('connect', res));
      for (let i = 0; i < 30; i++) {
        const argv = [pick(NAMES)];
        const n = Math.floor(r() * 6);
        for (let j = 0; j < n; j++) argv.push(r() < 0.8 ? pick(ATOMS) : String.fromCharCode(...Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256))));
        let msg = r() < 0.15 ? argv.join(' ') + '\r\n' : encode(argv);
        const mut = r();
        if (mut < 0.3) {
          const b = [...msg];
          const k = 1 + Math.floor(r() * 3);
          for (let m = 0; m < k; m++) {
            const at = Math.floor(r() * b.length);
            const op = r();
            if (op < 0.4) b[at] = String.fromCharCode(Math.floor(r() * 256));
            else if (op < 0.7) b.splice(at, 1);
            else b.splice(at, 0, pick(['*', '$', '\r', '\n', '-', '9', '"', "'"]));
          }
          msg = b.join('');
        } else if (mut < 0.35) {
          msg = msg.slice(0, Math.floor(r() * msg.length));
        }
        // random split into chunks
        let p = 0;
        while (p < msg.length && !sock.destroyed) {
          const len = 1 + Math.floor(r() * 64);
          sock.write(Buffer.from(msg.slice(p, p + len), 'latin1'));
          p += len;
        }
        sent++;
      }
      await new Promise(res => setTimeout(res, 5));
      sock.destroy();
      const v = 'v' + sent;
      assert.deepEqual(await good.call('SET', 'good', v), { t: 'simple', v: 'OK' }, `seed ${seed}`);
      assert.deepEqual(await good.call('GET', 'good'), { t: 'bulk', v }, `seed ${seed}`);
    }
    assert.ok(sent > 100);
  } finally {
    good.close();
    await s.close();
  }
});
