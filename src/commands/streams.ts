/**
 * Stream commands (Redis 7.0): XADD XLEN XRANGE XREVRANGE XDEL XTRIM XREAD
 * XGROUP XREADGROUP XACK XPENDING XCLAIM XAUTOCLAIM XINFO XSETID.
 *
 * The data structure is types/stream.ts. This file parses arguments in the
 * same order as Redis (so that the first error reported is the same), keeps
 * the 7.0 bookkeeping (entries-added, max-deleted-entry-id, group
 * entries-read) and emits the same keyspace events.
 *
 * Blocking: XREAD BLOCK waits for entries past the ID it was given (`$` is
 * resolved when the command runs); XREADGROUP BLOCK (always on `>`) waits
 * for entries past its group's last ID and is also woken (onDelete) when
 * the key is deleted or changes type, or the group is destroyed, with
 * Redis's error replies.
 *
 * WATCH: as in Redis 7.0, only XADD, XDEL and XTRIM (when they change
 * entries) and key creation invalidate watchers; group and PEL updates
 * (XREADGROUP, XACK, XCLAIM, XAUTOCLAIM, XGROUP) and XSETID do not.
 */
import type { Family } from './family.js';
import { replyLines } from './command.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Directive } from '../server/config.js';
import type { Database } from '../db/database.js';
import { notify, NOTIFY_STREAM } from '../db/notify.js';
import { WRONGTYPE, SYNTAX, NOT_INTEGER, NO_SUCH_KEY } from './errors.js';
import { parseLL } from '../util/num.js';
import {
  Stream, EntryRefs, type Chunk, entryId, entryIdInto, entrySpans, type StreamID, type U64, type Group, type Consumer, type Nack, type Limits,
  parseU64, cmpId, idIncr, idDecr, isZero, ZERO_ID, MAX_ID, U64_MAX,
  pelLowerBound, pelFind, pelInsert, pelRemove,
} from '../types/stream.js';

declare module '../server/server.js' {
  interface Server {
    streamLimits?: Limits;
    /** Clients blocked in XREADGROUP (pruned lazily), re-signalled when a database is flushed. */
    streamGroupWaiters?: Set<Client>;
  }
}

const INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

// ---- helpers -------------------------------------------------------------------

/** Redis's ID parser. strict: no "-"/"+"; missingSeq for "<ms>" alone; allowStarSeq: "<ms>-*" gives seq null. */
function parseId(s: string, strict: boolean, missingSeq: number | bigint, allowStarSeq = false): StreamID | { ms: StreamID['ms']; seq: null } | null {
  if (s.length > 127) return null;
  if (!strict) {
    if (s === '-') return ZERO_ID;
    if (s === '+') return MAX_ID;
  }
  const dash = s.indexOf('-');
  if (dash === -1) {
    const ms = parseU64(s);
    if (ms === undefined) return null;
    return { ms, seq: missingSeq };
  }
  const ms = parseU64(s.slice(0, dash));
  if (ms === undefined) return null;
  const rest = s.slice(dash + 1);
  if (allowStarSeq && rest === '*') return { ms, seq: null };
  const seq = parseU64(rest);
  if (seq === undefined) return null;
  return { ms, seq };
}

/** Strict ID (no -/+, no ms-*), or null after replying the error. */
function strictId(c: Client | null, s: string): StreamID | null {
  const id = parseId(s, true, 0) as StreamID | null;
  if (id === null && c) c.w.error(INVALID_ID);
  return id;
}

/** Parses an interval bound: "(" prefix = exclusive; returns [id, exclusive] or null after replying. */
function intervalId(c: Client, s: string, missingSeq: number | bigint): [StreamID, boolean] | null {
  if (s.length > 1 && s.charCodeAt(0) === 40) {
    const id = parseId(s.slice(1), true, missingSeq) as StreamID | null;
    if (id === null) { c.w.error(INVALID_ID); return null; }
    return [id, true];
  }
  const id = parseId(s, false, missingSeq) as StreamID | null;
  if (id === null) { c.w.error(INVALID_ID); return null; }
  return [id, false];
}

/** A name as C's %s prints it in an error: cut at the first NUL. */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i === -1 ? s : s.slice(0, i);
}

function parseInt64(c: Client, s: string, err = NOT_INTEGER): number | null {
  const v = parseLL(s);
  if (v === undefined) { c.w.error(err); return null; }
  return v;
}

/** The stream at key, undefined when absent, or null after replying WRONGTYPE. */
function getStream(c: Client, key: string, write: boolean): Stream | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'stream') { c.w.error(WRONGTYPE); return null; }
  return v as Stream;
}

function limits(c: Client): Limits {
  return c.server.streamLimits ?? { maxBytes: 4096, maxEntries: 100 };
}

/**
 * The text of the last ID replied, kept as bytes: IDs in a row usually share
 * their ms part, so only the sequence digits are rewritten (no string made).
 */
const ID_BUF = Buffer.alloc(48);
let idBufMs: U64 = -1, idBufMsEnd = 0;

/** Writes the decimal digits of v (a U64) at b[p..]; returns the end. */
function putDigits(b: Buffer, p: number, v: U64): number {
  if (typeof v !== 'number') return p + b.latin1Write(String(v), p);
  if (v < 10) { b[p] = 48 + v; return p + 1; }
  let n = v, end = p;
  while (n >= 1) { n = Math.floor(n / 10); end++; }
  n = v;
  for (let i = end - 1; i >= p; i--) { const q = Math.floor(n / 10); b[i] = 48 + (n - q * 10); n = q; }
  return end;
}

function replyIdParts(c: Client, ms: U64, seq: U64): void {
  const b = ID_BUF;
  if (ms !== idBufMs) {
    idBufMs = ms;
    idBufMsEnd = putDigits(b, 0, ms);
    b[idBufMsEnd++] = 45; // '-'
  }
  c.w.bulkBytes(b, 0, putDigits(b, idBufMsEnd, seq));
}

function replyId(c: Client, id: StreamID): void { replyIdParts(c, id.ms, id.seq); }

function replyEntry(c: Client, id: StreamID, fields: string[]): void {
  c.w.array(2);
  replyId(c, id);
  c.w.array(fields.length);
  for (let i = 0; i < fields.length; i++) c.w.bulk(fields[i]);
}

/** Scratch for the entries of one reply (replies are written synchronously, one at a time). */
const REFS = new EntryRefs();
const ENTRY_ID: { ms: U64; seq: U64 } = { ms: 0, seq: 0 };

let SPANS: number[] = [];

/** Writes the field/value array of the entry at (ch, off), straight from the chunk's bytes. */
function replyFieldsAt(c: Client, ch: Chunk, off: number): void {
  const n = entrySpans(ch, off, SPANS);
  const sp = SPANS, b = ch.buf;
  c.w.array(n);
  for (let i = 0; i < n; i++) {
    const a = sp[2 * i];
    if (a < 0) c.w.bulk(ch.master[-1 - a]); else c.w.bulkBytes(b, a, sp[2 * i + 1]);
  }
  if (n > 512) SPANS = [];
}

/** Writes the entries of refs as an array of [id, [field, value, ...]] and releases refs. */
function replyRefs(c: Client, refs: EntryRefs): void {
  c.w.array(refs.n);
  for (let i = 0; i < refs.n; i++) {
    const ch = refs.chunks[i] as Chunk, off = refs.offs[i];
    c.w.array(2);
    entryIdInto(ch, off, ENTRY_ID);
    replyIdParts(c, ENTRY_ID.ms, ENTRY_ID.seq);
    replyFieldsAt(c, ch, off);
  }
  refs.release();
}

function collect(s: Stream, start: StreamID, end: StreamID, rev: boolean, count: number): [StreamID, string[]][] {
  const out: [StreamID, string[]][] = [];
  s.range(start, end, rev, (id, f) => { out.push([id, f]); return count === 0 || out.length < count; });
  return out;
}

function replyEntries(c: Client, list: [StreamID, string[]][]): void {
  c.w.array(list.length);
  for (const [id, f] of list) replyEntry(c, id, f);
}

function group(s: Stream, name: string): Group | undefined {
  return s.groups === null ? undefined : s.groups.get(name);
}

function sortedByName<T extends { name: string }>(m: Map<string, T>): T[] {
  return [...m.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function createConsumer(c: Client, key: string, g: Group, name: string): Consumer {
  const cn: Consumer = { name, seenTime: c.server.now(), pel: [] };
  g.consumers.set(name, cn);
  notify(c, NOTIFY_STREAM, 'xgroup-createconsumer', key);
  return cn;
}

/** Looks a consumer up (refreshing its seen-time) or creates it. */
function lookupOrCreateConsumer(c: Client, key: string, g: Group, name: string): Consumer {
  const cn = g.consumers.get(name);
  if (cn !== undefined) { cn.seenTime = c.server.now(); return cn; }
  return createConsumer(c, key, g, name);
}

// ---- XADD / XTRIM argument parsing ------------------------------------------------

interface TrimArgs {
  strategy: 'none' | 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamID;
  approx: boolean;
  limit: number;
  noMkStream: boolean;
  id: StreamID | null;
  /** ms given with "<ms>-*". */
  starSeq: boolean;
  /** Index of the last parsed argument (the ID for XADD). */
  i: number;
}

/** XADD key * ...: no options (shared, never modified). */
const PLAIN_ADD: Readonly<TrimArgs> = { strategy: 'none', maxlen: 0, minid: ZERO_ID, approx: false, limit: 0, noMkStream: false, id: null, starSeq: false, i: 2 };

function parseAddTrim(c: Client, argv: string[], xadd: boolean): TrimArgs | null {
  const a: TrimArgs = { strategy: 'none', maxlen: 0, minid: ZERO_ID, approx: false, limit: -1, noMkStream: false, id: null, starSeq: false, i: 0 };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    const lo = opt.toLowerCase();
    if (lo === 'maxlen' && more > 0) {
      if (a.strategy !== 'none') { c.w.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible'); return null; }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') { a.approx = true; i++; } else if (more >= 2 && next === '=') i++;
      const v = parseInt64(c, argv[i + 1]);
      if (v === null) return null;
      if (v < 0) { c.w.error('ERR The MAXLEN argument must be >= 0.'); return null; }
      a.maxlen = v;
      i++;
      a.strategy = 'maxlen';
    } else if (lo === 'minid' && more > 0) {
      if (a.strategy !== 'none') { c.w.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible'); return null; }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') { a.approx = true; i++; } else if (more >= 2 && next === '=') i++;
      const id = strictId(c, argv[i + 1]);
      if (id === null) return null;
      a.minid = id;
      i++;
      a.strategy = 'minid';
    } else if (lo === 'limit' && more > 0) {
      const v = parseInt64(c, argv[i + 1]);
      if (v === null) return null;
      if (v < 0) { c.w.error('ERR The LIMIT argument must be >= 0.'); return null; }
      a.limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && lo === 'nomkstream') {
      a.noMkStream = true;
    } else if (xadd) {
      const id = parseId(opt, true, 0, true);
      if (id === null) { c.w.error(INVALID_ID); return null; }
      if (id.seq === null) { a.id = { ms: id.ms, seq: 0 }; a.starSeq = true; } else a.id = id as StreamID;
      break;
    } else {
      c.w.error(SYNTAX);
      return null;
    }
  }
  a.i = i;
  if (a.limit > 0 && a.strategy === 'none') { c.w.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy'); return null; }
  if (!xadd && a.strategy === 'none') { c.w.error('ERR syntax error, XTRIM must be called with a trimming strategy'); return null; }
  if (limitGiven) {
    if (!a.approx) { c.w.error('ERR syntax error, LIMIT cannot be used without the special ~ option'); return null; }
  } else if (a.approx) {
    const me = limits(c).maxEntries;
    a.limit = 100 * me;
    if (a.limit <= 0) a.limit = 10000;
    if (a.limit > 1000000) a.limit = 1000000;
  } else a.limit = 0;
  return a;
}

function doTrim(s: Stream, a: TrimArgs): number {
  if (a.strategy === 'none') return 0;
  return s.trim(a.strategy === 'maxlen' ? a.maxlen : -1, a.strategy === 'minid' ? a.minid : null, a.approx, a.limit);
}

// ---- commands --------------------------------------------------------------------

function xadd(c: Client, argv: string[]): void {
  const a = argv[2] === '*' ? PLAIN_ADD : parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.i + 1;
  const nf = argv.length - fieldPos;
  if (nf < 2 || nf % 2 === 1) { c.w.error(`ERR wrong number of arguments for 'xadd' command`); return; }
  if (a.id !== null && !a.starSeq && isZero(a.id)) { c.w.error('ERR The ID specified in XADD must be greater than 0-0'); return; }
  const key = argv[1];
  let s = getStream(c, key, true);
  if (s === null) return;
  if (s === undefined) {
    if (a.noMkStream) { c.w.nullBulk(); return; }
    s = new Stream();
    c.db.add(key, s);
  }
  const last = s.lastId;
  if (last.ms === U64_MAX && last.seq === U64_MAX) {
    c.w.error('ERR The stream has exhausted the last possible ID, unable to add more items');
    return;
  }
  let id: StreamID;
  if (a.id !== null) {
    if (a.starSeq && a.id.ms === last.ms) {
      if (last.seq === U64_MAX) { c.w.error('ERR The ID specified in XADD is equal or smaller than the target stream top item'); return; }
      id = idIncr(last) as StreamID;
    } else id = a.id;
  } else {
    // the server clock, read once per batch of input: cheaper than Date.now() per entry
    const now = c.server.now();
    id = now > last.ms ? { ms: now, seq: 0 } : (idIncr(last) as StreamID);
  }
  if (cmpId(id, last) <= 0) { c.w.error('ERR The ID specified in XADD is equal or smaller than the target stream top item'); return; }
  s.append(id, argv, limits(c), fieldPos);
  replyId(c, id);
  c.db.touched(key);
  notify(c, NOTIFY_STREAM, 'xadd', key);
  if (a.strategy !== 'none' && doTrim(s, a) > 0) notify(c, NOTIFY_STREAM, 'xtrim', key);
  c.db.ready(key);
}

function xlen(c: Client, argv: string[]): void {
  const s = getStream(c, argv[1], false);
  if (s === null) return;
  c.w.int(s === undefined ? 0 : s.length);
}

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const startArg = rev ? argv[3] : argv[2];
  const endArg = rev ? argv[2] : argv[3];
  const st = intervalId(c, startArg, 0);
  if (st === null) return;
  let start = st[0];
  if (st[1]) {
    const n = idIncr(start);
    if (n === null) { c.w.error('ERR invalid start ID for the interval'); return; }
    start = n;
  }
  const en = intervalId(c, endArg, U64_MAX);
  if (en === null) return;
  let end = en[0];
  if (en[1]) {
    const n = idDecr(end);
    if (n === null) { c.w.error('ERR invalid end ID for the interval'); return; }
    end = n;
  }
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const v = parseInt64(c, argv[j + 1]);
      if (v === null) return;
      count = v < 0 ? 0 : v;
      j++;
    } else { c.w.error(SYNTAX); return; }
  }
  const s = getStream(c, argv[1], false);
  if (s === null) return;
  if (s === undefined) { c.w.array(0); return; }
  if (count === 0) { c.w.nullArray(); return; }
  s.find(start, end, rev, count === -1 ? 0 : count, REFS);
  replyRefs(c, REFS);
}

/** Parses argv[from..] as strict stream IDs; null after replying an error. */
function strictIds(c: Client, argv: string[], from: number): StreamID[] | null {
  const ids: StreamID[] = [];
  for (let j = from; j < argv.length; j++) {
    const id = strictId(c, argv[j]);
    if (id === null) return null;
    ids.push(id);
  }
  return ids;
}

function xdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = getStream(c, key, true);
  if (s === null) return;
  if (s === undefined) { c.w.int(0); return; }
  const ids = strictIds(c, argv, 2);
  if (ids === null) return;
  let deleted = 0;
  for (const id of ids) {
    if (s.delete(id)) {
      if (cmpId(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted > 0) {
    c.db.touched(key);
    notify(c, NOTIFY_STREAM, 'xdel', key);
  }
  c.w.int(deleted);
}

function xtrim(c: Client, argv: string[]): void {
  const key = argv[1];
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const s = getStream(c, key, true);
  if (s === null) return;
  if (s === undefined) { c.w.int(0); return; }
  const n = doTrim(s, a);
  if (n > 0) {
    notify(c, NOTIFY_STREAM, 'xtrim', key);
    c.db.touched(key);
  }
  c.w.int(n);
}

// ---- XREAD / XREADGROUP -----------------------------------------------------------

/** Delivers entries > after (for a group: new entries, creating NACKs) and writes the entry array. */
function replyNew(c: Client, s: Stream, after: StreamID, count: number, g: Group | null, cn: Consumer | null, noack: boolean): void {
  const start = idIncr(after);
  const refs = REFS;
  if (start === null) refs.n = 0; else s.find(start, MAX_ID, false, count, refs);
  if (g === null) { replyRefs(c, refs); return; }
  c.w.array(refs.n);
  const now = c.server.now();
  for (let i = 0; i < refs.n; i++) {
    const ch = refs.chunks[i] as Chunk, off = refs.offs[i];
    const id = entryId(ch, off);
    s.groupDelivered(g, id);
    if (!noack && cn !== null) {
      const old = pelFind(g.pel, id);
      if (old === undefined) {
        const n: Nack = { id, consumer: cn, deliveryTime: now, deliveryCount: 1 };
        pelInsert(g.pel, n);
        pelInsert(cn.pel, n);
      } else {
        if (old.consumer) pelRemove(old.consumer.pel, id);
        old.consumer = cn;
        old.deliveryTime = now;
        old.deliveryCount = 1;
        pelInsert(cn.pel, old);
      }
    }
    c.w.array(2);
    replyId(c, id);
    replyFieldsAt(c, ch, off);
  }
  refs.release();
}

/** Replies with the consumer's pending entries with ID >= start (history read). */
function replyHistory(c: Client, s: Stream, start: StreamID | null, count: number, cn: Consumer): void {
  const pel = cn.pel;
  let i = start === null ? pel.length : pelLowerBound(pel, start);
  const n = count === 0 ? pel.length - i : Math.min(count, pel.length - i);
  c.w.array(Math.max(0, n));
  const now = c.server.now();
  for (let k = 0; k < n; k++, i++) {
    const nack = pel[i];
    const f = s.get(nack.id);
    if (f === undefined) {
      c.w.array(2); replyId(c, nack.id); c.w.nullArray();
    } else {
      replyEntry(c, nack.id, f);
      nack.deliveryTime = now;
      nack.deliveryCount++;
    }
  }
}

function parseBlockMs(c: Client, s: string): number | null {
  const v = parseLL(s);
  if (v === undefined) { c.w.error('ERR timeout is not an integer or out of range'); return null; }
  if (v < 0) { c.w.error('ERR timeout is negative'); return null; }
  if (v === 0) return 0;
  return Date.now() + v;
}

function xreadGeneric(c: Client, argv: string[], xg: boolean): void {
  let timeout = -1;
  let count = 0;
  let streamsArg = 0, nstreams = 0;
  let groupName: string | null = null, consumerName = '';
  let noack = false;
  const cmdName = xg ? 'XREADGROUP' : 'XREAD';
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && more > 0) {
      i++;
      const t = parseBlockMs(c, argv[i]);
      if (t === null) return;
      timeout = t;
    } else if (o === 'count' && more > 0) {
      i++;
      const v = parseInt64(c, argv[i]);
      if (v === null) return;
      count = v < 0 ? 0 : v;
    } else if (o === 'streams' && more > 0) {
      streamsArg = i + 1;
      nstreams = argv.length - streamsArg;
      if (nstreams % 2 !== 0) {
        const sym = xg ? '>' : '$';
        c.w.error(`ERR Unbalanced ${cmdName} list of streams: for each stream key an ID or '${sym}' must be specified.`);
        return;
      }
      nstreams /= 2;
      break;
    } else if (o === 'group' && more >= 2) {
      if (!xg) { c.w.error('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.'); return; }
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!xg) { c.w.error('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.'); return; }
      noack = true;
    } else { c.w.error(SYNTAX); return; }
  }
  if (streamsArg === 0) { c.w.error(SYNTAX); return; }
  if (xg && groupName === null) { c.w.error('ERR Missing GROUP option for XREADGROUP'); return; }
  const ids: (StreamID | null)[] = []; // null = ">"
  const groups: (Group | null)[] = [];
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsArg + k];
    const idArg = argv[streamsArg + nstreams + k];
    const s = getStream(c, key, false);
    if (s === null) return;
    let g: Group | null = null;
    if (groupName !== null) {
      const gg = s === undefined ? undefined : group(s, groupName);
      if (gg === undefined) {
        c.w.error(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(groupName)}' in XREADGROUP with GROUP option`);
        return;
      }
      g = gg;
    }
    groups.push(g);
    if (idArg === '$') {
      if (xg) {
        c.w.error('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
        return;
      }
      ids.push(s !== undefined ? s.lastId : ZERO_ID);
      continue;
    }
    if (idArg === '>') {
      if (!xg) { c.w.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.'); return; }
      ids.push(null);
      continue;
    }
    const id = strictId(c, idArg);
    if (id === null) return;
    ids.push(id);
  }
  // serve synchronously what can be served
  const served: number[] = [];
  const after: StreamID[] = [];
  for (let k = 0; k < nstreams; k++) {
    const s = c.db.peek(argv[streamsArg + k]) as Stream | undefined;
    if (s === undefined) continue;
    const g = groups[k];
    const id = ids[k];
    // like Redis, compare with the last entry still present, not the last ID ever generated
    if (g !== null) {
      if (id !== null) { served.push(k); after.push(id); }
      else if (s.length > 0 && cmpId(lastValid(s), g.lastId) > 0) { served.push(k); after.push(g.lastId); }
    } else if (s.length > 0 && cmpId(lastValid(s), id as StreamID) > 0) {
      served.push(k); after.push(id as StreamID);
    }
  }
  if (served.length > 0) {
    if (c.resp === 2) c.w.array(served.length); else c.w.map(served.length);
    for (let j = 0; j < served.length; j++) {
      const k = served[j];
      const key = argv[streamsArg + k];
      const s = c.db.peek(key) as Stream;
      if (c.resp === 2) c.w.array(2);
      c.w.bulk(key);
      const g = groups[k];
      if (g !== null) {
        const cn = lookupOrCreateConsumer(c, key, g, consumerName);
        if (ids[k] !== null) replyHistory(c, s, idIncr(ids[k] as StreamID), count, cn);
        else replyNew(c, s, after[j], count, g, cn, noack);
      } else replyNew(c, s, after[j], count, null, null, false);
    }
    return;
  }
  if (timeout !== -1) {
    if (!c.server.blocking.canBlock(c)) { c.w.nullArray(); return; }
    blockRead(c, argv.slice(streamsArg, streamsArg + nstreams), ids, groupName, consumerName, noack, count || XREAD_BLOCKED_DEFAULT_COUNT, timeout);
    return;
  }
  c.w.nullArray();
}

function blockRead(c: Client, keys: string[], ids: (StreamID | null)[], groupName: string | null, consumerName: string,
  noack: boolean, count: number, deadline: number): void {
  const db: Database = c.db;
  const gts = new Map<string, StreamID | null>();
  for (let k = 0; k < keys.length; k++) if (!gts.has(keys[k])) gts.set(keys[k], ids[k]);
  if (groupName !== null) {
    const ws = c.server.streamGroupWaiters ?? (c.server.streamGroupWaiters = new Set());
    ws.add(c);
  }
  c.server.blocking.block(c, {
    db,
    keys: [...gts.keys()],
    deadline,
    onDelete: groupName !== null,
    serve(key: string): boolean {
      const v = db.peek(key);
      if (v === undefined || typeof v === 'string' || v.type !== 'stream') {
        if (groupName === null) return false;
        c.w.error('UNBLOCKED the stream key no longer exists');
        return true;
      }
      const s = v as Stream;
      let gt = gts.get(key) ?? ZERO_ID;
      let g: Group | null = null;
      if (groupName !== null) {
        const gg = group(s, groupName);
        if (gg === undefined) { c.w.error('NOGROUP the consumer group this client was blocked on no longer exists'); return true; }
        g = gg;
        gt = g.lastId;
      }
      if (cmpId(s.lastId, gt) <= 0) return false;
      let cn: Consumer | null = null;
      if (g !== null) cn = lookupOrCreateConsumer(c, key, g, consumerName);
      if (c.resp === 2) { c.w.array(1); c.w.array(2); } else c.w.map(1);
      c.w.bulk(key);
      replyNew(c, s, gt, count, g, cn, noack);
      return true;
    },
    timeout(): void { c.w.nullArray(); },
  });
}

function lastValid(s: Stream): StreamID {
  // the common case: the last generated ID is still there
  return s.lastIsLive() ? s.lastId : s.lastLiveId();
}

function xread(c: Client, argv: string[]): void { xreadGeneric(c, argv, false); }
function xreadgroup(c: Client, argv: string[]): void { xreadGeneric(c, argv, true); }

// ---- XGROUP -------------------------------------------------------------------------

function subSyntax(c: Client, argv: string[]): void {
  c.w.error(`ERR unknown subcommand or wrong number of arguments for '${cstr(argv[1]).slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
}

function xgroupGeneric(c: Client, argv: string[]): void {
  const opt = argv[1].toLowerCase();
  let mkstream = false;
  let entriesRead = -1;
  let s: Stream | undefined;
  let g: Group | undefined;
  const key = argv[2];
  const gname = argv[3];
  if (opt === 'create' || opt === 'setid') {
    for (let i = 5; i < argv.length;) {
      const o = argv[i].toLowerCase();
      if (o === 'mkstream' && opt === 'create') { mkstream = true; i++; }
      else if (o === 'entriesread' && i + 1 < argv.length) {
        const v = parseInt64(c, argv[i + 1]);
        if (v === null) return;
        if (v < 0 && v !== -1) { c.w.error('ERR value for ENTRIESREAD must be positive or -1'); return; }
        entriesRead = v;
        i += 2;
      } else { subSyntax(c, argv); return; }
    }
  }
  const v = getStream(c, key, true);
  if (v === null) return;
  s = v;
  if (!mkstream) {
    if (s === undefined) {
      c.w.error('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
      return;
    }
    g = group(s, gname);
    if (g === undefined && (opt === 'setid' || opt === 'createconsumer' || opt === 'delconsumer')) {
      c.w.error(`NOGROUP No such consumer group '${cstr(gname)}' for key name '${cstr(key)}'`);
      return;
    }
  } else if (s !== undefined) g = group(s, gname);
  if (opt === 'create' && argv.length >= 5 && argv.length <= 8) {
    let id: StreamID;
    if (argv[4] === '$') id = s !== undefined ? s.lastId : ZERO_ID;
    else {
      const p = strictId(c, argv[4]);
      if (p === null) return;
      id = p;
    }
    if (s === undefined) {
      s = new Stream();
      c.db.add(key, s);
    }
    if (s.groups === null) s.groups = new Map();
    if (s.groups.has(gname)) { c.w.error('BUSYGROUP Consumer Group name already exists'); return; }
    s.groups.set(gname, { name: gname, lastId: id, entriesRead, pel: [], consumers: new Map() });
    c.w.ok();
    notify(c, NOTIFY_STREAM, 'xgroup-create', key);
  } else if (opt === 'setid' && (argv.length === 5 || argv.length === 7)) {
    let id: StreamID;
    if (argv[4] === '$') id = (s as Stream).lastId;
    else {
      const p = parseId(argv[4], false, 0) as StreamID | null;
      if (p === null) { c.w.error(INVALID_ID); return; }
      id = p;
    }
    const gg = g as Group;
    gg.lastId = id;
    gg.entriesRead = entriesRead;
    c.w.ok();
    notify(c, NOTIFY_STREAM, 'xgroup-setid', key);
  } else if (opt === 'destroy' && argv.length === 4) {
    if (g !== undefined) {
      (s as Stream).groups!.delete(gname);
      c.w.int(1);
      notify(c, NOTIFY_STREAM, 'xgroup-destroy', key);
      c.db.ready(key);
    } else c.w.int(0);
  } else if (opt === 'createconsumer' && argv.length === 5) {
    const gg = g as Group;
    if (gg.consumers.has(argv[4])) { c.w.int(0); return; }
    createConsumer(c, key, gg, argv[4]);
    c.w.int(1);
  } else if (opt === 'delconsumer' && argv.length === 5) {
    const gg = g as Group;
    const cn = gg.consumers.get(argv[4]);
    let pending = 0;
    if (cn !== undefined) {
      pending = cn.pel.length;
      for (const n of cn.pel) pelRemove(gg.pel, n.id);
      gg.consumers.delete(argv[4]);
      notify(c, NOTIFY_STREAM, 'xgroup-delconsumer', key);
    }
    c.w.int(pending);
  } else subSyntax(c, argv);
}

const XGROUP_HELP = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  '      Set the group\'s entries_read counter (internal use).',
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];
const XINFO_HELP = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];


// ---- XACK / XPENDING / XCLAIM / XAUTOCLAIM --------------------------------------------

function noGroup(c: Client, key: string, g: string): void {
  c.w.error(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(g)}'`);
}

function removeNack(g: Group, n: Nack): void {
  pelRemove(g.pel, n.id);
  if (n.consumer) pelRemove(n.consumer.pel, n.id);
}

function xack(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = getStream(c, key, false);
  if (s === null) return;
  const g = s === undefined ? undefined : group(s, argv[2]);
  if (g === undefined) { c.w.int(0); return; }
  const ids = strictIds(c, argv, 3);
  if (ids === null) return;
  let n = 0;
  for (const id of ids) {
    const nack = pelFind(g.pel, id);
    if (nack !== undefined) { removeNack(g, nack); n++; }
  }
  c.w.int(n);
}

function xpending(c: Client, argv: string[]): void {
  const key = argv[1], gname = argv[2];
  const justInfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) { c.w.error(SYNTAX); return; }
  let minIdle = 0, count = 0;
  let start = ZERO_ID, end = MAX_ID;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let si = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const v = parseInt64(c, argv[4]);
      if (v === null) return;
      minIdle = v;
      if (argv.length < 8) { c.w.error(SYNTAX); return; }
      si += 2;
    }
    const cv = parseInt64(c, argv[si + 2]);
    if (cv === null) return;
    count = cv < 0 ? 0 : cv;
    const st = intervalId(c, argv[si], 0);
    if (st === null) return;
    start = st[0];
    if (st[1]) {
      const n = idIncr(start);
      if (n === null) { c.w.error('ERR invalid start ID for the interval'); return; }
      start = n;
    }
    const en = intervalId(c, argv[si + 1], U64_MAX);
    if (en === null) return;
    end = en[0];
    if (en[1]) {
      const n = idDecr(end);
      if (n === null) { c.w.error('ERR invalid end ID for the interval'); return; }
      end = n;
    }
    if (si + 3 < argv.length) consumerName = argv[si + 3];
  }
  const s = getStream(c, key, false);
  if (s === null) return;
  const g = s === undefined ? undefined : group(s, gname);
  if (g === undefined) { noGroup(c, key, gname); return; }
  if (justInfo) {
    c.w.array(4);
    c.w.int(g.pel.length);
    if (g.pel.length === 0) { c.w.nullBulk(); c.w.nullBulk(); c.w.nullArray(); return; }
    replyId(c, g.pel[0].id);
    replyId(c, g.pel[g.pel.length - 1].id);
    const cs = sortedByName(g.consumers).filter(x => x.pel.length > 0);
    c.w.array(cs.length);
    for (const cn of cs) { c.w.array(2); c.w.bulk(cn.name); c.w.bulk(String(cn.pel.length)); }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const cn = g.consumers.get(consumerName);
    if (cn === undefined) { c.w.array(0); return; }
    pel = cn.pel;
  }
  const now = c.server.now();
  const out: Nack[] = [];
  for (let i = pelLowerBound(pel, start); count > 0 && i < pel.length && cmpId(pel[i].id, end) <= 0; i++) {
    const n = pel[i];
    if (minIdle && now - n.deliveryTime < minIdle) continue;
    out.push(n);
    count--;
  }
  c.w.array(out.length);
  for (const n of out) {
    c.w.array(4);
    replyId(c, n.id);
    c.w.bulk(n.consumer ? n.consumer.name : '');
    c.w.int(Math.max(0, now - n.deliveryTime));
    c.w.int(n.deliveryCount);
  }
}

function xclaim(c: Client, argv: string[]): void {
  const key = argv[1], gname = argv[2], cname = argv[3];
  const s = getStream(c, key, false);
  if (s === null) return;
  const g = s === undefined ? undefined : group(s, gname);
  if (s === undefined || g === undefined) { noGroup(c, key, gname); return; }
  let minIdle = parseInt64(c, argv[4], 'ERR Invalid min-idle-time argument for XCLAIM');
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = strictId(null, argv[j]);
    if (id === null) break;
    ids.push(id);
  }
  const now = c.server.now();
  let deliveryTime = -1, retryCount = -1;
  let force = false, justId = false;
  let lastId = ZERO_ID;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') force = true;
    else if (opt === 'justid') justId = true;
    else if (opt === 'idle' && more) {
      j++;
      const v = parseInt64(c, argv[j], 'ERR Invalid IDLE option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = now - v;
    } else if (opt === 'time' && more) {
      j++;
      const v = parseInt64(c, argv[j], 'ERR Invalid TIME option argument for XCLAIM');
      if (v === null) return;
      deliveryTime = v;
    } else if (opt === 'retrycount' && more) {
      j++;
      const v = parseInt64(c, argv[j], 'ERR Invalid RETRYCOUNT option argument for XCLAIM');
      if (v === null) return;
      retryCount = v;
    } else if (opt === 'lastid' && more) {
      j++;
      const id = strictId(c, argv[j]);
      if (id === null) return;
      lastId = id;
    } else { c.w.error(`ERR Unrecognized XCLAIM option '${cstr(argv[j])}'`); return; }
  }
  if (deliveryTime !== -1) { if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now; }
  else deliveryTime = now;
  if (cmpId(lastId, g.lastId) > 0) { g.lastId = lastId; }
  let cn: Consumer | undefined;
  const out: [StreamID, string[] | null][] = [];
  for (const id of ids) {
    let nack = pelFind(g.pel, id);
    if (!s.has(id)) {
      if (nack !== undefined) { removeNack(g, nack); }
      continue;
    }
    if (force && nack === undefined) {
      nack = { id, consumer: null, deliveryTime: now, deliveryCount: 1 };
      pelInsert(g.pel, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer && minIdle && now - nack.deliveryTime < minIdle) continue;
    if (cn === undefined) cn = lookupOrCreateConsumer(c, key, g, cname);
    if (nack.consumer !== cn && nack.consumer) pelRemove(nack.consumer.pel, id);
    nack.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount++;
    if (nack.consumer !== cn) { pelInsert(cn.pel, nack); nack.consumer = cn; }
    out.push([id, justId ? null : (s.get(id) ?? null)]);
  }
  c.w.array(out.length);
  for (const [id, f] of out) {
    if (justId) replyId(c, id);
    else if (f === null) c.w.nullArray();
    else replyEntry(c, id, f);
  }
}

function xautoclaim(c: Client, argv: string[]): void {
  const key = argv[1], gname = argv[2], cname = argv[3];
  const s = getStream(c, key, false);
  if (s === null) return;
  const g = s === undefined ? undefined : group(s, gname);
  if (s === undefined || g === undefined) { noGroup(c, key, gname); return; }
  let minIdle = parseInt64(c, argv[4], 'ERR Invalid min-idle-time argument for XAUTOCLAIM');
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const st = intervalId(c, argv[5], 0);
  if (st === null) return;
  let start = st[0];
  if (st[1]) {
    const n = idIncr(start);
    if (n === null) { c.w.error('ERR invalid start ID for the interval'); return; }
    start = n;
  }
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && more) {
      const v = parseLL(argv[j + 1]);
      if (v === undefined || v < 1 || BigInt(argv[j + 1]) > 576460752303423487n) { c.w.error('ERR COUNT must be > 0'); return; }
      count = v;
      j++;
    } else if (opt === 'justid') justId = true;
    else { c.w.error(SYNTAX); return; }
  }
  let attempts = count * 10;
  const now = c.server.now();
  const pel = g.pel;
  let i = pelLowerBound(pel, start);
  let cn: Consumer | undefined;
  const claimed: [StreamID, string[] | null][] = [];
  const deleted: StreamID[] = [];
  while (attempts-- > 0 && count > 0 && i < pel.length) {
    const nack = pel[i];
    const id = nack.id;
    if (!s.has(id)) {
      removeNack(g, nack); // pel[i] is now the next one
      deleted.push(id);
      count--;
      continue;
    }
    i++;
    if (minIdle && now - nack.deliveryTime < minIdle) continue;
    if (cn === undefined) cn = lookupOrCreateConsumer(c, key, g, cname);
    if (nack.consumer !== cn && nack.consumer) pelRemove(nack.consumer.pel, id);
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    if (nack.consumer !== cn) { pelInsert(cn.pel, nack); nack.consumer = cn; }
    claimed.push([id, justId ? null : (s.get(id) ?? null)]);
    count--;
  }
  c.w.array(3);
  replyId(c, i < pel.length ? pel[i].id : ZERO_ID);
  c.w.array(claimed.length);
  for (const [id, f] of claimed) {
    if (justId) replyId(c, id);
    else if (f === null) c.w.nullBulk();
    else replyEntry(c, id, f);
  }
  c.w.array(deleted.length);
  for (const id of deleted) replyId(c, id);
}

// ---- XINFO / XSETID ----------------------------------------------------------------

function replyLag(c: Client, s: Stream, g: Group): void {
  const lag = s.lag(g);
  if (lag === null) c.w.nullBulk(); else c.w.int(lag);
}

function replyEntriesRead(c: Client, g: Group): void {
  if (g.entriesRead === -1) c.w.nullBulk(); else c.w.int(g.entriesRead);
}


function xinfoStream(c: Client, s: Stream, argv: string[]): void {
  let full = true;
  let count = 10;
  const rest = argv.length - 3;
  if (rest === 0) full = false;
  else if (rest === 1 || rest === 3) {
    if (argv[3].toLowerCase() !== 'full') { subSyntax(c, argv); return; }
    if (rest === 3) {
      if (argv[4].toLowerCase() !== 'count') { subSyntax(c, argv); return; }
      const v = parseInt64(c, argv[5]);
      if (v === null) return;
      count = v < 0 ? 0 : v;
    }
  } else { subSyntax(c, argv); return; }
  const w = c.w;
  w.map(full ? 9 : 10);
  w.bulk('length'); w.int(s.length);
  w.bulk('radix-tree-keys'); w.int(s.nodeCount);
  w.bulk('radix-tree-nodes'); w.int(s.radixNodes());
  w.bulk('last-generated-id'); replyId(c, s.lastId);
  w.bulk('max-deleted-entry-id'); replyId(c, s.maxDeletedId);
  w.bulk('entries-added'); w.int(s.entriesAdded);
  w.bulk('recorded-first-entry-id'); replyId(c, s.firstId);
  if (!full) {
    w.bulk('groups'); w.int(s.groups === null ? 0 : s.groups.size);
    const first = s.edge(false), last = s.edge(true);
    w.bulk('first-entry');
    if (first) replyEntry(c, first[0], first[1]); else w.nullBulk();
    w.bulk('last-entry');
    if (last) replyEntry(c, last[0], last[1]); else w.nullBulk();
    return;
  }
  w.bulk('entries');
  replyEntries(c, collect(s, ZERO_ID, MAX_ID, false, count));
  w.bulk('groups');
  const gs = s.groups === null ? [] : sortedByName(s.groups);
  w.array(gs.length);
  for (const g of gs) {
    w.map(7);
    w.bulk('name'); w.bulk(g.name);
    w.bulk('last-delivered-id'); replyId(c, g.lastId);
    w.bulk('entries-read'); replyEntriesRead(c, g);
    w.bulk('lag'); replyLag(c, s, g);
    w.bulk('pel-count'); w.int(g.pel.length);
    w.bulk('pending');
    const np = count === 0 ? g.pel.length : Math.min(count, g.pel.length);
    w.array(np);
    for (let i = 0; i < np; i++) {
      const n = g.pel[i];
      w.array(4); replyId(c, n.id); w.bulk(n.consumer ? n.consumer.name : ''); w.int(n.deliveryTime); w.int(n.deliveryCount);
    }
    w.bulk('consumers');
    const cs = sortedByName(g.consumers);
    w.array(cs.length);
    for (const cn of cs) {
      w.map(4);
      w.bulk('name'); w.bulk(cn.name);
      w.bulk('seen-time'); w.int(cn.seenTime);
      w.bulk('pel-count'); w.int(cn.pel.length);
      w.bulk('pending');
      const m = count === 0 ? cn.pel.length : Math.min(count, cn.pel.length);
      w.array(m);
      for (let i = 0; i < m; i++) {
        const n = cn.pel[i];
        w.array(3); replyId(c, n.id); w.int(n.deliveryTime); w.int(n.deliveryCount);
      }
    }
  }
}

function xinfoGeneric(c: Client, argv: string[]): void {
  const opt = argv[1].toLowerCase();
  const key = argv[2];
  const v = c.db.lookupRead(key);
  if (v === undefined) { c.w.error(NO_SUCH_KEY); return; }
  if (typeof v === 'string' || v.type !== 'stream') { c.w.error(WRONGTYPE); return; }
  const s = v as Stream;
  if (opt === 'consumers' && argv.length === 4) {
    const g = group(s, argv[3]);
    if (g === undefined) { c.w.error(`NOGROUP No such consumer group '${cstr(argv[3])}' for key name '${cstr(key)}'`); return; }
    const cs = sortedByName(g.consumers);
    const now = c.server.now();
    c.w.array(cs.length);
    for (const cn of cs) {
      c.w.map(3);
      c.w.bulk('name'); c.w.bulk(cn.name);
      c.w.bulk('pending'); c.w.int(cn.pel.length);
      c.w.bulk('idle'); c.w.int(Math.max(0, now - cn.seenTime));
    }
  } else if (opt === 'groups' && argv.length === 3) {
    const gs = s.groups === null ? [] : sortedByName(s.groups);
    c.w.array(gs.length);
    for (const g of gs) {
      c.w.map(6);
      c.w.bulk('name'); c.w.bulk(g.name);
      c.w.bulk('consumers'); c.w.int(g.consumers.size);
      c.w.bulk('pending'); c.w.int(g.pel.length);
      c.w.bulk('last-delivered-id'); replyId(c, g.lastId);
      c.w.bulk('entries-read'); replyEntriesRead(c, g);
      c.w.bulk('lag'); replyLag(c, s, g);
    }
  } else if (opt === 'stream' && (argv.length === 3 || argv.length === 4 || argv.length === 6)) {
    xinfoStream(c, s, argv);
  } else subSyntax(c, argv);
}

function xsetid(c: Client, argv: string[]): void {
  const id = strictId(c, argv[2]);
  if (id === null) return;
  let entriesAdded = -1;
  let maxDel = ZERO_ID;
  for (let i = 3; i < argv.length;) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && more) {
      const v = parseInt64(c, argv[i + 1]);
      if (v === null) return;
      if (v < 0) { c.w.error('ERR entries_added must be positive'); return; }
      entriesAdded = v;
      i += 2;
    } else if (opt === 'maxdeletedid' && more) {
      const m = strictId(c, argv[i + 1]);
      if (m === null) return;
      if (cmpId(id, m) < 0) { c.w.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id'); return; }
      maxDel = m;
      i += 2;
    } else { c.w.error(SYNTAX); return; }
  }
  const key = argv[1];
  const s = getStream(c, key, true);
  if (s === null) return;
  if (s === undefined) { c.w.error(NO_SUCH_KEY); return; }
  if (s.length > 0) {
    if (cmpId(id, s.lastLiveId()) < 0) { c.w.error('ERR The ID specified in XSETID is smaller than the target stream top item'); return; }
    if (entriesAdded !== -1 && s.length > entriesAdded) { c.w.error('ERR The entries_added specified in XSETID is smaller than the target stream length'); return; }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!isZero(maxDel)) s.maxDeletedId = maxDel;
  c.w.ok();
  notify(c, NOTIFY_STREAM, 'xsetid', key);
}

// ---- family -----------------------------------------------------------------------

const directives: Directive[] = [
  { name: 'stream-node-max-bytes', type: 'memory', default: '4096', min: 0, max: Number.MAX_SAFE_INTEGER },
  { name: 'stream-node-max-entries', type: 'int', default: '100', min: 0, max: Number.MAX_SAFE_INTEGER },
];

function init(s: Server): void {
  const lim: Limits = { maxBytes: 4096, maxEntries: 100 };
  s.streamLimits = lim;
  const read = (): void => {
    lim.maxBytes = Number(s.config.get('stream-node-max-bytes'));
    lim.maxEntries = Number(s.config.get('stream-node-max-entries'));
  };
  read();
  s.config.onChange('stream-node-max-bytes', read);
  s.config.onChange('stream-node-max-entries', read);
  // FLUSHDB/FLUSHALL do not signal keys one by one: wake XREADGROUP waiters
  // of the flushed databases so they get Redis's "key no longer exists" error
  s.flushHooks.push(db => {
    const ws = s.streamGroupWaiters;
    if (ws === undefined) return;
    for (const c of ws) {
      const req = c.blocked;
      if (!req || !req.onDelete) { ws.delete(c); continue; }
      if (db === null || req.db === db) for (const k of req.keys) s.blocking.signal(req.db, k);
    }
  });
}

export const streams: Family = {
  name: 'streams',
  directives,
  init,
  commands: [
    { name: 'xadd', handler: xadd, summary: 'Appends an entry to a stream, creating the stream unless NOMKSTREAM; can trim it in the same call.' },
    { name: 'xlen', handler: xlen, summary: 'Counts the entries of a stream.' },
    { name: 'xrange', handler: (c, a) => xrangeGeneric(c, a, false), summary: 'Lists the entries whose IDs fall in an interval, oldest first.' },
    { name: 'xrevrange', handler: (c, a) => xrangeGeneric(c, a, true), summary: 'Lists the entries whose IDs fall in an interval, newest first.' },
    { name: 'xdel', handler: xdel, summary: 'Removes entries by ID and returns how many existed.' },
    { name: 'xtrim', handler: xtrim, summary: 'Drops the oldest entries by length or by minimum ID.' },
    { name: 'xread', handler: xread, summary: 'Reads entries newer than given IDs from one or more streams, optionally waiting for them.' },
    { name: 'xreadgroup', handler: xreadgroup, summary: 'Reads entries on behalf of a consumer of a group: new ones with >, or its pending history.' },
    { name: 'xack', handler: xack, summary: 'Marks pending entries of a group as processed.' },
    { name: 'xpending', handler: xpending, summary: 'Summarises or lists the entries a group delivered but nobody acknowledged yet.' },
    { name: 'xclaim', handler: xclaim, summary: 'Transfers ownership of given pending entries to another consumer.' },
    { name: 'xautoclaim', handler: xautoclaim, summary: 'Scans a group\'s pending entries and transfers the idle ones to a consumer, cursor-style.' },
    { name: 'xsetid', handler: xsetid, summary: 'Overrides a stream\'s last ID and bookkeeping counters.' },
    { name: 'xgroup|create', handler: xgroupGeneric, summary: 'Creates a consumer group at a given position of a stream.' },
    { name: 'xgroup|setid', handler: xgroupGeneric, summary: 'Moves a consumer group\'s last delivered ID.' },
    { name: 'xgroup|destroy', handler: xgroupGeneric, summary: 'Deletes a consumer group with its consumers and pending list.' },
    { name: 'xgroup|createconsumer', handler: xgroupGeneric, summary: 'Adds a consumer to a group.' },
    { name: 'xgroup|delconsumer', handler: xgroupGeneric, summary: 'Removes a consumer from a group, dropping its pending entries.' },
    { name: 'xgroup|help', handler: c => replyLines(c, XGROUP_HELP), summary: 'Describes the XGROUP subcommands.' },
    { name: 'xinfo|stream', handler: xinfoGeneric, summary: 'Reports a stream\'s size, counters and edge entries, or everything with FULL.' },
    { name: 'xinfo|groups', handler: xinfoGeneric, summary: 'Reports the consumer groups of a stream.' },
    { name: 'xinfo|consumers', handler: xinfoGeneric, summary: 'Reports the consumers of a group.' },
    { name: 'xinfo|help', handler: c => replyLines(c, XINFO_HELP), summary: 'Describes the XINFO subcommands.' },
  ],
};
