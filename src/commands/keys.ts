/**
 * Generic key and keyspace commands: DEL UNLINK EXISTS TOUCH TYPE RENAME
 * RENAMENX COPY MOVE SWAPDB FLUSHDB FLUSHALL DBSIZE, the EXPIRE family, TTL
 * family, PERSIST, KEYS, SCAN, RANDOMKEY and OBJECT.
 *
 * Signals: every key write goes through Database.set/add/delete/touched, so
 * WATCH and client tracking hear about it. FLUSHDB/FLUSHALL and SWAPDB do not
 * signal key by key (too slow for big keyspaces): they run server.flushHooks
 * (argument: the emptied database, or null for all) and server.swapHooks
 * (the two swapped databases) instead; flushDatabases()/swapDatabases() below
 * are the single entry points other modules should use too.
 *
 * Keyspace events follow Redis: del, rename_from/rename_to, move_from/move_to,
 * copy_to, expire, persist, and expired (registered here on expiredHooks for
 * lazy and active expiry alike); "keymiss" comes from Database.lookupRead.
 *
 * Access clock (OBJECT IDLETIME / FREQ): see db/lru.ts. This family owns the
 * maxmemory-policy, lfu-log-factor and lfu-decay-time directives that select
 * and tune it.
 */
import type { Family } from './family.js';
import { replyLines } from './command.js';
import { stringEncoding, getStringFlag, setStringFlag } from './strings.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Directive } from '../server/config.js';
import { Database, typeOf, type Value, LOOKUP_NOTOUCH, LOOKUP_NONOTIFY } from '../db/database.js';
import { notify, notifyDb, NOTIFY_GENERIC, NOTIFY_EXPIRED } from '../db/notify.js';
import { DB_INDEX, NOT_INTEGER, NO_SUCH_KEY, SYNTAX, INVALID_EXPIRE } from './errors.js';
import { parseLL, parseLLBig, isCanonicalLL, LLONG_MAX, LLONG_MIN } from '../util/num.js';
import { globMatch } from '../util/glob.js';
import { defaultAccessPolicy, idleSeconds, lfuDecayed } from '../db/lru.js';

declare module '../db/database.js' {
  interface Database {
    /**
     * Exact expiry times of keys whose expiry does not fit a double exactly
     * (beyond 2^53 ms, i.e. some 285,000 years away, reachable with
     * PEXPIREAT): the number in `expires` is the rounded value, this map keeps
     * the int64 one. An entry counts only while it still rounds to the number
     * in `expires`; stale entries are swept when the map doubles.
     */
    exactExpires?: Map<string, bigint>;
    exactSweepAt?: number;
  }
}

/** Sets an expiry given as an int64, keeping it exact even beyond 2^53. */
function setExpireExact(db: Database, key: string, when: bigint): void {
  const n = Number(when);
  db.setExpire(key, n);
  if (Number.isSafeInteger(n)) {
    if (db.exactExpires !== undefined) db.exactExpires.delete(key);
    return;
  }
  const m = db.exactExpires ?? (db.exactExpires = new Map());
  m.set(key, when);
  if (m.size >= (db.exactSweepAt ?? 64)) {
    for (const [k, v] of m) if (db.getExpire(k) !== Number(v)) m.delete(k);
    db.exactSweepAt = Math.max(64, m.size * 2);
  }
}

/** The expiry of key in ms (-1 when none), exact as an int64 when it was set that way. */
function getExpireExact(db: Database, key: string): number | bigint {
  const t = db.getExpire(key);
  if (t === -1 || Number.isSafeInteger(t) || db.exactExpires === undefined) return t;
  const big = db.exactExpires.get(key);
  return big !== undefined && Number(big) === t ? big : t;
}

/** Sets an expiry read with getExpireExact (RENAME/MOVE/COPY carry it over). */
function putExpire(db: Database, key: string, t: number | bigint): void {
  if (typeof t === 'bigint') setExpireExact(db, key, t); else db.setExpire(key, t);
}

const SAME_OBJECT = 'ERR source and destination objects are the same';
const INT_MIN = -2147483648, INT_MAX = 2147483647;

const INT_RANGE = `ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`;

/**
 * Parses a C int as Redis's getIntFromObjectOrReply does: a number, or the
 * error to reply (msg replaces both texts when given).
 */
function parseInt32(s: string, msg?: string): number | string {
  const n = parseLL(s);
  if (n === undefined) return msg ?? NOT_INTEGER;
  if (n < INT_MIN || n > INT_MAX) return msg ?? INT_RANGE;
  return n;
}

/** Signals clients blocked on key when the value type is one they may wait for (as Redis's dbAdd does). */
function readyIfBlockable(db: Database, key: string, v: Value): void {
  if (typeof v !== 'string' && (v.type === 'list' || v.type === 'zset' || v.type === 'stream')) db.ready(key);
}

/** Copies the access-clock word of one key onto another (the value object moved, its clock goes with it). */
function carryClock(db: Database, key: string, word: number): void {
  if (word < 0) return;
  const s = db.main.find(key);
  if (s !== -1) db.main.setClockAt(s, word);
}

// ---- DEL UNLINK EXISTS TOUCH TYPE DBSIZE RANDOMKEY ------------------------

function del(c: Client, argv: string[]): void {
  const db = c.db;
  if (argv.length > 2) db.prefetch(argv, 1, 1);
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (db.delete(argv[i])) {
      notify(c, NOTIFY_GENERIC, 'del', argv[i]);
      n++;
    }
  }
  c.w.int(n);
}

function exists(c: Client, argv: string[]): void {
  const db = c.db;
  if (argv.length > 2) db.prefetch(argv, 1, 1);
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (db.lookupRead(argv[i], LOOKUP_NOTOUCH) !== undefined) n++;
  c.w.int(n);
}

function touch(c: Client, argv: string[]): void {
  const db = c.db;
  if (argv.length > 2) db.prefetch(argv, 1, 1);
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (db.lookupRead(argv[i]) !== undefined) n++;
  c.w.int(n);
}

function type(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1], LOOKUP_NOTOUCH);
  c.w.simple(v === undefined ? 'none' : typeOf(v));
}

function dbsize(c: Client): void {
  c.w.int(c.db.size);
}

function randomkey(c: Client): void {
  const k = c.db.randomKey();
  if (k === undefined) c.w.nullBulk(); else c.w.bulk(k);
}

// ---- RENAME RENAMENX MOVE COPY ----------------------------------------------

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1], dst = argv[2];
  const v = db.lookupWrite(src);
  if (v === undefined) { c.w.error(NO_SUCH_KEY); return; }
  if (src === dst) { if (nx) c.w.int(0); else c.w.ok(); return; }
  const word = db.accessWord(src);
  const expire = getExpireExact(db, src);
  if (db.lookupWrite(dst) !== undefined && nx) { c.w.int(0); return; }
  const flag = typeof v === 'string' ? getStringFlag(db, src) : undefined;
  db.delete(src);
  db.set(dst, v);
  setStringFlag(db, dst, flag);
  if (expire !== -1) putExpire(db, dst, expire);
  carryClock(db, dst, word);
  readyIfBlockable(db, dst, v);
  notify(c, NOTIFY_GENERIC, 'rename_from', src);
  notify(c, NOTIFY_GENERIC, 'rename_to', dst);
  if (nx) c.w.int(1); else c.w.ok();
}

function rename(c: Client, argv: string[]): void { renameGeneric(c, argv, false); }
function renamenx(c: Client, argv: string[]): void { renameGeneric(c, argv, true); }

function move(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.clusterEnabled) { c.w.error('ERR MOVE is not allowed in cluster mode'); return; }
  const src = c.db;
  const id = parseInt32(argv[2]);
  if (typeof id === 'string') { c.w.error(id); return; }
  const dst = id >= 0 ? s.dbs[id] : undefined;
  if (dst === undefined) { c.w.error(DB_INDEX); return; }
  if (dst === src) { c.w.error(SAME_OBJECT); return; }
  const key = argv[1];
  const v = src.lookupWrite(key);
  if (v === undefined) { c.w.int(0); return; }
  const word = src.accessWord(key);
  const expire = getExpireExact(src, key);
  if (dst.lookupWrite(key) !== undefined) { c.w.int(0); return; }
  const flag = typeof v === 'string' ? getStringFlag(src, key) : undefined;
  dst.add(key, v);
  setStringFlag(dst, key, flag);
  if (expire !== -1) putExpire(dst, key, expire);
  carryClock(dst, key, word);
  readyIfBlockable(dst, key, v);
  src.delete(key);
  notifyDb(s, NOTIFY_GENERIC, 'move_from', key, src.id);
  notifyDb(s, NOTIFY_GENERIC, 'move_to', key, dst.id);
  c.w.int(1);
}

function copy(c: Client, argv: string[]): void {
  const s = c.server;
  const src = c.db;
  let dst = src;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && j + 1 < argv.length) {
      const id = parseInt32(argv[j + 1]);
      if (typeof id === 'string') { c.w.error(id); return; }
      const d = id >= 0 ? s.dbs[id] : undefined;
      if (d === undefined) { c.w.error(DB_INDEX); return; }
      dst = d;
      j++;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  if (s.clusterEnabled && (src.id !== 0 || dst.id !== 0)) {
    c.w.error('ERR Copying to another database is not allowed in cluster mode');
    return;
  }
  const key = argv[1], newkey = argv[2];
  if (src === dst && key === newkey) { c.w.error(SAME_OBJECT); return; }
  const v = src.lookupRead(key);
  if (v === undefined) { c.w.int(0); return; }
  const expire = getExpireExact(src, key);
  if (dst.lookupWrite(newkey) !== undefined && !replace) { c.w.int(0); return; }
  const nv: Value = typeof v === 'string' ? v : v.dup();
  const flag = typeof v === 'string' ? getStringFlag(src, key) : undefined;
  dst.set(newkey, nv);
  setStringFlag(dst, newkey, flag);
  if (expire !== -1) putExpire(dst, newkey, expire);
  readyIfBlockable(dst, newkey, nv);
  notifyDb(s, NOTIFY_GENERIC, 'copy_to', newkey, dst.id);
  c.w.int(1);
}

// ---- SWAPDB FLUSHDB FLUSHALL ------------------------------------------------

/** Runs the flush hooks (they still see the keys), then empties one database (or all with null). Returns the number of keys removed. */
export function flushDatabases(s: Server, db: Database | null): number {
  for (const h of s.flushHooks) h(db);
  let n = 0;
  for (const d of db === null ? s.dbs : [db]) {
    n += d.flush();
    d.exactExpires = undefined;
  }
  return n;
}

/** Exchanges the contents of two databases, then wakes blocked clients and runs the swap hooks. */
export function swapDatabases(s: Server, a: Database, b: Database): void {
  if (a === b) return;
  a.swapWith(b);
  const e = a.exactExpires; a.exactExpires = b.exactExpires; b.exactExpires = e;
  const w = a.exactSweepAt; a.exactSweepAt = b.exactSweepAt; b.exactSweepAt = w;
  s.blocking.signalExisting(a);
  s.blocking.signalExisting(b);
  for (const h of s.swapHooks) h(a, b);
}

function swapdb(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.clusterEnabled) { c.w.error('ERR SWAPDB is not allowed in cluster mode'); return; }
  const id1 = parseInt32(argv[1], 'ERR invalid first DB index');
  if (typeof id1 === 'string') { c.w.error(id1); return; }
  const id2 = parseInt32(argv[2], 'ERR invalid second DB index');
  if (typeof id2 === 'string') { c.w.error(id2); return; }
  const a = id1 >= 0 ? s.dbs[id1] : undefined, b = id2 >= 0 ? s.dbs[id2] : undefined;
  if (a === undefined || b === undefined) { c.w.error(DB_INDEX); return; }
  swapDatabases(s, a, b);
  s.dirty++;
  c.w.ok();
}

/** FLUSHDB / FLUSHALL take an optional ASYNC or SYNC (both are synchronous here: freeing is the GC's job). */
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length === 2) {
    const a = argv[1].toLowerCase();
    if (a === 'sync' || a === 'async') return true;
  }
  c.w.error(SYNTAX);
  return false;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  c.server.dirty += flushDatabases(c.server, c.db);
  c.w.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  c.server.dirty += flushDatabases(c.server, null) + 1;
  c.w.ok();
}

// ---- EXPIRE family, TTL family, PERSIST ---------------------------------------

const EXPIRE_NX = 1, EXPIRE_XX = 2, EXPIRE_GT = 4, EXPIRE_LT = 8;

/**
 * EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT: relative forms add the current
 * time, second forms scale by 1000; both steps are checked for int64
 * overflow (bigint arithmetic) as Redis does. A time already past deletes
 * the key (on a master).
 */
function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): void {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j].toLowerCase();
    if (o === 'nx') flags |= EXPIRE_NX;
    else if (o === 'xx') flags |= EXPIRE_XX;
    else if (o === 'gt') flags |= EXPIRE_GT;
    else if (o === 'lt') flags |= EXPIRE_LT;
    else { c.w.error(`ERR Unsupported option ${argv[j]}`); return; }
  }
  if ((flags & EXPIRE_NX) && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))) {
    c.w.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return;
  }
  if ((flags & EXPIRE_GT) && (flags & EXPIRE_LT)) {
    c.w.error('ERR GT and LT options at the same time are not compatible');
    return;
  }
  let when = parseLLBig(argv[2]);
  if (when === undefined) { c.w.error(NOT_INTEGER); return; }
  const db = c.db;
  const now = c.server.now();
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) { c.w.error(INVALID_EXPIRE(c.cmd?.fullName ?? argv[0].toLowerCase())); return; }
    when *= 1000n;
  }
  const base = relative ? BigInt(now) : 0n;
  if (when > LLONG_MAX - base) { c.w.error(INVALID_EXPIRE(c.cmd?.fullName ?? argv[0].toLowerCase())); return; }
  when += base;
  const key = argv[1];
  if (db.lookupWrite(key) === undefined) { c.w.int(0); return; }
  if (flags !== 0) {
    const cur = getExpireExact(db, key);
    if ((flags & EXPIRE_NX) && cur !== -1) { c.w.int(0); return; }
    if ((flags & EXPIRE_XX) && cur === -1) { c.w.int(0); return; }
    // no TTL counts as an infinite one: GT never beats it, LT always does
    if ((flags & EXPIRE_GT) && (cur === -1 || when <= cur)) { c.w.int(0); return; }
    if ((flags & EXPIRE_LT) && cur !== -1 && when >= cur) { c.w.int(0); return; }
  }
  if (when <= now && c.server.role !== 'replica') {
    db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
    c.w.int(1);
    return;
  }
  setExpireExact(db, key, when);
  db.touched(key);
  notify(c, NOTIFY_GENERIC, 'expire', key);
  c.w.int(1);
}

function expire(c: Client, argv: string[]): void { expireGeneric(c, argv, true, true); }
function pexpire(c: Client, argv: string[]): void { expireGeneric(c, argv, true, false); }
function expireat(c: Client, argv: string[]): void { expireGeneric(c, argv, false, true); }
function pexpireat(c: Client, argv: string[]): void { expireGeneric(c, argv, false, false); }

/** TTL / PTTL / EXPIRETIME / PEXPIRETIME: -2 no key, -1 no expiry, else the (remaining or absolute) time. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const db = c.db;
  const key = argv[1];
  if (db.lookupRead(key, LOOKUP_NOTOUCH) === undefined) { c.w.int(-2); return; }
  const t = getExpireExact(db, key);
  if (t === -1) { c.w.int(-1); return; }
  if (typeof t === 'bigint') {
    let v = absolute ? t : t - BigInt(c.server.now());
    if (v < 0n) v = 0n;
    c.w.int(ms ? v : (v + 500n) / 1000n);
    return;
  }
  let v = absolute ? t : t - c.server.now();
  if (v < 0) v = 0;
  c.w.int(ms ? v : Math.floor((v + 500) / 1000));
}

function ttl(c: Client, argv: string[]): void { ttlGeneric(c, argv, false, false); }
function pttl(c: Client, argv: string[]): void { ttlGeneric(c, argv, true, false); }
function expiretime(c: Client, argv: string[]): void { ttlGeneric(c, argv, false, true); }
function pexpiretime(c: Client, argv: string[]): void { ttlGeneric(c, argv, true, true); }

function persist(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  if (db.lookupWrite(key) !== undefined && db.persist(key)) {
    db.touched(key);
    notify(c, NOTIFY_GENERIC, 'persist', key);
    c.w.int(1);
  } else {
    c.w.int(0);
  }
}

// ---- KEYS SCAN -------------------------------------------------------------------

/** True when key has a TTL in the past (without deleting it). */
function isStale(db: Database, key: string, now: number): boolean {
  if (db.expires.size === 0) return false;
  const t = db.getExpire(key);
  return t !== -1 && t <= now;
}

function keysCmd(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = pattern === '*';
  const now = c.server.now();
  const out: string[] = [];
  const main = db.main, top = main.top;
  for (let s = 0; s < top; s++) {
    const k = main.keyAt(s);
    if (k === undefined) continue;
    if ((all || globMatch(pattern, k)) && !isStale(db, k, now)) out.push(k);
  }
  c.w.bulkArray(out);
}

const ULONG_MOD = 1n << 64n;

/**
 * Parses a SCAN cursor as Redis does with strtoul(): decimal, optional sign
 * (a minus wraps modulo 2^64), no leading space, nothing after the digits
 * (the C string ends at the first NUL byte, so does the cursor), an empty
 * string is 0, overflow is an error. Returns the cursor reduced to the 32 bits
 * a Dict cursor uses, or -1 when invalid.
 */
export function parseScanCursor(raw: string): number {
  const nul = raw.indexOf('\0');
  const s = nul === -1 ? raw : raw.slice(0, nul);
  if (s.length === 0) return 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return -1;
  let i = 0, neg = false;
  if (c0 === 43 || c0 === 45) { neg = c0 === 45; i = 1; }
  if (i === s.length) return -1;
  for (let j = i; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) return -1;
  }
  let v = BigInt(s.slice(i));
  if (v >= ULONG_MOD) return -1;
  if (neg) v = (ULONG_MOD - v) % ULONG_MOD;
  return Number(BigInt.asUintN(32, v));
}

function scan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]);
  if (cursor < 0) { c.w.error('ERR invalid cursor'); return; }
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length;) {
    const opt = argv[i].toLowerCase();
    const left = argv.length - i;
    if (opt === 'count' && left >= 2) {
      const n = parseLL(argv[i + 1]);
      if (n === undefined) { c.w.error(NOT_INTEGER); return; }
      if (n < 1) { c.w.error(SYNTAX); return; }
      count = n;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
      i += 2;
    } else if (opt === 'type' && left >= 2) {
      typeName = argv[i + 1].toLowerCase();
      i += 2;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  const db = c.db;
  const found: string[] = [];
  const main = db.main;
  const next = main.scan(cursor, count, slot => { found.push(main.keyAt(slot) as string); });
  const out: string[] = [];
  for (const k of found) {
    if (pattern !== null && !globMatch(pattern, k)) continue;
    if (typeName !== null) {
      const v = db.lookupRead(k, LOOKUP_NOTOUCH);
      const t = v === undefined ? 'none' : typeOf(v);
      if (t !== typeName) continue;
    }
    if (db.expireIfNeeded(k)) continue;
    out.push(k);
  }
  c.w.array(2);
  c.w.bulk(String(next));
  c.w.bulkArray(out);
}

// ---- OBJECT -----------------------------------------------------------------------

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

const POLICY_SWITCH_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';


function objectEncoding(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[2], LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
  if (v === undefined) { c.w.nullBulk(); return; }
  c.w.bulk(typeof v === 'string' ? stringEncoding(c.db, argv[2], v) : v.encoding());
}

function objectRefcount(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[2], LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
  if (v === undefined) { c.w.nullBulk(); return; }
  // small integers are shared objects in Redis unless an LRU/LFU policy with a memory limit forbids sharing
  if (typeof v === 'string' && v.length <= 4 && isCanonicalLL(v) && v.charCodeAt(0) !== 45) {
    const cfg = c.server.config;
    const policy = cfg.get('maxmemory-policy');
    const noShare = cfg.getInt('maxmemory') !== 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
    if (!noShare) { c.w.int(INT_MAX); return; }
  }
  c.w.int(1);
}

function objectIdletime(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[2];
  if (db.lookupRead(key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY) === undefined) { c.w.nullBulk(); return; }
  if (db.access.lfu) {
    c.w.error(`ERR An LFU maxmemory policy is selected, idle time not tracked. ${POLICY_SWITCH_NOTE}`);
    return;
  }
  c.w.int(idleSeconds(db.accessWord(key), c.server.now()));
}

function objectFreq(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[2];
  if (db.lookupRead(key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY) === undefined) { c.w.nullBulk(); return; }
  if (!db.access.lfu) {
    c.w.error(`ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${POLICY_SWITCH_NOTE}`);
    return;
  }
  c.w.int(lfuDecayed(db.accessWord(key), c.server.now(), db.access));
}

// ---- family --------------------------------------------------------------------

const directives: Directive[] = [
  {
    name: 'maxmemory-policy', type: 'enum', default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
  },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0, max: INT_MAX },
];

function init(s: Server): void {
  // one access policy per server, shared by its databases
  const policy = defaultAccessPolicy();
  for (const db of s.dbs) db.access = policy;
  s.config.onChange('maxmemory-policy', v => { policy.lfu = v.endsWith('-lfu'); });
  s.config.onChange('lfu-log-factor', v => { policy.logFactor = Number(v); });
  s.config.onChange('lfu-decay-time', v => { policy.decayTime = Number(v); });
  s.expiredHooks.push((db, key) => notifyDb(s, NOTIFY_EXPIRED, 'expired', key, db.id));
}

export const keys: Family = {
  name: 'keys',
  directives,
  init,
  commands: [
    { name: 'del', handler: del, summary: 'Removes the given keys; replies with how many existed.' },
    { name: 'unlink', handler: del, summary: 'Removes the given keys like DEL (memory is reclaimed by the garbage collector either way).' },
    { name: 'exists', handler: exists, summary: 'Counts how many of the given keys exist (a key named twice counts twice).' },
    { name: 'touch', handler: touch, summary: 'Marks the given keys as just accessed; replies with how many exist.' },
    { name: 'type', handler: type, summary: 'Names the type of the value at a key, or none.' },
    { name: 'rename', handler: rename, summary: 'Gives a key a new name, replacing any key already there.' },
    { name: 'renamenx', handler: renamenx, summary: 'Gives a key a new name only when that name is free.' },
    { name: 'move', handler: move, summary: 'Moves a key to another database when it is absent there.' },
    { name: 'copy', handler: copy, summary: 'Copies the value and TTL of a key to another key, possibly in another database.' },
    { name: 'swapdb', handler: swapdb, summary: 'Exchanges the contents of two databases.' },
    { name: 'flushdb', handler: flushdb, summary: 'Removes every key of the current database.' },
    { name: 'flushall', handler: flushall, summary: 'Removes every key of every database.' },
    { name: 'dbsize', handler: dbsize, summary: 'Number of keys in the current database.' },
    { name: 'randomkey', handler: randomkey, summary: 'A key of the current database picked at random.' },
    { name: 'expire', handler: expire, summary: 'Sets a time to live in seconds on a key.' },
    { name: 'pexpire', handler: pexpire, summary: 'Sets a time to live in milliseconds on a key.' },
    { name: 'expireat', handler: expireat, summary: 'Sets the moment (Unix time in seconds) a key expires.' },
    { name: 'pexpireat', handler: pexpireat, summary: 'Sets the moment (Unix time in milliseconds) a key expires.' },
    { name: 'ttl', handler: ttl, summary: 'Remaining time to live of a key, in seconds.' },
    { name: 'pttl', handler: pttl, summary: 'Remaining time to live of a key, in milliseconds.' },
    { name: 'expiretime', handler: expiretime, summary: 'The Unix time in seconds at which a key expires.' },
    { name: 'pexpiretime', handler: pexpiretime, summary: 'The Unix time in milliseconds at which a key expires.' },
    { name: 'persist', handler: persist, summary: 'Drops the time to live of a key.' },
    { name: 'keys', handler: keysCmd, summary: 'Every key matching a glob-style pattern.' },
    { name: 'scan', handler: scan, summary: 'Walks the keyspace incrementally with a cursor, optionally filtering by pattern and type.' },
    { name: 'object|help', handler: c => replyLines(c, OBJECT_HELP), summary: 'Describes the OBJECT subcommands.' },
    { name: 'object|encoding', handler: objectEncoding, summary: 'The internal representation of the value at a key.' },
    { name: 'object|refcount', handler: objectRefcount, summary: 'How many references the value at a key has.' },
    { name: 'object|idletime', handler: objectIdletime, summary: 'Seconds since the key was last accessed.' },
    { name: 'object|freq', handler: objectFreq, summary: 'The logarithmic access-frequency counter of a key (LFU policies only).' },
  ],
};
