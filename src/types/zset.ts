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
 *  - "skiplist" (large sets): a Dict member -> score for O(1) ZSCORE plus a
 *    skip list whose links carry spans (the number of level-0 steps each link
 *    jumps), which gives O(log n) insert/delete/rank/by-rank/range searches.
 *    A node keeps its level-0 link in a field (span 1 implied) and only
 *    nodes taller than one level own an array of (next, span) pairs, so most
 *    nodes are a single small object (~140 bytes per member with the Dict
 *    entry, against ~107 in Redis).
 *
 * Invariants: exactly one of lp or zsl is non-null. In the listpack form
 * entries are strictly increasing by (score, member), n is their number, and
 * -0 is stored as 0 (as Redis's listpack stores it as the integer 0). In the
 * skiplist form zsl.dict holds exactly the members of the list with the same
 * scores, and level-0 order is strictly increasing by (score, member). NaN
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

export class ZNode {
  back: ZNode | null = null;
  /** The next node on level 0 (whose span is always 1). */
  next: ZNode | null = null;
  /**
   * Levels 1 and up, interleaved: lv[2i-2] is the next node on level i and
   * lv[2i-1] how many level-0 steps that link covers (up to the end of the
   * list when there is no next node). null for the ~3/4 of nodes that only
   * have level 0, which saves two arrays per node.
   */
  lv: (ZNode | null | number)[] | null;
  constructor(public ele: string, public score: number, level: number) {
    if (level > 1) {
      const lv: (ZNode | null | number)[] = new Array(2 * (level - 1));
      for (let i = 0; i < lv.length; i += 2) { lv[i] = null; lv[i + 1] = 0; }
      this.lv = lv;
    } else this.lv = null;
  }
}

function fwd(x: ZNode, i: number): ZNode | null {
  return i === 0 ? x.next : (x.lv as (ZNode | null)[])[2 * i - 2];
}

function setFwd(x: ZNode, i: number, n: ZNode | null): void {
  if (i === 0) x.next = n; else (x.lv as (ZNode | null)[])[2 * i - 2] = n;
}

/** Span of x's level-i link (only meaningful at level 0 when the link exists). */
function span(x: ZNode, i: number): number {
  return i === 0 ? 1 : (x.lv as number[])[2 * i - 1];
}

function setSpan(x: ZNode, i: number, v: number): void {
  if (i !== 0) (x.lv as number[])[2 * i - 1] = v;
}

/** (score, member) strictly before (score2, member2). */
function before(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

/** Scratch for insert/delete searches (synchronous use only, never kept). */
const UPDATE: ZNode[] = new Array(MAX_LEVEL);
const RANK: number[] = new Array(MAX_LEVEL).fill(0);

function randomLevel(): number {
  let l = 1;
  while (l < MAX_LEVEL && Math.random() < P) l++;
  return l;
}

/** Skip list with spans, plus the member -> score dict. Ranks are 0-based here. */
export class SkipList {
  readonly head = new ZNode('', 0, MAX_LEVEL);
  tail: ZNode | null = null;
  length = 0;
  level = 1;
  readonly dict = new Dict<number>();

  /** The first node (rank 0), or null. */
  get first(): ZNode | null { return this.head.next; }

  insert(ele: string, score: number): ZNode {
    return this.link(ele, score, null);
  }

  /**
   * Inserts (score, ele) at its place: a new node of random level, or `reuse`
   * (an unlinked node, which keeps its level) when given.
   */
  private link(ele: string, score: number, reuse: ZNode | null): ZNode {
    const update = UPDATE, rank = RANK;
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let n = fwd(x, i);
      while (n !== null && before(n.score, n.ele, score, ele)) {
        rank[i] += span(x, i);
        x = n;
        n = fwd(x, i);
      }
      update[i] = x;
    }
    const lvl = reuse === null ? randomLevel() : (reuse.lv === null ? 1 : reuse.lv.length / 2 + 1);
    if (lvl > this.level) {
      for (let i = this.level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = this.head;
        setSpan(this.head, i, this.length);
      }
      this.level = lvl;
    }
    let node: ZNode;
    if (reuse === null) node = new ZNode(ele, score, lvl);
    else { node = reuse; node.score = score; }
    for (let i = 0; i < lvl; i++) {
      const u = update[i];
      setFwd(node, i, fwd(u, i));
      setFwd(u, i, node);
      if (i > 0) {
        setSpan(node, i, span(u, i) - (rank[0] - rank[i]));
        setSpan(u, i, rank[0] - rank[i] + 1);
      }
    }
    for (let i = lvl; i < this.level; i++) setSpan(update[i], i, span(update[i], i) + 1);
    node.back = update[0] === this.head ? null : update[0];
    if (node.next !== null) node.next.back = node; else this.tail = node;
    this.length++;
    return node;
  }

  private unlink(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (fwd(u, i) === x) {
        if (i > 0) setSpan(u, i, span(u, i) + span(x, i) - 1);
        setFwd(u, i, fwd(x, i));
      } else if (i > 0) {
        setSpan(u, i, span(u, i) - 1);
      }
    }
    if (x.next !== null) x.next.back = x.back; else this.tail = x.back;
    while (this.level > 1 && fwd(this.head, this.level - 1) === null) this.level--;
    this.length--;
  }

  /** Fills update[] with the last node before (score, ele) on every level; returns the level-0 one. */
  private search(ele: string, score: number, update: ZNode[]): ZNode {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && before(n.score, n.ele, score, ele)) { x = n; n = fwd(x, i); }
      update[i] = x;
    }
    return x;
  }

  /** Removes the node (score, ele); returns false when absent. */
  delete(ele: string, score: number): boolean {
    const update = UPDATE;
    const t = this.search(ele, score, update).next;
    if (t === null || t.score !== score || t.ele !== ele) return false;
    this.unlink(t, update);
    return true;
  }

  /** Changes the score of an existing element; keeps the node when the order allows. */
  updateScore(ele: string, cur: number, score: number): void {
    const update = UPDATE;
    const t = this.search(ele, cur, update).next as ZNode;
    if ((t.back === null || before(t.back.score, t.back.ele, score, ele)) &&
        (t.next === null || before(score, ele, t.next.score, t.next.ele))) {
      t.score = score;
      return;
    }
    this.unlink(t, update);
    this.link(ele, score, t); // the node is reused, as Redis does
  }

  /** 0-based rank of (score, ele), or -1. */
  rank(ele: string, score: number): number {
    let x = this.head;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && (before(n.score, n.ele, score, ele) || (n.score === score && n.ele === ele))) {
        r += span(x, i);
        x = n;
        n = fwd(x, i);
      }
      if (x !== this.head && x.ele === ele && x.score === score) return r - 1;
    }
    return -1;
  }

  /** Node at 0-based rank r (0 <= r < length). */
  byRank(r: number): ZNode {
    const target = r + 1;
    let x = this.head;
    let t = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && t + span(x, i) <= target) {
        t += span(x, i);
        x = n;
        n = fwd(x, i);
      }
      if (t === target) return x;
    }
    throw new Error('skiplist: rank out of range');
  }

  /** Number of elements whose score is < v (orEqual: <= v). */
  countScore(v: number, orEqual: boolean): number {
    let x = this.head;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && (n.score < v || (orEqual && n.score === v))) {
        r += span(x, i);
        x = n;
        n = fwd(x, i);
      }
    }
    return r;
  }

  /** The first node whose score is >= v, or null. */
  firstScoreAtLeast(v: number): ZNode | null {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && n.score < v) { x = n; n = fwd(x, i); }
    }
    return x.next;
  }

  /** Number of elements whose member is < v (orEqual: <= v), assuming member order (equal scores). */
  countLex(v: string, orEqual: boolean): number {
    let x = this.head;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = fwd(x, i);
      while (n !== null && (n.ele < v || (orEqual && n.ele === v))) {
        r += span(x, i);
        x = n;
        n = fwd(x, i);
      }
    }
    return r;
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

/** Interval starts for scoreIntervals (geo searches scan at most 9 cells). */
const SCRATCH_STARTS: number[] = new Array(9).fill(-1);

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
      for (let i = 0; i < ms.length; i++) { l.insert(ms[i], ss[i]); l.dict.add(ms[i], ss[i]); }
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
      const l = new SkipList();
      for (let x = this.zsl.head.next; x !== null; x = x.next) {
        l.insert(x.ele, x.score);
        l.dict.add(x.ele, x.score);
      }
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
      return slot === -1 ? undefined : d.valAt(slot);
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
      l.insert(m, sc); l.dict.add(m, sc);
    }
    this.zsl = l; this.lp = null; this.n = 0;
  }

  /** Switches to the listpack form. */
  toListpack(): void {
    const l = this.zsl;
    if (l === null) return;
    let o = 0;
    for (let x = l.head.next; x !== null; x = x.next) o = encodeAt(o, x.ele, x.score === 0 ? 0 : x.score);
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
    l.insert(member, score);
    l.dict.add(member, score);
  }

  /** Changes the score of an existing member from cur to score. */
  update(member: string, cur: number, score: number): void {
    if (cur === score) return;
    if (this.zsl !== null) {
      this.zsl.updateScore(member, cur, score);
      const d = this.zsl.dict;
      // usually right after score(member): reuse the slot it found instead of hashing again
      if (lastDict === d && lastSlot >= 0 && d.keyAt(lastSlot) === member) d.setValAt(lastSlot, score);
      else d.set(member, score);
      return;
    }
    const p = this.lpFind(member);
    this.lpCut(p, dNext, 1);
    this.lpInsert(member, score);
  }

  /** Removes member; returns whether it was there. */
  remove(member: string): boolean {
    if (this.zsl !== null) {
      const sc = this.zsl.dict.get(member);
      if (sc === undefined) return false;
      this.zsl.dict.delete(member);
      this.zsl.delete(member, sc);
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
      const sc = this.zsl.dict.get(member);
      return sc === undefined ? -1 : this.zsl.rank(member, sc);
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

  /**
   * Visits the members whose score s is in [ranges[2k], ranges[2k+1]), one
   * interval after the other (k = 0, 1, ...), ascending within an interval; a
   * member in two intervals is visited twice. test(score) filters entries
   * before their member string is made; visit(member, score) is called right
   * after a test that returned true, for the same entry, and returns false to
   * stop. The packed form finds where every interval starts in one pass.
   */
  scoreIntervals(ranges: number[], test: (score: number) => boolean, visit: (member: string, score: number) => boolean): void {
    const ni = ranges.length >> 1;
    if (this.zsl !== null) {
      for (let k = 0; k < ni; k++) {
        const max = ranges[2 * k + 1];
        for (let x = this.zsl.firstScoreAtLeast(ranges[2 * k]); x !== null && x.score < max; x = x.next) {
          if (test(x.score) && !visit(x.ele, x.score)) return;
        }
      }
      return;
    }
    const lp = this.lp as string;
    // byte offset of each interval's first entry (-1: none)
    const starts = ni <= SCRATCH_STARTS.length ? SCRATCH_STARTS : new Array<number>(ni);
    for (let k = 0; k < ni; k++) starts[k] = -1;
    let left = ni;
    for (let p = 0; p < lp.length && left > 0; p = dNext) {
      decodeAt(lp, p);
      for (let k = 0; k < ni; k++) {
        if (starts[k] === -1 && dScore >= ranges[2 * k]) { starts[k] = dScore < ranges[2 * k + 1] ? p : -2; left--; }
      }
    }
    for (let k = 0; k < ni; k++) {
      const max = ranges[2 * k + 1];
      for (let p = starts[k]; p >= 0 && p < lp.length; p = dNext) {
        decodeAt(lp, p);
        if (!(dScore < max)) break;
        const sc = dScore, mp = dMpos, ml = dLen, next = dNext;
        if (test(sc) && !visit(lp.slice(mp, mp + ml), sc)) return;
        dNext = next;
      }
    }
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
    for (let x: ZNode | null = this.zsl.byRank(start); x !== null && pred(x.ele); x = rev ? x.back : x.next) k++;
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
    let x: ZNode | null = this.zsl.byRank(rev ? end : start);
    if (rev) for (; n > 0 && x !== null; n--, x = x.back) fn(x.ele, x.score);
    else for (; n > 0 && x !== null; n--, x = x.next) fn(x.ele, x.score);
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
    const x = this.zsl.byRank(rank);
    return [x.ele, x.score];
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
    const doomed: [string, number][] = [];
    let x: ZNode | null = l.byRank(start);
    for (let k = 0; k < n && x !== null; k++, x = x.next) doomed.push([x.ele, x.score]);
    for (const [e, sc] of doomed) { l.delete(e, sc); l.dict.delete(e); }
    return doomed.length;
  }

  /** A uniformly random [member, score] (set must be non-empty). */
  random(): [string, number] {
    if (this.zsl === null) return this.at((Math.random() * this.n) | 0);
    const d = this.zsl.dict;
    const slot = d.randomSlot();
    return [d.keyAt(slot) as string, d.valAt(slot) as number];
  }
}
