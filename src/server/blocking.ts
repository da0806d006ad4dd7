/**
 * Blocking operations (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK ...), shared by
 * every family.
 *
 * A blocked client is suspended (its further input waits) and queued FIFO on
 * each key it waits for. When a command makes a key "ready" (db.ready(key)),
 * the key is remembered; once the top-level command (or the whole MULTI/EXEC
 * or script) has finished, the waiters of each ready key are offered the key
 * in arrival order through their serve() callback, which pops the data and
 * writes the reply atomically. Serving may make other keys ready (BLMOVE);
 * the loop runs until no ready key is left.
 *
 * Timeouts use one timer armed for the earliest deadline over a binary heap,
 * not a timer per client, so thousands of waiters cost nothing per tick.
 */
import { GATE_READY, KEY_BLOCKED } from './gate.js';
import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Database } from '../db/database.js';

export interface BlockRequest {
  db: Database;
  keys: string[];
  /** Absolute deadline in ms since the epoch; 0 waits forever. */
  deadline: number;
  /**
   * Offered a ready key. Returns true when it served the client (it wrote
   * the reply); the client is then unblocked.
   */
  serve(key: string): boolean;
  /** Writes the reply for a timeout (or CLIENT UNBLOCK ... TIMEOUT). */
  timeout(): void;
  /** Optional: also wake when a key is deleted or changes type (streams' consumer groups). */
  onDelete?: boolean;
}

declare module './client.js' {
  interface Client {
    blocked?: BlockRequest | null;
  }
}

interface HeapItem { at: number; c: Client; req: BlockRequest }

export class Blocking {
  /** Waiters per "<db>\0<key>". */
  private waiters = new Map<string, Client[]>();
  private ready: { db: Database; key: string }[] = [];
  private readySet = new Set<string>();
  private heap: HeapItem[] = [];
  /** Heap entries whose request is over (served, timed out, disconnected); dropped lazily. */
  private stale = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  count = 0;
  /** Blocked clients that have a deadline (INFO clients_in_timeout_table). */
  timedCount = 0;
  /** Blocked clients whose request has onDelete set. */
  private onDeleteCount = 0;
  private serving = false;

  constructor(private readonly server: Server) {
    server.readyHooks.push((db, key) => this.signal(db, key));
    // onDelete waiters re-check their key on any write to it (deletion, type change)
    server.addKeyHook(KEY_BLOCKED, (db, key) => { if (this.onDeleteCount > 0) this.signal(db, key); });
    server.addAfterCommand(GATE_READY, () => {
      if (server.callDepth !== 0) return;
      if (this.ready.length > 0) this.handleReady();
      if (this.ready.length === 0) server.gate &= ~GATE_READY;
    });
    server.disconnectHooks.push(c => { if (c.blocked) this.unblock(c); });
    server.timeoutExempt.push(c => !!c.blocked);
    server.shutdownHooks.push(() => { if (this.timer) clearTimeout(this.timer); this.timer = null; });
  }

  /** Whether a command may block now (not inside MULTI, a script, or a fake client). */
  canBlock(c: Client): boolean {
    return this.server.callDepth <= 1 && !c.isFake;
  }

  /** Number of keys with at least one waiter. */
  get keyCount(): number { return this.waiters.size; }

  /** Suspends c until serve() succeeds, the deadline passes, or it is unblocked. */
  block(c: Client, req: BlockRequest): void {
    if (req.keys.length > 1) req.keys = [...new Set(req.keys)];
    c.blocked = req;
    c.suspended = true;
    this.count++;
    if (req.onDelete && this.onDeleteCount++ === 0) this.server.setKeySignal(KEY_BLOCKED, true);
    for (const key of req.keys) {
      const id = req.db.id + '\0' + key;
      const q = this.waiters.get(id);
      if (q) q.push(c); else this.waiters.set(id, [c]);
    }
    if (req.deadline > 0) { this.timedCount++; this.pushHeap({ at: req.deadline, c, req }); }
  }

  /** Removes c from every queue; the caller has written (or will write) its reply. */
  unblock(c: Client): void {
    const req = c.blocked;
    if (!req) return;
    c.blocked = null;
    this.count--;
    if (req.onDelete && --this.onDeleteCount === 0) this.server.setKeySignal(KEY_BLOCKED, false);
    for (const key of req.keys) {
      const id = req.db.id + '\0' + key;
      const q = this.waiters.get(id);
      if (!q) continue;
      const i = q.indexOf(c);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) this.waiters.delete(id);
    }
    // its deadline entry (if any) is now stale: drop stale entries in bulk once they dominate
    if (req.deadline > 0) {
      this.timedCount--;
      if (++this.stale > 256 && this.stale * 2 > this.heap.length) this.rebuildHeap();
    }
  }

  /** CLIENT UNBLOCK: ends the wait with the timeout reply or an error. Returns false when c is not blocked. */
  forceUnblock(c: Client, mode: 'timeout' | 'error'): boolean {
    const req = c.blocked;
    if (!req) return false;
    this.unblock(c);
    if (mode === 'timeout') req.timeout();
    else c.w.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    this.server.resume(c);
    return true;
  }

  /** A key got data (or was deleted): remember it when somebody waits on it. */
  signal(db: Database, key: string): void {
    if (this.count === 0) return; // the common case: nobody waits, skip building the id
    const id = db.id + '\0' + key;
    if (!this.waiters.has(id) || this.readySet.has(id)) return;
    this.readySet.add(id);
    this.ready.push({ db, key });
    this.server.gate |= GATE_READY;
  }

  /**
   * Signals every key of db that some client waits on and that now exists
   * (SWAPDB, MOVE, RESTORE of a whole database...): the waiters' serve()
   * callbacks then decide whether the value suits them.
   */
  signalExisting(db: Database): void {
    if (this.count === 0) return;
    const prefix = db.id + '\0';
    for (const id of this.waiters.keys()) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      if (db.peek(key) !== undefined) this.signal(db, key);
    }
  }

  /** Serves waiters of ready keys in arrival order until nothing is ready. */
  handleReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length > 0) {
        const batch = this.ready;
        this.ready = [];
        this.readySet.clear();
        for (const { db, key } of batch) {
          const q = this.waiters.get(db.id + '\0' + key);
          if (!q) continue;
          // FIFO: offer the key to each waiter in arrival order. A served
          // waiter leaves q (so i stays); once the key is gone, later
          // waiters cannot be served either (unless they wait for deletions).
          let i = 0;
          while (i < q.length) {
            const c = q[i];
            const req = c.blocked;
            if (!req || req.db !== db) { i++; continue; }
            this.server.refreshClock();
            const cmd = c.cmd;
            if (req.serve(key)) {
              this.unblock(c);
              c.cmd = cmd;
              this.server.resume(c);
              if (q[i] === c) i++;
            } else {
              i++;
              if (!req.onDelete && db.peek(key) === undefined) break;
            }
          }
        }
      }
    } finally {
      this.serving = false;
    }
  }

  // ---- deadlines ----------------------------------------------------------

  private pushHeap(it: HeapItem): void {
    const h = this.heap;
    h.push(it);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    this.arm();
  }

  /** Number of deadline entries held (tests: stale ones must not pile up). */
  get deadlineEntries(): number { return this.heap.length; }

  private rebuildHeap(): void {
    const live = this.heap.filter(it => it.c.blocked === it.req);
    live.sort((a, b) => a.at - b.at); // a sorted array is a valid binary heap
    this.heap = live;
    this.stale = 0;
    this.arm();
  }

  private popHeap(): HeapItem | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as HeapItem;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  private arm(): void {
    // drop entries whose client is no longer blocked by that request
    while (this.heap.length > 0 && this.heap[0].c.blocked !== this.heap[0].req) { this.popHeap(); if (this.stale > 0) this.stale--; }
    if (this.heap.length === 0) {
      if (this.timer) { clearTimeout(this.timer); this.timer = null; }
      return;
    }
    const at = this.heap[0].at;
    if (this.timer && this.timerAt === at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // setTimeout cannot wait more than 2^31-1 ms; a longer wait simply re-arms
    this.timer = setTimeout(() => this.expire(), Math.min(2147483647, Math.max(0, at - Date.now())));
  }

  private expire(): void {
    this.timer = null;
    const now = this.server.refreshClock();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const it = this.popHeap() as HeapItem;
      if (it.c.blocked !== it.req) { if (this.stale > 0) this.stale--; continue; }
      this.unblock(it.c);
      if (this.stale > 0) this.stale--; // its entry was just popped, not left behind
      it.req.timeout();
      this.server.resume(it.c);
    }
    this.arm();
  }
}

/**
 * Parses a blocking timeout in seconds (fractions allowed) into an absolute
 * deadline; 0 means forever. Returns an error text on invalid input, with
 * Redis's messages. Follows Redis 7.0 exactly: the text is read as an x87
 * long double (decimal, hexadecimal, "inf"; no spaces, no NaN), multiplied
 * by 1000 in long double precision and rounded up to whole milliseconds.
 * So any positive timeout waits at least 1 ms, a negative one that rounds
 * up to 0 (e.g. -0.001, just above -1 ms in long double) means forever, and values that do not fit a 64-bit integer (infinities, more
 * than ~292 million years) wrap to negative and are refused as negative.
 */
export function parseTimeout(s: string, now: number): number | string {
  const v = parseLongDouble(s);
  if (v === undefined) return 'ERR timeout is not a float or out of range';
  const approx = v * 1000;
  let ms: number;
  if (!(Math.abs(approx) < 9223372036854775808)) ms = -1; // out of int64 range: wraps to LLONG_MIN
  else if (v === 0) ms = 0;
  else if (Math.abs(approx) < 0.5) ms = v > 0 ? 1 : 0;
  else if (DEC_RE.test(s)) ms = decimalSecondsToMs(s);
  else ms = Math.ceil(approx) + 0;
  if (ms < 0) return 'ERR timeout is negative';
  if (ms === 0) return 0;
  return now + ms;
}

/** Rounds |num/den| (den > 0) to a 64-bit mantissa, half to even: returns [m, e] with value m * 2^e. */
function round64(num: bigint, den: bigint): [bigint, number] {
  // find e with 2^63 <= num / (den * 2^e) < 2^64
  let e = num.toString(2).length - den.toString(2).length - 63;
  for (;;) {
    const q = e >= 0 ? num / (den << BigInt(e)) : (num << BigInt(-e)) / den;
    if (q < (1n << 63n)) e--;
    else if (q >= (1n << 64n)) e++;
    else break;
  }
  const n2 = e >= 0 ? num : num << BigInt(-e);
  const d2 = e >= 0 ? den << BigInt(e) : den;
  let m = n2 / d2;
  const r2 = (n2 % d2) * 2n;
  if (r2 > d2 || (r2 === d2 && (m & 1n) === 1n)) m++;
  if (m === (1n << 64n)) { m >>= 1n; e++; }
  return [m, e];
}

/** ceil(longdouble(longdouble(s) * 1000)) for a decimal string whose magnitude is known to be in range. */
function decimalSecondsToMs(s: string): number {
  const m = /^([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$/.exec(s) as RegExpExecArray;
  const digits = (m[2] + m[3]).replace(/^0+/, '') || '0';
  const exp10 = Number(m[4] ?? 0) - m[3].length;
  if (digits === '0') return 0;
  let num = BigInt(digits), den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10); else den = 10n ** BigInt(-exp10);
  const [lm, le] = round64(num, den);
  const [pm, pe] = round64(lm * 1000n, 1n);
  const e = le + pe;
  const t = e >= 0 ? pm << BigInt(e) : pm >> BigInt(-e);
  const inexact = e < 0 && (pm & ((1n << BigInt(-e)) - 1n)) !== 0n;
  const r = Number(t);
  return m[1] === '-' ? -r + 0 : r + (inexact ? 1 : 0);
}

const DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;

/** strtold-like parse of a whole string (as Redis's string2ld), undefined when invalid. */
function parseLongDouble(s: string): number | undefined {
  if (s.length === 0 || s.length >= 5120) return undefined;
  if (DEC_RE.test(s)) return Number(s);
  if (INF_RE.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  const m = HEX_RE.exec(s);
  if (!m) return undefined;
  const int = m[2] ?? '', frac = m[3] ?? m[4] ?? '';
  let v = 0;
  for (const ch of int + frac) v = v * 16 + parseInt(ch, 16);
  v *= Math.pow(2, Number(m[5] ?? 0) - 4 * frac.length);
  return m[1] === '-' ? -v : v;
}
