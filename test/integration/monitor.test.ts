/** MONITOR output format compared with real Redis (timestamps and client ports masked). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startRedis, startRespite, skipRedis } from '../servers.js';
import { RespConn } from '../resp-client.js';

const skip = skipRedis();

async function monitorLines(port: number, cmds: string[][]): Promise<string[]> {
  const mon = net.connect(port, '127.0.0.1');
  let data = '';
  mon.on('data', d => { data += d.toString('latin1'); });
  await new Promise(r => mon.once('connect', r));
  mon.write('MONITOR\r\n');
  await new Promise(r => setTimeout(r, 50));
  const c = await RespConn.connect(port);
  for (const a of cmds) await c.call(...a);
  await new Promise(r => setTimeout(r, 100));
  c.close(); mon.destroy();
  return data.split('\r\n').filter(Boolean).map(l => l.replace(/^\+\d+\.\d{6} /, '+T ').replace(/127\.0\.0\.1:\d+/, 'ADDR'));
}

test('MONITOR lines match Redis (quoting, redaction, hidden admin commands)', { skip }, async (t) => {
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  const cmds = [['SET', 'a', 'b c'], ['ECHO', 'q"\\\0\xff\r\n\t'], ['AUTH', 'x'], ['AUTH', 'u', 'p'], ['HELLO', '2', 'AUTH', 'default', 'pw'], ['SELECT', '3'], ['PING'], ['GET', 'a'], ['MULTI'], ['PING'], ['EXEC']];
  const [a, b] = await Promise.all([monitorLines(mine.port, cmds), monitorLines(ref.port, cmds)]);
  assert.deepEqual(a, b);
});
