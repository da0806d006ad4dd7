/**
 * Memory comparison for lists: Respite vs redis-server.
 *
 * Starts each server as its own process, loads it with pipelined RPUSH
 * commands, and reads VmRSS from /proc/<pid>/status before and after.
 * Scenarios: one list of 1,000,000 small items; 100,000 lists of 10 items.
 *
 *   npx tsc -p . && node dist/bench/list-memory.js
 *
 * RESPITE_NODE_FLAGS="--max-semi-space-size=1" passes flags to Respite's
 * node process (the young generation is most of the RSS beyond live data).
 * Also reported: the live heap of the list data alone, measured in-process
 * with forced GCs (run node with --expose-gc to get it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RList } from '../src/types/list.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function rss(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(s)![1]) * 1024;
}

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/** Counts complete top-level replies in a stream of simple replies (ints / status / errors). */
class Loader {
  private pending = 0;
  private buf = '';
  private wake: (() => void) | null = null;
  constructor(private sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\r\n')) >= 0) {
        if (this.buf[0] === '-') throw new Error('error reply: ' + this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 2);
        this.pending--;
      }
      if (this.pending === 0 && this.wake) { const w = this.wake; this.wake = null; w(); }
    });
  }
  async run(cmds: Iterable<string[]>, batch = 2000): Promise<void> {
    let chunk: string[] = [];
    const flush = async () => {
      this.pending += chunk.length;
      this.sock.write(chunk.join(''), 'latin1');
      chunk = [];
      await new Promise<void>(r => { if (this.pending === 0) r(); else this.wake = r; });
    };
    for (const c of cmds) { chunk.push(encode(c)); if (chunk.length >= batch) await flush(); }
    if (chunk.length) await flush();
  }
}

async function connect(port: number): Promise<net.Socket> {
  for (let i = 0; i < 200; i++) {
    try {
      return await new Promise<net.Socket>((res, rej) => { const s = net.connect(port, '127.0.0.1', () => res(s)); s.once('error', rej); });
    } catch { await new Promise(r => setTimeout(r, 50)); }
  }
  throw new Error('cannot connect to ' + port);
}

async function start(kind: 'respite' | 'redis', port: number): Promise<ChildProcess> {
  const p = kind === 'redis'
    ? spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' })
    : spawn(process.execPath, [...(process.env.RESPITE_NODE_FLAGS ?? '').split(' ').filter(Boolean), path.join(root, 'dist', 'src', 'cli.js'), '--port', String(port)], { stdio: 'ignore' });
  (await connect(port)).destroy();
  return p;
}

function* oneBigList(): Iterable<string[]> {
  for (let i = 0; i < 1_000_000; i += 100) {
    const cmd = ['RPUSH', 'biglist'];
    for (let j = i; j < i + 100; j++) cmd.push('item:' + j);
    yield cmd;
  }
}

function* manySmallLists(): Iterable<string[]> {
  for (let i = 0; i < 100_000; i++) {
    const cmd = ['RPUSH', 'list:' + i];
    for (let j = 0; j < 10; j++) cmd.push('v' + j);
    yield cmd;
  }
}

const mb = (n: number) => (n / 1048576).toFixed(1) + ' MB';

async function measure(kind: 'respite' | 'redis', port: number, load: () => Iterable<string[]>): Promise<{ base: number; after: number }> {
  const p = await start(kind, port);
  try {
    await new Promise(r => setTimeout(r, 300));
    const base = rss(p.pid!);
    const s = await connect(port);
    await new Loader(s).run(load());
    await new Promise(r => setTimeout(r, 1500)); // let a GC cycle settle
    const after = rss(p.pid!);
    s.destroy();
    return { base, after };
  } finally {
    p.kill('SIGKILL');
  }
}

/** Live heap (after forced GCs) taken by the lists themselves, built directly in this process. */
function liveHeap(kind: 'big' | 'small'): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  const keep = new Map<string, RList>();
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  if (kind === 'big') {
    const l = new RList();
    for (let i = 0; i < 1_000_000; i += 100) { for (let j = i; j < i + 100; j++) l.pushTail('item:' + j); l.compact(); }
    keep.set('biglist', l);
  } else {
    for (let i = 0; i < 100_000; i++) {
      const l = new RList();
      for (let j = 0; j < 10; j++) l.pushTail('v' + j);
      l.compact();
      keep.set('list:' + i, l);
    }
  }
  gc(); gc();
  const used = process.memoryUsage().heapUsed - before;
  keep.clear();
  return used;
}

async function main(): Promise<void> {
  const scenarios: [string, () => Iterable<string[]>, 'big' | 'small'][] = [
    ['1 list x 1,000,000 items ("item:N")', oneBigList, 'big'],
    ['100,000 lists x 10 items ("vN")', manySmallLists, 'small'],
  ];
  let port = 17000 + Math.floor(Math.random() * 1000);
  for (const [name, load, kind] of scenarios) {
    const redis = await measure('redis', port++, load);
    const mine = await measure('respite', port++, load);
    const dr = redis.after - redis.base, dm = mine.after - mine.base;
    console.log(`${name}`);
    console.log(`  redis   RSS ${mb(redis.base)} -> ${mb(redis.after)} (data ${mb(dr)})`);
    console.log(`  respite RSS ${mb(mine.base)} -> ${mb(mine.after)} (data ${mb(dm)})`);
    console.log(`  ratio: total RSS ${(mine.after / redis.after).toFixed(2)}x, data only ${(dm / dr).toFixed(2)}x`);
    const live = liveHeap(kind);
    if (live !== null) console.log(`  respite live heap of the list values and key strings (held in a JS Map): ${mb(live)} = ${(live / dr).toFixed(2)}x Redis's data RSS`);
  }
}

main().catch(e => { console.error(e); process.exit(1); });
