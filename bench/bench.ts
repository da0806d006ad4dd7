/**
 * npm run bench: Respite beside real Redis, in the same run.
 *
 * Both servers are pinned to CPU 0 and redis-benchmark to CPU 1 (taskset),
 * rounds alternate which server goes first, and for every test we report the
 * median requests/s of each, the ratio Respite/Redis, and the CPU time per
 * request of each server process (from /proc/<pid>/stat), which is the
 * steadier figure on a noisy machine. Tests without a redis-benchmark name
 * run explicit commands (CUSTOM below); some read data loaded first
 * (PREFILL); multi_exec and xreadgroup_xack run bench/loadgen.ts instead
 * (see there). Then memory: for each kind (1M strings
 * with 32-byte values; 100k hashes of 10 fields, sets of 10 integers, sorted
 * sets of 10 members, lists of 10 items) a fresh pair of servers is loaded
 * and their RSS compared. Results go to stdout and bench/results/latest.json.
 *
 * Options (environment): BENCH_TESTS=set,get,... BENCH_ROUNDS=3 BENCH_N=200000
 * BENCH_PIPELINES=1,16 BENCH_KEYS=1000000 BENCH_MEMORY=strings,hashes,... ('' skips)
 * BENCH_WARMUP=200000 (untimed SET and GET requests first; 0 skips).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const DEFAULT_TESTS = 'set,get,incr,mset,lpush,rpush,lpop,rpop,sadd,spop,hset,zadd,zpopmin,lrange_100,lrange_300,lrange_500,pfadd,pfcount,publish,publish_1sub,publish_100sub,multi_exec,xadd,xrange,xreadgroup_xack,geoadd,geosearch,evalsha_1,evalsha_10,evalsha_100,evalsha_cpu';
const TESTS = (process.env.BENCH_TESTS ?? DEFAULT_TESTS).split(',').filter(Boolean);
/** GEOSEARCH's center (bench:geosearch's points surround it). */
const GEO_CENTER = [13.361389, 38.115556];
/** Tests redis-benchmark has no -t name for: run as explicit commands. */
const CUSTOM: Record<string, string[]> = {
  pfadd: ['PFADD', 'hll', 'el:__rand_int__'],
  pfcount: ['PFCOUNT', 'hll'],
  publish: ['PUBLISH', 'channel', 'message-payload-32-bytes-long....'],
  publish_1sub: ['PUBLISH', 'channel', 'message-payload-32-bytes-long....'],
  publish_100sub: ['PUBLISH', 'channel', 'message-payload-32-bytes-long....'],
  xadd: ['XADD', 'bench:xadd', '*', 'field', 'value-payload-32-bytes-long.....'],
  // from a random ID to the end, first 10 entries: one seek and 10 entries per request
  xrange: ['XRANGE', 'bench:xrange', '__rand_int__', '+', 'COUNT', '10'],
  // each placeholder is replaced by its own random number: points spread over a ~0.1 degree square
  geoadd: ['GEOADD', 'bench:geoadd', '13.0__rand_int__', '38.0__rand_int__', 'member:__rand_int__'],
  geosearch: ['GEOSEARCH', 'bench:geosearch', 'FROMLONLAT', String(GEO_CENTER[0]), String(GEO_CENTER[1]), 'BYRADIUS', '5', 'km'],
};
/**
 * Lua scripts run with EVALSHA (SCRIPT LOADed on both servers first). The
 * redis.call ones touch a random key per call (KEYS[1]) and a key derived from
 * it; evalsha_cpu is a loop of a million iterations of integer arithmetic.
 */
const MIXED_CALLS = `local k = KEYS[1]
local v = ARGV[1]
local r
for i = 1, tonumber(ARGV[2]) do
  local m = i % 3
  if m == 1 then r = redis.call('GET', k)
  elseif m == 2 then redis.call('SET', k, v)
  else redis.call('INCR', k .. ':hits') end
end
return r`;
const SCRIPTS: Record<string, { body: string; args: string[]; n?: (n: number) => number; clients?: number }> = {
  evalsha_1: { body: "return redis.call('INCR', KEYS[1])", args: ['1', 'counter:__rand_int__'] },
  evalsha_10: { body: MIXED_CALLS, args: ['1', 'key:__rand_int__', 'value-32-bytes-long-payload.....', '10'], n: n => Math.max(1000, Math.floor(n / 2)) },
  evalsha_100: { body: MIXED_CALLS, args: ['1', 'key:__rand_int__', 'value-32-bytes-long-payload.....', '100'], n: n => Math.max(500, Math.floor(n / 10)) },
  evalsha_cpu: {
    body: 'local x = 0\nfor i = 1, 1000000 do x = (x * 31 + i) % 1000003 end\nreturn x',
    args: ['0'], n: n => Math.max(20, Math.floor(n / 2000)), clients: 2,
  },
};
for (const [name, sc] of Object.entries(SCRIPTS)) {
  CUSTOM[name] = ['EVALSHA', crypto.createHash('sha1').update(sc.body).digest('hex'), ...sc.args];
}
/** Requests per run of a test (scripts doing more work per call run fewer). */
const testN = (test: string): number => SCRIPTS[test]?.n?.(N) ?? N;
/**
 * Data some tests read, loaded into both servers before the test's first
 * round (and not timed):
 *  - xrange: a stream of 100,000 entries with IDs 1-1 .. 100000-1, one field
 *    with a 32-byte value; XRANGE starts at a random ID (redis-benchmark's
 *    __rand_int__ is 0..99999) and reads 10 entries;
 *  - geosearch: 100 members within 4.5 km of the center, all inside the
 *    searched 5 km radius, so each GEOSEARCH returns the 100 members.
 * Before every round, xreadgroup_xack gets a fresh stream (bench:xreadgroup,
 * enough entries for all reads of the round) with a group "g" at 0; the test
 * itself is bench/loadgen.ts's consume-and-ack loop (XREADGROUP COUNT 1 of
 * new entries, then XACK of the delivered IDs; redis-benchmark cannot send a
 * command built from an earlier reply), and counts reads + acks as requests.
 */
const PREFILL: Record<string, [number, (i: number) => string[], number]> = {
  xrange: [100000, i => ['XADD', 'bench:xrange', `${i + 1}-1`, 'field', 'value-payload-32-bytes-long.....'], 2],
  geosearch: [100, i => {
    // a spiral: distance up to 4.5 km, angle by the golden ratio
    const d = 4500 * Math.sqrt((i + 0.5) / 100), a = i * 2.399963229728653;
    const lat = GEO_CENTER[1] + (d * Math.cos(a)) / 111195;
    const lon = GEO_CENTER[0] + (d * Math.sin(a)) / (111195 * Math.cos(GEO_CENTER[1] * Math.PI / 180));
    return ['GEOADD', 'bench:geosearch', lon.toFixed(6), lat.toFixed(6), 'place:' + i];
  }, 1],
};
const XRG_KEY = 'bench:xreadgroup';

/** A fresh stream for one round of xreadgroup_xack: enough entries for every read, a group at 0. */
async function prefillXreadgroup(port: number, pipeline: number): Promise<void> {
  await load(port, 1, () => ['DEL', XRG_KEY]);
  const entries = Math.ceil(N / 2) + 50 * pipeline + 1000;
  await load(port, entries, i => ['XADD', XRG_KEY, `${i + 1}-1`, 'field', 'value-payload-32-bytes-long.....'], 2);
  await load(port, 1, () => ['XGROUP', 'CREATE', XRG_KEY, 'g', '0']);
}

/** Subscribers connected during a test (delivery is measured too). */
const SUBSCRIBERS: Record<string, number> = { publish_1sub: 1, publish_100sub: 100 };

/** Starts N subscribers pinned beside redis-benchmark; resolves once all are subscribed. */
async function startSubscribers(port: number, n: number): Promise<ChildProcess> {
  const [cmd, args] = pin('1', process.execPath, [path.join(root, 'dist', 'bench', 'subscribers.js'), String(port), String(n), 'channel', '32']);
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>(resolve => p.stdout!.once('data', () => resolve()));
  return p;
}

async function stopSubscribers(p: ChildProcess): Promise<number> {
  const out = new Promise<string>(resolve => { let s = ''; p.stdout!.on('data', d => { s += d; }); p.on('exit', () => resolve(s)); });
  p.kill('SIGTERM');
  return Number((await out).trim().split('\n').pop());
}

/**
 * Transactions per multi_exec run (each is 7 commands in one write): half of
 * N, so a round at -P 1 lasts about a second. Shorter rounds (N/7 before)
 * moved by up to ±30% from round to round, as the run was then mostly the
 * load generator's warm-up and the CPU figure a few clock ticks.
 */
const multiTotal = (): number => Math.max(1000, Math.floor(N / 2));

/**
 * bench/loadgen: MULTI + 5 SETs + EXEC (redis-benchmark has no transactions; returns
 * transactions/s), or the XREADGROUP + XACK loop (returns commands/s).
 */
function runLoadgen(port: number, pipeline: number, mode: 'multi' | 'xreadgroup'): number {
  const total = mode === 'multi' ? multiTotal() : N;
  const [cmd, args] = pin('1', process.execPath, [path.join(root, 'dist', 'bench', 'loadgen.js'), String(port), '50', String(pipeline), String(total), mode, XRG_KEY]);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const v = Number(r.stdout.trim());
  if (!v) throw new Error(`loadgen failed: ${r.stdout} ${r.stderr}`);
  return v;
}
/**
 * Requests of SET and of GET sent to each server, untimed, before the first
 * test: a JIT-compiled server needs a warm-up (its hot paths are compiled
 * during the first thousands of requests, and its heap grows to hold the
 * keyspace), so without one the first rounds of the first test measured a
 * cold Respite (SET at -P 1: 11.2 µs per request in rounds 1-2, 9.5 µs
 * after). Both servers get the same requests, so both start the first test
 * with the 100,000 keys its later rounds find anyway. 0 skips it.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200000);
function warmUp(port: number): void {
  const [cmd, args] = pin('1', 'redis-benchmark', ['-p', String(port), '-c', '50', '-n', String(WARMUP), '-r', '100000', '-d', '32', '-q', '-t', 'set,get']);
  spawnSync(cmd, args, { encoding: 'utf8' });
}
const MEMORY_KINDS = (process.env.BENCH_MEMORY ?? 'strings,hashes,sets,zsets,lists').split(',').filter(Boolean);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N = Number(process.env.BENCH_N ?? 200000);
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
const KEYS = Number(process.env.BENCH_KEYS ?? 1000000);
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function pin(cpu: string, cmd: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', cpu, cmd, ...args]] : [cmd, args];
}

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>(r => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never opened`);
}

interface Srv { name: string; port: number; proc: ChildProcess; pid: number }

async function startServers(): Promise<[Srv, Srv]> {
  const rp = await freePort();
  const [rc, ra] = pin('0', 'redis-server', ['--port', String(rp), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning']);
  const redis = spawn(rc, ra, { stdio: 'ignore' });
  const mp = await freePort();
  const [mc, ma] = pin('0', process.execPath, ['--max-semi-space-size=16', path.join(root, 'dist', 'src', 'cli.js'), '--port', String(mp), '--loglevel', 'warning']);
  const mine = spawn(mc, ma, { stdio: 'ignore' });
  await Promise.all([waitPort(rp), waitPort(mp)]);
  return [
    { name: 'redis', port: rp, proc: redis, pid: childPid(redis.pid!, 'redis-server') },
    { name: 'respite', port: mp, proc: mine, pid: childPid(mine.pid!, 'node') },
  ];
}

/** With taskset, the server is taskset's exec'd image (same pid). */
function childPid(pid: number, _name: string): number { return pid; }

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
}

function rssBytes(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(s);
  return m ? Number(m[1]) * 1024 : 0;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

function runBenchmark(port: number, test: string, pipeline: number): number {
  const which = CUSTOM[test] ?? ['-t', test];
  const clients = SCRIPTS[test]?.clients ?? 50;
  const [cmd, args] = pin('1', 'redis-benchmark', ['-p', String(port), '-c', String(clients), '-n', String(testN(test)), '-r', '100000', '-d', '32', '-P', String(pipeline), '--csv', ...which]);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n').filter(l => !l.startsWith('"test"'));
  // "SET","123456.79",...
  const m = /^"[^"]+","([\d.]+)"/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`redis-benchmark failed for ${test}: ${r.stdout} ${r.stderr}`);
  return Number(m[1]);
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Writes buffers and waits until `replies` lines starting a reply were read. */
function sendRaw(port: number, bufs: Buffer[], replies: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let seen = 0;
    s.on('data', d => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) seen++;
      if (seen >= replies) { s.destroy(); resolve(); }
    });
    s.on('error', reject);
    s.on('connect', async () => {
      for (const b of bufs) { if (!s.write(b)) await new Promise(r => s.once('drain', r)); }
    });
  });
}

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Sends n generated commands in pipelined batches (each reply is `lines` lines: 1 for OK or an integer). */
async function load(port: number, n: number, gen: (i: number) => string[], lines = 1): Promise<void> {
  const batch = 5000;
  for (let i = 0; i < n; i += batch) {
    const parts: string[] = [];
    const m = Math.min(batch, n - i);
    for (let j = 0; j < m; j++) parts.push(encode(gen(i + j)));
    await sendRaw(port, [Buffer.from(parts.join(''), 'latin1')], m * lines);
  }
}

const val32 = 'v'.repeat(32);
const pad = (i: number) => String(i).padStart(12, '0');
const fields = (pre: string, n: number, withValues: boolean) => {
  const out: string[] = [];
  for (let f = 0; f < n; f++) { if (withValues) out.push(pre + f); out.push(withValues ? 'value-' + f : String(f * 7919 + 1)); }
  return out;
};
/** Memory scenarios of the issues: name -> [count, command generator]. */
const LOADS: Record<string, [number, (i: number) => string[]]> = {
  strings: [KEYS, i => ['SET', 'key:' + pad(i), val32]],
  hashes: [100000, i => ['HSET', 'hash:' + pad(i), ...fields('field', 10, true)]],
  sets: [100000, i => ['SADD', 'set:' + pad(i), ...fields('', 10, false)]],
  zsets: [100000, i => ['ZADD', 'zset:' + pad(i), ...Array.from({ length: 10 }, (_, f) => [String(f * 1.5), 'member-' + f]).flat()]],
  lists: [100000, i => ['RPUSH', 'list:' + pad(i), ...Array.from({ length: 10 }, (_, f) => 'item-' + f)]],
};

/**
 * RSS of both servers once the load is over and Respite has had its idle-time
 * heap trim (a full collection after ~7 s of quiet that returns V8's grown
 * young generation; see src/server/idle-gc.ts): polled each second, settled
 * when Respite's RSS has dropped and then held for eight readings, and no
 * sooner than 25 s after the load (the first trim comes after ~7 s of quiet;
 * when V8 keeps its young generation, the trim is retried every ~6 s, and V8
 * has been seen to keep it twice), or after 60 s.
 */
async function settledRss(redisPid: number, respitePid: number): Promise<{ redis: number; respite: number }> {
  const first = rssBytes(respitePid);
  let prev = first, stable = 0;
  for (let t = 1; t <= 60; t++) {
    await new Promise(r => setTimeout(r, 1000));
    const cur = rssBytes(respitePid);
    stable = Math.abs(cur - prev) < prev * 0.005 ? stable + 1 : 0;
    prev = cur;
    if (t >= 25 && cur < first * 0.97 && stable >= 8) break;
  }
  return { redis: rssBytes(redisPid), respite: prev };
}

async function main(): Promise<void> {
  for (const bin of ['redis-server', 'redis-benchmark']) {
    if (spawnSync(bin, ['--version']).status !== 0) { console.error(`${bin} not found: install redis-server and redis-tools`); process.exit(1); }
  }
  const [redis, mine] = await startServers();
  for (const test of TESTS) {
    const sc = SCRIPTS[test];
    if (sc) for (const srv of [redis, mine]) await sendRaw(srv.port, [Buffer.from(encode(['SCRIPT', 'LOAD', sc.body]), 'latin1')], 2);
  }
  // Untimed warm-up of both servers (see WARMUP)
  if (WARMUP > 0) for (const srv of [redis, mine]) warmUp(srv.port);
  const results: Record<string, unknown>[] = [];
  console.log(`rounds=${ROUNDS} n=${N} clients=50 keyspace=100000 value=32B; servers pinned to CPU 0, redis-benchmark to CPU 1 (${hasTaskset ? 'taskset' : 'NO taskset: unpinned'})`);
  console.log(['test', 'pipeline', 'redis rps', 'respite rps', 'ratio', 'redis us/req', 'respite us/req', 'cpu ratio'].join('\t'));
  for (const P of PIPELINES) {
    for (const test of TESTS) {
      const rps: Record<string, number[]> = { redis: [], respite: [] };
      const cpu: Record<string, number[]> = { redis: [], respite: [] };
      const delivery: Record<string, number[]> = {};
      const pre = PREFILL[test];
      if (pre && P === PIPELINES[0]) for (const s of [redis, mine]) await load(s.port, pre[0], pre[1], pre[2]);
      for (let r = 0; r < ROUNDS; r++) {
        const order = r % 2 === 0 ? [redis, mine] : [mine, redis];
        for (const s of order) {
          const subs = SUBSCRIBERS[test] ? await startSubscribers(s.port, SUBSCRIBERS[test]) : null;
          if (test === 'xreadgroup_xack') await prefillXreadgroup(s.port, P);
          const t0 = cpuTicks(s.pid);
          const ops = test === 'multi_exec' ? multiTotal() : testN(test);
          rps[s.name].push(test === 'multi_exec' ? runLoadgen(s.port, P, 'multi')
            : test === 'xreadgroup_xack' ? runLoadgen(s.port, P, 'xreadgroup') : runBenchmark(s.port, test, P));
          const t1 = cpuTicks(s.pid);
          cpu[s.name].push(((t1 - t0) / CLK_TCK) * 1e6 / ops);
          if (subs) {
            const delivered = await stopSubscribers(subs);
            (delivery[s.name] ??= []).push(delivered / (N * SUBSCRIBERS[test]));
          }
        }
      }
      const row = {
        test, pipeline: P,
        redisRps: median(rps.redis), respiteRps: median(rps.respite),
        ratio: median(rps.respite) / median(rps.redis),
        redisCpuUs: median(cpu.redis), respiteCpuUs: median(cpu.respite),
        cpuRatio: median(cpu.redis) / median(cpu.respite),
        // every round, in run order, to show how much a test moved within the run
        rounds: { redisRps: rps.redis, respiteRps: rps.respite, redisCpuUs: cpu.redis, respiteCpuUs: cpu.respite },
        ...(delivery.redis ? { redisDelivered: median(delivery.redis), respiteDelivered: median(delivery.respite) } : {}),
      };
      results.push(row);
      console.log([test, P, row.redisRps.toFixed(0), row.respiteRps.toFixed(0), row.ratio.toFixed(2), row.redisCpuUs.toFixed(2), row.respiteCpuUs.toFixed(2), row.cpuRatio.toFixed(2),
        ...(delivery.redis ? [`delivered redis ${(100 * median(delivery.redis)).toFixed(0)}% respite ${(100 * median(delivery.respite)).toFixed(0)}%`] : [])].join('\t'));
    }
  }
  redis.proc.kill('SIGKILL'); mine.proc.kill('SIGKILL');
  // Memory: each kind loaded on top of a freshly started, empty pair of servers.
  const memory: Record<string, Record<string, number>> = {};
  if (MEMORY_KINDS.length) console.log(`\nmemory (RSS from /proc; "data" = RSS after loading minus RSS of the empty server)`);
  for (const kind of MEMORY_KINDS) {
    const [n, gen] = LOADS[kind];
    if (!n) continue;
    const [r2, m2] = await startServers();
    await new Promise(r => setTimeout(r, 300));
    const before = { redis: rssBytes(r2.pid), respite: rssBytes(m2.pid) };
    await load(r2.port, n, gen);
    await load(m2.port, n, gen);
    const after = await settledRss(r2.pid, m2.pid);
    const row = {
      keys: n,
      redisRss: after.redis, respiteRss: after.respite, totalRatio: after.respite / after.redis,
      redisDataPerKey: (after.redis - before.redis) / n, respiteDataPerKey: (after.respite - before.respite) / n,
      dataRatio: (after.respite - before.respite) / (after.redis - before.redis),
    };
    memory[kind] = row;
    console.log(`${kind.padEnd(8)} ${n} keys: total RSS redis ${(row.redisRss / 1048576).toFixed(1)} MB, respite ${(row.respiteRss / 1048576).toFixed(1)} MB (${row.totalRatio.toFixed(2)}x); data per key redis ${row.redisDataPerKey.toFixed(1)} B, respite ${row.respiteDataPerKey.toFixed(1)} B (${row.dataRatio.toFixed(2)}x)`);
    r2.proc.kill('SIGKILL'); m2.proc.kill('SIGKILL');
  }
  const summary: Record<string, number> = {};
  for (const P of PIPELINES) {
    const rs = results.filter(r => r.pipeline === P).map(r => r.ratio as number);
    summary[`medianRatioP${P}`] = median(rs);
    summary[`minRatioP${P}`] = Math.min(...rs);
    console.log(`pipeline ${P}: median ratio ${median(rs).toFixed(2)}, worst ${Math.min(...rs).toFixed(2)}`);
  }
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds: ROUNDS, n: N, results, memory, summary }, null, 2));
}

void main();
