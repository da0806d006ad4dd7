/**
 * Server commands: TIME, LASTSAVE, SHUTDOWN, LOLWUT, SLOWLOG, LATENCY, DEBUG.
 *
 * The latency monitor follows Redis 7.0: every event ("command",
 * "fast-command", ...) keeps a ring of 160 one-per-second samples (the worst
 * latency seen in that second, in ms) plus its all-time maximum; a sample is
 * recorded only when latency-monitor-threshold is non-zero and the latency
 * reaches it. Per-command latency histograms (LATENCY HISTOGRAM) count every
 * call in power-of-two microsecond buckets (Command.histogram[i] counts calls
 * that took at most 2^i us and more than 2^(i-1)).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { REDIS_VERSION } from '../server/server.js';
import type { Command } from './table.js';
import type { Database, Value } from '../db/database.js';
import { helpReply, lookupFullName } from './command.js';
import { stringEncoding } from './strings.js';
import { idleSeconds } from '../db/lru.js';
import { subSyntax } from './client.js';
import { fmtDouble, parseLL, parseLLBig } from '../util/num.js';
import { NOT_INTEGER, NO_SUCH_KEY, SYNTAX } from './errors.js';

// ---- TIME / LASTSAVE -------------------------------------------------------------

function time(c: Client): void {
  // wall clock with sub-millisecond resolution
  const ms = performance.timeOrigin + performance.now();
  const sec = Math.floor(ms / 1000);
  const us = Math.min(999999, Math.floor((ms - sec * 1000) * 1000));
  c.w.array(2);
  c.w.bulk(String(sec));
  c.w.bulk(String(us));
}

function lastsave(c: Client): void { c.w.int(c.server.lastSave); }

// ---- SHUTDOWN ------------------------------------------------------------------------

function shutdown(c: Client, argv: string[]): void {
  let nosave = false, save = false, now = false, force = false, abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'nosave') nosave = true;
    else if (a === 'save') save = true;
    else if (a === 'now') now = true;
    else if (a === 'force') force = true;
    else if (a === 'abort') abort = true;
    else { c.w.error(SYNTAX); return; }
  }
  if ((abort && (nosave || save || now || force)) || (nosave && save)) { c.w.error(SYNTAX); return; }
  // a shutdown is never left in progress here (no replicas to wait for)
  if (abort) { c.w.error('ERR No shutdown in progress.'); return; }
  const s = c.server;
  if (!now && !s.blocking.canBlock(c)) { c.w.error("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client"); return; }
  if (s.shuttingDown) return;
  s.log.warning(`User requested shutdown...`);
  // the caller gets no reply: its connection closes with the others
  c.w.enabled = false;
  setImmediate(() => {
    void s.close().then(() => {
      s.log.warning('Respite is now ready to exit, bye bye...');
      s.onShutdown?.();
    });
  });
}

// ---- LOLWUT --------------------------------------------------------------------------

/** An integer argument clamped to [min, max] (LOLWUT keeps its drawing cheap that way). */
function getRange(c: Client, s: string, min: number, max: number): number | undefined {
  const n = parseLLBig(s);
  if (n === undefined) { c.w.error(NOT_INTEGER); return undefined; }
  return n < BigInt(min) ? min : n > BigInt(max) ? max : Number(n);
}

/** Version 5 art (our own): rows of rings whose radius grows with the row, drawn with block characters. */
function lolwutRings(cols: number, perRow: number, perCol: number): string {
  const cell = Math.max(2, Math.floor(cols / perRow));
  const h = Math.max(1, Math.floor(cell / 2));
  let out = '';
  for (let r = 0; r < perCol; r++) {
    for (let y = 0; y < h; y++) {
      let line = '';
      for (let x = 0; x < cols; x++) {
        const cx = (x % cell) - cell / 2 + 0.5;
        const cy = (y - h / 2 + 0.5) * 2;
        const d = Math.sqrt(cx * cx + cy * cy);
        const radius = (cell / 2) * (0.3 + 0.7 * (r + 1) / perCol);
        line += Math.abs(d - radius) < 0.9 ? '#' : ' ';
      }
      out += line.replace(/ +$/, '') + '\n';
    }
  }
  return out;
}

/** Version 6 art (our own): a landscape of hills under a sky, in shades. */
function lolwutHills(cols: number, rows: number): string {
  const shades = ' .:-=+*#%@';
  let out = '';
  for (let y = 0; y < rows; y++) {
    let line = '';
    for (let x = 0; x < cols; x++) {
      const hill = rows * (0.55 + 0.2 * Math.sin(x / 7) + 0.1 * Math.sin(x / 3 + 1));
      const v = y >= rows - hill ? Math.min(9, 3 + Math.floor((y - (rows - hill)) / 2)) : ((x * 7 + y * 13) % 17 === 0 ? 1 : 0);
      line += shades[v];
    }
    out += line + '\n';
  }
  return out;
}

function lolwut(c: Client, argv: string[]): void {
  let version = 7;
  let args = argv;
  if (argv.length >= 3 && argv[1].toLowerCase() === 'version') {
    const v = parseLLBig(argv[2]);
    if (v === undefined) { c.w.error(NOT_INTEGER); return; }
    // Redis prints the version as a 32-bit unsigned "N.0.0" and picks the art by its first characters
    version = Number(BigInt.asUintN(32, v));
    args = argv.slice(2);
  }
  const tail = `Redis ver. ${REDIS_VERSION}\n`;
  if (version === 5) {
    const cols = args.length > 1 ? getRange(c, args[1], 1, 1000) : 66;
    if (cols === undefined) return;
    const perRow = args.length > 2 ? getRange(c, args[2], 1, 200) : 8;
    if (perRow === undefined) return;
    const perCol = args.length > 3 ? getRange(c, args[3], 1, 200) : 12;
    if (perCol === undefined) return;
    c.w.verbatim(lolwutRings(cols, perRow, perCol) + '\nRespite: rings widening row by row. ' + tail);
  } else if (version === 6) {
    const cols = args.length > 1 ? getRange(c, args[1], 1, 1000) : 80;
    if (cols === undefined) return;
    const rows = args.length > 2 ? getRange(c, args[2], 1, 1000) : 20;
    if (rows === undefined) return;
    c.w.verbatim(lolwutHills(cols, rows) + '\nRespite: hills at dusk. ' + tail);
  } else {
    c.w.verbatim(tail);
  }
}

// ---- SLOWLOG -------------------------------------------------------------------------

function slowlogGet(c: Client, argv: string[]): void {
  if (argv.length > 3) { c.w.error(subSyntax(argv)); return; }
  const s = c.server;
  let count = 10;
  if (argv.length === 3) {
    const n = parseLL(argv[2]);
    if (n === undefined || n < -1) { c.w.error('ERR count should be greater than or equal to -1'); return; }
    count = n === -1 ? s.slowlog.length : n;
  }
  const n = Math.min(count, s.slowlog.length);
  const w = c.w;
  w.array(n);
  for (let i = 0; i < n; i++) {
    const e = s.slowlog[i];
    w.array(6);
    w.int(e.id);
    w.int(e.time);
    w.int(e.usec);
    w.bulkArray(e.argv);
    w.bulk(e.addr);
    w.bulk(e.name);
  }
}

function slowlogLen(c: Client): void { c.w.int(c.server.slowlog.length); }
function slowlogReset(c: Client): void { c.server.slowlog.length = 0; c.w.ok(); }

function slowlogHelp(c: Client): void {
  helpReply(c, 'SLOWLOG', [
    'GET [<count>]',
    '    Reply with the <count> most recent entries (10 by default, -1 for all).',
    '    Each entry holds: id, unix time, duration in microseconds, the command',
    '    and its arguments, client address, client name.',
    'LEN',
    '    Reply with the number of entries.',
    'RESET',
    '    Remove every entry.',
  ]);
}

// ---- latency monitor -------------------------------------------------------------------

const LATENCY_TS_LEN = 160;

interface LatencySeries {
  times: number[];
  lat: number[];
  idx: number;
  max: number;
}

declare module '../server/server.js' {
  interface Server {
    latencyEvents: Map<string, LatencySeries>;
    latencyThreshold: number;
    /** latency-tracking: per-command latency histograms on or off. */
    latencyTracking: boolean;
  }
}

/** Records a latency sample (ms) for an event when the monitor is on and the threshold is reached. */
export function latencyAddSampleIfNeeded(s: Server, event: string, ms: number): void {
  if (s.latencyThreshold > 0 && ms >= s.latencyThreshold) latencyAddSample(s, event, ms);
}

function latencyAddSample(s: Server, event: string, ms: number): void {
  let ts = s.latencyEvents.get(event);
  if (!ts) {
    ts = { times: new Array(LATENCY_TS_LEN).fill(0), lat: new Array(LATENCY_TS_LEN).fill(0), idx: 0, max: 0 };
    s.latencyEvents.set(event, ts);
  }
  const now = Math.floor(Date.now() / 1000);
  if (ms > ts.max) ts.max = ms;
  const prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
  if (ts.times[prev] === now) {
    if (ms > ts.lat[prev]) ts.lat[prev] = ms;
    return;
  }
  ts.times[ts.idx] = now;
  ts.lat[ts.idx] = ms;
  ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
}

/** The samples of a series, oldest first. */
function samples(ts: LatencySeries): [number, number][] {
  const out: [number, number][] = [];
  for (let j = 0; j < LATENCY_TS_LEN; j++) {
    const i = (ts.idx + j) % LATENCY_TS_LEN;
    if (ts.times[i] !== 0) out.push([ts.times[i], ts.lat[i]]);
  }
  return out;
}

function latencyHistory(c: Client, argv: string[]): void {
  const ts = c.server.latencyEvents.get(argv[2]);
  if (!ts) { c.w.array(0); return; }
  const sm = samples(ts);
  c.w.array(sm.length);
  for (const [t, l] of sm) { c.w.array(2); c.w.int(t); c.w.int(l); }
}

function latencyLatest(c: Client): void {
  const ev = c.server.latencyEvents;
  c.w.array(ev.size);
  for (const [name, ts] of ev) {
    const last = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
    c.w.array(4);
    c.w.bulk(name);
    c.w.int(ts.times[last]);
    c.w.int(ts.lat[last]);
    c.w.int(ts.max);
  }
}

function latencyReset(c: Client, argv: string[]): void {
  const ev = c.server.latencyEvents;
  if (argv.length === 2) { const n = ev.size; ev.clear(); c.w.int(n); return; }
  let resets = 0;
  for (let j = 2; j < argv.length; j++) {
    const want = argv[j].toLowerCase();
    for (const name of [...ev.keys()]) if (name.toLowerCase() === want) { ev.delete(name); resets++; }
  }
  c.w.int(resets);
}

/** Our own text rendering of one event's samples: a column chart, newest on the right. */
function latencyGraph(c: Client, argv: string[]): void {
  const ts = c.server.latencyEvents.get(argv[2]);
  if (!ts) { c.w.error(`ERR No samples available for event '${argv[2]}'`); return; }
  const sm = samples(ts).slice(-60);
  const hi = Math.max(...sm.map(x => x[1])), lo = Math.min(...sm.map(x => x[1]));
  const rows = 6;
  let out = `${argv[2]}: ${sm.length} samples, ${lo}..${hi} ms (highest ever ${ts.max} ms)\n`;
  for (let r = rows; r >= 1; r--) {
    let line = '';
    for (const [, l] of sm) line += (hi === 0 ? 0 : Math.ceil((l / hi) * rows)) >= r ? '#' : ' ';
    out += '|' + line + '\n';
  }
  out += '+' + '-'.repeat(sm.length) + '\n';
  const now = Math.floor(Date.now() / 1000);
  out += `oldest sample ${now - (sm[0]?.[0] ?? now)}s ago, newest ${now - (sm[sm.length - 1]?.[0] ?? now)}s ago\n`;
  c.w.verbatim(out);
}

/** Our own plain-language latency report. */
function latencyDoctor(c: Client): void {
  const s = c.server;
  const ev = s.latencyEvents;
  let out = '';
  if (s.latencyThreshold === 0 && ev.size === 0) {
    out = 'The latency monitor is off (latency-monitor-threshold is 0), so there is nothing to analyse.\n' +
      'Turn it on with CONFIG SET latency-monitor-threshold <milliseconds> and ask again later.\n';
  } else if (ev.size === 0) {
    out = `No event reached the ${s.latencyThreshold} ms threshold since the monitor was started or reset.\n`;
  } else {
    out = `Latency report (threshold ${s.latencyThreshold} ms):\n\n`;
    let i = 1;
    for (const [name, ts] of ev) {
      const sm = samples(ts);
      const avg = sm.length ? Math.round(sm.reduce((a, x) => a + x[1], 0) / sm.length) : 0;
      out += `${i++}. ${name}: ${sm.length} spike(s) recorded, worst ${ts.max} ms, average ${avg} ms.\n`;
    }
    out += '\nHints:\n';
    if (ev.has('command')) out += '- Slow commands were seen: check SLOWLOG GET for commands working on large values (O(N) commands).\n';
    if (ev.has('fast-command')) out += '- Commands that are normally O(1) or O(log N) were slow: the host may be overloaded or swapping.\n';
    out += '- LATENCY HISTORY <event> gives the samples, LATENCY RESET clears them.\n';
  }
  c.w.verbatim(out);
}

function writeHistogram(c: Client, cmd: Command): void {
  const h = cmd.histogram as number[];
  let total = 0;
  for (const n of h) total += n;
  let points = 0;
  for (const n of h) if (n) points++;
  c.w.map(2);
  c.w.bulk('calls'); c.w.int(total);
  c.w.bulk('histogram_usec');
  c.w.map(points);
  let cum = 0;
  for (let i = 0; i < h.length; i++) {
    if (!h[i]) continue;
    cum += h[i];
    c.w.int(2 ** i);
    c.w.int(cum);
  }
}

function latencyHistogram(c: Client, argv: string[]): void {
  const t = c.server.commands;
  const found: Command[] = [];
  const consider = (cmd: Command) => {
    if (cmd.histogram) found.push(cmd);
    if (cmd.subcommands) for (const s of cmd.subcommands.values()) if (s.histogram) found.push(s);
  };
  if (argv.length === 2) for (const cmd of t.live.values()) consider(cmd);
  else {
    // like Redis, a command named twice is reported twice
    for (let j = 2; j < argv.length; j++) {
      const cmd = lookupFullName(t, argv[j]);
      if (cmd) consider(cmd);
    }
  }
  c.w.map(found.length);
  for (const cmd of found) { c.w.bulk(cmd.fullName); writeHistogram(c, cmd); }
}

function latencyHelp(c: Client): void {
  helpReply(c, 'LATENCY', [
    'DOCTOR',
    '    Explain the recorded latency spikes in plain words.',
    'GRAPH <event>',
    '    Draw the samples of <event> as a text chart.',
    'HISTORY <event>',
    '    Reply with the (time, latency) samples of <event>.',
    'LATEST',
    '    Reply with the latest and the highest sample of every event.',
    'RESET [<event> ...]',
    '    Forget the samples of the given events (of every event by default).',
    'HISTOGRAM [COMMAND ...]',
    '    Reply with the cumulative latency distribution of the given commands',
    '    (of every command that ran when none is given).',
  ]);
}

const HISTOGRAM_BUCKETS = 42;

/** Server.callTimed: command latency events and per-command histograms (one bucket increment per call). */
function observeCall(s: Server, cmd: Command, usec: number): void {
  if (s.latencyThreshold > 0) {
    const ms = Math.floor(usec / 1000);
    if (ms >= s.latencyThreshold) latencyAddSample(s, event(cmd), ms);
  }
  if (!s.latencyTracking) return;
  // bucket b holds calls of at most 2^b us: b = ceil(log2(usec))
  const b = usec <= 1 ? 0 : usec >= 2 ** 31 ? 31 + Math.ceil(Math.log2(usec / 2 ** 31)) : 32 - Math.clz32(usec - 1);
  let h = cmd.histogram;
  if (h === null) h = cmd.histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  h[b < HISTOGRAM_BUCKETS ? b : HISTOGRAM_BUCKETS - 1]++;
}

function event(cmd: Command): string {
  return cmd.flags.has('fast') ? 'fast-command' : 'command';
}

// ---- DEBUG ---------------------------------------------------------------------------------

function isLocal(c: Client): boolean {
  const sock = c.socket;
  if (!sock) return true;
  const ra = sock.remoteAddress;
  if (ra === undefined) return true; // unix socket
  return ra === '::1' || ra.startsWith('127.') || ra.startsWith('::ffff:127.');
}

const DEBUG_REFUSED = 'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

function debugFilter(c: Client, cmd: Command): boolean {
  if (cmd.fullName !== 'debug') return false;
  const mode = c.server.config.get('enable-debug-command');
  if (mode === 'yes' || (mode === 'local' && isLocal(c))) return false;
  c.server.reject(c, cmd, DEBUG_REFUSED);
  return true;
}

function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** C's strtod prefix parse (what DEBUG SLEEP accepts): invalid text reads as 0. */
function strtod(s: string): number {
  const m = /^\s*[+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/i.exec(s);
  if (!m) return 0;
  const v = Number(m[0].trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return Number.isNaN(v) ? 0 : v;
}

function atoi(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) | 0 : 0;
}

// ---- DEBUG OBJECT sizes: RDB and listpack arithmetic ------------------------------------
// Exact while blobs stay within 20 bytes; Redis LZF-compresses longer blobs
// in RDB, which is not modelled here (the uncompressed size is reported).

/** Bytes of an RDB length prefix. */
function rdbLenSize(n: number): number {
  return n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9;
}

/** Bytes of a string in RDB: small canonical integers get the integer encodings, long ones LZF when it pays. */
function rdbStringSize(v: string): number {
  if (v.length <= 11) {
    const n = parseLL(v);
    if (n !== undefined) {
      if (n >= -128 && n <= 127) return 2;
      if (n >= -32768 && n <= 32767) return 3;
      if (n >= -2147483648 && n <= 2147483647) return 5;
    }
  }
  if (v.length > 20) {
    const comp = lzfCompressedSize(v, v.length - 4);
    if (comp > 0) return 1 + rdbLenSize(comp) + rdbLenSize(v.length) + comp;
  }
  return rdbLenSize(v.length) + v.length;
}

/**
 * Output size of LZF compression (the liblzf variant Redis ships: 16-bit
 * hash table, "very fast" rehashing after a match), or 0 when the output
 * would exceed outLen (Redis then stores the string uncompressed).
 */
function lzfCompressedSize(s: string, outLen: number): number {
  const inLen = s.length;
  if (inLen === 0 || outLen <= 0) return 0;
  const HSIZE = 1 << 16, MAX_LIT = 32, MAX_OFF = 1 << 13, MAX_REF = (1 << 8) + (1 << 3);
  const htab = new Int32Array(HSIZE).fill(-1);
  const at = (i: number) => s.charCodeAt(i);
  const idx = (h: number) => ((h >>> 8) - Math.imul(h, 5)) & (HSIZE - 1);
  let ip = 0, op = 1, lit = 0; // op counts output bytes; the first literal-run header is reserved
  let hval = ((at(0) << 8) | at(1)) >>> 0;
  while (ip < inLen - 2) {
    hval = ((hval << 8) | at(ip + 2)) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot];
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (ref > 0 && off >= 0 && off < MAX_OFF && at(ref + 2) === at(ip + 2) && at(ref) === at(ip) && at(ref + 1) === at(ip + 1)) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return 0;
      if (lit === 0) op--; // drop the empty literal run
      // liblzf checks 16 octets without looking at maxlen first, so it can overshoot it by up to 2 at the very end
      let unrolledAll = maxlen > 16;
      if (unrolledAll) {
        for (let k = 0; k < 16; k++) { len++; if (at(ref + len) !== at(ip + len)) { unrolledAll = false; break; } }
        if (unrolledAll) do len++; while (len < maxlen && at(ref + len) === at(ip + len));
      } else {
        do len++; while (len < maxlen && at(ref + len) === at(ip + len));
      }
      len -= 2;
      ip++;
      op += len < 7 ? 2 : 3;
      lit = 0; op++; // start a new literal run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = ((at(ip) << 8) | at(ip + 1)) >>> 0;
      hval = ((hval << 8) | at(ip + 2)) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | at(ip + 2)) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outLen) return 0;
      lit++; op++; ip++;
      if (lit === MAX_LIT) { lit = 0; op++; }
    }
  }
  if (op + 3 > outLen) return 0;
  while (ip < inLen) {
    lit++; op++; ip++;
    if (lit === MAX_LIT) { lit = 0; op++; }
  }
  if (lit === 0) op--;
  return op;
}

/** One listpack entry: encoding and data, then the back-length (Redis's listpack format). */
function lpEntry(v: string): string {
  let enc: string;
  const n = v.length <= 20 ? parseLLBig(v) : undefined;
  if (n !== undefined) {
    const le = (x: bigint, bytes: number) => {
      let out = '';
      const u = BigInt.asUintN(bytes * 8, x);
      for (let i = 0; i < bytes; i++) out += String.fromCharCode(Number((u >> BigInt(8 * i)) & 0xffn));
      return out;
    };
    if (n >= 0n && n <= 127n) enc = String.fromCharCode(Number(n));
    else if (n >= -4096n && n <= 4095n) { const u = Number(BigInt.asUintN(13, n)); enc = String.fromCharCode((u >> 8) | 0xc0, u & 0xff); }
    else if (n >= -32768n && n <= 32767n) enc = '\xf1' + le(n, 2);
    else if (n >= -8388608n && n <= 8388607n) enc = '\xf2' + le(n, 3);
    else if (n >= -2147483648n && n <= 2147483647n) enc = '\xf3' + le(n, 4);
    else enc = '\xf4' + le(n, 8);
  } else {
    const len = v.length;
    if (len < 64) enc = String.fromCharCode(len | 0x80) + v;
    else if (len < 4096) enc = String.fromCharCode((len >> 8) | 0xe0, len & 0xff) + v;
    else enc = '\xf0' + String.fromCharCode(len & 0xff, (len >>> 8) & 0xff, (len >>> 16) & 0xff, (len >>> 24) & 0xff) + v;
  }
  const l = enc.length;
  let back: string;
  if (l <= 127) back = String.fromCharCode(l);
  else if (l < 16383) back = String.fromCharCode(l >> 7, (l & 127) | 128);
  else if (l < 2097151) back = String.fromCharCode(l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128);
  else if (l < 268435455) back = String.fromCharCode(l >> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128);
  else back = String.fromCharCode(Math.floor(l / 2 ** 28), ((l >> 21) & 127) | 128, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128);
  return enc + back;
}

/** A whole listpack (total bytes, entry count, entries, end marker) as a latin1 string. */
function listpack(entries: readonly string[]): string {
  let body = '';
  for (const e of entries) body += lpEntry(e);
  const total = 6 + body.length + 1;
  const cnt = Math.min(entries.length, 65535);
  return String.fromCharCode(total & 0xff, (total >>> 8) & 0xff, (total >>> 16) & 0xff, (total >>> 24) & 0xff, cnt & 0xff, cnt >> 8) + body + '\xff';
}

/** An intset blob: encoding width, length, then the sorted values little-endian. */
function intset(values: readonly string[]): string {
  const nums = values.map(v => BigInt(v)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  let width = 2;
  for (const n of nums) {
    if (n < -2147483648n || n > 2147483647n) width = 8;
    else if ((n < -32768n || n > 32767n) && width < 4) width = 4;
  }
  const u32 = (x: number) => String.fromCharCode(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff);
  let out = u32(width) + u32(nums.length);
  for (const n of nums) {
    const u = BigInt.asUintN(width * 8, n);
    for (let i = 0; i < width; i++) out += String.fromCharCode(Number((u >> BigInt(8 * i)) & 0xffn));
  }
  return out;
}

interface Sizes { serialized: number; listExtra?: { nodes: number; len: number; uncompressed: number } }

/** Element strings of a collection, through the public APIs of the families' value classes (duck-typed). */
function parts(v: Value): string[] {
  const out: string[] = [];
  forEachPart(v, p => out.push(p));
  return out;
}

/** Entry counts of the nodes of a quicklist-like list (public head/next/size), or null. */
function nodeSizes(v: Value): number[] | null {
  let n = (v as unknown as { head?: { size?: number; next?: unknown } | null }).head;
  if (n === undefined) return null;
  const out: number[] = [];
  while (n) {
    if (typeof n.size !== 'number') return null;
    out.push(n.size);
    n = n.next as typeof n;
  }
  return out;
}

function sizesOf(v: Value): Sizes {
  if (typeof v === 'string') return { serialized: rdbStringSize(v) };
  const enc = v.encoding();
  const ps = parts(v);
  if (v.type === 'list') {
    const sizes = nodeSizes(v) ?? [ps.length];
    let serialized = rdbLenSize(sizes.length), uncompressed = 0, at = 0;
    for (const k of sizes) {
      const lp = listpack(ps.slice(at, at + k));
      at += k;
      uncompressed += lp.length;
      serialized += 1 + rdbStringSize(lp); // container type, then the node's listpack
    }
    return { serialized, listExtra: { nodes: sizes.length, len: ps.length, uncompressed } };
  }
  if (enc === 'listpack') return { serialized: rdbStringSize(listpack(ps)) };
  if (enc === 'intset') return { serialized: rdbStringSize(intset(ps)) };
  const pairs = v.type === 'hash' || v.type === 'zset' ? ps.length / 2 : ps.length;
  let total = rdbLenSize(pairs);
  for (let i = 0; i < ps.length; i++) total += v.type === 'zset' && i % 2 === 1 ? 8 : rdbStringSize(ps[i]);
  return { serialized: total };
}

/** Walks the element strings of a collection (duck-typed over the families' value classes). */
function forEachPart(v: Value, fn: (s: string) => void): void {
  if (typeof v === 'string') { fn(v); return; }
  const o = v as unknown as Record<string, unknown>;
  if (v.type === 'list' && typeof o.toArray === 'function') for (const e of (o.toArray as () => string[]).call(v)) fn(e);
  else if (typeof o.forEach === 'function') (o.forEach as (f: (a: unknown, b: unknown) => void) => void).call(v, (a, b) => { fn(String(a)); if (b !== undefined) fn(typeof b === 'number' ? fmtDouble(b) : String(b)); });
}

function debugObject(c: Client, argv: string[]): void {
  const key = argv[2];
  const v = c.db.main.get(key);
  if (v === undefined) { c.w.error(NO_SUCH_KEY); return; }
  const enc = typeof v === 'string' ? stringEncoding(c.db, key, v) : v.encoding();
  const shared = typeof v === 'string' && enc === 'int' && (parseLL(v) as number) >= 0 && (parseLL(v) as number) < 10000;
  const addr = '0x' + createHash('sha1').update(key, 'latin1').digest('hex').slice(0, 12);
  // the key's access clock (seconds, 24 bits like Redis's LRU field) and its idle time
  const word = c.db.accessWord(key);
  const lru = word & 0xffffff;
  const idle = c.db.access.lfu ? 0 : idleSeconds(word, c.server.now());
  const sz = sizesOf(v);
  let extra = '';
  const le = sz.listExtra;
  if (le) {
    const fill = c.server.config.table.has('list-max-listpack-size') ? c.server.config.get('list-max-listpack-size') : '-2';
    extra = ` ql_nodes:${le.nodes} ql_avg_node:${(le.len / le.nodes).toFixed(2)} ql_listpack_max:${fill} ql_compressed:0 ql_uncompressed_size:${le.uncompressed}`;
  }
  c.w.simple(`Value at:${addr} refcount:${shared ? 2147483647 : 1} encoding:${enc} serializedlength:${sz.serialized} lru:${lru} lru_seconds_idle:${idle}${extra}`);
}

// Redis's DEBUG DIGEST: SHA1-based, order-independent within a database.
function sha1(data: Buffer): Buffer { return createHash('sha1').update(data).digest(); }

function xorDigest(digest: Buffer, data: Buffer): void {
  const h = sha1(data);
  for (let j = 0; j < 20; j++) digest[j] ^= h[j];
}

function mixDigest(digest: Buffer, data: Buffer): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const TYPE_CODES: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };

function objectDigest(db: Database, key: string, digest: Buffer, v: Value): void {
  const type = typeof v === 'string' ? 'string' : v.type;
  const aux = Buffer.alloc(4);
  aux.writeUInt32BE(TYPE_CODES[type] ?? 0);
  mixDigest(digest, aux);
  const o = v as unknown as Record<string, unknown>;
  if (typeof v === 'string') {
    mixDigest(digest, latin1(v));
  } else if (type === 'list' && typeof o.toArray === 'function') {
    for (const e of (o.toArray as () => string[]).call(v)) mixDigest(digest, latin1(e));
  } else if (type === 'set' && typeof o.forEach === 'function') {
    (o.forEach as (f: (m: string) => void) => void).call(v, m => xorDigest(digest, latin1(m)));
  } else if ((type === 'zset' || type === 'hash') && typeof o.forEach === 'function') {
    (o.forEach as (f: (a: string, b: string | number) => void) => void).call(v, (a, b) => {
      const ele = Buffer.alloc(20);
      mixDigest(ele, latin1(a));
      mixDigest(ele, latin1(typeof b === 'number' ? fmtDouble(b) : b));
      xorDigest(digest, ele);
    });
  }
  if (db.getExpire(key) !== -1) xorDigest(digest, latin1('!!expire!!'));
}

function debugDigest(c: Client): void {
  const final = Buffer.alloc(20);
  for (const db of c.server.dbs) {
    if (db.size === 0) continue;
    const aux = Buffer.alloc(4);
    aux.writeUInt32BE(db.id);
    mixDigest(final, aux);
    const d = db.main;
    d.forEachSlot(slot => {
      const key = d.keyAt(slot) as string;
      const digest = Buffer.alloc(20);
      mixDigest(digest, latin1(key));
      objectDigest(db, key, digest, d.valAt(slot) as Value);
      xorDigest(final, digest);
    });
  }
  c.w.simple(final.toString('hex'));
}

function debugDigestValue(c: Client, argv: string[]): void {
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const digest = Buffer.alloc(20);
    const v = c.db.main.get(argv[j]);
    if (v !== undefined) objectDigest(c.db, argv[j], digest, v);
    c.w.simple(digest.toString('hex'));
  }
}

function debugProtocol(c: Client, argv: string[]): void {
  const w = c.w;
  switch (argv[2].toLowerCase()) {
    case 'string': w.bulk('Hello World'); break;
    case 'integer': w.int(12345); break;
    case 'double': w.double(3.141); break;
    case 'bignum': w.bigNumber('1234567999999999999999999999999999999'); break;
    case 'null': w.null(); break;
    case 'array': w.array(3); for (let j = 0; j < 3; j++) w.int(j); break;
    case 'set': w.set(3); for (let j = 0; j < 3; j++) w.int(j); break;
    case 'map': w.map(3); for (let j = 0; j < 3; j++) { w.int(j); w.bool(j === 1); } break;
    case 'attrib':
      if (c.resp >= 3) w.raw(Buffer.from('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n'));
      w.bulk('Some real reply following the attribute');
      break;
    case 'push':
      if (c.resp < 3) { w.error('ERR RESP2 is not supported by this command'); return; }
      w.push(2); w.bulk('server-cpu-usage'); w.int(42);
      w.bulk('Some real reply following the push reply');
      break;
    case 'true': w.bool(true); break;
    case 'false': w.bool(false); break;
    case 'verbatim': w.verbatim('This is a verbatim\nstring'); break;
    default:
      w.error('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

function debugHelp(c: Client): void {
  helpReply(c, 'DEBUG', [
    'DIGEST',
    '    Reply with a hash of the whole dataset (40 zeros when it is empty).',
    'DIGEST-VALUE <key> [<key> ...]',
    '    Reply with a hash of the value of each key.',
    'LOG <message>',
    '    Write <message> to the server log.',
    'OBJECT <key>',
    '    Describe how the value of <key> is stored.',
    'PROTOCOL <type>',
    '    Reply with a sample of a protocol type: string, integer, double, bignum,',
    '    null, array, set, map, attrib, push, verbatim, true or false.',
    'SET-ACTIVE-EXPIRE <0|1>',
    '    Turn the background expiry of keys off or on.',
    'SLEEP <seconds>',
    '    Stop the whole server for <seconds> (fractions allowed).',
  ]);
}

function debug(c: Client, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) debugHelp(c);
  else if (sub === 'sleep' && n === 3) { sleepSync(strtod(argv[2]) * 1000); c.w.ok(); }
  else if (sub === 'set-active-expire' && n === 3) { c.server.activeExpireEnabled = atoi(argv[2]) !== 0; c.w.ok(); }
  else if (sub === 'log' && n === 3) { c.server.log.warning(`DEBUG LOG: ${argv[2]}`); c.w.ok(); }
  else if (sub === 'object' && n === 3) debugObject(c, argv);
  else if (sub === 'digest' && n === 2) debugDigest(c);
  else if (sub === 'digest-value') debugDigestValue(c, argv);
  else if (sub === 'protocol' && n === 3) debugProtocol(c, argv);
  else c.w.error(subSyntax(argv));
}

export const serverCmds: Family = {
  name: 'server',
  commands: [
    { name: 'time', handler: time, summary: 'Replies with the server clock: unix seconds and the microseconds within that second.', complexity: 'O(1)' },
    { name: 'lastsave', handler: lastsave, summary: 'Replies with the unix time of the last successful save.', complexity: 'O(1)' },
    { name: 'shutdown', handler: shutdown, summary: 'Closes every connection and stops the server.', complexity: 'O(N) where N is the number of connections' },
    { name: 'lolwut', handler: lolwut, summary: 'Draws a little piece of generative art, followed by the server version.' },
    { name: 'slowlog|get', handler: slowlogGet, summary: 'Replies with the most recent slow log entries.', complexity: 'O(N) where N is the number of entries returned' },
    { name: 'slowlog|len', handler: slowlogLen, summary: 'Replies with the number of slow log entries.', complexity: 'O(1)' },
    { name: 'slowlog|reset', handler: slowlogReset, summary: 'Empties the slow log.', complexity: 'O(N) where N is the number of entries' },
    { name: 'slowlog|help', handler: slowlogHelp, summary: 'Explains the SLOWLOG subcommands.', complexity: 'O(1)' },
    { name: 'latency|latest', handler: latencyLatest, summary: 'Replies with the latest and highest latency sample of every event.', complexity: 'O(1)' },
    { name: 'latency|history', handler: latencyHistory, summary: 'Replies with the recorded latency samples of one event.', complexity: 'O(1)' },
    { name: 'latency|reset', handler: latencyReset, summary: 'Forgets the latency samples of some or all events.', complexity: 'O(1)' },
    { name: 'latency|doctor', handler: latencyDoctor, summary: 'Explains the recorded latency spikes in plain words.', complexity: 'O(1)' },
    { name: 'latency|graph', handler: latencyGraph, summary: 'Draws the latency samples of one event as a text chart.', complexity: 'O(1)' },
    { name: 'latency|histogram', handler: latencyHistogram, summary: 'Replies with the cumulative latency distribution of commands.', complexity: 'O(N) where N is the number of commands with latency data' },
    { name: 'latency|help', handler: latencyHelp, summary: 'Explains the LATENCY subcommands.', complexity: 'O(1)' },
    { name: 'debug', handler: debug, summary: 'Testing and inspection helpers (refused unless enable-debug-command allows them).' },
  ],
  init(server: Server): void {
    server.latencyEvents = new Map();
    server.latencyThreshold = 0;
    server.config.onChange('latency-monitor-threshold', v => { server.latencyThreshold = Number(v); });
    server.callTimed = (cmd, usec) => observeCall(server, cmd, usec);
    server.config.onChange('latency-tracking', v => { server.latencyTracking = v === 'yes'; });
    (server.commands.lookup('debug') as Command).guard = debugFilter;
    server.protectedCheck = debugFilter;
  },
};
