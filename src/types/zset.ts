/**
 * ZSet: a sorted set (members ordered by (score, member), member bytes
 * compared as memcmp, i.e. `<` on latin1 strings), with Redis 7.0's two
 * encodings as far as OBJECT ENCODING and the conversion rules go:
 *
 *  - "listpack" (small sets): ONE packed latin1 string `lp` holding the
 *    entries in order, plus the entry count `n`. Entry layout:
 *      varint(member length, 7 bits per byte, high bit = more)
 *      member bytes
 *      score: tag 0 + 1 byte (integer 0..255) | tag 1 + 4 bytes (int32, LE)
 *             | tag 2 + 8 bytes (IEEE double, LE)
 *    Every operation is a scan (n <= zset-max-listpack-entries, 128 by
 *    default) and every change builds a new flat string through a scratch
 *    Buffer, like Redis's listpack memmove. One string per set, no per-entry
 *    JS object: this is what keeps 100k small zsets cheap. dup() shares the
 *    (immutable) string.
 *  - "skiplist" (large sets): a skip list whose links carry spans (the
 *    number of level-0 steps each link jumps), which gives O(log n)
 *    insert/delete/rank/by-rank/range searches, plus a Dict member -> node
 *    for O(1) ZSCORE. Nodes are records in one ArrayBuffer (see SkipList),
 *    not JS objects: a search step reads one record, and a member costs
 *    ~35 bytes of records plus its Dict entry and string.
 *
 * Invariants: exactly one of lp or zsl is non-null. In the listpack form
 * entries are strictly increasing by (score, member), n is their number, and
 * -0 is stored as 0 (as Redis's listpack stores it as the integer 0). In the
 * skiplist form zsl.dict maps exactly the members of the list to their node
 * ids, and level-0 order is strictly increasing by (score, member). NaN
 * scores are never stored (the commands reject them before).
 *
 * Conversions (done by the commands, which know the config): listpack ->
 * skiplist when an insert would make the set longer than the entries limit or
 * the member is longer than the value limit; skiplist -> listpack only where
 * Redis does it (results of ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE).
 */
import type { RObject } from '../db/database.js';
import { Dict } from './dict.js';

const MAX_LEVEL = 32;
const P = 0.25;
/** "No node" in the link columns. */
const NIL = -1;
/** Node id of the header. */
const HEAD = 0;

/** Scratch for searches (synchronous use only, never kept). */
const UPDATE = new Int32Array(MAX_LEVEL);
const RANK = new Float64Array(MAX_LEVEL);

function randomLevel(): number {
  let l = 1;
  while (l < MAX_LEVEL && Math.random() < P) l++;
  return l;
}

// Node record layout, in int32 slots from the node's offset x (x even):
const SCORE = 0; // float64 over slots 0-1 (f64[x >> 1])
const NEXT = 2;  // level-0 forward link (its span is 1)
const BACK = 3;  // level-0 backward link, NIL for the first node
const LVL = 4;   // number of levels
const ELE = 5;   // index of the member in `ele`
const UP = 6;    // levels 1..LVL-1: (forward link, span) pairs
/** Record size of a node with l levels (even, so every record's score stays 8-byte aligned). */
function recSize(l: number): number { return UP + 2 * (l - 1); }

/**
 * Skip list with spans (Redis's zskiplist), plus the member -> node dict.
 * Ranks are 0-based here.
 *
 * Nodes are variable-size records in one growing ArrayBuffer, seen as
 * int32 slots (`i32`) and as float64 (`f64`) for the scores; a node is
 * named by the offset of its record (the header is at 0). A record holds
 * the score, the level-0 forward and backward links, the level, the index of
 * the member in `ele`, and the (forward, span) pairs of the upper levels, so
 * a search step reads one record, as Redis reads one node, instead of a JS
 * object, its level array and a boxed score. Freed records are reused by
 * level (free lists); the buffer is rebuilt smaller once mostly free.
 */
export class SkipList {
  private buf: ArrayBuffer;
  private i32: Int32Array;
  private f64: Float64Array;
  private top: number;
  /** Free records by level (linked through their NEXT slot). */
  private freeRec = new Int32Array(MAX_LEVEL + 1).fill(NIL);
  /** Members by index; freed indices are chained through freeEle. */
  private ele: string[] = [];
  private eleFree: number[] = [];
  /** Slots in use by linked records (for shrinking). */
  private used = 0;
  tail = NIL;
  length = 0;
  level = 1;
  /** member -> node. */
  readonly dict = new Dict<number>();

  constructor() {
    this.buf = new ArrayBuffer(4 * (recSize(MAX_LEVEL) + 64 * recSize(1)));
    this.i32 = new Int32Array(this.buf);
    this.f64 = new Float64Array(this.buf);
    this.top = recSize(MAX_LEVEL);
    const h = this.i32;
    h[NEXT] = NIL; h[BACK] = NIL; h[LVL] = MAX_LEVEL; h[ELE] = -1;
    for (let i = 1; i < MAX_LEVEL; i++) { h[UP + 2 * i - 2] = NIL; h[UP + 2 * i - 1] = 0; }
  }

  /** The first node (rank 0), or NIL. */
  get first(): number { return this.i32[HEAD + NEXT]; }
  nextOf(x: number): number { return this.i32[x + NEXT]; }
  backOf(x: number): number { return this.i32[x + BACK]; }
  scoreOf(x: number): number { return this.f64[x >> 1]; }
  eleOf(x: number): string { return this.ele[this.i32[x + ELE]]; }

  /** Forward link of node x on level i. */
  private fwd(x: number, i: number): number {
    return this.i32[i === 0 ? x + NEXT : x + UP + 2 * i - 2];
  }

  /** Span of node x's level-i link. */
  private span(x: number, i: number): number {
    return i === 0 ? 1 : this.i32[x + UP + 2 * i - 1];
  }

  /** A fresh record of l levels holding (ele, score). */
  private newNode(ele: string, score: number, l: number): number {
    let x = this.freeRec[l];
    if (x !== NIL) this.freeRec[l] = this.i32[x + NEXT];
    else {
      const size = recSize(l);
      if (this.top + size > this.i32.length) {
        const nb = new ArrayBuffer(Math.max(4 * (this.top + size), 2 * this.buf.byteLength));
        const ni = new Int32Array(nb);
        ni.set(this.i32.subarray(0, this.top));
        this.buf = nb; this.i32 = ni; this.f64 = new Float64Array(nb);
      }
      x = this.top;
      this.top += size;
    }
    this.used += recSize(l);
    let e: number;
    if (this.eleFree.length !== 0) { e = this.eleFree.pop() as number; this.ele[e] = ele; } else { e = this.ele.length; this.ele.push(ele); }
    this.f64[x >> 1] = score;
    this.i32[x + LVL] = l;
    this.i32[x + ELE] = e;
    return x;
  }

  private freeNode(x: number): void {
    const i32 = this.i32, l = i32[x + LVL];
    const e = i32[x + ELE];
    this.ele[e] = '';
    this.eleFree.push(e);
    i32[x + NEXT] = this.freeRec[l];
    this.freeRec[l] = x;
    this.used -= recSize(l);
  }

  /** Inserts (score, ele); returns its node. The caller adds it to dict. */
  insert(ele: string, score: number): number {
    return this.link(ele, score, NIL);
  }

  /**
   * Inserts (score, ele) at its place: a new node of random level, or node
   * `reuse` (unlinked, keeps its level) when not NIL.
   */
  private link(ele: string, score: number, reuse: number): number {
    const update = UPDATE, rank = RANK, el = this.ele;
    let i32 = this.i32, f64 = this.f64;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      const o = i === 0 ? NEXT : UP + 2 * i - 2;
      let n = i32[x + o];
      while (n !== NIL) {
        const s = f64[n >> 1];
        if (s > score || (s === score && el[i32[n + ELE]] >= ele)) break;
        rank[i] += i === 0 ? 1 : i32[x + o + 1];
        x = n;
        n = i32[x + o];
      }
      update[i] = x;
    }
    const l = reuse === NIL ? randomLevel() : i32[reuse + LVL];
    if (l > this.level) {
      for (let i = this.level; i < l; i++) {
        rank[i] = 0;
        update[i] = HEAD;
        i32[HEAD + UP + 2 * i - 1] = this.length;
      }
      this.level = l;
    }
    let node: number;
    if (reuse === NIL) node = this.newNode(ele, score, l);
    else { node = reuse; f64[node >> 1] = score; }
    i32 = this.i32; f64 = this.f64; // newNode may have grown the buffer
    const r0 = rank[0], u0 = update[0];
    i32[node + NEXT] = i32[u0 + NEXT];
    i32[u0 + NEXT] = node;
    for (let i = 1; i < l; i++) {
      const uo = update[i] + UP + 2 * i - 2, no = node + UP + 2 * i - 2;
      i32[no] = i32[uo];
      i32[uo] = node;
      i32[no + 1] = i32[uo + 1] - (r0 - rank[i]);
      i32[uo + 1] = r0 - rank[i] + 1;
    }
    for (let i = l; i < this.level; i++) i32[update[i] + UP + 2 * i - 1]++;
    i32[node + BACK] = u0 === HEAD ? NIL : u0;
    const after = i32[node + NEXT];
    if (after !== NIL) i32[after + BACK] = node; else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlinks node x, whose predecessors on every level are in UPDATE. */
  private unlink(x: number): void {
    const update = UPDATE, i32 = this.i32;
    i32[update[0] + NEXT] = i32[x + NEXT];
    for (let i = 1; i < this.level; i++) {
      const uo = update[i] + UP + 2 * i - 2;
      if (i32[uo] === x) {
        const xo = x + UP + 2 * i - 2;
        i32[uo + 1] += i32[xo + 1] - 1;
        i32[uo] = i32[xo];
      } else {
        i32[uo + 1]--;
      }
    }
    const after = i32[x + NEXT];
    if (after !== NIL) i32[after + BACK] = i32[x + BACK]; else this.tail = i32[x + BACK];
    while (this.level > 1 && i32[HEAD + UP + 2 * (this.level - 1) - 2] === NIL) this.level--;
    this.length--;
  }

  /** Fills UPDATE with the last node before (score, ele) on every level. */
  private search(ele: string, score: number): void {
    const update = UPDATE, i32 = this.i32, f64 = this.f64, el = this.ele;
    let x = HEAD;
    for (let i = this.level - 1; i >= 0; i--) {
      const o = i === 0 ? NEXT : UP + 2 * i - 2;
      let n = i32[x + o];
      while (n !== NIL) {
        const s = f64[n >> 1];
        if (s > score || (s === score && el[i32[n + ELE]] >= ele)) break;
        x = n;
        n = i32[x + o];
      }
      update[i] = x;
    }
  }

  /** Removes node x (linked) and frees it; the caller removes it from dict. */
  deleteNode(x: number): void {
    if (x === this.i32[HEAD + NEXT]) {
      // the first node: its predecessor is the header on every level
      for (let i = 0; i < this.level; i++) UPDATE[i] = HEAD;
    } else this.search(this.eleOf(x), this.f64[x >> 1]);
    this.unlink(x);
    this.freeNode(x);
  }

  /** (score of x, member of x) strictly before (score, ele). */
  private before(x: number, score: number, ele: string): boolean {
    const s = this.f64[x >> 1];
    return s < score || (s === score && this.eleOf(x) < ele);
  }

  /** Changes the score of node x; keeps it in place when the order allows, else moves it. */
  updateScore(x: number, score: number): void {
    const ele = this.eleOf(x);
    const b = this.i32[x + BACK], n = this.i32[x + NEXT];
    if ((b === NIL || this.before(b, score, ele)) && (n === NIL || !this.before(n, score, ele))) {
      this.f64[x >> 1] = score;
      return;
    }
    this.search(ele, this.f64[x >> 1]);
    this.unlink(x);
    this.link(ele, score, x); // the node is reused, as Redis does
  }

  /** 0-based rank of node x. */
  rankOf(x: number): number {
    const score = this.f64[x >> 1], ele = this.eleOf(x);
    let y = HEAD;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = this.fwd(y, i);
      while (n !== NIL) {
        const s = this.f64[n >> 1];
        if (s > score || (s === score && this.eleOf(n) > ele)) break;
        r += this.span(y, i);
        y = n;
        n = this.fwd(y, i);
      }
      if (y === x) return r - 1;
    }
    return r - 1;
  }

  /** Node at 0-based rank r (0 <= r < length). */
  byRank(r: number): number {
    const target = r + 1;
    let x = HEAD;
    let t = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = this.fwd(x, i);
      while (n !== NIL && t + this.span(x, i) <= target) {
        t += this.span(x, i);
        x = n;
        n = this.fwd(x, i);
      }
      if (t === target) return x;
    }
    throw new Error('skiplist: rank out of range');
  }

  /** Number of elements whose score is < v (orEqual: <= v). */
  countScore(v: number, orEqual: boolean): number {
    let x = HEAD;
    let r = 0;
    const f64 = this.f64;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = this.fwd(x, i);
      while (n !== NIL && (f64[n >> 1] < v || (orEqual && f64[n >> 1] === v))) {
        r += this.span(x, i);
        x = n;
        n = this.fwd(x, i);
      }
    }
    return r;
  }

  /** Number of elements whose member is < v (orEqual: <= v), assuming member order (equal scores). */
  countLex(v: string, orEqual: boolean): number {
    let x = HEAD;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = this.fwd(x, i);
      while (n !== NIL) {
        const e = this.eleOf(n);
        if (!(e < v || (orEqual && e === v))) break;
        r += this.span(x, i);
        x = n;
        n = this.fwd(x, i);
      }
    }
    return r;
  }

  /** Removes ranks start..start+count-1 (in range) in one walk, dropping them from dict too. */
  deleteRangeByRank(start: number, count: number): void {
    // predecessors of rank `start` on every level
    let x = HEAD;
    let t = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = this.fwd(x, i);
      while (n !== NIL && t + this.span(x, i) <= start) {
        t += this.span(x, i);
        x = n;
        n = this.fwd(x, i);
      }
      UPDATE[i] = x;
    }
    for (let k = 0; k < count; k++) {
      const y = this.i32[UPDATE[0] + NEXT];
      this.unlink(y);
      this.dict.delete(this.eleOf(y));
      this.freeNode(y);
    }
    this.maybeShrink();
  }

  /** Rebuilds the buffer smaller once most of it is free (after many deletions). */
  maybeShrink(): void {
    if (this.top < 8192 || this.used * 4 >= this.top) return;
    const n = this.length;
    const ms: string[] = new Array(n), ss = new Float64Array(n);
    let k = 0;
    for (let x = this.first; x !== NIL; x = this.i32[x + NEXT]) { ms[k] = this.eleOf(x); ss[k] = this.f64[x >> 1]; k++; }
    const fresh = new SkipList();
    this.buf = fresh.buf; this.i32 = fresh.i32; this.f64 = fresh.f64; this.top = fresh.top;
    this.freeRec.fill(NIL); this.ele = []; this.eleFree = []; this.used = 0;
    this.tail = NIL; this.length = 0; this.level = 1;
    const d = this.dict;
    for (let i = 0; i < n; i++) d.set(ms[i], this.link(ms[i], ss[i], NIL));
  }

  /** Checks the structure (tests): links, back links, spans, order, dict. Throws on violation. */
  verify(): void {
    const ids: number[] = [];
    let prev = NIL;
    for (let x = this.first; x !== NIL; x = this.i32[x + NEXT]) {
      if (this.i32[x + BACK] !== prev) throw new Error('bad back link');
      if (prev !== NIL && !this.before(prev, this.f64[x >> 1], this.eleOf(x))) throw new Error('bad order');
      if (this.dict.get(this.eleOf(x)) !== x) throw new Error('dict mismatch');
      ids.push(x);
      prev = x;
    }
    if (prev !== this.tail) throw new Error('bad tail');
    if (ids.length !== this.length || this.dict.size !== this.length) throw new Error('bad length');
    let used = 0;
    for (const x of ids) used += recSize(this.i32[x + LVL]);
    if (used !== this.used) throw new Error('bad used count');
    const rankOf = new Map<number, number>();
    ids.forEach((x, i) => rankOf.set(x, i + 1));
    rankOf.set(HEAD, 0);
    for (let i = 1; i < this.level; i++) {
      let x = HEAD;
      for (;;) {
        const n = this.fwd(x, i);
        if (n === NIL) break;
        if (this.i32[n + LVL] <= i) throw new Error('link to a short node');
        if ((rankOf.get(n) as number) - (rankOf.get(x) as number) !== this.span(x, i)) throw new Error(`bad span on level ${i}`);
        x = n;
      }
    }
  }
}

export interface ZLimits { entries: number; value: number }

// ---- packed listpack string helpers ------------------------------------------

let scratch = Buffer.allocUnsafe(4096);
const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

function ensureScratch(n: number): void {
  if (scratch.length >= n) return;
  // keep what was written so far: callers build a string across several writes
  const nb = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  scratch.copy(nb, 0, 0, scratch.length);
  scratch = nb;
}

/** Decoder registers, filled by decodeAt (no allocation per entry). */
let dMpos = 0, dLen = 0, dScore = 0, dNext = 0;

/** Decodes the entry at p into the d* registers. */
function decodeAt(lp: string, p: number): void {
  let c = lp.charCodeAt(p++);
  let len = c;
  if (c & 0x80) {
    len = c & 0x7f;
    let mul = 128;
    do {
      c = lp.charCodeAt(p++);
      len += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
  }
  dMpos = p;
  dLen = len;
  p += len;
  const tag = lp.charCodeAt(p++);
  if (tag === 0) {
    dScore = lp.charCodeAt(p++);
  } else if (tag === 1) {
    dScore = (lp.charCodeAt(p) | (lp.charCodeAt(p + 1) << 8) | (lp.charCodeAt(p + 2) << 16) | (lp.charCodeAt(p + 3) << 24));
    p += 4;
  } else {
    for (let i = 0; i < 8; i++) f64b[i] = lp.charCodeAt(p + i);
    dScore = f64[0];
    p += 8;
  }
  dNext = p;
}

/** Writes one entry into scratch at o; returns the new offset. */
function encodeAt(o: number, member: string, score: number): number {
  ensureScratch(o + member.length + 24);
  const b = scratch;
  let len = member.length;
  while (len >= 0x80) { b[o++] = (len & 0x7f) | 0x80; len = Math.floor(len / 128); }
  b[o++] = len;
  o += b.latin1Write(member, o);
  if (Number.isInteger(score) && score >= 0 && score <= 255) {
    b[o++] = 0; b[o++] = score;
  } else if (Number.isInteger(score) && score >= -2147483648 && score <= 2147483647 && !Object.is(score, -0)) {
    b[o++] = 1;
    b[o++] = score & 0xff; b[o++] = (score >> 8) & 0xff; b[o++] = (score >> 16) & 0xff; b[o++] = (score >> 24) & 0xff;
  } else {
    b[o++] = 2;
    f64[0] = score;
    for (let i = 0; i < 8; i++) b[o++] = f64b[i];
  }
  return o;
}

/** Copies lp[from, to) into scratch at o; returns the new offset. */
function copyAt(o: number, lp: string, from: number, to: number): number {
  if (to <= from) return o;
  ensureScratch(o + (to - from));
  return o + scratch.latin1Write(from === 0 && to === lp.length ? lp : lp.slice(from, to), o);
}

/** Compares lp[mpos, mpos+len) with s as memcmp would. */
function cmpAt(lp: string, mpos: number, len: number, s: string): number {
  const n = len < s.length ? len : s.length;
  for (let i = 0; i < n; i++) {
    const a = lp.charCodeAt(mpos + i), b = s.charCodeAt(i);
    if (a !== b) return a < b ? -1 : 1;
  }
  return len === s.length ? 0 : (len < s.length ? -1 : 1);
}

/** Dict slot found by the latest ZSet.score() on a skiplist set (a hint, checked before use). */
let lastDict: Dict<number> | null = null, lastSlot = -1;

export class ZSet implements RObject {
  /** listpack form: packed entries and their count. */
  lp: string | null;
  n: number;
  /** skiplist form. */
  zsl: SkipList | null;

  get type(): 'zset' { return 'zset'; }

  /** A new empty set in the encoding Redis picks for the expected size and longest member. */
  constructor(sizeHint = 0, maxLenHint = 0, lim?: ZLimits) {
    this.n = 0;
    if (lim !== undefined && (sizeHint > lim.entries || maxLenHint > lim.value)) {
      this.lp = null; this.zsl = new SkipList();
    } else {
      this.lp = ''; this.zsl = null;
    }
  }

  /**
   * A set built from members already sorted by (score, member) and unique,
   * in the encoding Redis would end up with for them.
   */
  static fromSorted(ms: readonly string[], ss: readonly number[], lim: ZLimits): ZSet {
    let maxLen = 0;
    for (let i = 0; i < ms.length; i++) if (ms[i].length > maxLen) maxLen = ms[i].length;
    const z = new ZSet(ms.length, maxLen, lim);
    if (z.zsl === null) {
      let o = 0;
      for (let i = 0; i < ms.length; i++) o = encodeAt(o, ms[i], ss[i] === 0 ? 0 : ss[i]);
      z.lp = scratch.latin1Slice(0, o);
      z.n = ms.length;
    } else {
      const l = z.zsl;
      for (let i = 0; i < ms.length; i++) l.dict.add(ms[i], l.insert(ms[i], ss[i]));
    }
    return z;
  }

  encoding(): string { return this.zsl === null ? 'listpack' : 'skiplist'; }

  get size(): number { return this.zsl === null ? this.n : this.zsl.length; }

  dup(): ZSet {
    const z = new ZSet();
    if (this.zsl === null) {
      z.lp = this.lp; z.n = this.n;
    } else {
      z.lp = null;
      const l = new SkipList(), src = this.zsl;
      for (let x = src.first; x !== -1; x = src.nextOf(x)) { const m = src.eleOf(x); l.dict.add(m, l.insert(m, src.scoreOf(x))); }
      z.zsl = l;
    }
    return z;
  }

  /** Byte offset of member's entry in lp (decoded into the registers), or -1. */
  private lpFind(member: string): number {
    const lp = this.lp as string;
    const ml = member.length;
    for (let p = 0; p < lp.length; p = dNext) {
      decodeAt(lp, p);
      if (dLen === ml && lp.startsWith(member, dMpos)) return p;
    }
    return -1;
  }

  /** Score of member, or undefined. */
  score(member: string): number | undefined {
    if (this.zsl !== null) {
      const d = this.zsl.dict;
      const slot = d.find(member);
      lastDict = d; lastSlot = slot;
      return slot === -1 ? undefined : this.zsl.scoreOf(d.vals[slot] as number);
    }
    return this.lpFind(member) === -1 ? undefined : dScore;
  }

  /** Switches to the skiplist form. */
  toSkiplist(): void {
    if (this.zsl !== null) return;
    const l = new SkipList();
    const lp = this.lp as string;
    for (let p = 0; p < lp.length; p = dNext) {
      decodeAt(lp, p);
      const m = lp.slice(dMpos, dMpos + dLen), sc = dScore;
      l.dict.add(m, l.insert(m, sc));
    }
    this.zsl = l; this.lp = null; this.n = 0;
  }

  /** Switches to the listpack form. */
  toListpack(): void {
    const l = this.zsl;
    if (l === null) return;
    let o = 0;
    for (let x = l.first; x !== -1; x = l.nextOf(x)) { const sc = l.scoreOf(x); o = encodeAt(o, l.eleOf(x), sc === 0 ? 0 : sc); }
    this.lp = scratch.latin1Slice(0, o);
    this.n = l.length;
    this.zsl = null;
  }

  /** Inserts into the packed form at its sorted position. */
  private lpInsert(member: string, score: number): void {
    if (score === 0) score = 0; // a listpack stores -0 as the integer 0
    const lp = this.lp as string;
    let p = 0;
    for (; p < lp.length; p = dNext) {
      decodeAt(lp, p);
      if (dScore > score || (dScore === score && cmpAt(lp, dMpos, dLen, member) > 0)) break;
    }
    let o = copyAt(0, lp, 0, p);
    o = encodeAt(o, member, score);
    o = copyAt(o, lp, p, lp.length);
    this.lp = scratch.latin1Slice(0, o);
    this.n++;
  }

  /** Removes the entry [p, next) from the packed form. */
  private lpCut(p: number, next: number, count: number): void {
    const lp = this.lp as string;
    let o = copyAt(0, lp, 0, p);
    o = copyAt(o, lp, next, lp.length);
    this.lp = scratch.latin1Slice(0, o);
    this.n -= count;
  }

  /** Inserts a member known to be absent, converting first when the limits say so. */
  insert(member: string, score: number, lim: ZLimits): void {
    if (this.zsl === null) {
      if (this.n + 1 > lim.entries || member.length > lim.value) this.toSkiplist();
      else { this.lpInsert(member, score); return; }
    }
    const l = this.zsl as SkipList;
    l.dict.add(member, l.insert(member, score));
  }

  /** Changes the score of an existing member from cur to score. */
  update(member: string, cur: number, score: number): void {
    if (cur === score) return;
    if (this.zsl !== null) {
      const d = this.zsl.dict;
      // usually right after score(member): reuse the slot it found instead of hashing again
      const x = lastDict === d && lastSlot >= 0 && d.keys[lastSlot] === member ? d.vals[lastSlot] as number : d.get(member) as number;
      this.zsl.updateScore(x, score);
      return;
    }
    const p = this.lpFind(member);
    this.lpCut(p, dNext, 1);
    this.lpInsert(member, score);
  }

  /** Removes member; returns whether it was there. */
  remove(member: string): boolean {
    if (this.zsl !== null) {
      const l = this.zsl;
      const x = l.dict.get(member);
      if (x === undefined) return false;
      l.dict.delete(member);
      l.deleteNode(x);
      l.maybeShrink();
      return true;
    }
    const p = this.lpFind(member);
    if (p === -1) return false;
    this.lpCut(p, dNext, 1);
    return true;
  }

  /** 0-based ascending rank of member, or -1. */
  rank(member: string): number {
    if (this.zsl !== null) {
      const x = this.zsl.dict.get(member);
      return x === undefined ? -1 : this.zsl.rankOf(x);
    }
    const lp = this.lp as string;
    const ml = member.length;
    let i = 0;
    for (let p = 0; p < lp.length; p = dNext, i++) {
      decodeAt(lp, p);
      if (dLen === ml && lp.startsWith(member, dMpos)) return i;
    }
    return -1;
  }

  /** Number of members with score < v (or <= v when orEqual). */
  countScore(v: number, orEqual: boolean): number {
    if (this.zsl !== null) return this.zsl.countScore(v, orEqual);
    const lp = this.lp as string;
    let i = 0;
    for (let p = 0; p < lp.length; p = dNext, i++) {
      decodeAt(lp, p);
      if (!(dScore < v || (orEqual && dScore === v))) break;
    }
    return i;
  }

  /** First rank whose member is >= v (> v when exclusive), scanning from the head as Redis does. */
  lexLow(v: string, exclusive: boolean): number {
    if (this.zsl !== null) return this.zsl.countLex(v, exclusive);
    const lp = this.lp as string;
    let i = 0;
    for (let p = 0; p < lp.length; p = dNext, i++) {
      decodeAt(lp, p);
      const c = cmpAt(lp, dMpos, dLen, v);
      if (exclusive ? c > 0 : c >= 0) break;
    }
    return i;
  }

  /** One past the last rank whose member is <= v (< v when exclusive), i.e. the first such from the tail. */
  lexHigh(v: string, exclusive: boolean): number {
    if (this.zsl !== null) return this.zsl.countLex(v, !exclusive);
    const lp = this.lp as string;
    let i = 0, last = 0;
    for (let p = 0; p < lp.length; p = dNext, i++) {
      decodeAt(lp, p);
      const c = cmpAt(lp, dMpos, dLen, v);
      if (exclusive ? c < 0 : c <= 0) last = i + 1;
    }
    return last;
  }

  /** Members and scores of the packed form, ranks start..end inclusive. */
  private lpWindow(start: number, end: number, ms: string[], ss: number[]): void {
    const lp = this.lp as string;
    let i = 0;
    for (let p = 0; p < lp.length && i <= end; p = dNext, i++) {
      decodeAt(lp, p);
      if (i >= start) { ms.push(lp.slice(dMpos, dMpos + dLen)); ss.push(dScore); }
    }
  }

  /**
   * How many consecutive members, starting at rank `start` and walking up
   * (or down when rev), satisfy pred.
   */
  countWhile(start: number, rev: boolean, pred: (member: string) => boolean): number {
    let k = 0;
    if (start < 0 || start >= this.size) return 0;
    if (this.zsl === null) {
      const ms: string[] = [], ss: number[] = [];
      if (rev) {
        this.lpWindow(0, start, ms, ss);
        for (let i = start; i >= 0 && pred(ms[i]); i--) k++;
      } else {
        this.lpWindow(start, this.n - 1, ms, ss);
        for (let i = 0; i < ms.length && pred(ms[i]); i++) k++;
      }
      return k;
    }
    const l = this.zsl;
    for (let x = l.byRank(start); x !== -1 && pred(l.eleOf(x)); x = rev ? l.backOf(x) : l.nextOf(x)) k++;
    return k;
  }

  /** Member at a 0-based rank. */
  memberAt(rank: number): string {
    return this.at(rank)[0];
  }

  /**
   * Calls fn for ranks start..end (inclusive, 0 <= start <= end < size) in
   * ascending order, or end..start when rev.
   */
  range(start: number, end: number, rev: boolean, fn: (member: string, score: number) => void): void {
    if (this.zsl === null) {
      const lp = this.lp as string;
      if (!rev) {
        let i = 0;
        for (let p = 0; p < lp.length && i <= end; i++) {
          decodeAt(lp, p);
          const next = dNext;
          if (i >= start) fn(lp.slice(dMpos, dMpos + dLen), dScore);
          p = next;
        }
        return;
      }
      const ms: string[] = [], ss: number[] = [];
      this.lpWindow(start, end, ms, ss);
      for (let i = ms.length - 1; i >= 0; i--) fn(ms[i], ss[i]);
      return;
    }
    let n = end - start + 1;
    const l = this.zsl;
    let x = l.byRank(rev ? end : start);
    if (rev) for (; n > 0 && x !== -1; n--, x = l.backOf(x)) fn(l.eleOf(x), l.scoreOf(x));
    else for (; n > 0 && x !== -1; n--, x = l.nextOf(x)) fn(l.eleOf(x), l.scoreOf(x));
  }

  /** Every member in ascending order. */
  forEach(fn: (member: string, score: number) => void): void {
    if (this.size > 0) this.range(0, this.size - 1, false, fn);
  }

  /** Member and score at a 0-based rank. */
  at(rank: number): [string, number] {
    if (this.zsl === null) {
      const lp = this.lp as string;
      let i = 0;
      for (let p = 0; p < lp.length; p = dNext, i++) {
        decodeAt(lp, p);
        if (i === rank) return [lp.slice(dMpos, dMpos + dLen), dScore];
      }
      throw new Error('zset: rank out of range');
    }
    const l = this.zsl;
    const x = l.byRank(rank);
    return [l.eleOf(x), l.scoreOf(x)];
  }

  /** Score of the member the latest popEdge() returned. */
  static popped = 0;

  /** Removes the lowest-ranked member (the highest when max) of a non-empty set; returns it (its score goes to ZSet.popped). */
  popEdge(max: boolean): string {
    if (this.zsl === null) {
      const lp = this.lp as string;
      let p = 0;
      decodeAt(lp, 0);
      if (max) while (dNext < lp.length) { p = dNext; decodeAt(lp, p); }
      const m = lp.slice(dMpos, dMpos + dLen);
      ZSet.popped = dScore;
      this.lpCut(p, dNext, 1);
      return m;
    }
    const l = this.zsl;
    const x = max ? l.tail : l.first;
    const m = l.eleOf(x);
    ZSet.popped = l.scoreOf(x);
    l.dict.delete(m);
    l.deleteNode(x);
    l.maybeShrink();
    return m;
  }

  /** Removes ranks start..end inclusive; returns the number removed. */
  removeRange(start: number, end: number): number {
    const n = end - start + 1;
    if (n <= 0) return 0;
    if (this.zsl === null) {
      const lp = this.lp as string;
      let i = 0, from = -1, p = 0;
      for (; p < lp.length && i <= end; i++) {
        if (i === start) from = p;
        decodeAt(lp, p);
        p = dNext;
      }
      this.lpCut(from, p, n);
      return n;
    }
    const l = this.zsl;
    const k = Math.min(n, l.length - start);
    l.deleteRangeByRank(start, k);
    return k;
  }

  /** A uniformly random [member, score] (set must be non-empty). */
  random(): [string, number] {
    if (this.zsl === null) return this.at((Math.random() * this.n) | 0);
    const d = this.zsl.dict;
    const slot = d.randomSlot();
    return [d.keys[slot] as string, this.zsl.scoreOf(d.vals[slot] as number)];
  }
}
