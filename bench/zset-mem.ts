/**
 * Memory check: RSS (VmRSS from /proc/<pid>/status) of Respite and of a real
 * redis-server after loading N small sorted sets (10 members each, listpack
 * encoding), measured before and after the load.
 *
 *   npx tsc -p . && node dist/bench/zset-mem.js [N]
 *   RESPITE_NODE_FLAGS='--max-semi-space-size=1' node dist/bench/zset-mem.js
 *   node --expose-gc dist/bench/zset-mem.js     (adds the live-heap figure)
 *
 * Most of Respite's extra RSS is not the sets: Node's baseline (~50 MB) and
 * V8's young generation, which grows to 2 x 16 MB semi-spaces during the
 * load; the live heap per set (process.memoryUsage().heapUsed after a GC,
 * measured in-process) is ~220 bytes including key and keyspace entry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespConn } from '../test/resp-client.js';

const N = Number(process.argv[2] ?? 100000);
const MEMBERS = 10;
const IDLE_MS = Number(process.env.IDLE_MS ?? 15000);

function rssKb(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(s);
  return m ? Number(m[1]) : NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function connect(port: number): Promise<RespConn> {
  for (let i = 0; i < 200; i++) {
    try { return await RespConn.connect(port); } catch { await new Promise(r => setTimeout(r, 50)); }
  }
  throw new Error('server did not come up on ' + port);
}

async function load(c: RespConn): Promise<void> {
  const batch = 500;
  for (let i = 0; i < N; i += batch) {
    const n = Math.min(batch, N - i);
    for (let k = 0; k < n; k++) {
      const argv = ['ZADD', `zset:${i + k}`];
      for (let j = 0; j < MEMBERS; j++) argv.push(String(j * 3 + ((i + k) % 7)), `member:${j}`);
      c.send(argv);
    }
    for (let k = 0; k < n; k++) await c.read(30000);
  }
}

async function measure(name: string, proc: ChildProcess, port: number): Promise<{ before: number; after: number }> {
  const c = await connect(port);
  await c.call('PING');
  await new Promise(r => setTimeout(r, 300));
  const before = rssKb(proc.pid as number);
  await load(c);
  const enc = await c.call('OBJECT', 'ENCODING', 'zset:0');
  // RSS right after the load still holds garbage and heap slack that V8's
  // memory reducer returns once the process is idle: report both.
  await new Promise(r => setTimeout(r, 1000));
  const early = rssKb(proc.pid as number);
  await new Promise(r => setTimeout(r, IDLE_MS));
  const after = rssKb(proc.pid as number);
  console.log(`${name}: RSS 1 s after the load ${(early / 1024).toFixed(1)} MB`);
  c.close();
  console.log(`${name}: RSS before ${(before / 1024).toFixed(1)} MB, after ${IDLE_MS / 1000} s idle ${(after / 1024).toFixed(1)} MB, ` +
    `delta ${((after - before) / 1024).toFixed(1)} MB = ${((after - before) * 1024 / N).toFixed(0)} bytes/zset` +
    (enc.t === 'bulk' ? ` (encoding ${enc.v})` : ''));
  return { before, after };
}

/** Live V8 heap per set, measured in-process (needs node --expose-gc). */
async function heapPerSet(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) { console.log('(run node with --expose-gc to also measure the live heap per set)'); return; }
  const { startServer } = await import('../src/index.js');
  const s = await startServer({ port: 0, loglevel: 'warning' });
  s.server.log.sink = () => {};
  const c = await connect(s.port);
  gc();
  const before = process.memoryUsage().heapUsed;
  await load(c);
  c.close();
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(`respite live heap (in-process, after GC): ${((after - before) / N).toFixed(0)} bytes/zset including key and keyspace entry`);
  await s.close();
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const rp = await freePort();
  const redis = spawn('redis-server', ['--port', String(rp), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const xp = await freePort();
  const flags = (process.env.RESPITE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const respite = spawn(process.execPath, [...flags, path.join(root, 'dist', 'src', 'cli.js'), '--port', String(xp), '--loglevel', 'warning'], { stdio: 'ignore' });
  try {
    console.log(`${N} sorted sets x ${MEMBERS} members`);
    const a = await measure('redis  ', redis, rp);
    const b = await measure('respite', respite, xp);
    console.log(`ratio (RSS after): ${(b.after / a.after).toFixed(2)}x; ratio (delta): ${((b.after - b.before) / (a.after - a.before)).toFixed(2)}x`);
  } finally {
    redis.kill('SIGKILL');
    respite.kill('SIGKILL');
  }
  await heapPerSet();
}

main().catch(e => { console.error(e); process.exit(1); });
