import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { handleOf, pendingBytes, readDirect, writeDirect, WRITE_DONE, WRITE_FALLBACK, WRITE_QUEUED } from '../../src/server/direct-io.js';

/** A connected pair on loopback: the accepted side (as the server sees it) and the client. */
async function pair(): Promise<{ server: net.Server; accepted: net.Socket; client: net.Socket }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const client = net.connect(port, '127.0.0.1');
  const [sock] = await accepted;
  await once(client, 'connect').catch(() => undefined);
  return { server, accepted: sock, client };
}

/**
 * Runs body on a fresh pair whose accepted socket reads through readDirect
 * (onData), then closes everything. Skipped where the runtime has no stream
 * binding (the server then uses the stream API).
 */
async function withPair(body: (p: { accepted: net.Socket; client: net.Socket; h: NonNullable<ReturnType<typeof handleOf>> }) => Promise<void>,
  onData: (chunk: Buffer) => void = () => undefined, readBuf?: Buffer): Promise<void> {
  const { server, accepted, client } = await pair();
  try {
    const h = handleOf(accepted);
    if (h === null) return;
    assert.equal(readDirect(accepted, onData, readBuf), true);
    await body({ accepted, client, h });
  } finally {
    client.destroy();
    accepted.destroy();
    server.close();
  }
}

/** Collects what the client receives until it has `n` bytes. */
function receive(client: net.Socket, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  return new Promise(resolve => {
    const on = (d: Buffer) => {
      parts.push(d);
      got += d.length;
      if (got >= n) { client.off('data', on); resolve(Buffer.concat(parts)); }
    };
    client.on('data', on);
  });
}

test('direct-io: one buffer and a list of buffers reach the peer in order; reads arrive through readDirect', async () => {
  const seen: Buffer[] = [];
  await withPair(async ({ accepted, client, h }) => {
    const want = Buffer.concat([Buffer.from('+OK\r\n'), Buffer.from([0, 13, 10, 255]), Buffer.from(':42\r\n')]);
    const got = receive(client, want.length);
    assert.equal(writeDirect(accepted, [want.subarray(0, 5)], false, h), WRITE_DONE);
    assert.equal(writeDirect(accepted, [want.subarray(5, 9), want.subarray(9)], false, h), WRITE_DONE);
    assert.deepEqual(await got, want);
    // the other way: bytes the client writes arrive as chunks (views of readBuf, copied here)
    const sent = Buffer.from('*1\r\n$4\r\nPING\r\n\0\xff', 'latin1');
    client.write(sent);
    while (Buffer.concat(seen).length < sent.length) await new Promise(r => setTimeout(r, 5));
    assert.deepEqual(Buffer.concat(seen), sent);
  }, chunk => { seen.push(Buffer.from(chunk)); }, Buffer.alloc(64 * 1024));
});

test('direct-io: a write the kernel cannot take at once stays queued, counts as pending, and arrives whole', async () => {
  await withPair(async ({ accepted, client, h }) => {
    client.pause(); // the client's buffers fill up: the write cannot complete at once
    const big = Buffer.alloc(32 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i >> 12) & 0xff;
    assert.equal(writeDirect(accepted, [big], false, h), WRITE_QUEUED);
    assert.ok(pendingBytes(accepted) > 0, 'queued bytes are reported');
    // a later write queues behind it, in order
    const tail = Buffer.from('$3\r\nend\r\n');
    const res = writeDirect(accepted, [tail], false, h);
    assert.ok(res === WRITE_QUEUED || res === WRITE_DONE);
    const got = receive(client, big.length + tail.length);
    client.resume();
    const all = await got;
    assert.equal(all.length, big.length + tail.length);
    assert.ok(all.subarray(0, big.length).equals(big));
    assert.equal(all.subarray(big.length).toString(), '$3\r\nend\r\n');
    assert.equal(pendingBytes(accepted), 0);
  });
});

test('direct-io: a cached handle of a destroyed socket refuses writes cleanly (no throw, no crash)', async () => {
  await withPair(async ({ accepted, h }) => {
    accepted.destroy();
    await new Promise(r => setImmediate(r));
    for (const chunks of [[Buffer.from('+OK\r\n')], [Buffer.from('+A\r\n'), Buffer.from('+B\r\n')]]) {
      const res = writeDirect(accepted, chunks, false, h);
      assert.notEqual(res, WRITE_DONE, 'nothing can be written to a closed handle');
      assert.ok(res === WRITE_QUEUED || res === WRITE_FALLBACK);
    }
    assert.equal(handleOf(accepted), null, 'a destroyed socket has no handle');
    // the stream-API path (streamed = true) on the destroyed socket does not throw either
    assert.doesNotThrow(() => writeDirect(accepted, [Buffer.from('+OK\r\n')], true, h));
  });
});
