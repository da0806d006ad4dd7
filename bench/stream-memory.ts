/**
 * Stream memory: XADDs N entries (default 1M) of two 8-byte fields into one
 * stream on Respite and on redis-server, and compares the RSS growth per
 * entry (from /proc/<pid>/status), overall and for the second half of the
 * load (the marginal cost, which leaves out fixed costs such as V8's young
 * generation growing to its working size). Run: npx tsc -p . && node dist/bench/stream-memory.js
 * Options (environment): STREAM_N=1000000, STREAM_NODE_FLAGS='--max-semi-space-size=1'
 * (extra node flags for the Respite server), STREAM_MEMDEBUG=1 (print
 * process.memoryUsage() of the GC'ed server at each sample).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const N = Number(process.env.STREAM_N ?? 1000000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>(res => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); res(true); });
      c.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never opened`);
}

let gcFirst = false;

function rss(pid: number): number {
  if (gcFirst) { process.kill(pid, 'SIGUSR2'); spawnSync('sleep', ['0.5']); }
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Sends a batch of commands and waits for `count` replies (each a single line here). */
function sendBatch(port: number, sock: net.Socket, data: Buffer, count: number): Promise<void> {
  void port;
  return new Promise(resolve => {
    let seen = 0;
    const onData = (d: Buffer) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) seen++;
      // XADD replies are bulk strings: two lines each
      if (seen >= 2 * count) { sock.off('data', onData); resolve(); }
    };
    sock.on('data', onData);
    sock.write(data);
  });
}

async function load(port: number, from: number, to: number): Promise<void> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise(r => sock.once('connect', r));
  const batch = 10000;
  for (let i = from; i < to; i += batch) {
    const parts: string[] = [];
    const m = Math.min(batch, to - i);
    for (let j = 0; j < m; j++) {
      const id = `${1700000000000 + Math.floor((i + j) / 3)}-${(i + j) % 3}`;
      const v1 = String(i + j).padStart(8, '0'), v2 = 'abcdefgh';
      parts.push(`*7\r\n$4\r\nXADD\r\n$1\r\ns\r\n$${id.length}\r\n${id}\r\n$2\r\nf1\r\n$8\r\n${v1}\r\n$2\r\nf2\r\n$8\r\n${v2}\r\n`);
    }
    await sendBatch(port, sock, Buffer.from(parts.join('')), m);
  }
  sock.destroy();
}

async function measure(name: string, cmd: string, args: string[], port: number): Promise<number> {
  const proc: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', process.env.STREAM_MEMDEBUG ? 'inherit' : 'ignore'] });
  try {
    await waitPort(port);
    await new Promise(r => setTimeout(r, 300));
    const before = rss(proc.pid!);
    await load(port, 0, N / 2);
    await new Promise(r => setTimeout(r, 1000));
    const half = rss(proc.pid!);
    await load(port, N / 2, N);
    await new Promise(r => setTimeout(r, 1000));
    const after = rss(proc.pid!);
    const per = (after - before) / N;
    const marginal = (after - half) / (N / 2);
    console.log(`${name}: RSS ${(before / 1048576).toFixed(1)} MB -> ${(half / 1048576).toFixed(1)} MB -> ${(after / 1048576).toFixed(1)} MB; ` +
      `${per.toFixed(1)} bytes/entry overall, ${marginal.toFixed(1)} bytes/entry for the second half`);
    return marginal;
  } finally {
    proc.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const rp = await freePort();
  const redis = await measure('redis', 'redis-server', ['--port', String(rp), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], rp);
  const mp = await freePort();
  const flags = (process.env.STREAM_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const mine = await measure('respite', process.execPath, [...flags, path.join(root, 'dist', 'src', 'cli.js'), '--port', String(mp), '--loglevel', 'warning'], mp);
  // the same server with a full GC before each sample: what the stream really retains
  const gp = await freePort();
  const entry = path.join(root, 'dist', 'src', 'index.js');
  const script = `process.on('SIGUSR2', () => { globalThis.gc(); if (process.env.STREAM_MEMDEBUG) console.error(JSON.stringify(process.memoryUsage())); }); import(${JSON.stringify(entry)}).then(m => m.startServer({ port: ${gp}, loglevel: 'warning' }));`;
  gcFirst = true;
  const gced = await measure('respite (full GC before sampling)', process.execPath, ['--expose-gc', '--input-type=module', '-e', script], gp);
  void gced;
  console.log(`${N} entries, 2 fields x 8 bytes: marginal bytes/entry ratio respite/redis = ${(mine / redis).toFixed(2)}`);
}

main().catch(e => { console.error(e); process.exit(1); });
