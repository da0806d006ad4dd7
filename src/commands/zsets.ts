/**
 * Sorted-set commands (Redis 7.0 semantics): ZADD and friends, range queries
 * by rank / score / lex, the ZUNION/ZINTER/ZDIFF family (plain sets accepted
 * as inputs with score 1), pops (plain, multi-key and blocking), ZRANDMEMBER
 * and ZSCAN. The data structure lives in src/types/zset.ts.
 *
 * Plain sets as inputs: the sets family owns its type. This file reads a set
 * value (value.type === 'set') only through `setView()` below, which needs
 * the set object to expose `size: number` (or `size()`), `has(member)` and to
 * be iterable over its members (`[Symbol.iterator]` or `members()`).
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Database, Value } from '../db/database.js';
import { ZSet, type ZLimits } from '../types/zset.js';
import { WRONGTYPE, SYNTAX, NOT_INTEGER, NOT_FLOAT } from './errors.js';
import { parseDouble, parseLL, parseLLBig, fmtDouble, strtodWhole } from '../util/num.js';
import { notify, NOTIFY_ZSET, NOTIFY_GENERIC } from '../db/notify.js';
import { parseTimeout } from '../server/blocking.js';
import { globMatch } from '../util/glob.js';
import { ConfigError } from '../server/config.js';

declare module '../server/server.js' {
  interface Server {
    /** zset-max-listpack-entries / zset-max-listpack-value, mirrored from config. */
    zsetLimits?: ZLimits;
  }
}

const NAN_ERR = 'ERR resulting score is not a number (NaN)';
const MINMAX_FLOAT = 'ERR min or max is not a float';
const MINMAX_LEX = 'ERR min or max not valid string range item';

export function zsetLimits(s: Server): ZLimits {
  return s.zsetLimits ?? (s.zsetLimits = { entries: 128, value: 64 });
}

// ---- lookups ---------------------------------------------------------------

export function isZ(v: Value): v is ZSet {
  return typeof v !== 'string' && v.type === 'zset';
}

/** Read lookup: the zset, undefined when absent, or null after replying WRONGTYPE. */
export function readZ(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (!isZ(v)) { c.w.error(WRONGTYPE); return null; }
  return v;
}

function writeZ(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (!isZ(v)) { c.w.error(WRONGTYPE); return null; }
  return v;
}

/** Deletes key when its zset became empty; emits "del". */
function dropIfEmpty(c: Client, key: string, z: ZSet): boolean {
  if (z.size !== 0) return false;
  c.db.delete(key);
  notify(c, NOTIFY_GENERIC, 'del', key);
  return true;
}

// ---- plain-set adapter -------------------------------------------------------

/** The read-only view of a sorted set or a plain set that the set operations use. */
interface Source {
  size: number;
  /** Score of member (1 for plain sets), undefined when absent. */
  score(member: string): number | undefined;
  forEach(fn: (member: string, score: number) => void): void;
  /** Identity, to detect the same key given twice. */
  subject: unknown;
}

const EMPTY_SOURCE: Source = { size: 0, score: () => undefined, forEach: () => {}, subject: null };

/* eslint-disable @typescript-eslint/no-explicit-any */
export function setView(v: any): Source {
  const size = typeof v.size === 'function' ? v.size() : (typeof v.size === 'number' ? v.size : v.card());
  const has: (m: string) => boolean = typeof v.has === 'function' ? (m: string) => v.has(m) : (m: string) => v.isMember(m);
  const iter = (): Iterable<string> => (typeof v.members === 'function' ? v.members() : v);
  return {
    size,
    subject: v,
    score: m => (has(m) ? 1 : undefined),
    forEach: fn => { for (const m of iter()) fn(m, 1); },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function zsetView(z: ZSet): Source {
  return { size: z.size, subject: z, score: m => z.score(m), forEach: fn => z.forEach(fn) };
}

// ---- number and range parsing -----------------------------------------------------

/** getLongFromObject: strict 64-bit integer (as a JS number). */
function parseLong(s: string): number | undefined {
  return parseLL(s);
}

const WS = /^[ \t\n\v\f\r]*/;

/**
 * A range bound number as strtod() reads it when it must consume the whole
 * string: leading white space allowed, the empty string is 0, overflow gives
 * +-inf, underflow 0; NaN is rejected.
 */
function strtodAll(s: string): number | undefined {
  const t = s.slice((WS.exec(s) as RegExpExecArray)[0].length);
  if (t.length === 0) return s.length === 0 ? 0 : undefined;
  return strtodWhole(t);
}

interface ScoreRange { min: number; max: number; minex: boolean; maxex: boolean }

function parseBound(s: string): [number, boolean] | undefined {
  let ex = false;
  if (s.charCodeAt(0) === 40 /* ( */) { ex = true; s = s.slice(1); }
  const v = strtodAll(s);
  if (v === undefined || Number.isNaN(v)) return undefined;
  return [v, ex];
}

function parseScoreRange(a: string, b: string): ScoreRange | undefined {
  const lo = parseBound(a);
  if (lo === undefined) return undefined;
  const hi = parseBound(b);
  if (hi === undefined) return undefined;
  return { min: lo[0], minex: lo[1], max: hi[0], maxex: hi[1] };
}

/** Lex bound: kind -1 is "-", 1 is "+", 0 a string value. */
interface LexRange { min: string; minK: number; minex: boolean; max: string; maxK: number; maxex: boolean }

function parseLexItem(s: string): [string, number, boolean] | undefined {
  const ch = s.charCodeAt(0);
  if (ch === 43 /* + */) return s.length === 1 ? ['', 1, false] : undefined;
  if (ch === 45 /* - */) return s.length === 1 ? ['', -1, false] : undefined;
  if (ch === 40 /* ( */) return [s.slice(1), 0, true];
  if (ch === 91 /* [ */) return [s.slice(1), 0, false];
  return undefined;
}

function parseLexRange(a: string, b: string): LexRange | undefined {
  const lo = parseLexItem(a), hi = parseLexItem(b);
  if (lo === undefined || hi === undefined) return undefined;
  return { min: lo[0], minK: lo[1], minex: lo[2], max: hi[0], maxK: hi[1], maxex: hi[2] };
}

/** Ranks [lo, hi) of the elements within a score range. */
function scoreBounds(z: ZSet, r: ScoreRange): [number, number] {
  if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return [0, 0];
  const lo = z.countScore(r.min, r.minex);
  const hi = z.countScore(r.max, !r.maxex);
  return hi > lo ? [lo, hi] : [0, 0];
}

function lexCmp(a: string, ak: number, b: string, bk: number): number {
  if (ak !== 0 || bk !== 0) return ak === bk ? 0 : (ak < bk ? -1 : 1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

function lexGteMin(m: string, r: LexRange): boolean {
  if (r.minK !== 0) return r.minK === -1;
  return r.minex ? m > r.min : m >= r.min;
}

function lexLteMax(m: string, r: LexRange): boolean {
  if (r.maxK !== 0) return r.maxK === 1;
  return r.maxex ? m < r.max : m <= r.max;
}

/**
 * Ranks [lo, hi) of the elements within a lex range. Members are only
 * ordered by member when all scores are equal; for mixed scores this follows
 * Redis's search: find the first (or, walking down, the last) element in
 * range, then extend while the other bound holds. `how`: 0 = walk up from
 * the first, 1 = walk down from the last, 2 = first to last (ZLEXCOUNT on a
 * skiplist).
 */
function lexBounds(z: ZSet, r: LexRange, how = 0): [number, number] {
  const cmp = lexCmp(r.min, r.minK, r.max, r.maxK);
  if (cmp > 0 || (cmp === 0 && (r.minex || r.maxex))) return [0, 0];
  const n = z.size;
  if (n === 0 || !lexGteMin(z.memberAt(n - 1), r) || !lexLteMax(z.memberAt(0), r)) return [0, 0];
  const lteMax = (m: string) => lexLteMax(m, r), gteMin = (m: string) => lexGteMin(m, r);
  if (how === 1) {
    const hi = r.maxK === 1 ? n : (r.maxK === -1 ? 0 : z.lexHigh(r.max, r.maxex));
    if (hi === 0 || !gteMin(z.memberAt(hi - 1))) return [0, 0];
    return [hi - z.countWhile(hi - 1, true, gteMin), hi];
  }
  const lo = r.minK === -1 ? 0 : (r.minK === 1 ? n : z.lexLow(r.min, r.minex));
  if (lo >= n || !lteMax(z.memberAt(lo))) return [0, 0];
  if (how === 2 && z.zsl !== null) {
    const hi = r.maxK === 1 ? n : (r.maxK === -1 ? 0 : z.lexHigh(r.max, r.maxex));
    if (hi === 0 || !gteMin(z.memberAt(hi - 1))) return [0, 0];
    return [lo, hi];
  }
  return [lo, lo + z.countWhile(lo, false, lteMax)];
}

// ---- reply helpers -------------------------------------------------------------

/** Replies ranks start..end (inclusive) of z, reversed when rev, with Redis's WITHSCORES shapes. */
function replyRange(c: Client, z: ZSet, start: number, end: number, rev: boolean, withscores: boolean): void {
  const n = end - start + 1;
  if (n <= 0) { c.w.array(0); return; }
  const w = c.w;
  const nested = withscores && c.resp === 3;
  w.array(withscores && !nested ? n * 2 : n);
  z.range(start, end, rev, (m, s) => {
    if (nested) w.array(2);
    w.bulk(m);
    if (withscores) w.double(s);
  });
}

/** Replies a list of pairs with the WITHSCORES shapes. */
function replyPairs(c: Client, ms: string[], ss: number[], withscores: boolean): void {
  const w = c.w;
  const nested = withscores && c.resp === 3;
  w.array(withscores && !nested ? ms.length * 2 : ms.length);
  for (let i = 0; i < ms.length; i++) {
    if (nested) w.array(2);
    w.bulk(ms[i]);
    if (withscores) w.double(ss[i]);
  }
}

// ---- ZADD / ZINCRBY ------------------------------------------------------------

export const F_NX = 1, F_XX = 2, F_GT = 4, F_LT = 8, F_INCR = 16;
/** Scores of a one-pair ZADD (synchronous use only). */
const ONE_SCORE: number[] = [0];

function zaddGeneric(c: Client, argv: string[], incrCmd: boolean): void {
  const key = argv[1];
  let flags = incrCmd ? F_INCR : 0;
  let ch = false;
  let si = 2;
  for (; si < argv.length; si++) {
    const a = argv[si];
    if (a.length !== 2 && a.length !== 4) break; // every option is 2 or 4 letters (a score usually is not)
    const o = a.toLowerCase();
    if (o === 'nx') flags |= F_NX;
    else if (o === 'xx') flags |= F_XX;
    else if (o === 'ch') ch = true;
    else if (o === 'incr') flags |= F_INCR;
    else if (o === 'gt') flags |= F_GT;
    else if (o === 'lt') flags |= F_LT;
    else break;
  }
  const nx = (flags & F_NX) !== 0, xx = (flags & F_XX) !== 0, gt = (flags & F_GT) !== 0, lt = (flags & F_LT) !== 0;
  const incr = (flags & F_INCR) !== 0;
  let elements = argv.length - si;
  if (elements % 2 !== 0 || elements === 0) { c.w.error(SYNTAX); return; }
  elements /= 2;
  if (nx && xx) { c.w.error('ERR XX and NX options at the same time are not compatible'); return; }
  if ((gt && nx) || (lt && nx) || (gt && lt)) { c.w.error('ERR GT, LT, and/or NX options at the same time are not compatible'); return; }
  if (incr && elements > 1) { c.w.error('ERR INCR option supports a single increment-element pair'); return; }
  // one pair (the common case) reuses a scratch array: zaddParsed does not keep it
  const scores: number[] = elements === 1 ? ONE_SCORE : new Array(elements);
  for (let j = 0; j < elements; j++) {
    const d = parseDouble(argv[si + j * 2]);
    if (d === undefined) { c.w.error(NOT_FLOAT); return; }
    scores[j] = d;
  }
  zaddParsed(c, key, flags, ch, scores, argv, si + 1, 2);
}

/**
 * ZADD once its options and scores are parsed and checked (GEOADD calls it
 * too): member j is argv[first + j * stride] with score scores[j]; flags are
 * the F_* options. Replies and signals as ZADD does.
 */
export function zaddParsed(c: Client, key: string, flags: number, ch: boolean, scores: number[], argv: string[], first: number, stride: number): void {
  const nx = (flags & F_NX) !== 0, xx = (flags & F_XX) !== 0, gt = (flags & F_GT) !== 0, lt = (flags & F_LT) !== 0;
  const incr = (flags & F_INCR) !== 0;
  const elements = scores.length;
  let maxlen = 0;
  for (let j = 0; j < elements; j++) {
    const ml = argv[first + j * stride].length;
    if (ml > maxlen) maxlen = ml;
  }
  let z = writeZ(c, key);
  if (z === null) return;
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  const lim = zsetLimits(c.server);
  if (z === undefined) {
    if (xx) {
      if (incr) c.w.null(); else c.w.int(0);
      return;
    }
    z = new ZSet(elements, maxlen, lim);
    c.db.set(key, z); // set, not add: a logically expired key may still be stored (replica)
  }
  for (let j = 0; j < elements; j++) {
    const ele = argv[first + j * stride];
    let sc = scores[j];
    const cur = z.score(ele);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        sc += cur;
        if (Number.isNaN(sc)) {
          c.w.error(NAN_ERR);
          if (added || updated) { c.db.touched(key); notify(c, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key); }
          return;
        }
      }
      if ((lt && sc >= cur) || (gt && sc <= cur)) continue;
      score = sc;
      processed++;
      if (sc !== cur) { z.update(ele, cur, sc); updated++; }
    } else if (!xx) {
      z.insert(ele, sc, lim);
      score = sc;
      added++;
      processed++;
    }
  }
  if (incr) {
    if (processed) c.w.double(score); else c.w.null();
  } else {
    c.w.int(ch ? added + updated : added);
  }
  if (added || updated) {
    c.db.touched(key);
    notify(c, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
    if (added) c.db.ready(key);
  }
}

function zadd(c: Client, argv: string[]): void { zaddGeneric(c, argv, false); }
function zincrby(c: Client, argv: string[]): void { zaddGeneric(c, argv, true); }

// ---- simple reads ----------------------------------------------------------------

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) { c.w.int(0); return; }
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (z.remove(argv[j])) deleted++;
    if (z.size === 0) { c.db.delete(key); removed = true; break; }
  }
  if (deleted) {
    notify(c, NOTIFY_ZSET, 'zrem', key);
    if (removed) notify(c, NOTIFY_GENERIC, 'del', key);
    else c.db.touched(key);
  }
  c.w.int(deleted);
}

function zcard(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.int(z === undefined ? 0 : z.size);
}

function zscore(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (s === undefined) c.w.null(); else c.w.double(s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) c.w.null(); else c.w.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], rev: boolean): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.null(); return; }
  const r = z.rank(argv[2]);
  if (r === -1) { c.w.null(); return; }
  c.w.int(rev ? z.size - 1 - r : r);
}

function zcount(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === undefined) { c.w.error(MINMAX_FLOAT); return; }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.int(0); return; }
  const [lo, hi] = scoreBounds(z, r);
  c.w.int(hi - lo);
}

function zlexcount(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === undefined) { c.w.error(MINMAX_LEX); return; }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.int(0); return; }
  const [lo, hi] = lexBounds(z, r, 2);
  c.w.int(hi - lo);
}

// ---- ZRANGE family ------------------------------------------------------------------

const RANK = 0, SCORE = 1, LEX = 2;

/**
 * The common core of ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE and
 * Z[REV]RANGEBYLEX. `start` is the index of the source key; type / dir are
 * fixed by the legacy commands (-1 = chosen by options).
 */
function zrangeGeneric(c: Client, argv: string[], start: number, store: boolean, type: number, dir: number): void {
  const key = argv[start];
  let minIdx = start + 1, maxIdx = start + 2;
  let withscores = false;
  let offset = 0, limit = -1;
  for (let j = start + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (!store && o === 'withscores') withscores = true;
    else if (o === 'limit' && left >= 2) {
      const a = parseLong(argv[j + 1]);
      if (a === undefined) { c.w.error(NOT_INTEGER); return; }
      const b = parseLong(argv[j + 2]);
      if (b === undefined) { c.w.error(NOT_INTEGER); return; }
      offset = a; limit = b;
      j += 2;
    } else if (dir === -1 && o === 'rev') dir = 1;
    else if (type === -1 && o === 'bylex') type = LEX;
    else if (type === -1 && o === 'byscore') type = SCORE;
    else { c.w.error(SYNTAX); return; }
  }
  if (dir === -1) dir = 0;
  if (type === -1) type = RANK;
  if (limit !== -1 && type === RANK) { c.w.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'); return; }
  if (withscores && type === LEX) { c.w.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX'); return; }
  const rev = dir === 1;
  if (rev && type !== RANK) { const t = minIdx; minIdx = maxIdx; maxIdx = t; }
  let rs = 0, re = 0;
  let sr: ScoreRange | undefined;
  let lr: LexRange | undefined;
  if (type === RANK) {
    const a = parseLong(argv[minIdx]);
    if (a === undefined) { c.w.error(NOT_INTEGER); return; }
    const b = parseLong(argv[maxIdx]);
    if (b === undefined) { c.w.error(NOT_INTEGER); return; }
    rs = a; re = b;
  } else if (type === SCORE) {
    sr = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (sr === undefined) { c.w.error(MINMAX_FLOAT); return; }
  } else {
    lr = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (lr === undefined) { c.w.error(MINMAX_LEX); return; }
  }
  const z = readZ(c, key);
  if (z === null) return;
  // the inclusive ascending rank window to emit, in emission order rev or not
  let first = 0, last = -1;
  if (z !== undefined) {
    const n = z.size;
    if (type === RANK) {
      if (rs < 0) rs = n + rs;
      if (re < 0) re = n + re;
      if (rs < 0) rs = 0;
      if (!(rs > re || rs >= n)) {
        if (re >= n) re = n - 1;
        if (rev) { first = n - 1 - re; last = n - 1 - rs; } else { first = rs; last = re; }
      }
    } else {
      const [lo, hi] = type === SCORE ? scoreBounds(z, sr as ScoreRange) : lexBounds(z, lr as LexRange, rev ? 1 : 0);
      if (hi > lo && offset >= 0 && !(offset > 0 && offset >= n)) {
        if (rev) {
          last = hi - 1 - offset;
          first = limit >= 0 ? Math.max(lo, last - limit + 1) : lo;
        } else {
          first = lo + offset;
          last = limit >= 0 ? Math.min(hi - 1, first + limit - 1) : hi - 1;
        }
        if (last < first) { first = 0; last = -1; }
      }
    }
  }
  if (!store) {
    if (z === undefined || last < first) c.w.array(0);
    else replyRange(c, z, first, last, rev, withscores);
    return;
  }
  const dst = argv[1];
  const count = last - first + 1;
  if (z === undefined || count <= 0) {
    c.w.int(0);
    if (c.db.delete(dst)) notify(c, NOTIFY_GENERIC, 'del', dst);
    return;
  }
  const ms: string[] = [], ss: number[] = [];
  z.range(first, last, false, (m, s) => { ms.push(m); ss.push(s); });
  c.db.set(dst, ZSet.fromSorted(ms, ss, zsetLimits(c.server)));
  c.db.ready(dst);
  c.w.int(count);
  notify(c, NOTIFY_ZSET, 'zrangestore', dst);
}

// ---- removals by range ---------------------------------------------------------------

function zremrangeGeneric(c: Client, argv: string[], type: number): void {
  const key = argv[1];
  let rs = 0, re = 0;
  let sr: ScoreRange | undefined;
  let lr: LexRange | undefined;
  if (type === RANK) {
    const a = parseLong(argv[2]);
    if (a === undefined) { c.w.error(NOT_INTEGER); return; }
    const b = parseLong(argv[3]);
    if (b === undefined) { c.w.error(NOT_INTEGER); return; }
    rs = a; re = b;
  } else if (type === SCORE) {
    sr = parseScoreRange(argv[2], argv[3]);
    if (sr === undefined) { c.w.error(MINMAX_FLOAT); return; }
  } else {
    lr = parseLexRange(argv[2], argv[3]);
    if (lr === undefined) { c.w.error(MINMAX_LEX); return; }
  }
  const z = writeZ(c, key);
  if (z === null) return;
  if (z === undefined) { c.w.int(0); return; }
  let lo: number, hi: number;
  if (type === RANK) {
    const n = z.size;
    if (rs < 0) rs = n + rs;
    if (re < 0) re = n + re;
    if (rs < 0) rs = 0;
    if (rs > re || rs >= n) { c.w.int(0); return; }
    if (re >= n) re = n - 1;
    lo = rs; hi = re + 1;
  } else {
    [lo, hi] = type === SCORE ? scoreBounds(z, sr as ScoreRange) : lexBounds(z, lr as LexRange);
  }
  const removed = hi > lo ? z.removeRange(lo, hi - 1) : 0;
  if (removed) {
    notify(c, NOTIFY_ZSET, type === RANK ? 'zremrangebyrank' : (type === SCORE ? 'zremrangebyscore' : 'zremrangebylex'), key);
    if (!dropIfEmpty(c, key, z)) c.db.touched(key);
  }
  c.w.int(removed);
}

// ---- pops -------------------------------------------------------------------------

/**
 * Pops up to `count` elements from the zset at key (which exists, is a
 * zset and is non-empty) and writes the reply. Shapes: emitKey adds the key
 * in front (BZPOP*, ZMPOP); nested uses [member, score] pairs.
 */
function popAndReply(c: Client, db: Database, key: string, z: ZSet, max: boolean, count: number, emitKey: boolean, nested: boolean): void {
  const w = c.w;
  const n = Math.min(count, z.size);
  if (!nested && !emitKey) w.array(n * 2);
  else if (nested && !emitKey) w.array(n);
  else if (!nested && emitKey) { w.array(n * 2 + 1); w.bulk(key); }
  else { w.array(2); w.bulk(key); w.array(n); }
  for (let i = 0; i < n; i++) {
    const m = z.popEdge(max);
    if (nested) w.array(2);
    w.bulk(m);
    w.double(ZSet.popped);
  }
  notify(c, NOTIFY_ZSET, max ? 'zpopmax' : 'zpopmin', key);
  if (z.size === 0) {
    db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else db.touched(key);
}

function zpopGeneric(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) { c.w.error(SYNTAX); return; }
  let count = -1;
  if (argv.length === 3) {
    const n = parseLong(argv[2]);
    if (n === undefined || n < 0) { c.w.error('ERR value is out of range, must be positive'); return; }
    count = n;
  }
  const z = writeZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.array(0); return; }
  if (count === 0) { c.w.array(0); return; }
  const nested = c.resp === 3 && count !== -1;
  popAndReply(c, c.db, argv[1], z, max, count === -1 ? 1 : count, false, nested);
}

/** ZMPOP / BZMPOP argument parsing from numkeys onwards; replies the error and returns undefined. */
function parseMpop(c: Client, argv: string[], numIdx: number): { keys: string[]; max: boolean; count: number } | undefined {
  const nk = parseLong(argv[numIdx]);
  if (nk === undefined || nk < 1) { c.w.error('ERR numkeys should be greater than 0'); return undefined; }
  const whereIdx = numIdx + nk + 1;
  if (whereIdx >= argv.length) { c.w.error(SYNTAX); return undefined; }
  const wh = argv[whereIdx].toLowerCase();
  let max: boolean;
  if (wh === 'min') max = false;
  else if (wh === 'max') max = true;
  else { c.w.error(SYNTAX); return undefined; }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more > 0) {
      j++;
      const n = parseLong(argv[j]);
      if (n === undefined || n < 1) { c.w.error('ERR count should be greater than 0'); return undefined; }
      count = n;
    } else { c.w.error(SYNTAX); return undefined; }
  }
  return { keys: argv.slice(numIdx + 1, numIdx + 1 + nk), max, count: count === -1 ? 1 : count };
}

/** Finds the first non-empty zset among keys; null after WRONGTYPE, undefined when none. */
function firstNonEmpty(c: Client, keys: string[]): [string, ZSet] | undefined | null {
  for (const k of keys) {
    const v = c.db.lookupWrite(k);
    if (v === undefined) continue;
    if (!isZ(v)) { c.w.error(WRONGTYPE); return null; }
    if (v.size === 0) continue;
    return [k, v];
  }
  return undefined;
}

function zmpop(c: Client, argv: string[]): void {
  const p = parseMpop(c, argv, 1);
  if (!p) return;
  // like Redis: the first existing key is used (type checked), even if it is empty
  for (const k of p.keys) {
    const v = c.db.lookupWrite(k);
    if (v === undefined) continue;
    if (!isZ(v)) { c.w.error(WRONGTYPE); return; }
    popAndReply(c, c.db, k, v, p.max, p.count, true, true);
    return;
  }
  c.w.nullArray();
}

function blockingPop(c: Client, keys: string[], deadline: number, max: boolean, count: number, multi: boolean): void {
  const f = firstNonEmpty(c, keys);
  if (f === null) return;
  if (f !== undefined) {
    popAndReply(c, c.db, f[0], f[1], max, count, true, multi);
    return;
  }
  const srv = c.server;
  if (!srv.blocking.canBlock(c)) { c.w.nullArray(); return; }
  const db = c.db;
  srv.blocking.block(c, {
    db, keys, deadline,
    serve(key: string): boolean {
      const v = db.lookupWrite(key);
      if (v === undefined || !isZ(v) || v.size === 0) return false;
      popAndReply(c, db, key, v, max, count, true, multi);
      return true;
    },
    timeout(): void { c.w.nullArray(); },
  });
}

function bzpopGeneric(c: Client, argv: string[], max: boolean): void {
  const deadline = parseTimeout(argv[argv.length - 1], c.server.now());
  if (typeof deadline === 'string') { c.w.error(deadline); return; }
  blockingPop(c, argv.slice(1, argv.length - 1), deadline, max, 1, false);
}

function bzmpop(c: Client, argv: string[]): void {
  const deadline = parseTimeout(argv[1], c.server.now());
  if (typeof deadline === 'string') { c.w.error(deadline); return; }
  const p = parseMpop(c, argv, 2);
  if (!p) return;
  blockingPop(c, p.keys, deadline, p.max, p.count, true);
}

// ---- ZUNION / ZINTER / ZDIFF -----------------------------------------------------------

const UNION = 0, INTER = 1, DIFF = 2;
const AGG_SUM = 0, AGG_MIN = 1, AGG_MAX = 2;

function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

function setOpGeneric(c: Client, argv: string[], dst: string | null, numIdx: number, op: number, cardOnly: boolean): void {
  const nk = parseLong(argv[numIdx]);
  if (nk === undefined) { c.w.error(NOT_INTEGER); return; }
  if (nk < 1) { c.w.error(`ERR at least 1 input key is needed for '${c.cmd?.fullName ?? argv[0].toLowerCase()}' command`); return; }
  if (nk > argv.length - numIdx - 1) { c.w.error(SYNTAX); return; }
  const srcs: { src: Source; weight: number }[] = [];
  for (let i = 0; i < nk; i++) {
    const k = argv[numIdx + 1 + i];
    const v = dst !== null ? c.db.lookupWrite(k) : c.db.lookupRead(k);
    if (v === undefined) { srcs.push({ src: EMPTY_SOURCE, weight: 1 }); continue; }
    if (typeof v === 'string' || (v.type !== 'zset' && v.type !== 'set')) { c.w.error(WRONGTYPE); return; }
    srcs.push({ src: v.type === 'zset' ? zsetView(v as ZSet) : setView(v), weight: 1 });
  }
  let agg = AGG_SUM;
  let withscores = false;
  let limit = 0;
  let j = numIdx + 1 + nk;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const o = argv[j].toLowerCase();
    if (op !== DIFF && !cardOnly && remaining >= nk + 1 && o === 'weights') {
      j++; remaining--;
      for (let i = 0; i < nk; i++, j++, remaining--) {
        const d = parseDouble(argv[j]);
        if (d === undefined) { c.w.error('ERR weight value is not a float'); return; }
        srcs[i].weight = d;
      }
    } else if (op !== DIFF && !cardOnly && remaining >= 2 && o === 'aggregate') {
      j++; remaining--;
      const a = argv[j].toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else { c.w.error(SYNTAX); return; }
      j++; remaining--;
    } else if (remaining >= 1 && dst === null && !cardOnly && o === 'withscores') {
      j++; remaining--;
      withscores = true;
    } else if (cardOnly && remaining >= 2 && o === 'limit') {
      j++; remaining--;
      const n = parseLong(argv[j]);
      if (n === undefined || n < 0) { c.w.error("ERR LIMIT can't be negative"); return; }
      limit = n;
      j++; remaining--;
    } else { c.w.error(SYNTAX); return; }
  }
  if (op !== DIFF) {
    // stable sort by cardinality, smallest first
    srcs.sort((a, b) => a.src.size - b.src.size);
  }
  const lim = zsetLimits(c.server);
  const acc = new Map<string, number>();
  let card = 0;
  if (op === INTER) {
    const s0 = srcs[0];
    if (s0.src.size > 0) {
      let stop = false;
      const all: [string, number][] = [];
      s0.src.forEach((m, s) => all.push([m, s]));
      for (const [m, s] of all) {
        if (stop) break;
        let score = s0.weight * s;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < srcs.length; k++) {
          const sk = srcs[k];
          let v: number | undefined;
          if (sk.src.subject === s0.src.subject) v = s * sk.weight;
          else {
            v = sk.src.score(m);
            if (v === undefined) break;
            v *= sk.weight;
          }
          score = aggregate(score, v, agg);
        }
        if (k === srcs.length) {
          if (cardOnly) {
            card++;
            if (limit && card >= limit) stop = true;
          } else acc.set(m, score);
        }
      }
    }
  } else if (op === UNION) {
    for (const { src, weight } of srcs) {
      if (src.size === 0) continue;
      src.forEach((m, s) => {
        let score = weight * s;
        if (Number.isNaN(score)) score = 0;
        const cur = acc.get(m);
        if (cur === undefined) acc.set(m, score);
        else acc.set(m, aggregate(cur, score, agg));
      });
    }
  } else {
    const s0 = srcs[0].src;
    if (s0.size > 0) {
      s0.forEach((m, s) => {
        for (let k = 1; k < srcs.length; k++) {
          const sk = srcs[k].src;
          if (sk.subject === s0.subject || sk.score(m) !== undefined) return;
        }
        acc.set(m, s);
      });
    }
  }
  if (cardOnly) { c.w.int(card); return; }
  // order the result by (score, member)
  const ms = [...acc.keys()];
  ms.sort((a, b) => {
    const sa = acc.get(a) as number, sb = acc.get(b) as number;
    return sa < sb ? -1 : (sa > sb ? 1 : (a < b ? -1 : (a > b ? 1 : 0)));
  });
  const ss = ms.map(m => acc.get(m) as number);
  if (dst === null) { replyPairs(c, ms, ss, withscores); return; }
  if (ms.length === 0) {
    c.w.int(0);
    if (c.db.delete(dst)) notify(c, NOTIFY_GENERIC, 'del', dst);
    return;
  }
  c.db.set(dst, ZSet.fromSorted(ms, ss, lim));
  c.db.ready(dst);
  c.w.int(ms.length);
  notify(c, NOTIFY_ZSET, op === UNION ? 'zunionstore' : (op === INTER ? 'zinterstore' : 'zdiffstore'), dst);
}

// ---- ZRANDMEMBER -------------------------------------------------------------------

const LONG_MAX = 9223372036854775807n;

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length < 3) {
    const z = readZ(c, argv[1]);
    if (z === null) return;
    if (z === undefined) { c.w.null(); return; }
    c.w.bulk(z.random()[0]);
    return;
  }
  const big = parseLLBig(argv[2]);
  if (big === undefined) { c.w.error(NOT_INTEGER); return; }
  if (big < -LONG_MAX) { c.w.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'); return; }
  let withscores = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) { c.w.error(SYNTAX); return; }
  if (argv.length === 4) {
    withscores = true;
    if (big < -(LONG_MAX / 2n) || big > LONG_MAX / 2n) { c.w.error('ERR value is out of range'); return; }
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.array(0); return; }
  const uniq = big >= 0n;
  const countBig = uniq ? big : -big;
  if (countBig === 0n) { c.w.array(0); return; }
  const w = c.w;
  const nested = withscores && c.resp === 3;
  const size = z.size;
  const emit = (m: string, s: number) => { if (nested) w.array(2); w.bulk(m); if (withscores) w.double(s); };
  if (!uniq || countBig === 1n) {
    const count = Number(countBig);
    w.array(withscores && !nested ? count * 2 : count);
    if (z.zsl === null) {
      // small set: decode it once, then draw
      const ms: string[] = [], ss: number[] = [];
      z.forEach((m, s) => { ms.push(m); ss.push(s); });
      for (let i = 0; i < count; i++) { const k = (Math.random() * size) | 0; emit(ms[k], ss[k]); }
    } else {
      for (let i = 0; i < count; i++) { const [m, s] = z.random(); emit(m, s); }
    }
    return;
  }
  const count = Number(countBig);
  if (count >= size) {
    w.array(withscores && !nested ? size * 2 : size);
    z.range(0, size - 1, true, emit);
    return;
  }
  // distinct random members: pick a random subset of ranks
  const picked = new Set<number>();
  if (count * 3 > size) {
    const all = Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i > 0; i--) { const k = (Math.random() * (i + 1)) | 0; const t = all[i]; all[i] = all[k]; all[k] = t; }
    for (let i = 0; i < count; i++) picked.add(all[i]);
  } else {
    while (picked.size < count) picked.add((Math.random() * size) | 0);
  }
  w.array(withscores && !nested ? count * 2 : count);
  if (z.zsl === null) {
    const ms: string[] = [], ss: number[] = [];
    z.forEach((m, s) => { ms.push(m); ss.push(s); });
    for (const r of picked) emit(ms[r], ss[r]);
  } else {
    for (const r of picked) { const [m, s] = z.at(r); emit(m, s); }
  }
}

// ---- ZSCAN ---------------------------------------------------------------------------

/** Redis's SCAN cursor parse (strtoul, whole string, no leading space); undefined when invalid. */
export function parseScanCursor(s: string): bigint | undefined {
  if (s.length === 0) return 0n;
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return undefined;
  let v = BigInt(m[2]);
  if (v > 18446744073709551615n) return undefined;
  if (m[1] === '-') v = (18446744073709551616n - v) % 18446744073709551616n;
  return v;
}

function zscan(c: Client, argv: string[]): void {
  const cur = parseScanCursor(argv[2]);
  if (cur === undefined) { c.w.error('ERR invalid cursor'); return; }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.array(2); c.w.bulk('0'); c.w.array(0); return; }
  let count = 10;
  let pat: string | null = null;
  for (let j = 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (o === 'count' && left >= 1) {
      const n = parseLong(argv[j + 1]);
      if (n === undefined) { c.w.error(NOT_INTEGER); return; }
      if (n < 1) { c.w.error(SYNTAX); return; }
      count = n; j++;
    } else if (o === 'match' && left >= 1) {
      pat = argv[j + 1]; j++;
    } else { c.w.error(SYNTAX); return; }
  }
  const out: string[] = [];
  const matchAll = pat === null || pat === '*';
  let next = 0;
  if (z.zsl === null) {
    z.forEach((m, s) => { if (matchAll || globMatch(pat as string, m)) out.push(m, fmtDouble(s)); });
  } else {
    const d = z.zsl.dict;
    next = d.scan(Number(cur & 0xffffffffn), count, slot => {
      const m = d.keyAt(slot) as string;
      if (matchAll || globMatch(pat as string, m)) out.push(m, fmtDouble(d.valAt(slot) as number));
    });
  }
  c.w.array(2);
  c.w.bulk(String(next));
  c.w.bulkArray(out);
}

// ---- family -----------------------------------------------------------------------------

const LONG_MAX_TEXT = '9223372036854775807';
const RANGE_MSG = `argument must be between 0 and ${LONG_MAX_TEXT} inclusive`;

/** zset-max-listpack-entries: a strict 64-bit integer in 0..LONG_MAX. */
function parseEntries(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const v = parseLLBig(args[0]);
  if (v === undefined) throw new ConfigError("argument couldn't be parsed into an integer");
  if (v < 0n) throw new ConfigError(RANGE_MSG);
  return v.toString();
}

const UNITS: Record<string, bigint> = { '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };

/** zset-max-listpack-value: a memory size (digits and an optional unit) in 0..LONG_MAX. */
function parseValueSize(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const a = args[0];
  const m = /^([0-9]*)([a-zA-Z]*)$/.exec(a);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || m[1].length > 100) throw new ConfigError('argument must be a memory value');
  const v = BigInt(m[1] === '' ? '0' : m[1]) * unit;
  if (v > BigInt(LONG_MAX_TEXT)) throw new ConfigError(RANGE_MSG);
  return v.toString();
}

export const zsets: Family = {
  name: 'zsets',
  directives: [
    { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'special', default: '128', parse: parseEntries },
    { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'special', default: '64', parse: parseValueSize },
  ],
  init(server: Server): void {
    const lim = zsetLimits(server);
    server.config.onChange('zset-max-listpack-entries', v => { lim.entries = Number(v); });
    server.config.onChange('zset-max-listpack-value', v => { lim.value = Number(v); });
  },
  commands: [
    { name: 'zadd', handler: zadd, summary: 'Adds members with scores to a sorted set, or updates their scores; NX/XX/GT/LT/CH/INCR refine the update.', warm: 3 },
    { name: 'zincrby', handler: zincrby, summary: 'Adds an increment to the score of one member of a sorted set.', warm: 3 },
    { name: 'zrem', handler: zrem, summary: 'Removes members from a sorted set.', warm: 2 },
    { name: 'zcard', handler: zcard, summary: 'Counts the members of a sorted set.' },
    { name: 'zscore', handler: zscore, summary: 'Returns the score of a member.', warm: 2 },
    { name: 'zmscore', handler: zmscore, summary: 'Returns the scores of several members.', warm: 2 },
    { name: 'zrank', handler: (c, a) => zrankGeneric(c, a, false), summary: 'Returns the position of a member in ascending score order.', warm: 2 },
    { name: 'zrevrank', handler: (c, a) => zrankGeneric(c, a, true), summary: 'Returns the position of a member in descending score order.', warm: 2 },
    { name: 'zcount', handler: zcount, summary: 'Counts the members whose score lies in a range.' },
    { name: 'zlexcount', handler: zlexcount, summary: 'Counts the members that lie in a lexicographic range.' },
    { name: 'zrange', handler: (c, a) => zrangeGeneric(c, a, 1, false, -1, -1), summary: 'Returns members by rank, score or lex range, optionally reversed and limited.' },
    { name: 'zrangestore', handler: (c, a) => zrangeGeneric(c, a, 2, true, -1, -1), summary: 'Stores a rank, score or lex range of a sorted set into another key.' },
    { name: 'zrevrange', handler: (c, a) => zrangeGeneric(c, a, 1, false, RANK, 1), summary: 'Returns members by rank from the highest score down.' },
    { name: 'zrangebyscore', handler: (c, a) => zrangeGeneric(c, a, 1, false, SCORE, 0), summary: 'Returns members whose score is in a range, ascending.' },
    { name: 'zrevrangebyscore', handler: (c, a) => zrangeGeneric(c, a, 1, false, SCORE, 1), summary: 'Returns members whose score is in a range, descending.' },
    { name: 'zrangebylex', handler: (c, a) => zrangeGeneric(c, a, 1, false, LEX, 0), summary: 'Returns members within a lexicographic range, ascending.' },
    { name: 'zrevrangebylex', handler: (c, a) => zrangeGeneric(c, a, 1, false, LEX, 1), summary: 'Returns members within a lexicographic range, descending.' },
    { name: 'zremrangebyrank', handler: (c, a) => zremrangeGeneric(c, a, RANK), summary: 'Removes the members within a rank range.' },
    { name: 'zremrangebyscore', handler: (c, a) => zremrangeGeneric(c, a, SCORE), summary: 'Removes the members within a score range.' },
    { name: 'zremrangebylex', handler: (c, a) => zremrangeGeneric(c, a, LEX), summary: 'Removes the members within a lexicographic range.' },
    { name: 'zpopmin', handler: (c, a) => zpopGeneric(c, a, false), summary: 'Removes and returns the lowest-scored members.' },
    { name: 'zpopmax', handler: (c, a) => zpopGeneric(c, a, true), summary: 'Removes and returns the highest-scored members.' },
    { name: 'zmpop', handler: zmpop, summary: 'Pops the lowest or highest members from the first non-empty sorted set among several keys.' },
    { name: 'bzpopmin', handler: (c, a) => bzpopGeneric(c, a, false), summary: 'Pops the lowest-scored member from the first non-empty key, waiting for one if needed.' },
    { name: 'bzpopmax', handler: (c, a) => bzpopGeneric(c, a, true), summary: 'Pops the highest-scored member from the first non-empty key, waiting for one if needed.' },
    { name: 'bzmpop', handler: bzmpop, summary: 'Blocking form of ZMPOP.' },
    { name: 'zrandmember', handler: zrandmember, summary: 'Returns random members, distinct for a positive count, possibly repeated for a negative one.' },
    { name: 'zunion', handler: (c, a) => setOpGeneric(c, a, null, 1, UNION, false), summary: 'Returns the union of sorted sets (and sets), with weights and an aggregate.' },
    { name: 'zinter', handler: (c, a) => setOpGeneric(c, a, null, 1, INTER, false), summary: 'Returns the intersection of sorted sets (and sets).' },
    { name: 'zdiff', handler: (c, a) => setOpGeneric(c, a, null, 1, DIFF, false), summary: 'Returns the members of the first sorted set absent from the others.' },
    { name: 'zunionstore', handler: (c, a) => setOpGeneric(c, a, a[1], 2, UNION, false), summary: 'Stores the union of sorted sets (and sets) into a key.' },
    { name: 'zinterstore', handler: (c, a) => setOpGeneric(c, a, a[1], 2, INTER, false), summary: 'Stores the intersection of sorted sets (and sets) into a key.' },
    { name: 'zdiffstore', handler: (c, a) => setOpGeneric(c, a, a[1], 2, DIFF, false), summary: 'Stores the difference of sorted sets into a key.' },
    { name: 'zintercard', handler: (c, a) => setOpGeneric(c, a, null, 1, INTER, true), summary: 'Counts the members of an intersection, optionally stopping at a limit.' },
    { name: 'zscan', handler: zscan, summary: 'Incrementally iterates the members and scores of a sorted set.' },
  ],
};
