/**
 * String commands (GET/SET family, counters, ranges, LCS).
 *
 * Values are latin1 JS strings. OBJECT ENCODING is derived by
 * stringEncoding(): canonical 64-bit integers report "int", up to 44 bytes
 * "embstr", longer "raw" -- except where Redis keeps another encoding for a
 * value produced in place (APPEND, SETRANGE, SETBIT, BITFIELD, BITOP give
 * "raw"; INCRBYFLOAT gives "embstr" even for integer-looking text).
 *
 * Those exceptions live in a small side table per keyspace, keyed by the
 * Database's main Dict (so SWAPDB carries it along). An entry remembers the
 * value it describes and only applies while the key still holds that value:
 * a modification hook drops entries whose key was deleted or given another
 * value, and this module's own writers clear the entry explicitly (a SET of
 * identical bytes makes a fresh, non-raw object in Redis). TTL changes keep
 * the entry, as they keep the object in Redis. Other families that move a
 * string between keys (RENAME, MOVE, COPY) may carry the flag along with
 * getStringFlag/setStringFlag.
 */
import { constants } from 'node:buffer';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Database } from '../db/database.js';
import type { Server } from '../server/server.js';
import { KEY_STRFLAGS } from '../server/gate.js';
import { WRONGTYPE, SYNTAX, NOT_INTEGER, NOT_FLOAT, OVERFLOW, INVALID_EXPIRE, wrongArgs } from './errors.js';
import { parseLL, parseLLBig, isCanonicalLL, LLONG_MAX, LLONG_MIN } from '../util/num.js';
import { notify, NOTIFY_STRING, NOTIFY_GENERIC } from '../db/notify.js';
import { parseLongDouble, ldAdd, ldFromBigInt, ldFormatHuman, ldIsFinite, LD_ZERO, type LongDouble } from '../util/longdouble.js';

// ---- encoding side table ----------------------------------------------------

export type StringFlag = 'raw' | 'embstr';
interface FlagEntry { flag: StringFlag; value: string }

declare module '../db/database.js' {
  interface Database {
    /** Encoding overrides of string values (see above); follows the data through SWAPDB. */
    stringFlags: Map<string, FlagEntry>;
    /** The server whose key signal (KEY_STRFLAGS) says whether any database holds an override. */
    stringFlagsOwner?: Server;
  }
}

/** Keeps KEY_STRFLAGS set exactly while some database of server s holds an override. */
function syncFlagSignal(s: Server | undefined): void {
  if (s === undefined) return;
  let any = false;
  for (const d of s.dbs) if (d.stringFlags.size !== 0) { any = true; break; }
  s.setKeySignal(KEY_STRFLAGS, any);
}

/** The encoding override of key's current value (undefined: derive it from the value). */
export function getStringFlag(db: Database, key: string): StringFlag | undefined {
  const m = db.stringFlags;
  if (m === undefined || m.size === 0) return undefined;
  const e = m.get(key);
  return e !== undefined && db.main.get(key) === e.value ? e.flag : undefined;
}

/** Records (or with undefined, forgets) an encoding override for key's current value; call AFTER the write. */
export function setStringFlag(db: Database, key: string, flag: StringFlag | undefined): void {
  const m = db.stringFlags ??= new Map();
  if (flag === undefined) {
    if (m.size !== 0 && m.delete(key) && m.size === 0) syncFlagSignal(db.stringFlagsOwner);
    return;
  }
  const value = db.main.get(key);
  if (typeof value !== 'string') return;
  m.set(key, { flag, value });
  db.stringFlagsOwner?.setKeySignal(KEY_STRFLAGS, true);
}

/** Marks key's value as a "raw" string (modified in place, as APPEND/SETRANGE/SETBIT do). */
export function markRaw(db: Database, key: string): void { setStringFlag(db, key, 'raw'); }

/** Forgets any override: the key now holds a freshly created value. */
function clearFlag(db: Database, key: string): void {
  const m = db.stringFlags;
  if (m !== undefined && m.size !== 0 && m.delete(key) && m.size === 0) syncFlagSignal(db.stringFlagsOwner);
}

/** OBJECT ENCODING of the string value stored at key. */
export function stringEncoding(db: Database, key: string, value: string): 'int' | 'embstr' | 'raw' {
  const f = getStringFlag(db, key);
  if (f === 'raw') return 'raw';
  if (f === undefined && value.length <= 20 && isCanonicalLL(value)) return 'int';
  return value.length <= 44 ? 'embstr' : 'raw';
}

function initEncodingFlags(server: Server): void {
  for (const db of server.dbs) { db.stringFlags = new Map(); db.stringFlagsOwner = server; }
  server.addKeyHook(KEY_STRFLAGS, (db, key) => {
    const m = db.stringFlags;
    if (m.size === 0) return;
    const e = m.get(key);
    if (e !== undefined && db.main.get(key) !== e.value) {
      m.delete(key);
      if (m.size === 0) syncFlagSignal(db.stringFlagsOwner);
    }
  });
  // FLUSHDB/FLUSHALL empty keyspaces without per-key signals; SWAPDB moves the data
  server.flushHooks.push(db => {
    for (const d of db === null ? server.dbs : [db]) d.stringFlags.clear();
    syncFlagSignal(server);
  });
  server.swapHooks.push((a, b) => { const t = a.stringFlags; a.stringFlags = b.stringFlags; b.stringFlags = t; });
}

// ---- shared helpers ------------------------------------------------------------

/** Looks up key for reading; replies WRONGTYPE and returns null when it is not a string. */
export function readString(c: Client, key: string): string | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined || typeof v === 'string') return v;
  c.w.error(WRONGTYPE);
  return null;
}

/** Looks up key for writing; replies WRONGTYPE and returns null when it is not a string. */
export function writeString(c: Client, key: string): string | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined || typeof v === 'string') return v;
  c.w.error(WRONGTYPE);
  return null;
}

export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

/**
 * The longest string V8 can hold (a little under 512 MB). Redis allows up to
 * proto-max-bulk-len (512 MB by default); the few sizes in between are
 * refused here with the proto-max-bulk-len error.
 */
export const MAX_JS_STRING = constants.MAX_STRING_LENGTH;

/** Rejects a string of size+extra bytes above proto-max-bulk-len; true when acceptable. */
export function checkStringLength(c: Client, size: number, extra: number): boolean {
  const n = size + extra;
  if (n > c.server.protoMaxBulkLen || n > MAX_JS_STRING) { c.w.error(STRING_TOO_LONG); return false; }
  return true;
}

/** Strict int64 argument, as a bigint; replies the standard error when invalid. */
export function argLL(c: Client, s: string, err = NOT_INTEGER): bigint | undefined {
  const v = parseLLBig(s);
  if (v === undefined) c.w.error(err);
  return v;
}

/**
 * Normalises a [start, end] byte range with Redis's GETRANGE/BITCOUNT rules
 * (negative indexes count from the end, clamped); null when empty.
 */
export function normRange(start: bigint, end: bigint, len: number): [number, number] | null {
  if (start < 0n && end < 0n && start > end) return null;
  const L = BigInt(len);
  if (start < 0n) start += L;
  if (end < 0n) end += L;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= L) end = L - 1n;
  if (start > end || len === 0) return null;
  return [Number(start), Number(end)];
}

// ---- SET / GETEX option parsing -----------------------------------------------

const F_NX = 1, F_XX = 2, F_GET = 4, F_KEEPTTL = 8, F_PERSIST = 16, F_EX = 32, F_PX = 64, F_EXAT = 128, F_PXAT = 256;
const F_EXPIRES = F_EX | F_PX | F_EXAT | F_PXAT;

interface ExtArgs { flags: number; expire: string | undefined }

function parseExtended(c: Client, argv: string[], isSet: boolean): ExtArgs | null {
  let f = 0;
  let expire: string | undefined;
  for (let j = 3 - (isSet ? 0 : 1); j < argv.length; j++) {
    const opt = argv[j];
    const o = opt.length <= 7 ? opt.toLowerCase() : '';
    const hasNext = j + 1 < argv.length;
    if (o === 'nx' && isSet && !(f & F_XX)) f |= F_NX;
    else if (o === 'xx' && isSet && !(f & F_NX)) f |= F_XX;
    else if (o === 'get' && isSet) f |= F_GET;
    else if (o === 'keepttl' && isSet && !(f & (F_PERSIST | F_EXPIRES))) f |= F_KEEPTTL;
    else if (o === 'persist' && !isSet && !(f & (F_EXPIRES | F_KEEPTTL))) f |= F_PERSIST;
    else if (o === 'ex' && hasNext && !(f & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT))) { f |= F_EX; expire = argv[++j]; }
    else if (o === 'px' && hasNext && !(f & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT))) { f |= F_PX; expire = argv[++j]; }
    else if (o === 'exat' && hasNext && !(f & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT))) { f |= F_EXAT; expire = argv[++j]; }
    else if (o === 'pxat' && hasNext && !(f & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX))) { f |= F_PXAT; expire = argv[++j]; }
    else { c.w.error(SYNTAX); return null; }
  }
  return { flags: f, expire };
}

/**
 * Converts an expire argument to an absolute unix time in ms. seconds: the
 * unit is seconds; relative: add the current time. Replies and returns
 * undefined on error, with Redis's checks (positive, no overflow).
 */
export function expireToAbsMs(c: Client, arg: string, seconds: boolean, relative: boolean, cmd: string): number | undefined {
  const v = parseLLBig(arg);
  if (v === undefined) { c.w.error(NOT_INTEGER); return undefined; }
  if (v <= 0n || (seconds && v > LLONG_MAX / 1000n)) { c.w.error(INVALID_EXPIRE(cmd)); return undefined; }
  let ms = seconds ? v * 1000n : v;
  if (relative) ms = BigInt.asIntN(64, ms + BigInt(Date.now()));
  if (ms <= 0n) { c.w.error(INVALID_EXPIRE(cmd)); return undefined; }
  return Number(ms);
}

/** The shared body of SET/SETNX/SETEX/PSETEX (Redis's setGenericCommand). */
function setGeneric(c: Client, key: string, val: string, flags: number, expire: string | undefined,
  cmd: string, abortInt: boolean, okInt: boolean): void {
  let when = -1;
  if (expire !== undefined) {
    const w = expireToAbsMs(c, expire, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, cmd);
    if (w === undefined) return;
    when = w;
  }
  if (flags & F_GET) {
    const old = readString(c, key);
    if (old === null) return;
    c.w.bulkOrNull(old);
  }
  const found = c.db.lookupWrite(key) !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) {
    if (!(flags & F_GET)) { if (abortInt) c.w.int(0); else c.w.nullBulk(); }
    return;
  }
  c.db.set(key, val, (flags & F_KEEPTTL) !== 0);
  clearFlag(c.db, key);
  notify(c, NOTIFY_STRING, 'set', key);
  if (when !== -1) {
    c.db.setExpire(key, when);
    notify(c, NOTIFY_GENERIC, 'expire', key);
  }
  if (!(flags & F_GET)) { if (okInt) c.w.int(1); else c.w.ok(); }
}

// ---- commands -----------------------------------------------------------------

function get(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  c.w.bulkOrNull(v);
}

function set(c: Client, argv: string[]): void {
  if (argv.length === 3) { // fast path: plain SET
    c.db.set(argv[1], argv[2]);
    clearFlag(c.db, argv[1]);
    notify(c, NOTIFY_STRING, 'set', argv[1]);
    c.w.ok();
    return;
  }
  const a = parseExtended(c, argv, true);
  if (a === null) return;
  setGeneric(c, argv[1], argv[2], a.flags, a.expire, 'set', false, false);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, argv[1], argv[2], F_NX, undefined, 'setnx', true, true);
}

function setex(c: Client, argv: string[]): void {
  setGeneric(c, argv[1], argv[3], F_EX, argv[2], 'setex', false, false);
}

function psetex(c: Client, argv: string[]): void {
  setGeneric(c, argv[1], argv[3], F_PX, argv[2], 'psetex', false, false);
}

function getex(c: Client, argv: string[]): void {
  const a = parseExtended(c, argv, false);
  if (a === null) return;
  const key = argv[1];
  const v = readString(c, key);
  if (v === null) return;
  if (v === undefined) { c.w.nullBulk(); return; }
  let when = -1;
  const f = a.flags;
  if (a.expire !== undefined) {
    const w = expireToAbsMs(c, a.expire, (f & (F_EX | F_EXAT)) !== 0, (f & (F_EX | F_PX)) !== 0, 'getex');
    if (w === undefined) return;
    when = w;
  }
  c.w.bulk(v);
  if ((f & (F_EXAT | F_PXAT)) && when <= Date.now()) {
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else if (when !== -1) {
    c.db.setExpire(key, when);
    c.db.touched(key);
    notify(c, NOTIFY_GENERIC, 'expire', key);
  } else if (f & F_PERSIST) {
    if (c.db.persist(key)) {
      c.db.touched(key);
      notify(c, NOTIFY_GENERIC, 'persist', key);
    }
  }
}

function getdel(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) { c.w.nullBulk(); return; }
  c.w.bulk(v);
  c.db.delete(argv[1]);
  notify(c, NOTIFY_GENERIC, 'del', argv[1]);
}

function getset(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  c.w.bulkOrNull(v);
  c.db.set(argv[1], argv[2]);
  clearFlag(c.db, argv[1]);
  notify(c, NOTIFY_STRING, 'set', argv[1]);
}

function mget(c: Client, argv: string[]): void {
  if (argv.length > 2) c.db.prefetch(argv, 1, 1);
  c.w.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = c.db.lookupRead(argv[i]);
    if (typeof v === 'string') c.w.bulk(v); else c.w.nullBulk();
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) { c.w.error(wrongArgs(nx ? 'msetnx' : 'mset')); return; }
  if (argv.length > 3) c.db.prefetch(argv, 1, 2);
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) {
      if (c.db.lookupWrite(argv[i]) !== undefined) { c.w.int(0); return; }
    }
  }
  for (let i = 1; i < argv.length; i += 2) {
    c.db.set(argv[i], argv[i + 1]);
    clearFlag(c.db, argv[i]);
    notify(c, NOTIFY_STRING, 'set', argv[i]);
  }
  if (nx) c.w.int(1); else c.w.ok();
}

function mset(c: Client, argv: string[]): void { msetGeneric(c, argv, false); }
function msetnx(c: Client, argv: string[]): void { msetGeneric(c, argv, true); }

function append(c: Client, argv: string[]): void {
  const key = argv[1], add = argv[2];
  const v = writeString(c, key);
  if (v === null) return;
  if (v === undefined) {
    c.db.add(key, add);
    clearFlag(c.db, key);
    c.w.int(add.length);
  } else {
    if (!checkStringLength(c, v.length, add.length)) return;
    const nv = v + add;
    c.db.replace(key, nv);
    c.db.touched(key);
    markRaw(c.db, key);
    c.w.int(nv.length);
  }
  notify(c, NOTIFY_STRING, 'append', key);
}

function strlen(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  c.w.int(v === undefined ? 0 : v.length);
}

function setrange(c: Client, argv: string[]): void {
  const key = argv[1], val = argv[3];
  const off = argLL(c, argv[2]);
  if (off === undefined) return;
  if (off < 0n) { c.w.error('ERR offset is out of range'); return; }
  const offset = Number(off);
  const v = writeString(c, key);
  if (v === null) return;
  if (v === undefined) {
    if (val.length === 0) { c.w.int(0); return; }
    if (!checkStringLength(c, offset, val.length)) return;
    const nv = '\0'.repeat(offset) + val;
    c.db.add(key, nv);
    markRaw(c.db, key);
    notify(c, NOTIFY_STRING, 'setrange', key);
    c.w.int(nv.length);
    return;
  }
  if (val.length === 0) { c.w.int(v.length); return; }
  if (!checkStringLength(c, offset, val.length)) return;
  let nv: string;
  if (offset >= v.length) nv = v + '\0'.repeat(offset - v.length) + val;
  else nv = v.slice(0, offset) + val + v.slice(Math.min(v.length, offset + val.length));
  c.db.replace(key, nv);
  c.db.touched(key);
  markRaw(c.db, key);
  notify(c, NOTIFY_STRING, 'setrange', key);
  c.w.int(nv.length);
}

function getrange(c: Client, argv: string[]): void {
  const s = argLL(c, argv[2]);
  if (s === undefined) return;
  const e = argLL(c, argv[3]);
  if (e === undefined) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) { c.w.bulk(''); return; }
  const r = normRange(s, e, v.length);
  c.w.bulk(r === null ? '' : v.slice(r[0], r[1] + 1));
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function incrDecr(c: Client, key: string, by: bigint | number): void {
  const v = writeString(c, key);
  if (v === null) return;
  let result: number | bigint;
  if (v === undefined) result = by;
  else {
    const fast = v.length < 16 && typeof by === 'number' ? parseLL(v) : undefined;
    if (fast !== undefined) {
      result = fast + (by as number);
      if (result > MAX_SAFE || result < -MAX_SAFE) result = BigInt(fast) + BigInt(by);
    } else {
      const old = parseLLBig(v);
      if (old === undefined) { c.w.error(NOT_INTEGER); return; }
      const r = old + BigInt(by);
      if (r > LLONG_MAX || r < LLONG_MIN) { c.w.error(OVERFLOW); return; }
      result = r;
    }
  }
  const text = String(result);
  if (v === undefined) c.db.add(key, text);
  else { c.db.replace(key, text); c.db.touched(key); }
  clearFlag(c.db, key);
  notify(c, NOTIFY_STRING, 'incrby', key);
  c.w.int(result);
}

/** An int64 argument as a JS number when exactly representable, else a bigint. */
function smallOrBig(v: bigint): number | bigint {
  return (v <= 9007199254740991n && v >= -9007199254740991n) ? Number(v) : v;
}

function incr(c: Client, argv: string[]): void { incrDecr(c, argv[1], 1); }
function decr(c: Client, argv: string[]): void { incrDecr(c, argv[1], -1); }

function incrby(c: Client, argv: string[]): void {
  const by = argLL(c, argv[2]);
  if (by === undefined) return;
  incrDecr(c, argv[1], smallOrBig(by));
}

function decrby(c: Client, argv: string[]): void {
  const by = argLL(c, argv[2]);
  if (by === undefined) return;
  if (by === LLONG_MIN) { c.w.error('ERR decrement would overflow'); return; }
  incrDecr(c, argv[1], smallOrBig(-by));
}

function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1];
  const v = writeString(c, key);
  if (v === null) return;
  let cur: LongDouble | undefined = LD_ZERO;
  if (v !== undefined) {
    const i = v.length <= 20 ? parseLLBig(v) : undefined;
    cur = i !== undefined ? ldFromBigInt(i) : parseLongDouble(v);
  }
  const inc = cur === undefined ? undefined : parseLongDouble(argv[2]);
  if (cur === undefined || inc === undefined) { c.w.error(NOT_FLOAT); return; }
  const r = ldAdd(cur, inc);
  if (!ldIsFinite(r)) { c.w.error('ERR increment would produce NaN or Infinity'); return; }
  const text = ldFormatHuman(r);
  if (v === undefined) c.db.add(key, text);
  else { c.db.replace(key, text); c.db.touched(key); }
  setStringFlag(c.db, key, 'embstr');
  notify(c, NOTIFY_STRING, 'incrbyfloat', key);
  c.w.bulk(text);
}

function lcs(c: Client, argv: string[]): void {
  const va = c.db.lookupRead(argv[1]);
  const vb = c.db.lookupRead(argv[2]);
  if ((va !== undefined && typeof va !== 'string') || (vb !== undefined && typeof vb !== 'string')) {
    c.w.error('ERR The specified keys must contain string values');
    return;
  }
  const a = (va ?? '') as string, b = (vb ?? '') as string;
  let getLen = false, getIdx = false, withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (o === 'idx') getIdx = true;
    else if (o === 'len') getLen = true;
    else if (o === 'withmatchlen') withMatchLen = true;
    else if (o === 'minmatchlen' && more > 0) {
      const m = argLL(c, argv[j + 1]);
      if (m === undefined) return;
      minMatchLen = m < 0n ? 0 : (m > 1n << 40n ? 2 ** 40 : Number(m));
      j++;
    } else { c.w.error(SYNTAX); return; }
  }
  if (getIdx && getLen) { c.w.error('ERR If you want both the length and indexes, please just use IDX.'); return; }

  const alen = a.length, blen = b.length, W = blen + 1;
  if ((alen + 1) * W * 4 > c.server.protoMaxBulkLen) {
    c.w.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  const dp = new Uint32Array((alen + 1) * W);
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    const row = i * W, prev = row - W;
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) dp[row + j] = dp[prev + j - 1] + 1;
      else {
        const x = dp[prev + j], y = dp[row + j - 1];
        dp[row + j] = x > y ? x : y;
      }
    }
  }
  const total = dp[alen * W + blen];
  if (getLen) { c.w.int(total); return; }

  const out: number[] | null = getIdx ? null : new Array<number>(total);
  const matches: number[][] = [];
  let idx = total;
  let as = alen, ae = 0, bs = 0, be = 0; // as === alen: no range open
  let i = alen, j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      if (out !== null) out[idx - 1] = a.charCodeAt(i - 1);
      if (as === alen) { as = i - 1; ae = i - 1; bs = j - 1; be = j - 1; }
      else if (as === i && bs === j) { as--; bs--; }
      else emit = true;
      if (as === 0 || bs === 0) emit = true;
      idx--; i--; j--;
    } else {
      if (dp[(i - 1) * W + j] > dp[i * W + j - 1]) i--; else j--;
      if (as !== alen) emit = true;
    }
    if (emit) {
      const len = ae - as + 1;
      if (getIdx && (minMatchLen === 0 || len >= minMatchLen)) matches.push([as, ae, bs, be, len]);
      as = alen;
    }
  }
  if (!getIdx) {
    let s = '';
    const o = out as number[];
    for (let k = 0; k < o.length; k += 4096) s += String.fromCharCode.apply(null, o.slice(k, k + 4096));
    c.w.bulk(s);
    return;
  }
  c.w.map(2);
  c.w.bulk('matches');
  c.w.array(matches.length);
  for (const m of matches) {
    c.w.array(withMatchLen ? 3 : 2);
    c.w.array(2); c.w.int(m[0]); c.w.int(m[1]);
    c.w.array(2); c.w.int(m[2]); c.w.int(m[3]);
    if (withMatchLen) c.w.int(m[4]);
  }
  c.w.bulk('len');
  c.w.int(total);
}

export const strings: Family = {
  name: 'strings',
  init: initEncodingFlags,
  commands: [
    { name: 'get', handler: get, summary: 'Returns the string value of a key.' },
    { name: 'set', handler: set, summary: 'Sets a key to a string value, with optional expiry and conditions.' },
    { name: 'setnx', handler: setnx, summary: 'Sets a key only when it does not exist yet.' },
    { name: 'setex', handler: setex, summary: 'Sets a key together with a time to live in seconds.' },
    { name: 'psetex', handler: psetex, summary: 'Sets a key together with a time to live in milliseconds.' },
    { name: 'getex', handler: getex, summary: 'Returns a string value and optionally changes or removes its expiry.' },
    { name: 'getdel', handler: getdel, summary: 'Returns a string value and deletes its key.' },
    { name: 'getset', handler: getset, summary: 'Replaces a string value and returns the previous one.' },
    { name: 'mget', handler: mget, summary: 'Returns the string values of several keys.' },
    { name: 'mset', handler: mset, summary: 'Sets several keys at once.' },
    { name: 'msetnx', handler: msetnx, summary: 'Sets several keys at once, only when none of them exists.' },
    { name: 'append', handler: append, summary: 'Adds bytes to the end of a string, creating it if needed.' },
    { name: 'strlen', handler: strlen, summary: 'Returns the byte length of a string value.' },
    { name: 'setrange', handler: setrange, summary: 'Overwrites part of a string at a byte offset, padding with zero bytes.' },
    { name: 'getrange', handler: getrange, summary: 'Returns a byte range of a string value.' },
    { name: 'substr', handler: getrange, summary: 'Returns a byte range of a string value (old name of GETRANGE).' },
    { name: 'incr', handler: incr, summary: 'Adds one to the integer stored at a key.' },
    { name: 'decr', handler: decr, summary: 'Subtracts one from the integer stored at a key.' },
    { name: 'incrby', handler: incrby, summary: 'Adds an integer to the integer stored at a key.' },
    { name: 'decrby', handler: decrby, summary: 'Subtracts an integer from the integer stored at a key.' },
    { name: 'incrbyfloat', handler: incrbyfloat, summary: 'Adds a floating point increment to the number stored at a key.' },
    { name: 'lcs', handler: lcs, summary: 'Finds the longest common subsequence of two string values.' },
  ],
};
