/**
 * INFO [section ...]: Redis 7.0's sections, field names, field order and
 * format ("# Title" headers, "name:value" lines ended by CRLF, a blank line
 * between sections; a bulk string in RESP2, a verbatim "txt" string in
 * RESP3). Sections: server clients memory persistence stats replication cpu
 * modules commandstats errorstats latencystats cluster keyspace; `default`
 * (no argument) leaves out commandstats and latencystats, `all` and
 * `everything` include them; several names may be given; unknown names add
 * nothing. Every figure is measured, or a constant that is true of Respite
 * (no fork, no replicas, no defragmentation ...).
 *
 * Extending INFO from another family: use the registry `server.infoFields`
 * (src/server/info-fields.ts), typically in the family's init():
 *
 *   server.infoFields.field('stats', 'pubsub_channels', () => channels.size);
 *   server.infoFields.field('clients', 'tracking_clients', () => n);
 *   server.infoFields.section('replication', () => [...lines]);
 *
 * A field Redis has (listed below with its default) keeps Redis's position;
 * a new field goes to the end of its section. Counters a family keeps should
 * also be zeroed by CONFIG RESETSTAT: push a function on
 * `server.resetStatsHooks`.
 *
 * Memory figures are Respite's own accounting from process.memoryUsage()
 * (V8 heap used + external memory as used_memory, the process RSS as
 * used_memory_rss). Latency percentiles come from power-of-two microsecond
 * histograms kept per command (Command.histogram), so they are bucket upper
 * bounds, coarser than Redis's HDR histograms.
 */
import { pendingBytes } from '../server/direct-io.js';
import { pendingInputBytes } from './client.js';
import os from 'node:os';
import path from 'node:path';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Command } from './table.js';
import { REDIS_VERSION, RESPITE_VERSION } from '../server/server.js';
import type { InfoValue } from '../server/info-fields.js';

/** Per-server INFO state: instantaneous metric rings, memory peak. */
interface InfoState {
  samples: { ops: Metric; netIn: Metric; netOut: Metric };
  peakMemory: number;
  startupMemory: number;
  replId: string;
  executable: string;
}

declare module '../server/server.js' {
  interface Server {
    infoState?: InfoState;
  }
}

/** A ring of per-second rates sampled every 100 ms, averaged like Redis's instantaneous metrics. */
const SAMPLES = 16;
class Metric {
  private ring = new Float64Array(SAMPLES);
  private idx = 0;
  private lastValue = 0;
  /** Starts counting from 0 at `start` (the server's creation). */
  constructor(private lastTime: number) {}
  sample(now: number, value: number): void {
    const dt = now - this.lastTime;
    if (dt <= 0) return;
    this.ring[this.idx] = ((value - this.lastValue) * 1000) / dt;
    this.idx = (this.idx + 1) % SAMPLES;
    this.lastTime = now;
    this.lastValue = value;
  }
  /** Starts over from a new base value with an empty ring (CONFIG RESETSTAT). */
  rebase(value: number): void {
    this.ring.fill(0);
    this.idx = 0;
    this.lastValue = value;
    this.lastTime = Date.now();
  }
  get value(): number {
    let sum = 0;
    for (let i = 0; i < SAMPLES; i++) sum += this.ring[i];
    return sum / SAMPLES;
  }
}

function memUsed(): { used: number; rss: number; heapUsed: number; heapTotal: number } {
  const m = process.memoryUsage();
  return { used: m.heapUsed + m.external, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal };
}

function fix2(n: number): string { return (Number.isFinite(n) ? n : 0).toFixed(2); }

/** Redis's bytes-to-human format: B under 1K, then K/M/G/T/P/E with two decimals. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(2)}${units[i]}`;
}

function cpuSecs(us: number): string { return (us / 1e6).toFixed(6); }

type Field = [name: string, fn: (s: Server, ctx: Ctx) => InfoValue];

/** Values computed once per INFO call. */
interface Ctx {
  mem?: ReturnType<typeof memUsed>;
  cpu?: NodeJS.CpuUsage;
}
function mem(ctx: Ctx) { return (ctx.mem ??= memUsed()); }
function cpu(ctx: Ctx) { return (ctx.cpu ??= process.cpuUsage()); }
const zero = () => 0;

function overhead(s: Server, ctx: Ctx): number {
  let clients = 0;
  for (const c of s.clients.values()) clients += pendingInputBytes(c) + (c.socket ? pendingBytes(c.socket) : 0);
  return Math.min(mem(ctx).used, s.infoState!.startupMemory + clients);
}

function clientsMemory(s: Server): number {
  let n = 0;
  for (const c of s.clients.values()) n += pendingInputBytes(c) + (c.socket ? pendingBytes(c.socket) : 0);
  return n;
}

function peak(s: Server, ctx: Ctx): number {
  const st = s.infoState!;
  const u = mem(ctx).used;
  if (u > st.peakMemory) st.peakMemory = u;
  return st.peakMemory;
}

const SERVER: Field[] = [
  ['redis_version', () => REDIS_VERSION],
  ['respite_version', () => RESPITE_VERSION],
  ['redis_git_sha1', () => '00000000'],
  ['redis_git_dirty', zero],
  ['redis_build_id', () => 'respite-' + RESPITE_VERSION],
  ['redis_mode', s => s.clusterEnabled ? 'cluster' : 'standalone'],
  ['os', () => `${os.type()} ${os.release()} ${os.machine()}`],
  ['arch_bits', () => (process.arch.endsWith('64') ? 64 : 32)],
  ['monotonic_clock', () => 'Node.js performance.now'],
  ['multiplexing_api', () => 'libuv'],
  ['atomicvar_api', () => 'none (single-threaded)'],
  ['gcc_version', () => '0.0.0'],
  ['process_id', () => process.pid],
  ['process_supervised', () => 'no'],
  ['run_id', s => s.runId],
  ['tcp_port', s => s.port],
  ['server_time_usec', () => BigInt(Date.now()) * 1000n],
  ['uptime_in_seconds', s => Math.floor((Date.now() - s.startTime) / 1000)],
  ['uptime_in_days', s => Math.floor((Date.now() - s.startTime) / 86400000)],
  ['hz', s => s.hz],
  ['configured_hz', s => s.config.get('hz')],
  ['lru_clock', () => Math.floor(Date.now() / 1000) & 0xffffff],
  ['executable', s => s.infoState!.executable],
  ['config_file', s => s.configFile ? path.resolve(s.configFile) : ''],
  ['io_threads_active', zero],
];

const CLIENTS: Field[] = [
  ['connected_clients', s => s.clients.size],
  ['cluster_connections', zero],
  ['maxclients', s => s.maxClients],
  ['client_recent_max_input_buffer', s => { let m = 0; for (const c of s.clients.values()) m = Math.max(m, pendingInputBytes(c)); return m; }],
  ['client_recent_max_output_buffer', s => { let m = 0; for (const c of s.clients.values()) m = Math.max(m, c.socket ? pendingBytes(c.socket) : 0); return m; }],
  ['blocked_clients', s => s.blocking.count],
  ['tracking_clients', zero],
  ['clients_in_timeout_table', s => { let n = 0; for (const c of s.clients.values()) if (c.blocked && c.blocked.deadline > 0) n++; return n; }],
];

const MEMORY: Field[] = [
  ['used_memory', (s, x) => mem(x).used],
  ['used_memory_human', (s, x) => bytesToHuman(mem(x).used)],
  ['used_memory_rss', (s, x) => mem(x).rss],
  ['used_memory_rss_human', (s, x) => bytesToHuman(mem(x).rss)],
  ['used_memory_peak', (s, x) => peak(s, x)],
  ['used_memory_peak_human', (s, x) => bytesToHuman(peak(s, x))],
  ['used_memory_peak_perc', (s, x) => fix2((mem(x).used * 100) / peak(s, x)) + '%'],
  ['used_memory_overhead', (s, x) => overhead(s, x)],
  ['used_memory_startup', s => s.infoState!.startupMemory],
  ['used_memory_dataset', (s, x) => mem(x).used - overhead(s, x)],
  ['used_memory_dataset_perc', (s, x) => {
    const net = Math.max(1, mem(x).used - s.infoState!.startupMemory);
    return fix2(((mem(x).used - overhead(s, x)) * 100) / net) + '%';
  }],
  ['allocator_allocated', (s, x) => mem(x).heapUsed],
  ['allocator_active', (s, x) => mem(x).heapTotal],
  ['allocator_resident', (s, x) => mem(x).rss],
  ['total_system_memory', () => os.totalmem()],
  ['total_system_memory_human', () => bytesToHuman(os.totalmem())],
  ['used_memory_lua', zero],
  ['used_memory_vm_eval', zero],
  ['used_memory_lua_human', () => '0B'],
  ['used_memory_scripts_eval', zero],
  ['number_of_cached_scripts', zero],
  ['number_of_functions', zero],
  ['number_of_libraries', zero],
  ['used_memory_vm_functions', zero],
  ['used_memory_vm_total', zero],
  ['used_memory_vm_total_human', () => '0B'],
  ['used_memory_functions', zero],
  ['used_memory_scripts', zero],
  ['used_memory_scripts_human', () => '0B'],
  ['maxmemory', s => s.config.get('maxmemory')],
  ['maxmemory_human', s => bytesToHuman(Number(s.config.get('maxmemory')))],
  ['maxmemory_policy', s => s.config.get('maxmemory-policy')],
  ['allocator_frag_ratio', (s, x) => fix2(mem(x).heapTotal / Math.max(1, mem(x).heapUsed))],
  ['allocator_frag_bytes', (s, x) => mem(x).heapTotal - mem(x).heapUsed],
  ['allocator_rss_ratio', (s, x) => fix2(mem(x).rss / Math.max(1, mem(x).heapTotal))],
  ['allocator_rss_bytes', (s, x) => mem(x).rss - mem(x).heapTotal],
  ['rss_overhead_ratio', () => '1.00'],
  ['rss_overhead_bytes', zero],
  ['mem_fragmentation_ratio', (s, x) => fix2(mem(x).rss / Math.max(1, mem(x).used))],
  ['mem_fragmentation_bytes', (s, x) => mem(x).rss - mem(x).used],
  ['mem_not_counted_for_evict', zero],
  ['mem_replication_backlog', zero],
  ['mem_total_replication_buffers', zero],
  ['mem_clients_slaves', zero],
  ['mem_clients_normal', s => clientsMemory(s)],
  ['mem_cluster_links', zero],
  ['mem_aof_buffer', zero],
  ['mem_allocator', () => `v8-${process.versions.v8}`],
  ['active_defrag_running', zero],
  ['lazyfree_pending_objects', zero],
  ['lazyfreed_objects', zero],
];

const PERSISTENCE: Field[] = [
  ['loading', zero],
  ['async_loading', zero],
  ['current_cow_peak', zero],
  ['current_cow_size', zero],
  ['current_cow_size_age', zero],
  ['current_fork_perc', () => '0.00'],
  ['current_save_keys_processed', zero],
  ['current_save_keys_total', zero],
  ['rdb_changes_since_last_save', s => s.dirty],
  ['rdb_bgsave_in_progress', zero],
  ['rdb_last_save_time', s => s.lastSave],
  ['rdb_last_bgsave_status', () => 'ok'],
  ['rdb_last_bgsave_time_sec', () => -1],
  ['rdb_current_bgsave_time_sec', () => -1],
  ['rdb_saves', zero],
  ['rdb_last_cow_size', zero],
  ['rdb_last_load_keys_expired', zero],
  ['rdb_last_load_keys_loaded', zero],
  ['aof_enabled', s => (s.config.get('appendonly') === 'yes' ? 1 : 0)],
  ['aof_rewrite_in_progress', zero],
  ['aof_rewrite_scheduled', zero],
  ['aof_last_rewrite_time_sec', () => -1],
  ['aof_current_rewrite_time_sec', () => -1],
  ['aof_last_bgrewrite_status', () => 'ok'],
  ['aof_rewrites', zero],
  ['aof_rewrites_consecutive_failures', zero],
  ['aof_last_write_status', () => 'ok'],
  ['aof_last_cow_size', zero],
  ['module_fork_in_progress', zero],
  ['module_fork_last_cow_size', zero],
];

const STATS: Field[] = [
  ['total_connections_received', s => s.stats.totalConnections],
  ['total_commands_processed', s => s.stats.totalCommands],
  ['instantaneous_ops_per_sec', s => Math.round(s.infoState!.samples.ops.value)],
  ['total_net_input_bytes', s => s.stats.netInput],
  ['total_net_output_bytes', s => s.stats.netOutput],
  ['total_net_repl_input_bytes', zero],
  ['total_net_repl_output_bytes', zero],
  ['instantaneous_input_kbps', s => fix2(s.infoState!.samples.netIn.value / 1024)],
  ['instantaneous_output_kbps', s => fix2(s.infoState!.samples.netOut.value / 1024)],
  ['instantaneous_input_repl_kbps', () => '0.00'],
  ['instantaneous_output_repl_kbps', () => '0.00'],
  ['rejected_connections', s => s.stats.rejectedConnections],
  ['sync_full', zero],
  ['sync_partial_ok', zero],
  ['sync_partial_err', zero],
  ['expired_keys', s => s.stats.expiredKeys],
  ['expired_stale_perc', s => fix2(s.stats.expiredStalePerc * 100)],
  ['expired_time_cap_reached_count', s => s.stats.expiredTimeCapReached],
  ['expire_cycle_cpu_milliseconds', zero],
  ['evicted_keys', s => s.stats.evictedKeys],
  ['evicted_clients', zero],
  ['total_eviction_exceeded_time', zero],
  ['current_eviction_exceeded_time', zero],
  ['keyspace_hits', s => s.stats.keyspaceHits],
  ['keyspace_misses', s => s.stats.keyspaceMisses],
  ['pubsub_channels', zero],
  ['pubsub_patterns', zero],
  ['pubsubshard_channels', zero],
  ['latest_fork_usec', zero],
  ['total_forks', zero],
  ['migrate_cached_sockets', zero],
  ['slave_expires_tracked_keys', zero],
  ['active_defrag_hits', zero],
  ['active_defrag_misses', zero],
  ['active_defrag_key_hits', zero],
  ['active_defrag_key_misses', zero],
  ['total_active_defrag_time', zero],
  ['current_active_defrag_time', zero],
  ['tracking_total_keys', zero],
  ['tracking_total_items', zero],
  ['tracking_total_prefixes', zero],
  ['unexpected_error_replies', s => s.stats.unexpectedErrorReplies],
  ['total_error_replies', s => s.stats.totalErrorReplies],
  ['dump_payload_sanitizations', zero],
  ['total_reads_processed', s => s.stats.readsProcessed],
  ['total_writes_processed', s => s.stats.writesProcessed],
  ['io_threaded_reads_processed', zero],
  ['io_threaded_writes_processed', zero],
  ['reply_buffer_shrinks', zero],
  ['reply_buffer_expands', zero],
];

const REPLICATION: Field[] = [
  ['role', s => (s.role === 'master' ? 'master' : 'slave')],
  ['connected_slaves', zero],
  ['master_failover_state', () => 'no-failover'],
  ['master_replid', s => s.infoState!.replId],
  ['master_replid2', () => '0'.repeat(40)],
  ['master_repl_offset', zero],
  ['second_repl_offset', () => -1],
  ['repl_backlog_active', zero],
  ['repl_backlog_size', () => 1048576],
  ['repl_backlog_first_byte_offset', zero],
  ['repl_backlog_histlen', zero],
];

const CPU: Field[] = [
  ['used_cpu_sys', (s, x) => cpuSecs(cpu(x).system)],
  ['used_cpu_user', (s, x) => cpuSecs(cpu(x).user)],
  ['used_cpu_sys_children', () => '0.000000'],
  ['used_cpu_user_children', () => '0.000000'],
  ['used_cpu_sys_main_thread', (s, x) => cpuSecs(cpu(x).system)],
  ['used_cpu_user_main_thread', (s, x) => cpuSecs(cpu(x).user)],
];

const CLUSTER: Field[] = [
  ['cluster_enabled', s => (s.clusterEnabled ? 1 : 0)],
];

const FIXED: Record<string, Field[]> = {
  server: SERVER, clients: CLIENTS, memory: MEMORY, persistence: PERSISTENCE, stats: STATS,
  replication: REPLICATION, cpu: CPU, cluster: CLUSTER,
};

/** Every section in output order, with its title. */
const ORDER: [string, string][] = [
  ['server', 'Server'], ['clients', 'Clients'], ['memory', 'Memory'], ['persistence', 'Persistence'],
  ['stats', 'Stats'], ['replication', 'Replication'], ['cpu', 'CPU'], ['modules', 'Modules'],
  ['commandstats', 'Commandstats'], ['errorstats', 'Errorstats'], ['latencystats', 'Latencystats'],
  ['cluster', 'Cluster'], ['keyspace', 'Keyspace'],
];
const DEFAULT = new Set(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);

function fixedLines(s: Server, name: string, fields: Field[], ctx: Ctx, out: string[]): void {
  const reg = s.infoFields.fieldsOf(name);
  for (const [f, fn] of fields) {
    const p = reg?.get(f);
    out.push(`${f}:${p ? p() : fn(s, ctx)}`);
  }
  if (reg) for (const [f, p] of reg) if (!fields.some(x => x[0] === f)) out.push(`${f}:${p()}`);
}

function* eachCommand(s: Server): IterableIterator<Command> {
  for (const c of s.commands.all.values()) {
    yield c;
    if (c.subcommands) for (const sub of c.subcommands.values()) yield sub;
  }
}

function commandstats(s: Server, out: string[]): void {
  for (const c of eachCommand(s)) {
    const st = c.stats;
    if (st.calls === 0 && st.failed === 0 && st.rejected === 0) continue;
    const per = st.calls === 0 ? 0 : st.usec / st.calls;
    out.push(`cmdstat_${c.fullName}:calls=${st.calls},usec=${st.usec},usec_per_call=${per.toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`);
  }
}

function errorstats(s: Server, out: string[]): void {
  const codes = [...s.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const code of codes) out.push(`errorstat_${code}:count=${s.stats.errors.get(code)}`);
}

/** Upper bound (usec) of the bucket holding the p-th percentile of a power-of-two histogram. */
function percentile(h: number[], total: number, p: number): number {
  const want = Math.max(1, Math.ceil((p / 100) * total));
  let acc = 0;
  for (let b = 0; b < h.length; b++) {
    acc += h[b] ?? 0;
    if (acc >= want) return 2 ** b;
  }
  return 2 ** Math.max(0, h.length - 1);
}

function latencystats(s: Server, out: string[]): void {
  if (s.config.get('latency-tracking') !== 'yes') return;
  const ps = s.config.get('latency-tracking-info-percentiles').split(' ').filter(Boolean).map(Number);
  for (const c of eachCommand(s)) {
    const h = c.histogram;
    if (!h) continue;
    let total = 0;
    for (const n of h) total += n ?? 0;
    if (total === 0) continue;
    out.push(`latency_percentiles_usec_${c.fullName}:` + ps.map(p => `p${p}=${percentile(h, total, p).toFixed(3)}`).join(','));
  }
}

function keyspace(s: Server, out: string[]): void {
  const now = Date.now();
  for (const db of s.dbs) {
    const keys = db.size, expires = db.expires.size;
    if (keys === 0 && expires === 0) continue;
    out.push(`db${db.id}:keys=${keys},expires=${expires},avg_ttl=${avgTtl(db.expires, now)}`);
  }
}

/** Mean remaining TTL in ms of the volatile keys (all of them, or a random sample of 1000 in big databases). */
function avgTtl(ex: Server['dbs'][number]['expires'], now: number): number {
  const n = ex.size;
  if (n === 0) return 0;
  let sum = 0, cnt = 0;
  if (n <= 1000) {
    for (let i = 0; i < ex.top; i++) {
      if (ex.keyAt(i) === undefined) continue;
      const v = ex.valAt(i);
      if (v > now) sum += v - now;
      cnt++;
    }
  } else {
    for (let i = 0; i < 1000; i++) {
      const slot = ex.randomSlot();
      if (slot < 0) break;
      const v = ex.valAt(slot) as number;
      if (v > now) sum += v - now;
      cnt++;
    }
  }
  return cnt === 0 ? 0 : Math.round(sum / cnt);
}

/** Builds the INFO text for the given section arguments (none: default). */
export function genInfo(s: Server, args: string[]): string {
  const want = new Set<string>();
  if (args.length === 0) for (const d of DEFAULT) want.add(d);
  for (const a of args) {
    const l = a.toLowerCase();
    if (l === 'default') for (const d of DEFAULT) want.add(d);
    else if (l === 'all' || l === 'everything') for (const [n] of ORDER) want.add(n);
    else want.add(l);
  }
  const ctx: Ctx = {};
  let text = '';
  let first = true;
  for (const [name, title] of ORDER) {
    if (!want.has(name)) continue;
    const lines: string[] = [];
    const body = s.infoFields.body(name);
    if (body) lines.push(...body());
    else if (FIXED[name]) fixedLines(s, name, FIXED[name], ctx, lines);
    else if (name === 'commandstats') commandstats(s, lines);
    else if (name === 'errorstats') errorstats(s, lines);
    else if (name === 'latencystats') latencystats(s, lines);
    else if (name === 'keyspace') keyspace(s, lines);
    else if (name === 'modules') { const reg = s.infoFields.fieldsOf('modules'); if (reg) for (const [f, p] of reg) lines.push(`${f}:${p()}`); }
    if (!first) text += '\r\n';
    first = false;
    text += `# ${title}\r\n`;
    for (const l of lines) text += l + '\r\n';
  }
  return text;
}

function infoCommand(c: Client, argv: string[]): void {
  c.w.verbatim(genInfo(c.server, argv.slice(1)), 'txt');
}

/** Samples the instantaneous metrics (at most every 100 ms, from the server cron). */
function sampleMetrics(s: Server): void {
  const st = s.infoState!;
  const now = Date.now();
  st.samples.ops.sample(now, s.stats.totalCommands);
  st.samples.netIn.sample(now, s.stats.netInput);
  st.samples.netOut.sample(now, s.stats.netOutput);
}

/** Latency histogram bucket for a duration: 0 for <= 1 usec, else ceil(log2(usec)). */
function bucketOf(usec: number): number {
  if (usec <= 1) return 0;
  return Math.min(40, Math.ceil(Math.log2(usec)));
}

export const info: Family = {
  name: 'info',
  commands: [
    { name: 'info', handler: infoCommand, summary: 'Reports server state and statistics, by section, as name:value lines.' },
  ],
  init(server: Server) {
    const hex = () => Array.from({ length: 40 }, () => '0123456789abcdef'[(Math.random() * 16) | 0]).join('');
    server.infoState = {
      samples: { ops: new Metric(Date.now()), netIn: new Metric(Date.now()), netOut: new Metric(Date.now()) },
      peakMemory: 0,
      startupMemory: memUsed().used,
      replId: hex(),
      executable: process.argv[1] ? path.resolve(process.argv[1]) : process.execPath,
    };
    let lastSample = 0, lastPeak = 0;
    server.cronHooks.push(() => {
      const now = Date.now();
      if (now - lastSample < 100) return;
      lastSample = now;
      sampleMetrics(server);
      if (now - lastPeak >= 1000) {
        // used_memory_peak between INFO calls (process.memoryUsage() is too costly for every tick).
        lastPeak = now;
        const u = memUsed().used;
        if (u > server.infoState!.peakMemory) server.infoState!.peakMemory = u;
      }
    });
    server.resetStatsHooks.push(() => {
      const st = server.infoState!;
      st.samples.ops.rebase(server.stats.totalCommands);
      st.samples.netIn.rebase(server.stats.netInput);
      st.samples.netOut.rebase(server.stats.netOutput);
      st.peakMemory = 0;
    });
  },
};
