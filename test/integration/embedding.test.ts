/** The embedding API, unix sockets and connection limits, over TCP with a real client library. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { RespConn } from '../resp-client.js';

test('two embedded servers in one process do not share state', async () => {
  const a = await startServer({ port: 0, loglevel: 'warning' });
  const b = await startServer({ port: 0, loglevel: 'warning' });
  a.server.log.sink = () => {}; b.server.log.sink = () => {};
  try {
    assert.notEqual(a.port, b.port);
    const ca = new Redis({ port: a.port, lazyConnect: true, enableReadyCheck: false }); await ca.connect();
    const cb = new Redis({ port: b.port, lazyConnect: true, enableReadyCheck: false }); await cb.connect();
    await ca.set('k', 'from-a');
    assert.equal(await ca.get('k'), 'from-a');
    assert.equal(await cb.get('k'), null);
    await cb.set('k', Buffer.from([0, 255, 13, 10]));
    assert.deepEqual(await cb.getBuffer('k'), Buffer.from([0, 255, 13, 10]));
    ca.disconnect(); cb.disconnect();
  } finally {
    await a.close(); await b.close();
  }
});

test('unix socket with permissions', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-'));
  const sock = path.join(dir, 'r.sock');
  const s = await startServer({ port: 0, unixsocket: sock, unixsocketperm: '700', loglevel: 'warning' });
  s.server.log.sink = () => {};
  try {
    assert.equal(fs.statSync(sock).mode & 0o777, 0o700);
    const c = new Redis({ path: sock, lazyConnect: true, enableReadyCheck: false }); await c.connect();
    assert.equal(await c.ping(), 'PONG');
    c.disconnect();
  } finally {
    await s.close();
  }
  assert.equal(fs.existsSync(sock), false);
});

test('maxclients rejects the extra connection with Redis\'s error', async () => {
  const s = await startServer({ port: 0, maxclients: 2, loglevel: 'warning' });
  s.server.log.sink = () => {};
  try {
    const c1 = await RespConn.connect(s.port), c2 = await RespConn.connect(s.port);
    assert.deepEqual(await c1.call('PING'), { t: 'simple', v: 'PONG' });
    assert.deepEqual(await c2.call('PING'), { t: 'simple', v: 'PONG' });
    const c3 = await RespConn.connect(s.port);
    assert.deepEqual(await c3.read(), { t: 'error', v: 'ERR max number of clients reached' });
    assert.ok(await c3.waitClose());
    c1.close(); c2.close();
  } finally {
    await s.close();
  }
});

test('idle clients are closed after `timeout` seconds', async () => {
  const s = await startServer({ port: 0, timeout: 1, hz: 50, loglevel: 'warning' });
  s.server.log.sink = () => {};
  try {
    const c = await RespConn.connect(s.port);
    assert.deepEqual(await c.call('PING'), { t: 'simple', v: 'PONG' });
    assert.ok(await c.waitClose(4000), 'idle client not closed');
  } finally {
    await s.close();
  }
});

test('a client over client-query-buffer-limit is disconnected, others are unaffected', async () => {
  const s = await startServer({ port: 0, 'client-query-buffer-limit': '1mb', loglevel: 'warning' });
  s.server.log.sink = () => {};
  try {
    const good = await RespConn.connect(s.port);
    const bad = net.connect(s.port, '127.0.0.1');
    bad.on('error', () => {});
    await new Promise(r => bad.once('connect', r));
    const closed = new Promise(r => bad.once('close', r));
    // a bulk that never completes keeps growing the query buffer
    bad.write('*2\r\n$4\r\nECHO\r\n$100000000\r\n');
    const chunk = Buffer.alloc(64 * 1024, 97);
    for (let i = 0; i < 40 && !bad.destroyed; i++) { bad.write(chunk); await new Promise(r => setImmediate(r)); }
    await closed;
    assert.deepEqual(await good.call('PING'), { t: 'simple', v: 'PONG' });
    good.close();
  } finally {
    await s.close();
  }
});

test('an unexpected exception in a handler becomes an error reply and the server keeps serving', async () => {
  const s = await startServer({ port: 0, loglevel: 'warning' });
  const lines: string[] = [];
  s.server.log.sink = l => { lines.push(l); };
  try {
    const cmd = s.server.commands.lookup('echo')!;
    const orig = cmd.handler;
    cmd.handler = () => { throw new Error('boom'); };
    const c = await RespConn.connect(s.port);
    const r = await c.call('ECHO', 'x');
    assert.equal(r.t, 'error');
    assert.match((r as { v: string }).v, /^ERR .*boom/);
    cmd.handler = orig;
    assert.deepEqual(await c.call('ECHO', 'x'), { t: 'bulk', v: 'x' });
    assert.ok(lines.some(l => l.includes('boom')), 'the exception was logged');
    c.close();
  } finally {
    await s.close();
  }
});
