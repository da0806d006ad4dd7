/**
 * List commands (LPUSH ... LMPOP) and their blocking forms (BLPOP, BRPOP,
 * BRPOPLPUSH, BLMOVE, BLMPOP). The data structure lives in types/list.ts;
 * blocking goes through the generic server.blocking (server/blocking.ts).
 *
 * Argument checks follow Redis's order exactly (some commands parse their
 * numbers before looking the key up, others after), since the first error
 * found is the one replied.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Database } from '../db/database.js';
import { RList } from '../types/list.js';
import { NOT_INTEGER, NO_SUCH_KEY, OUT_OF_RANGE_INDEX, SYNTAX, WRONGTYPE } from './errors.js';
import { parseLL } from '../util/num.js';
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from '../db/notify.js';
import { parseTimeout } from '../server/blocking.js';

declare module '../server/server.js' {
  interface Server {
    /** list-max-listpack-size, mirrored from the config. */
    listFill?: number;
  }
}

const LONG_MIN = -9223372036854775808;

function fill(c: Client): number { return c.server.listFill ?? -2; }

/** The list at key for writing: RList, null when absent, or false after replying WRONGTYPE. */
function listForWrite(c: Client, key: string, db: Database = c.db): RList | null | false {
  const v = db.lookupWrite(key);
  if (v === undefined) return null;
  if (!(v instanceof RList)) { c.w.error(WRONGTYPE); return false; }
  return v;
}

function listForRead(c: Client, key: string): RList | null | false {
  const v = c.db.lookupRead(key);
  if (v === undefined) return null;
  if (!(v instanceof RList)) { c.w.error(WRONGTYPE); return false; }
  return v;
}

/** After removing elements: deletes the key when the list became empty, else signals the change. */
function afterRemoval(c: Client, db: Database, key: string, l: RList): void {
  if (l.length === 0) {
    db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else {
    l.compact();
    db.touched(key);
  }
}

/** Parses LEFT/RIGHT (case-insensitive): true for LEFT (head), false for RIGHT, undefined when invalid. */
function parseWhere(s: string): boolean | undefined {
  const l = s.toLowerCase();
  if (l === 'left') return true;
  if (l === 'right') return false;
  return undefined;
}

/** Redis's getRangeLongFromObjectOrReply(1..LONG_MAX) for numkeys/count. */
function parsePositive(s: string): number | undefined {
  const n = parseLL(s);
  return n === undefined || n < 1 ? undefined : n;
}

// ---- pushes ------------------------------------------------------------------

function pushGeneric(c: Client, argv: string[], head: boolean, onlyExisting: boolean): void {
  const key = argv[1];
  let l = listForWrite(c, key);
  if (l === false) return;
  const f = fill(c);
  if (l === null) {
    if (onlyExisting) { c.w.int(0); return; }
    l = new RList();
    for (let i = 2; i < argv.length; i++) if (head) l.pushHead(argv[i], f); else l.pushTail(argv[i], f);
    l.compact();
    c.db.add(key, l);
  } else {
    for (let i = 2; i < argv.length; i++) if (head) l.pushHead(argv[i], f); else l.pushTail(argv[i], f);
    l.compact();
    c.db.touched(key);
  }
  c.w.int(l.length);
  notify(c, NOTIFY_LIST, head ? 'lpush' : 'rpush', key);
  c.db.ready(key);
}

// ---- pops ---------------------------------------------------------------------

const POSITIVE_ERR = 'ERR value is out of range, must be positive';

function popGeneric(c: Client, argv: string[], head: boolean): void {
  const key = argv[1];
  let count = -1;
  if (argv.length > 3) { c.w.error(`ERR wrong number of arguments for '${head ? 'lpop' : 'rpop'}' command`); return; }
  if (argv.length === 3) {
    const n = parseLL(argv[2]);
    if (n === undefined || n < 0) { c.w.error(POSITIVE_ERR); return; }
    count = n;
  }
  const l = listForWrite(c, key);
  if (l === false) return;
  if (l === null) { if (count >= 0) c.w.nullArray(); else c.w.nullBulk(); return; }
  if (count === 0) { c.w.array(0); return; }
  if (count < 0) {
    if (head) l.popHeadTo(c.w); else l.popTailTo(c.w);
  } else {
    popRangeReply(c, l, head, count);
  }
  notify(c, NOTIFY_LIST, head ? 'lpop' : 'rpop', key);
  afterRemoval(c, c.db, key, l);
}

/** Pops up to count elements from one end and writes them as an array. */
function popRangeReply(c: Client, l: RList, head: boolean, count: number): void {
  const n = Math.min(count, l.length);
  const w = c.w;
  w.array(n);
  if (head) for (let i = 0; i < n; i++) l.popHeadTo(w);
  else for (let i = 0; i < n; i++) l.popTailTo(w);
}

// ---- simple reads/writes -----------------------------------------------------

function llen(c: Client, argv: string[]): void {
  const l = listForRead(c, argv[1]);
  if (l === false) return;
  c.w.int(l === null ? 0 : l.length);
}

function lindex(c: Client, argv: string[]): void {
  const l = listForRead(c, argv[1]);
  if (l === false) return;
  if (l === null) { c.w.nullBulk(); return; }
  const i = parseLL(argv[2]);
  if (i === undefined) { c.w.error(NOT_INTEGER); return; }
  const v = l.get(i);
  if (v === undefined) c.w.nullBulk(); else c.w.bulk(v);
}

function lset(c: Client, argv: string[]): void {
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === false) return;
  if (l === null) { c.w.error(NO_SUCH_KEY); return; }
  let i = parseLL(argv[2]);
  if (i === undefined) { c.w.error(NOT_INTEGER); return; }
  if (i < 0) i += l.length;
  if (i < 0 || i >= l.length) { c.w.error(OUT_OF_RANGE_INDEX); return; }
  l.set(i, argv[3], fill(c));
  l.compact();
  c.w.ok();
  c.db.touched(key);
  notify(c, NOTIFY_LIST, 'lset', key);
}

/** Normalises a Redis start/end pair against len; returns null when the range is empty. */
function clampRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

function lrange(c: Client, argv: string[]): void {
  const start = parseLL(argv[2]), end = parseLL(argv[3]);
  if (start === undefined || end === undefined) { c.w.error(NOT_INTEGER); return; }
  const l = listForRead(c, argv[1]);
  if (l === false) return;
  if (l === null) { c.w.array(0); return; }
  const r = clampRange(start, end, l.length);
  if (r === null) { c.w.array(0); return; }
  c.w.array(r[1] - r[0] + 1);
  l.writeRange(r[0], r[1] - r[0] + 1, c.w);
}

function ltrim(c: Client, argv: string[]): void {
  const key = argv[1];
  const start = parseLL(argv[2]), end = parseLL(argv[3]);
  if (start === undefined || end === undefined) { c.w.error(NOT_INTEGER); return; }
  const l = listForWrite(c, key);
  if (l === false) return;
  if (l === null) { c.w.ok(); return; }
  const len = l.length;
  const r = clampRange(start, end, len);
  if (r === null) l.deleteRange(0, len);
  else {
    l.deleteRange(r[1] + 1, len - r[1] - 1);
    l.deleteRange(0, r[0]);
  }
  notify(c, NOTIFY_LIST, 'ltrim', key);
  afterRemoval(c, c.db, key, l);
  c.w.ok();
}

function lrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const count = parseLL(argv[2]);
  if (count === undefined) { c.w.error(NOT_INTEGER); return; }
  const l = listForWrite(c, key);
  if (l === false) return;
  if (l === null) { c.w.int(0); return; }
  const removed = l.remove(argv[3], Math.abs(count), count < 0);
  if (removed > 0) {
    notify(c, NOTIFY_LIST, 'lrem', key);
    afterRemoval(c, c.db, key, l);
  }
  c.w.int(removed);
}

function linsert(c: Client, argv: string[]): void {
  const key = argv[1];
  const w = argv[2].toLowerCase();
  if (w !== 'before' && w !== 'after') { c.w.error(SYNTAX); return; }
  const l = listForWrite(c, key);
  if (l === false) return;
  if (l === null) { c.w.int(0); return; }
  if (!l.insert(argv[3], argv[4], w === 'after', fill(c))) { c.w.int(-1); return; }
  l.compact();
  c.db.touched(key);
  notify(c, NOTIFY_LIST, 'linsert', key);
  c.w.int(l.length);
}

function lpos(c: Client, argv: string[]): void {
  let rank = 1, count = -1, maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = j + 1 < argv.length;
    if (opt === 'rank' && more) {
      const n = parseLL(argv[++j]);
      if (n === undefined) { c.w.error(NOT_INTEGER); return; }
      if (n === 0) {
        c.w.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return;
      }
      rank = n;
    } else if (opt === 'count' && more) {
      const n = parseLL(argv[++j]);
      if (n === undefined || n < 0) { c.w.error("ERR COUNT can't be negative"); return; }
      count = n;
    } else if (opt === 'maxlen' && more) {
      const n = parseLL(argv[++j]);
      if (n === undefined || n < 0) { c.w.error("ERR MAXLEN can't be negative"); return; }
      maxlen = n;
    } else { c.w.error(SYNTAX); return; }
  }
  const l = listForRead(c, argv[1]);
  if (l === false) return;
  if (l === null) { if (count !== -1) c.w.array(0); else c.w.nullBulk(); return; }
  // Redis negates the rank in 64 bits: LLONG_MIN stays negative and thus matches from the first hit.
  const fromTail = rank < 0;
  const skip = rank <= LONG_MIN ? 0 : Math.abs(rank) - 1;
  const limit = count === -1 ? 1 : count === 0 ? Infinity : count;
  const found = l.positions(argv[2], skip, limit, maxlen, fromTail);
  if (count === -1) {
    if (found.length === 0) c.w.nullBulk(); else c.w.int(found[0]);
  } else {
    c.w.array(found.length);
    for (const i of found) c.w.int(i);
  }
}

// ---- moves ----------------------------------------------------------------------

/**
 * Moves one element from src (non-empty list) to dst and replies with it.
 * dstVal is the current value at dst (already type-checked: RList or null).
 */
function moveElement(c: Client, db: Database, srcKey: string, src: RList, dstKey: string, dst: RList | null, fromHead: boolean, toHead: boolean): void {
  const v = (fromHead ? src.popHead() : src.popTail()) as string;
  const f = fill(c);
  if (dst === null) {
    dst = new RList();
    if (toHead) dst.pushHead(v, f); else dst.pushTail(v, f);
    dst.compact();
    db.add(dstKey, dst);
  } else {
    if (toHead) dst.pushHead(v, f); else dst.pushTail(v, f);
    if (dst !== src) dst.compact();
    db.touched(dstKey);
  }
  notify(c, NOTIFY_LIST, toHead ? 'lpush' : 'rpush', dstKey);
  db.ready(dstKey);
  c.w.bulk(v);
  notify(c, NOTIFY_LIST, fromHead ? 'lpop' : 'rpop', srcKey);
  afterRemoval(c, db, srcKey, src);
}

/** LMOVE body after argument parsing: false when the source is absent (nothing replied). */
function lmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean, replyIfMissing: boolean): boolean {
  const s = listForWrite(c, src);
  if (s === false) return true;
  if (s === null) { if (replyIfMissing) c.w.nullBulk(); return false; }
  const d = listForWrite(c, dst);
  if (d === false) return true;
  moveElement(c, c.db, src, s, dst, d, fromHead, toHead);
  return true;
}

function lmove(c: Client, argv: string[]): void {
  const from = parseWhere(argv[3]), to = parseWhere(argv[4]);
  if (from === undefined || to === undefined) { c.w.error(SYNTAX); return; }
  lmoveGeneric(c, argv[1], argv[2], from, to, true);
}

function rpoplpush(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv[1], argv[2], false, true, true);
}

// ---- LMPOP --------------------------------------------------------------------

interface MpopArgs { keys: string[]; head: boolean; count: number }

/** Parses "numkeys key... LEFT|RIGHT [COUNT n]" starting at argv[idx]; replies and returns null on error. */
function parseMpop(c: Client, argv: string[], idx: number): MpopArgs | null {
  const numkeys = parsePositive(argv[idx]);
  if (numkeys === undefined) { c.w.error('ERR numkeys should be greater than 0'); return null; }
  if (numkeys > argv.length - idx - 2) { c.w.error(SYNTAX); return null; }
  const whereIdx = idx + numkeys + 1;
  const head = parseWhere(argv[whereIdx]);
  if (head === undefined) { c.w.error(SYNTAX); return null; }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = parsePositive(argv[++j]);
      if (n === undefined) { c.w.error('ERR count should be greater than 0'); return null; }
      count = n;
    } else { c.w.error(SYNTAX); return null; }
  }
  return { keys: argv.slice(idx + 1, idx + 1 + numkeys), head, count: count === -1 ? 1 : count };
}

/** Pops from key's list for an MPOP reply: [key, [elements]]. */
function mpopFrom(c: Client, db: Database, key: string, l: RList, head: boolean, count: number): void {
  c.w.array(2);
  c.w.bulk(key);
  popRangeReply(c, l, head, count);
  notify(c, NOTIFY_LIST, head ? 'lpop' : 'rpop', key);
  afterRemoval(c, db, key, l);
}

function lmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  for (const key of a.keys) {
    const l = listForWrite(c, key);
    if (l === false) return;
    if (l !== null && l.length > 0) { mpopFrom(c, c.db, key, l, a.head, a.count); return; }
  }
  c.w.nullArray();
}

// ---- blocking -------------------------------------------------------------------

/**
 * BLPOP / BRPOP / BLMPOP. `count` is -1 for BLPOP/BRPOP (reply [key, value])
 * and >= 1 for BLMPOP (reply [key, [values]]).
 */
function blockingPop(c: Client, keys: string[], head: boolean, count: number, timeoutArg: string): void {
  const deadline = parseTimeout(timeoutArg, c.server.now());
  if (typeof deadline === 'string') { c.w.error(deadline); return; }
  for (const key of keys) {
    const l = listForWrite(c, key);
    if (l === false) return;
    if (l !== null && l.length > 0) { popForWaiter(c, c.db, key, l, head, count); return; }
  }
  if (!c.server.blocking.canBlock(c)) { c.w.nullArray(); return; }
  const db = c.db;
  c.server.blocking.block(c, {
    db, keys: [...new Set(keys)], deadline,
    serve(key: string): boolean {
      const v = db.lookupWrite(key);
      if (!(v instanceof RList) || v.length === 0) return false;
      popForWaiter(c, db, key, v, head, count);
      return true;
    },
    timeout(): void { c.w.nullArray(); },
  });
}

function popForWaiter(c: Client, db: Database, key: string, l: RList, head: boolean, count: number): void {
  if (count >= 0) { mpopFrom(c, db, key, l, head, count); return; }
  c.w.array(2);
  c.w.bulk(key);
  c.w.bulk((head ? l.popHead() : l.popTail()) as string);
  notify(c, NOTIFY_LIST, head ? 'lpop' : 'rpop', key);
  afterRemoval(c, db, key, l);
}

function blpop(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), true, -1, argv[argv.length - 1]);
}

function brpop(c: Client, argv: string[]): void {
  blockingPop(c, argv.slice(1, -1), false, -1, argv[argv.length - 1]);
}

function blmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  blockingPop(c, a.keys, a.head, a.count, argv[1]);
}

function blmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean, timeoutArg: string): void {
  const deadline = parseTimeout(timeoutArg, c.server.now());
  if (typeof deadline === 'string') { c.w.error(deadline); return; }
  if (lmoveGeneric(c, src, dst, fromHead, toHead, false)) return;
  if (!c.server.blocking.canBlock(c)) { c.w.nullBulk(); return; }
  const db = c.db;
  c.server.blocking.block(c, {
    db, keys: [src], deadline,
    serve(key: string): boolean {
      const s = db.lookupWrite(key);
      if (!(s instanceof RList) || s.length === 0) return false;
      const d = db.lookupWrite(dst);
      if (d !== undefined && !(d instanceof RList)) { c.w.error(WRONGTYPE); return true; }
      moveElement(c, db, key, s, dst, d ?? null, fromHead, toHead);
      return true;
    },
    timeout(): void { c.w.nullArray(); },
  });
}

function blmove(c: Client, argv: string[]): void {
  const from = parseWhere(argv[3]), to = parseWhere(argv[4]);
  if (from === undefined || to === undefined) { c.w.error(SYNTAX); return; }
  blmoveGeneric(c, argv[1], argv[2], from, to, argv[5]);
}

function brpoplpush(c: Client, argv: string[]): void {
  blmoveGeneric(c, argv[1], argv[2], false, true, argv[3]);
}

// ---- family -------------------------------------------------------------------------

export const lists: Family = {
  name: 'lists',
  directives: [
    { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', default: '-2', min: -2147483648, max: 2147483647 },
    { name: 'list-compress-depth', type: 'int', default: '0', min: 0, max: 2147483647 },
  ],
  init(server: Server): void {
    server.config.onChange('list-max-listpack-size', v => { server.listFill = Number(v); });
  },
  commands: [
    { name: 'lpush', handler: (c, a) => pushGeneric(c, a, true, false), summary: 'Adds elements at the head of a list, creating it when missing; replies with the new length.' },
    { name: 'rpush', handler: (c, a) => pushGeneric(c, a, false, false), summary: 'Adds elements at the tail of a list, creating it when missing; replies with the new length.' },
    { name: 'lpushx', handler: (c, a) => pushGeneric(c, a, true, true), summary: 'Adds elements at the head of a list only when the list already exists.' },
    { name: 'rpushx', handler: (c, a) => pushGeneric(c, a, false, true), summary: 'Adds elements at the tail of a list only when the list already exists.' },
    { name: 'lpop', handler: (c, a) => popGeneric(c, a, true), summary: 'Removes and returns the first element (or the first count elements) of a list.' },
    { name: 'rpop', handler: (c, a) => popGeneric(c, a, false), summary: 'Removes and returns the last element (or the last count elements) of a list.' },
    { name: 'llen', handler: llen, summary: 'Returns how many elements a list holds.' },
    { name: 'lindex', handler: lindex, summary: 'Returns the element at a position of a list (negative positions count from the end).' },
    { name: 'lset', handler: lset, summary: 'Overwrites the element at a position of a list.' },
    { name: 'lrange', handler: lrange, summary: 'Returns the elements between two positions of a list, both included.' },
    { name: 'ltrim', handler: ltrim, summary: 'Keeps only the elements between two positions of a list and drops the rest.' },
    { name: 'lrem', handler: lrem, summary: 'Deletes occurrences of an element from a list, from the head or the tail, up to a count.' },
    { name: 'linsert', handler: linsert, summary: 'Inserts an element just before or after the first occurrence of a pivot element.' },
    { name: 'lpos', handler: lpos, summary: 'Finds the positions of matching elements in a list, with rank, count and scan-length limits.' },
    { name: 'lmove', handler: lmove, summary: 'Takes an element from one end of a list and puts it at an end of another list.' },
    { name: 'rpoplpush', handler: rpoplpush, summary: 'Takes the last element of a list and puts it at the head of another list.' },
    { name: 'lmpop', handler: lmpop, summary: 'Pops one or more elements from the first non-empty list among several keys.' },
    { name: 'blpop', handler: blpop, summary: 'Pops the first element of the first non-empty list, waiting for one when all are empty.' },
    { name: 'brpop', handler: brpop, summary: 'Pops the last element of the first non-empty list, waiting for one when all are empty.' },
    { name: 'brpoplpush', handler: brpoplpush, summary: 'Waiting form of RPOPLPUSH: blocks until the source list has an element.' },
    { name: 'blmove', handler: blmove, summary: 'Waiting form of LMOVE: blocks until the source list has an element.' },
    { name: 'blmpop', handler: blmpop, summary: 'Waiting form of LMPOP: blocks until one of the lists has elements.' },
  ],
};
