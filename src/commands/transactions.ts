/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * While a client is in MULTI, a pipeline filter queues its commands (after
 * lookup, arity and auth checks, so a bad command flags the transaction and
 * EXEC answers EXECABORT). EXEC runs the queue through Server.call() — the
 * same path as any command — back to back, so nothing else runs in between.
 *
 * WATCH: per database, key -> watching clients. Any modification signalled
 * by the keyspace (server.addKeyHook: writes, deletions, expiry) marks the
 * watchers dirty; EXEC also fails when a watched key that existed at WATCH
 * time has logically expired since.
 */
import { GATE_MULTI, KEY_WATCH } from '../server/gate.js';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Command } from './table.js';
import type { Database } from '../db/database.js';

interface MultiState {
  /** The queued commands and, at the same index, their arguments. */
  cmds: Command[];
  argvs: string[][];
  /** A queued command was rejected: EXEC answers EXECABORT. */
  aborted: boolean;
}

interface WatchEntry { db: Database; key: string; expiredAtWatch: boolean }

declare module '../server/client.js' {
  interface Client {
    multi?: MultiState | null;
    watched?: WatchEntry[];
    /** A watched key was touched: EXEC will fail. */
    watchDirty?: boolean;
  }
}

declare module '../server/server.js' {
  interface Server {
    /** db id -> key -> watching clients */
    watchers: Map<number, Map<string, Set<Client>>>;
    /** Marks every client watching a key of db (FLUSHDB/FLUSHALL/SWAPDB); with onlyExisting, only keys present in `existIn`. */
    touchWatchedKeysInDb(db: Database, existIn?: Database[]): void;
  }
}

function multi(c: Client): void {
  if (c.multi) { c.w.error('ERR MULTI calls can not be nested'); return; }
  c.multi = { cmds: [], argvs: [], aborted: false };
  c.gate |= GATE_MULTI;
  c.w.ok();
}

function discard(c: Client): void {
  if (!c.multi) { c.w.error('ERR DISCARD without MULTI'); return; }
  c.multi = null;
  unwatchAll(c);
  c.w.ok();
}

function exec(c: Client): void {
  const m = c.multi;
  if (!m) { c.w.error('ERR EXEC without MULTI'); return; }
  const s = c.server;
  c.multi = null;
  if (m.aborted) {
    unwatchAll(c);
    c.w.error('EXECABORT Transaction discarded because of previous errors.');
    return;
  }
  if (c.watchDirty || watchedKeyExpired(c)) {
    unwatchAll(c);
    c.w.nullArray();
    return;
  }
  unwatchAll(c);
  const cmds = m.cmds, argvs = m.argvs;
  c.w.array(cmds.length);
  const chain = s.chainDepth;
  s.chainDepth = s.callDepth;
  try {
    for (let i = 0; i < cmds.length; i++) s.call(c, cmds[i], argvs[i]);
  } finally {
    s.chainDepth = chain;
  }
}

function watchedKeyExpired(c: Client): boolean {
  if (!c.watched) return false;
  const now = c.server.now();
  for (const w of c.watched) {
    if (w.expiredAtWatch) continue;
    const t = w.db.getExpire(w.key);
    if (t !== -1 && t <= now) return true;
  }
  return false;
}

function watch(c: Client, argv: string[]): void {
  if (c.multi) { c.w.error('ERR WATCH inside MULTI is not allowed'); return; }
  const s = c.server;
  const list = c.watched ??= [];
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (list.some(w => w.db === c.db && w.key === key)) continue;
    const t = c.db.getExpire(key);
    list.push({ db: c.db, key, expiredAtWatch: t !== -1 && t <= s.now() });
    let byKey = s.watchers.get(c.db.id);
    if (!byKey) { byKey = new Map(); s.watchers.set(c.db.id, byKey); s.setKeySignal(KEY_WATCH, true); }
    let set = byKey.get(key);
    if (!set) { set = new Set(); byKey.set(key, set); }
    set.add(c);
  }
  c.w.ok();
}

function unwatchAll(c: Client): void {
  const s = c.server;
  if (c.watched) {
    for (const w of c.watched) {
      const byKey = s.watchers.get(w.db.id);
      const set = byKey?.get(w.key);
      if (!set) continue;
      set.delete(c);
      if (set.size === 0) byKey!.delete(w.key);
      if (byKey!.size === 0) s.watchers.delete(w.db.id);
      if (s.watchers.size === 0) s.setKeySignal(KEY_WATCH, false);
    }
  }
  c.watched = undefined;
  c.watchDirty = false;
}

function unwatch(c: Client): void {
  unwatchAll(c);
  c.w.ok();
}

export const transactions: Family = {
  name: 'transactions',
  commands: [
    { name: 'multi', handler: multi, summary: 'Starts a transaction: later commands are queued until EXEC.' },
    { name: 'exec', handler: exec, summary: 'Runs every queued command of the transaction atomically.' },
    { name: 'discard', handler: discard, summary: 'Drops the queued commands and leaves the transaction.' },
    { name: 'watch', handler: watch, summary: 'Makes the next EXEC fail if any of these keys changes before it.' },
    { name: 'unwatch', handler: unwatch, summary: 'Forgets every watched key of the connection.' },
  ],
  init(server: Server) {
    server.watchers = new Map();
    const touch = (db: Database, key: string) => {
      const set = server.watchers.get(db.id)?.get(key);
      if (set) for (const c of set) c.watchDirty = true;
    };
    server.touchWatchedKeysInDb = (db, existIn) => {
      const byKey = server.watchers.get(db.id);
      if (!byKey) return;
      for (const [key, set] of byKey) {
        if (existIn && !existIn.some(d => d.main.has(key))) continue;
        for (const c of set) c.watchDirty = true;
      }
    };
    server.flushHooks.push(db => {
      if (server.watchers.size === 0) return;
      for (const d of db === null ? server.dbs : [db]) server.touchWatchedKeysInDb(d, [d]);
    });
    server.swapHooks.push((a, b) => {
      if (server.watchers.size === 0) return;
      server.touchWatchedKeysInDb(a, [a, b]);
      server.touchWatchedKeysInDb(b, [a, b]);
    });
    server.addKeyHook(KEY_WATCH, (db, key) => { if (server.watchers.size > 0) touch(db, key); });
    // Queue commands while in MULTI (after the pub/sub context check).
    server.addFilter(50, GATE_MULTI, (c, cmd, argv) => {
      const m = c.multi;
      if (!m) { c.gate &= ~GATE_MULTI; return false; }
      if (cmd.skipsQueue) return false;
      if (cmd.noMulti) {
        server.reject(c, cmd, 'ERR Command not allowed inside a transaction');
        return true;
      }
      m.cmds.push(cmd);
      m.argvs.push(argv);
      c.w.simple('QUEUED');
      return true;
    });
    server.rejectHooks.push(c => { if (c.multi) c.multi.aborted = true; });
    server.disconnectHooks.push(c => { c.multi = null; unwatchAll(c); });
    server.resetHooks.push(c => { c.multi = null; unwatchAll(c); });
  },
};
