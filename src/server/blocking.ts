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
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  count = 0;
  /** Blocked clients whose request has onDelete set. */
  private onDeleteCount = 0;
  private serving = false;

  constructor(private readonly server: Server) {
    server.readyHooks.push((db, key) => this.signal(db, key));
    // onDelete waiters re-check their key on any write to it (deletion, type change)
    server.modifiedHooks.push((db, key) => { if (this.onDeleteCount > 0) this.signal(db, key); });
    server.afterCommandHooks.push(() => { if (server.callDepth === 0 && this.ready.length > 0) this.handleReady(); });
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
    c.blocked = req;
    c.suspended = true;
    this.count++;
    if (req.onDelete) this.onDeleteCount++;
    for (const key of req.keys) {
      const id = req.db.id + '\0' + key;
      let q = this.waiters.get(id);
      if (!q) { q = []; this.waiters.set(id, q); }
      if (!q.includes(c)) q.push(c);
    }
    if (req.deadline > 0) this.pushHeap({ at: req.deadline, c, req });
  }

  /** Removes c from every queue; the caller has written (or will write) its reply. */
  unblock(c: Client): void {
    const req = c.blocked;
    if (!req) return;
    c.blocked = null;
    this.count--;
    if (req.onDelete) this.onDeleteCount--;
    for (const key of req.keys) {
      const id = req.db.id + '\0' + key;
      const q = this.waiters.get(id);
      if (!q) continue;
      const i = q.indexOf(c);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) this.waiters.delete(id);
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
    const id = db.id + '\0' + key;
    if (!this.waiters.has(id) || this.readySet.has(id)) return;
    this.readySet.add(id);
    this.ready.push({ db, key });
  }

  /** Signals every key of db that somebody waits on and that now exists (after SWAPDB). */
  signalExisting(db: Database): void {
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
          const id = db.id + '\0' + key;
          const q = this.waiters.get(id);
          if (!q) continue;
          for (const c of [...q]) {
            const req = c.blocked;
            if (!req || req.db !== db) continue;
            this.server.refreshClock();
            const cmd = c.cmd;
            if (req.serve(key)) {
              this.unblock(c);
              c.cmd = cmd;
              this.server.resume(c);
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
    while (this.heap.length > 0 && this.heap[0].c.blocked !== this.heap[0].req) this.popHeap();
    if (this.heap.length === 0) {
      if (this.timer) { clearTimeout(this.timer); this.timer = null; }
      return;
    }
    const at = this.heap[0].at;
    if (this.timer && this.timerAt === at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // setTimeout cannot wait more than 2^31-1 ms: wake up early and re-arm
    this.timer = setTimeout(() => this.expire(), Math.min(2147483647, Math.max(0, at - Date.now())));
  }

  private expire(): void {
    this.timer = null;
    const now = this.server.refreshClock();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const it = this.popHeap() as HeapItem;
      if (it.c.blocked !== it.req) continue;
      this.unblock(it.c);
      it.req.timeout();
      this.server.resume(it.c);
    }
    this.arm();
  }
}

/**
 * Parses a blocking timeout in seconds (fractions allowed) into an absolute
 * deadline; 0 means forever. Returns an error text on invalid input, with
 * Redis's messages.
 */
export function parseTimeout(s: string, now: number): number | string {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return 'ERR timeout is not a float or out of range';
  const v = Number(s);
  if (!isFinite(v)) return 'ERR timeout is not a float or out of range';
  if (v < 0) return 'ERR timeout is negative';
  if (v === 0) return 0;
  const ms = Math.ceil(v * 1000);
  if (ms > 9.2e18) return 'ERR timeout is out of range';
  return now + ms;
}
