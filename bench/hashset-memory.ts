/**
 * Memory comparison for compact hashes and sets: loads N hashes of 10 fields
 * and N sets of 10 integers into a Respite process and into redis-server,
 * with pipelined commands, and compares resident set sizes read from
 * /proc/<pid>/status.
 *
 *   npx tsc -p . && node dist/bench/hashset-memory.js [N=100000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const N = Number(process.argv[2] ?? 100000);
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'src', 'cli.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

async function connect(port: number): Promise<net.Socket> {
  for (let i = 0; i < 200; i++) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
        s.once('error', reject);
      });
    } catch { await new Promise(r => setTimeout(r, 50)); }
  }
  throw new Error('cannot connect to ' + port);
}

/** Sends commands in pipelined batches; every reply is one line (integer / status). */
async function load(sock: net.Socket, cmds: Iterable<string[]>, batch = 1000): Promise<void> {
  let pending = 0;
  let waiter: (() => void) | null = null;
  let tail = '';
  sock.on('data', (d: Buffer) => {
    const s = tail + d.toString('latin1');
    let n = 0, i = -1;
    while ((i = s.indexOf('\r\n', i + 1)) !== -1) n++;
    tail = s.slice(s.lastIndexOf('\r\n') + 2);
    if (s.includes('-ERR')) throw new Error('error reply: ' + s.slice(0, 200));
    pending -= n;
    if (pending === 0 && waiter) { const w = waiter; waiter = null; w(); }
  });
  let buf = '';
  let inBatch = 0;
  for (const c of cmds) {
    buf += encode(c);
    if (++inBatch === batch) {
      pending += inBatch;
      const done = new Promise<void>(r => { waiter = r; });
      sock.write(Buffer.from(buf, 'latin1'));
      await done;
      buf = ''; inBatch = 0;
    }
  }
  if (inBatch) {
    pending += inBatch;
    const done = new Promise<void>(r => { waiter = r; });
    sock.write(Buffer.from(buf, 'latin1'));
    await done;
  }
  sock.removeAllListeners('data');
}

function* hashCmds(): Iterable<string[]> {
  for (let i = 0; i < N; i++) {
    const a = ['HSET', `hash:${i}`];
    for (let j = 0; j < 10; j++) a.push(`field${j}`, `value${(i * 7 + j) % 1000}`);
    yield a;
  }
}

function* setCmds(): Iterable<string[]> {
  for (let i = 0; i < N; i++) {
    const a = ['SADD', `set:${i}`];
    for (let j = 0; j < 10; j++) a.push(String((i * 31 + j * 977) % 100000));
    yield a;
  }
}

async function measure(name: string, proc: ChildProcess, port: number): Promise<Record<string, number>> {
  const pid = proc.pid as number;
  const sock = await connect(port);
  await new Promise(r => setTimeout(r, 300));
  const base = rssKb(pid);
  await load(sock, hashCmds());
  await new Promise(r => setTimeout(r, Number(process.env.SETTLE_MS ?? 1500)));
  const afterHashes = rssKb(pid);
  await load(sock, setCmds());
  await new Promise(r => setTimeout(r, Number(process.env.SETTLE_MS ?? 1500)));
  const afterSets = rssKb(pid);
  sock.destroy();
  const out = { baseMB: base / 1024, hashesMB: (afterHashes - base) / 1024, setsMB: (afterSets - afterHashes) / 1024, totalMB: afterSets / 1024 };
  console.log(`${name.padEnd(8)} baseline ${out.baseMB.toFixed(1)} MB, +hashes ${out.hashesMB.toFixed(1)} MB, +sets ${out.setsMB.toFixed(1)} MB, total RSS ${out.totalMB.toFixed(1)} MB`);
  return out;
}

async function main(): Promise<void> {
  const rport = await freePort();
  const redis = spawn('redis-server', ['--port', String(rport), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  const pport = await freePort();
  const nodeArgs = (process.env.RESPITE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const respite = spawn(process.execPath, [...nodeArgs, cli, '--port', String(pport), '--loglevel', 'warning'], { stdio: 'ignore' });
  try {
    console.log(`${N} hashes of 10 fields, then ${N} sets of 10 integers`);
    const r = await measure('redis', redis, rport);
    const m = await measure('respite', respite, pport);
    console.log(`ratio (total RSS) ${(m.totalMB / r.totalMB).toFixed(2)}x; ratio (data only) ${((m.hashesMB + m.setsMB) / (r.hashesMB + r.setsMB)).toFixed(2)}x` +
      `; hashes ${(m.hashesMB / r.hashesMB).toFixed(2)}x, sets ${(m.setsMB / r.setsMB).toFixed(2)}x`);
  } finally {
    redis.kill('SIGKILL');
    respite.kill('SIGKILL');
  }
}

main().catch(e => { console.error(e); process.exit(1); });
