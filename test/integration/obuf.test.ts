/** client-output-buffer-limit: a subscriber that stops reading is disconnected; others carry on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startRespite } from '../servers.js';
import { RespConn } from '../resp-client.js';

test('a pub/sub client that does not read is closed at its hard limit', async () => {
  const s = await startRespite({ 'client-output-buffer-limit': ['pubsub', '256kb', '128kb', '60'] });
  try {
    const slow = net.connect(s.port, '127.0.0.1');
    slow.on('error', () => {});
    await new Promise(r => slow.once('connect', r));
    slow.write('SUBSCRIBE ch\r\n');
    await new Promise(r => setTimeout(r, 50));
    slow.pause(); // stop reading
    const closed = new Promise<boolean>(r => { slow.once('close', () => r(true)); setTimeout(() => r(false), 10000); });
    const pub = await RespConn.connect(s.port);
    const big = 'x'.repeat(64 * 1024);
    let receivers = 1;
    for (let i = 0; i < 2000 && receivers === 1; i++) {
      const r = await pub.call('PUBLISH', 'ch', big);
      receivers = Number((r as { v: string }).v);
    }
    assert.equal(receivers, 0, 'the slow subscriber was dropped');
    slow.resume(); // drain what the kernel holds: the server side is already gone
    assert.ok(await closed);
    assert.ok(s.server.stats.clientOutputBufferLimitDisconnections >= 1);
    assert.deepEqual(await pub.call('PING'), { t: 'simple', v: 'PONG' });
    pub.close();
  } finally {
    await s.close();
  }
});
