/**
 * Stream: an append-only log of entries (ID -> field/value pairs) with
 * consumer groups. Protocol-free; the commands live in commands/streams.ts.
 *
 * IDs. An ID is two unsigned 64-bit integers <ms>-<seq>. Each half is a U64:
 * a JS number while it is below 2^53, a bigint from 2^53 up. The form is
 * canonical (a value below 2^53 is never a bigint), so `===` is equality and
 * `<`/`>` compare correctly even across the two types.
 *
 * Entries are kept in chunks ("nodes"), mirroring Redis's node layout so that
 * approximate trimming (`~`), which only drops whole nodes, gives the same
 * results as Redis:
 *  - a chunk holds the entries appended while it was the tail, until it has
 *    `maxEntries` entries (live + deleted) or its estimated listpack size plus
 *    the raw size of the new entry reaches `maxBytes` (Redis's
 *    stream-node-max-entries / -bytes); `lpBytes` tracks the size Redis's
 *    listpack would have, element by element, only for that decision;
 *  - deleting an entry only sets its flag; a chunk whose entries are all
 *    deleted is dropped;
 *  - chunks are sorted by first ID; lookups binary-search the chunk array
 *    then scan one chunk (at most maxEntries entries), so a range read costs
 *    O(log n + k) and XADD is amortised O(1).
 *
 * Chunk encoding (one Buffer per chunk, grown by doubling, trimmed to size
 * when the chunk is closed). Per entry:
 *   flags (1 byte: bit0 deleted, bit1 same fields as the chunk's master)
 *   varint ms delta from the chunk's first ID, varint seq (absolute)
 *   same fields: varint len + bytes of each value
 *   otherwise:   varint field count, then varint len + bytes per field/value
 * Varints are LEB128 (7 bits a byte); values beyond 2^53 go through bigint.
 * The master field names are kept once per chunk as a JS string array.
 *
 * Seeks. Each chunk keeps the byte offset of its last entry (so "is the
 * last ID still live" is O(1)) and of every 16th entry (`marks`): a seek
 * binary-searches the chunks, then the marks of one chunk, then scans at most
 * 16 entries. Offsets never move: deletions only flip a flag byte.
 *
 * Bytes per entry: for the usual case (fields as in the master entry,
 * successive `*` IDs within a few ms) an entry with two 8-byte values costs
 * 1 (flags) + 1..2 (ms delta) + 1 (seq) + 2 x (1 + 8) = 21..22 bytes in its
 * chunk's buffer. A closed chunk costs one view on one of the stream's slabs
 * (see alloc: no malloc per chunk) plus the Chunk object, two IDs and its
 * marks (the master field array is shared with the previous chunk when the
 * names are the same), ~440 bytes of V8 heap, i.e. ~4.4 bytes per entry with
 * 100 entries per chunk: ~26.4 bytes per entry retained in all (measured
 * after a full GC, 1M entries). Redis's listpack needs (flags 2) + (ms-diff
 * 2..4) + (seq-diff 2) + 2 x (1 + 8 + 1) + (lp-count 2) = 28..30 bytes for
 * the same entry, plus its radix tree: bench/stream-memory.ts measures ~32
 * bytes/entry of RSS growth for Redis and ~29-31 for Respite once V8's young
 * generation has reached its working size (which, a fixed cost, makes
 * Respite's overall growth over the first million entries ~45-48 bytes).
 *
 * Consumer groups: a Map by name (replies list them sorted by name as Redis's
 * radix tree does). Each group has a PEL (pending entries list) kept as an
 * array of NACKs sorted by ID, shared with per-consumer sorted arrays.
 */
import type { RObject } from '../db/database.js';

export type U64 = number | bigint;
export interface StreamID { ms: U64; seq: U64 }

const SAFE = 2 ** 53;
export const U64_MAX = 18446744073709551615n;
const TWO64 = 18446744073709551616n;

/** Canonical form: numbers below 2^53, bigint above. */
export function norm(v: bigint): U64 {
  return v < 9007199254740992n ? Number(v) : v;
}

let lastMs: U64 = -1, lastMsStr = '';
/** "<ms>-<seq>". The ms part of the previous call is remembered (successive IDs usually share it). */
export function idStr(id: StreamID): string {
  if (id.ms !== lastMs) { lastMs = id.ms; lastMsStr = String(id.ms) + '-'; }
  return lastMsStr + id.seq;
}
export function cmpU64(a: U64, b: U64): number { return a < b ? -1 : a > b ? 1 : 0; }
export function cmpId(a: StreamID, b: StreamID): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}
export const ZERO_ID: StreamID = { ms: 0, seq: 0 };
export const MAX_ID: StreamID = { ms: U64_MAX, seq: U64_MAX };
export function isZero(id: StreamID): boolean { return id.ms === 0 && id.seq === 0; }

function incU64(v: U64): U64 {
  if (typeof v === 'number') return v + 1 < SAFE ? v + 1 : BigInt(v) + 1n;
  return v + 1n;
}
function decU64(v: U64): U64 {
  if (typeof v === 'number') return v - 1;
  return norm(v - 1n);
}
/** The next ID, or null after the maximum. */
export function idIncr(id: StreamID): StreamID | null {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) return null;
    return { ms: incU64(id.ms), seq: 0 };
  }
  return { ms: id.ms, seq: incU64(id.seq) };
}
/** The previous ID, or null before 0-0. */
export function idDecr(id: StreamID): StreamID | null {
  if (id.seq === 0) {
    if (id.ms === 0) return null;
    return { ms: decU64(id.ms), seq: U64_MAX };
  }
  return { ms: id.ms, seq: decU64(id.seq) };
}

const WS = new Set([32, 9, 10, 11, 12, 13]);
/**
 * Parses an unsigned 64-bit integer as Redis does: a canonical non-negative
 * int64, else C's strtoull rules (leading spaces, sign, leading zeros; a
 * minus wraps around), rejecting overflow and trailing garbage.
 */
export function parseU64(s: string): U64 | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  let i = 0;
  while (i < n && WS.has(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) { neg = s.charCodeAt(i) === 45; i++; }
  const start = i;
  while (i < n) { const c = s.charCodeAt(i); if (c < 48 || c > 57) break; i++; }
  if (i === start || i !== n) return undefined;
  const digits = s.slice(start);
  if (digits.length < 16 && !neg) return Number(digits);
  let v = BigInt(digits);
  if (v > U64_MAX) return undefined;
  if (neg) {
    // a canonical negative int64 is rejected (string2ll path); others wrap like strtoull
    if (v !== 0n && s === '-' + digits && digits.charCodeAt(0) !== 48 && v <= 9223372036854775808n) return undefined;
    v = (TWO64 - v) % TWO64;
  }
  return norm(v);
}

// ---- varints -------------------------------------------------------------

function varLen(v: U64): number {
  if (typeof v === 'number') {
    let n = 1;
    while (v >= 128) { v = Math.floor(v / 128); n++; }
    return n;
  }
  let n = 1;
  while (v >= 128n) { v >>= 7n; n++; }
  return n;
}

// ---- listpack size estimation (for Redis-identical node splitting) ------

function backLen(e: number): number {
  return e < 128 ? 1 : e < 16384 ? 2 : e < 2097152 ? 3 : e < 268435456 ? 4 : 5;
}
function lpIntSize(v: number | bigint): number {
  let e: number;
  if (v >= 0 && v <= 127) e = 1;
  else if (v >= -4096 && v <= 4095) e = 2;
  else if (v >= -32768 && v <= 32767) e = 3;
  else if (v >= -8388608 && v <= 8388607) e = 4;
  else if (v >= -2147483648 && v <= 2147483647) e = 5;
  else e = 9;
  return e + backLen(e);
}
const LP_INT_RE = /^(?:0|-?[1-9][0-9]*)$/;
function lpStrSize(s: string): number {
  const n = s.length;
  const c0 = n > 0 ? s.charCodeAt(0) : 0;
  // only strings starting with a digit or '-' can be integers: test those alone
  if (n <= 20 && ((c0 >= 48 && c0 <= 57) || c0 === 45) && LP_INT_RE.test(s)) {
    if (n < 16) return lpIntSize(Number(s));
    const b = BigInt(s);
    if (b >= -9223372036854775808n && b <= 9223372036854775807n) return lpIntSize(b);
  }
  const e = (n < 64 ? 1 : n < 4096 ? 2 : 5) + n;
  return e + backLen(e);
}
/** A difference of two U64 as Redis's int64 (wrapping). */
function diff64(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  let d = (BigInt(a) - BigInt(b)) % TWO64;
  if (d < 0n) d += TWO64;
  if (d >= 9223372036854775808n) d -= TWO64;
  return d;
}

// ---- chunks ---------------------------------------------------------------

const F_DELETED = 1;
const F_SAME = 2;
/** One entry in this many is marked (its offset kept) for seeks. */
const MARK_EVERY = 16;

export class Chunk {
  buf: Buffer;
  /** Bytes used in buf. */
  used = 0;
  /** Live and deleted entries. */
  live = 0;
  deleted = 0;
  /** Redis's listpack size estimate, without the master counters. */
  lpBase: number;
  /** Byte offset of the last entry. */
  lastOff = 0;
  /** Byte offsets of entries 0, MARK_EVERY, 2 * MARK_EVERY, ... (seeks binary-search them). */
  marks: number[] = [];
  constructor(public first: StreamID, public master: string[], public last: StreamID, cap: number, spare: Buffer | null = null) {
    this.buf = spare !== null && spare.length >= cap ? spare : Buffer.allocUnsafeSlow(cap);
    // listpack header + end, master: count, deleted, nfields, fields, terminator
    let b = 7 + lpIntSize(master.length) + lpIntSize(0);
    for (const f of master) b += lpStrSize(f);
    this.lpBase = b;
  }
  lpBytes(): number { return this.lpBase + lpIntSize(this.live) + lpIntSize(this.deleted); }

  ensure(extra: number): void {
    const need = this.used + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = Buffer.allocUnsafeSlow(cap);
    this.buf.copy(nb, 0, 0, this.used);
    this.buf = nb;
  }
  /**
   * Trims the buffer to its used size (the chunk is no longer the tail).
   * Returns the old buffer when the caller may reuse it as the next tail's.
   */
  shrink(alloc: (n: number) => Buffer): Buffer | null {
    this.marks = this.marks.slice(); // to its exact size
    if (this.buf.length - this.used < 16) return null;
    const old = this.buf;
    const nb = alloc(this.used);
    old.copy(nb, 0, 0, this.used);
    this.buf = nb;
    return old;
  }
  putVar(v: U64): void {
    const b = this.buf;
    let p = this.used;
    if (typeof v === 'number') {
      while (v >= 128) { b[p++] = (v % 128) | 128; v = Math.floor(v / 128); }
      b[p++] = v;
    } else {
      while (v >= 128n) { b[p++] = Number(v & 127n) | 128; v >>= 7n; }
      b[p++] = Number(v);
    }
    this.used = p;
  }
  putStr(s: string): void {
    const n = s.length;
    this.putVar(n);
    if (n > 48) { this.used += this.buf.latin1Write(s, this.used); return; }
    // short strings: a plain loop is cheaper than the native call
    const b = this.buf;
    let p = this.used;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.used = p;
  }
}

/** A cursor decoding one chunk entry at a time. */
class Reader {
  p = 0;
  constructor(public c: Chunk) {}
  /** Moves to byte offset p of chunk c (for the shared scratch reader). */
  at(c: Chunk, p: number): Reader { this.c = c; this.p = p; return this; }
  var(): U64 {
    const b = this.c.buf;
    let p = this.p;
    let x = b[p++];
    if (x < 128) { this.p = p; return x; }
    let v = x & 127, mul = 128;
    for (;;) {
      x = b[p++];
      if (mul >= 2 ** 46) {
        // may leave the safe range: finish in bigint
        let bv = BigInt(v), bm = BigInt(mul);
        for (;;) {
          bv += BigInt(x & 127) * bm;
          if (x < 128) break;
          bm *= 128n;
          x = b[p++];
        }
        this.p = p;
        return norm(bv);
      }
      v += (x & 127) * mul;
      if (x < 128) break;
      mul *= 128;
    }
    this.p = p;
    return v;
  }
  num(): number { return this.var() as number; }
  str(): string {
    const n = this.num();
    const s = this.c.buf.latin1Slice(this.p, this.p + n);
    this.p += n;
    return s;
  }
  skipStr(): void { const n = this.num(); this.p += n; }
}

function addU64(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s < SAFE) return s;
  }
  return norm(BigInt(a) + BigInt(b));
}
function subU64(a: U64, b: U64): U64 {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return norm(BigInt(a) - BigInt(b));
}

/**
 * Walks the entries of one chunk in order, decoding only headers and
 * allocating nothing per entry (an ID object only when asked for).
 */
class Cursor {
  private r: Reader;
  off = 0;
  flags = 0;
  private dms: U64 = 0;
  private seq: U64 = 0;
  constructor(private readonly c: Chunk) { this.r = new Reader(c); }
  /** Moves to the entry at byte offset off (from a previous walk). */
  seek(off: number): void { this.r.p = off; }
  /** Advances to the next entry; false past the last one. */
  next(): boolean {
    const r = this.r, c = this.c;
    if (r.p >= c.used) return false;
    this.off = r.p;
    this.flags = c.buf[r.p++];
    this.dms = r.var();
    this.seq = r.var();
    if (this.flags & F_SAME) { for (let i = 0; i < c.master.length; i++) r.skipStr(); }
    else { const n = r.num(); for (let i = 0; i < 2 * n; i++) r.skipStr(); }
    return true;
  }
  private ms(): U64 { return this.dms === 0 ? this.c.first.ms : addU64(this.c.first.ms, this.dms); }
  id(): StreamID { return { ms: this.ms(), seq: this.seq }; }
  /** The current entry's ID compared with id. */
  cmp(id: StreamID): number {
    const ms = this.ms();
    if (ms !== id.ms) return ms < id.ms ? -1 : 1;
    if (this.seq !== id.seq) return this.seq < id.seq ? -1 : 1;
    return 0;
  }
  get deleted(): boolean { return (this.flags & F_DELETED) !== 0; }
  markDeleted(): void { this.c.buf[this.off] = this.flags | F_DELETED; }
}

/** A reader for the one-shot decoders below (nothing calls out while it is in use). */
let scratchReader: Reader | null = null;
function readerAt(c: Chunk, off: number): Reader {
  return scratchReader === null ? (scratchReader = new Reader(c)).at(c, off) : scratchReader.at(c, off);
}

/** The ID of the entry at byte offset off of chunk c compared with id. */
function cmpEntryAt(c: Chunk, off: number, id: StreamID): number {
  const r = readerAt(c, off + 1);
  const dms = r.var();
  const seq = r.var();
  const ms = dms === 0 ? c.first.ms : addU64(c.first.ms, dms);
  if (ms !== id.ms) return ms < id.ms ? -1 : 1;
  if (seq !== id.seq) return seq < id.seq ? -1 : 1;
  return 0;
}

/** Where to start scanning chunk c for id: the last marked entry whose ID is <= id (the first entry when none). */
function scanFrom(c: Chunk, id: StreamID): number {
  const m = c.marks;
  let lo = 1, hi = m.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmpEntryAt(c, m[mid], id) <= 0) lo = mid + 1; else hi = mid;
  }
  return m.length === 0 ? 0 : m[lo - 1];
}

/** The ID of the entry at byte offset off of chunk c. */
export function entryId(c: Chunk, off: number): StreamID {
  const r = readerAt(c, off + 1);
  const dms = r.var();
  const seq = r.var();
  return { ms: dms === 0 ? c.first.ms : addU64(c.first.ms, dms), seq };
}

/** entryId into an existing object (no allocation). */
export function entryIdInto(c: Chunk, off: number, out: { ms: U64; seq: U64 }): void {
  const r = readerAt(c, off + 1);
  const dms = r.var();
  out.seq = r.var();
  out.ms = dms === 0 ? c.first.ms : addU64(c.first.ms, dms);
}

/**
 * Locates the fields and values of the entry at off without decoding them:
 * item i (fields and values alternate) is the bytes c.buf[spans[2i] ..
 * spans[2i+1]), or, when spans[2i] < 0, the master field name
 * c.master[-1 - spans[2i]]. Returns the number of items.
 */
export function entrySpans(c: Chunk, off: number, spans: number[]): number {
  const r = readerAt(c, off);
  const flags = c.buf[r.p++];
  r.var(); r.var();
  if (flags & F_SAME) {
    const nm = c.master.length;
    for (let i = 0; i < nm; i++) {
      spans[4 * i] = -1 - i;
      const n = r.num();
      spans[4 * i + 2] = r.p;
      spans[4 * i + 3] = r.p += n;
    }
    return 2 * nm;
  }
  const items = 2 * r.num();
  for (let i = 0; i < items; i++) {
    const n = r.num();
    spans[2 * i] = r.p;
    spans[2 * i + 1] = r.p += n;
  }
  return items;
}

/**
 * Entries found by Stream.find, as (chunk, byte offset) pairs in reply order.
 * Meant to be reused: release() drops the chunk references.
 */
export class EntryRefs {
  chunks: (Chunk | null)[] = [];
  offs: number[] = [];
  n = 0;
  push(c: Chunk, off: number): void { this.chunks[this.n] = c; this.offs[this.n++] = off; }
  release(): void {
    if (this.n > 4096) { this.chunks = []; this.offs = []; }
    else for (let i = 0; i < this.n; i++) this.chunks[i] = null;
    this.n = 0;
  }
}

function readFields(c: Chunk, off: number): string[] {
  const r = new Reader(c);
  r.p = off;
  const flags = c.buf[r.p++];
  r.var(); r.var();
  if (flags & F_SAME) {
    const out = new Array<string>(c.master.length * 2);
    for (let i = 0; i < c.master.length; i++) { out[2 * i] = c.master[i]; out[2 * i + 1] = r.str(); }
    return out;
  }
  const n = r.num();
  const out = new Array<string>(2 * n);
  for (let i = 0; i < 2 * n; i++) out[i] = r.str();
  return out;
}

// ---- consumer groups ------------------------------------------------------

export interface Nack {
  id: StreamID;
  consumer: Consumer | null;
  deliveryTime: number;
  deliveryCount: number;
}

export interface Consumer {
  name: string;
  seenTime: number;
  pel: Nack[];
}

export interface Group {
  name: string;
  lastId: StreamID;
  /** Logical number of entries read, or -1 when unknown. */
  entriesRead: number;
  pel: Nack[];
  consumers: Map<string, Consumer>;
}

/** Index of the first NACK whose ID is >= id. */
export function pelLowerBound(pel: Nack[], id: StreamID): number {
  let lo = 0, hi = pel.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (cmpId(pel[m].id, id) < 0) lo = m + 1; else hi = m;
  }
  return lo;
}
export function pelFind(pel: Nack[], id: StreamID): Nack | undefined {
  const i = pelLowerBound(pel, id);
  return i < pel.length && cmpId(pel[i].id, id) === 0 ? pel[i] : undefined;
}
export function pelInsert(pel: Nack[], n: Nack): void {
  if (pel.length === 0 || cmpId(pel[pel.length - 1].id, n.id) < 0) { pel.push(n); return; }
  pel.splice(pelLowerBound(pel, n.id), 0, n);
}
export function pelRemove(pel: Nack[], id: StreamID): boolean {
  const i = pelLowerBound(pel, id);
  if (i < pel.length && cmpId(pel[i].id, id) === 0) { pel.splice(i, 1); return true; }
  return false;
}

// ---- the stream -------------------------------------------------------------

export interface Limits { maxBytes: number; maxEntries: number }

export type Visit = (id: StreamID, fields: string[]) => boolean | void;

export class Stream implements RObject {
  readonly type = 'stream' as const;
  chunks: Chunk[] = [];
  length = 0;
  lastId: StreamID = ZERO_ID;
  firstId: StreamID = ZERO_ID;
  maxDeletedId: StreamID = ZERO_ID;
  entriesAdded = 0;
  groups: Map<string, Group> | null = null;

  encoding(): string { return 'stream'; }

  /*
   * Closed chunks are copied into slabs owned by the stream (a view per
   * chunk) instead of one malloc'ed ArrayBuffer each: that saves the
   * per-buffer overhead and the allocator fragmentation thousands of ~2 KB
   * buffers cause. Slabs grow with the stream (4 KB doubling up to 1 MB, so
   * at most about half of the slab space is ever unused) and go away with
   * it; a slab is freed by the GC once no chunk uses it (trimming from the
   * front frees slabs in order). Big chunks get their own buffer.
   */
  private slab: Buffer | null = null;
  private slabUsed = 0;
  private slabTotal = 0;
  private readonly alloc = (n: number): Buffer => {
    if (n > 65536) return Buffer.allocUnsafeSlow(Math.max(1, n));
    if (this.slab === null || this.slabUsed + n > this.slab.length) {
      const size = Math.min(1 << 20, Math.max(4096, this.slabTotal, n));
      this.slab = Buffer.allocUnsafeSlow(size);
      this.slabUsed = 0;
      this.slabTotal += size;
    }
    const b = this.slab.subarray(this.slabUsed, this.slabUsed + n);
    this.slabUsed += (n + 7) & ~7;
    return b;
  };

  dup(): Stream {
    const s = new Stream();
    for (const c of this.chunks) {
      const n = new Chunk(c.first, c.master, c.last, 1, s.alloc(Math.max(1, c.used)));
      c.buf.copy(n.buf, 0, 0, c.used);
      n.used = c.used; n.live = c.live; n.deleted = c.deleted; n.lpBase = c.lpBase;
      n.lastOff = c.lastOff; n.marks = c.marks.slice();
      s.chunks.push(n);
    }
    s.length = this.length; s.lastId = this.lastId; s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId; s.entriesAdded = this.entriesAdded;
    if (this.groups) {
      s.groups = new Map();
      for (const g of this.groups.values()) {
        const ng: Group = { name: g.name, lastId: g.lastId, entriesRead: g.entriesRead, pel: [], consumers: new Map() };
        const byOld = new Map<Consumer, Consumer>();
        for (const cn of g.consumers.values()) {
          const nc: Consumer = { name: cn.name, seenTime: cn.seenTime, pel: [] };
          byOld.set(cn, nc); ng.consumers.set(cn.name, nc);
        }
        for (const n of g.pel) {
          const nn: Nack = { ...n, consumer: n.consumer ? byOld.get(n.consumer) ?? null : null };
          ng.pel.push(nn);
          if (nn.consumer) nn.consumer.pel.push(nn);
        }
        s.groups.set(g.name, ng);
      }
    }
    return s;
  }

  /** Appends an entry; the caller has checked id > lastId. fields[from..] = [f1, v1, f2, v2, ...]. */
  append(id: StreamID, fields: string[], lim: Limits, from = 0): void {
    let tail = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1] : null;
    let spare: Buffer | null = null;
    let raw = 0;
    for (let i = from; i < fields.length; i++) raw += fields[i].length;
    if (tail !== null) {
      const maxBytes = lim.maxBytes === 0 || lim.maxBytes > 1 << 30 ? 1 << 30 : lim.maxBytes;
      if (tail.lpBytes() + raw >= maxBytes || (lim.maxEntries > 0 && tail.live + tail.deleted >= lim.maxEntries)) {
        spare = tail.shrink(this.alloc);
        tail = null;
      }
    }
    const nf = (fields.length - from) >> 1;
    if (tail === null) {
      // the previous chunk's field names when they are the same (usually): one array for all
      const prev = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1].master : null;
      let master = prev;
      if (prev === null || prev.length !== nf) master = null;
      else for (let i = 0; i < nf; i++) if (fields[from + 2 * i] !== prev[i]) { master = null; break; }
      if (master === null) {
        master = new Array<string>(nf);
        for (let i = 0; i < nf; i++) master[i] = fields[from + 2 * i];
      }
      // the tail buffer is sized for a whole chunk up front (and recycled), so
      // appends do not churn the allocator; it is trimmed when the chunk closes
      const cap = this.chunks.length === 0 ? 256 : Math.min(8192, Math.max(256, lim.maxBytes));
      tail = new Chunk(id, master, id, cap, spare);
      this.chunks.push(tail);
    }
    let same = nf === tail.master.length;
    if (same) for (let i = 0; i < nf; i++) if (fields[from + 2 * i] !== tail.master[i]) { same = false; break; }
    const dms = subU64(id.ms, tail.first.ms);
    // room enough: flags, two varints (at most 10 bytes each), a count and a length per string
    tail.ensure(26 + raw + 5 * (fields.length - from));
    if (((tail.live + tail.deleted) & (MARK_EVERY - 1)) === 0) tail.marks.push(tail.used);
    tail.lastOff = tail.used;
    tail.buf[tail.used++] = same ? F_SAME : 0;
    tail.putVar(dms);
    tail.putVar(id.seq);
    // Redis's listpack size for this entry
    let lp = lpIntSize(same ? F_SAME : 0) + lpIntSize(diff64(id.ms, tail.first.ms)) + lpIntSize(diff64(id.seq, tail.first.seq));
    if (same) {
      for (let i = from + 1; i < fields.length; i += 2) { tail.putStr(fields[i]); lp += lpStrSize(fields[i]); }
      lp += lpIntSize(nf + 3);
    } else {
      tail.putVar(nf);
      lp += lpIntSize(nf);
      for (let i = from; i < fields.length; i++) { tail.putStr(fields[i]); lp += lpStrSize(fields[i]); }
      lp += lpIntSize(nf + 3 + nf + 1);
    }
    tail.lpBase += lp;
    tail.live++;
    tail.last = id;
    if (this.length === 0) this.firstId = id;
    this.length++;
    this.lastId = id;
    this.entriesAdded++;
  }

  /** Index of the last chunk whose first ID is <= id (or -1). */
  private chunkAtOrBefore(id: StreamID): number {
    let lo = 0, hi = this.chunks.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cmpId(this.chunks[m].first, id) <= 0) lo = m + 1; else hi = m;
    }
    return lo - 1;
  }

  /**
   * Calls fn(chunk, byte offset) for the live entries with start <= ID <=
   * end, ascending (or descending when rev), until fn returns false.
   */
  walk(start: StreamID, end: StreamID, rev: boolean, fn: (c: Chunk, off: number) => boolean): void {
    if (this.length === 0 || cmpId(start, end) > 0) return;
    if (!rev) {
      const c0 = Math.max(0, this.chunkAtOrBefore(start));
      for (let ci = c0; ci < this.chunks.length; ci++) {
        const c = this.chunks[ci];
        if (cmpId(c.first, end) > 0) return;
        if (cmpId(c.last, start) < 0) continue;
        const cur = new Cursor(c);
        if (ci === c0) cur.seek(scanFrom(c, start));
        while (cur.next()) {
          if (cur.deleted || cur.cmp(start) < 0) continue;
          if (cur.cmp(end) > 0) return;
          if (!fn(c, cur.off)) return;
        }
      }
    } else {
      let ci = this.chunkAtOrBefore(end);
      for (; ci >= 0; ci--) {
        const c = this.chunks[ci];
        if (cmpId(c.last, start) < 0) return;
        const cur = new Cursor(c);
        const offs: number[] = [];
        while (cur.next()) if (!cur.deleted) offs.push(cur.off);
        for (let i = offs.length - 1; i >= 0; i--) {
          cur.seek(offs[i]);
          cur.next();
          if (cur.cmp(end) > 0) continue;
          if (cur.cmp(start) < 0) return;
          if (!fn(c, cur.off)) return;
        }
      }
    }
  }

  /** Collects into out (emptied first) the live entries with start <= ID <= end, at most count (0: all). */
  find(start: StreamID, end: StreamID, rev: boolean, count: number, out: EntryRefs): void {
    out.n = 0;
    this.walk(start, end, rev, (c, off) => { out.push(c, off); return count === 0 || out.n < count; });
  }

  /**
   * Visits live entries with start <= ID <= end, ascending (or descending
   * when rev), until visit returns false.
   */
  range(start: StreamID, end: StreamID, rev: boolean, visit: Visit): void {
    this.walk(start, end, rev, (c, off) => visit(entryId(c, off), readFields(c, off)) !== false);
  }

  /** The fields of entry id, or undefined when absent/deleted. */
  get(id: StreamID): string[] | undefined {
    let out: string[] | undefined;
    this.range(id, id, false, (_i, f) => { out = f; return false; });
    return out;
  }

  has(id: StreamID): boolean {
    const at = this.seek(id);
    return at !== null && !at[1].deleted;
  }

  /** Whether the last ID generated is still a live entry (then it is the last entry). */
  lastIsLive(): boolean {
    const c = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1] : undefined;
    return c !== undefined && cmpId(c.last, this.lastId) === 0 && (c.buf[c.lastOff] & F_DELETED) === 0;
  }

  /** The chunk index and a cursor on the entry with this id (live or deleted), or null. */
  private seek(id: StreamID): [number, Cursor] | null {
    const ci = this.chunkAtOrBefore(id);
    if (ci < 0) return null;
    const c = this.chunks[ci];
    if (cmpId(c.last, id) < 0) return null;
    const cur = new Cursor(c);
    cur.seek(scanFrom(c, id));
    while (cur.next()) {
      const d = cur.cmp(id);
      if (d === 0) return [ci, cur];
      if (d > 0) return null;
    }
    return null;
  }

  /** The ID of the last live entry (0-0 when empty), without decoding its fields. */
  lastLiveId(): StreamID {
    for (let ci = this.chunks.length - 1; ci >= 0; ci--) {
      const cur = new Cursor(this.chunks[ci]);
      let last: StreamID | null = null;
      while (cur.next()) if (!cur.deleted) last = cur.id();
      if (last !== null) return last;
    }
    return ZERO_ID;
  }

  /** First or last live entry. */
  edge(last: boolean): [StreamID, string[]] | null {
    let r: [StreamID, string[]] | null = null;
    this.range(ZERO_ID, MAX_ID, last, (id, f) => { r = [id, f]; return false; });
    return r;
  }

  private updateFirst(): void {
    const e = this.edge(false);
    this.firstId = e ? e[0] : ZERO_ID;
  }

  /** Marks entry id deleted; returns false when absent. Does not touch maxDeletedId. */
  delete(id: StreamID): boolean {
    const at = this.seek(id);
    if (at === null || at[1].deleted) return false;
    const [ci, cur] = at;
    const c = this.chunks[ci];
    cur.markDeleted();
    c.live--; c.deleted++;
    this.length--;
    if (c.live === 0) this.chunks.splice(ci, 1);
    if (cmpId(id, this.firstId) === 0) this.updateFirst();
    return true;
  }

  /**
   * Trims by MAXLEN (maxlen >= 0) or MINID (minid != null) with Redis's
   * algorithm: whole chunks first; approx stops at the first chunk that cannot
   * go entirely; limit (0 = none) bounds the entries removed. Returns the count.
   */
  trim(maxlen: number, minid: StreamID | null, approx: boolean, limit: number): number {
    let removed = 0;
    // whole chunks go from the front: count them, then drop them in one splice
    let drop = 0;
    while (drop < this.chunks.length) {
      if (minid === null && this.length <= maxlen) break;
      const c = this.chunks[drop];
      const entries = c.live;
      if (limit && removed + entries > limit) break;
      const whole = minid === null ? this.length - entries >= maxlen : cmpId(c.last, minid) < 0;
      if (whole) {
        drop++;
        this.length -= entries;
        removed += entries;
        continue;
      }
      if (approx) break;
      const cur = new Cursor(c);
      while (cur.next()) {
        const stop = minid === null ? this.length <= maxlen : cur.cmp(minid) >= 0;
        if (stop) break;
        if (!cur.deleted) {
          cur.markDeleted();
          c.live--; c.deleted++;
          this.length--;
          removed++;
        }
      }
      break;
    }
    if (drop > 0) this.chunks.splice(0, drop);
    if (removed > 0) this.updateFirst();
    return removed;
  }

  // ---- Redis 7.0 logical counters ----

  /** Whether start <= maxDeletedId <= end may hide a tombstone in the range (end = null: open). */
  rangeHasTombstones(start: StreamID | null, end: StreamID | null): boolean {
    if (this.length === 0 || isZero(this.maxDeletedId)) return false;
    if (cmpId(this.firstId, this.maxDeletedId) > 0) return false;
    const s = start ?? ZERO_ID, e = end ?? MAX_ID;
    return cmpId(s, this.maxDeletedId) <= 0 && cmpId(this.maxDeletedId, e) <= 0;
  }

  /** The logical position (entries added before and including id), or -1 when unknown. */
  estimateDistance(id: StreamID): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && cmpId(id, this.lastId) < 1) return this.entriesAdded;
    const cl = cmpId(id, this.lastId);
    if (cl === 0) return this.entriesAdded;
    if (cl > 0) return -1;
    const cf = cmpId(id, this.firstId);
    if (isZero(this.maxDeletedId) || cmpId(this.maxDeletedId, this.firstId) < 0) {
      if (cf < 0) return this.entriesAdded - this.length;
      if (cf === 0) return this.entriesAdded - this.length + 1;
    }
    return -1;
  }

  /** A group's lag, or null when it cannot be known. */
  lag(g: Group): number | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== -1 && !this.rangeHasTombstones(g.lastId, null)) return this.entriesAdded - g.entriesRead;
    const r = this.estimateDistance(g.lastId);
    return r === -1 ? null : this.entriesAdded - r;
  }

  /** Advances a group past a delivered entry id (">" reads). */
  groupDelivered(g: Group, id: StreamID): void {
    if (cmpId(id, g.lastId) <= 0) return;
    if (g.entriesRead !== -1 && !this.rangeHasTombstones(id, null)) g.entriesRead++;
    else if (this.entriesAdded) g.entriesRead = this.estimateDistance(id);
    g.lastId = id;
  }

  /** Number of chunks (XINFO radix-tree-keys). */
  get nodeCount(): number { return this.chunks.length; }

  /**
   * The node count of a compressed radix tree holding the chunks' first IDs
   * as 16-byte big-endian keys (XINFO radix-tree-nodes): a chain of bytes
   * shared by all keys below a point is one node, a branching point is one
   * node, each key ends in a leaf node, and an empty tree is its root.
   */
  radixNodes(): number {
    const n = this.chunks.length;
    if (n === 0) return 1;
    const keys: Uint8Array[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = new Uint8Array(16);
      const f = this.chunks[i].first;
      const ms = BigInt(f.ms), seq = BigInt(f.seq);
      for (let j = 0; j < 8; j++) {
        k[7 - j] = Number((ms >> BigInt(8 * j)) & 255n);
        k[15 - j] = Number((seq >> BigInt(8 * j)) & 255n);
      }
      keys[i] = k;
    }
    const count = (lo: number, hi: number, d: number): number => {
      if (d === 16) return 1;
      const a = keys[lo], b = keys[hi - 1];
      let l = d;
      while (l < 16 && a[l] === b[l]) l++;
      if (l > d) return 1 + count(lo, hi, l);
      let total = 1;
      for (let i = lo; i < hi;) {
        let j = i + 1;
        while (j < hi && keys[j][d] === keys[i][d]) j++;
        total += count(i, j, d + 1);
        i = j;
      }
      return total;
    };
    return count(0, n, 0);
  }
}
