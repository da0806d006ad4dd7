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
 *  - "skiplist" (large sets; the name Redis reports): a ZBig, i.e. an
 *    order-statistic B+tree of (score, member) keys (src/types/ztree.ts:
 *    O(log n) insert/delete/rank/by-rank/range searches over a few small
 *    sorted arrays, far fewer cache misses than a skip list on big sets)
 *    plus a Dict member -> score for O(1) ZSCORE.
 *
 * Invariants: exactly one of lp or zsl is non-null. In the listpack form
 * entries are strictly increasing by (score, member), n is their number, and
 * -0 is stored as 0 (as Redis's listpack stores it as the integer 0). In the
 * skiplist form zsl.dict maps exactly the members of zsl.tree to their
 * scores (-0 kept as -0). NaN scores are never stored (the commands reject
 * them before).
 *
 * Conversions (done by the commands, which know the config): listpack ->
 * skiplist when an insert would make the set longer than the entries limit or
 * the member is longer than the value limit; skiplist -> listpack only where
 * Redis does it (results of ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE).
 */
import type { RObject } from '../db/database.js';
import { Dict } from './dict.js';
import { ZTree, BELOW, ABOVE, AT } from './ztree.js';

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

/** scoreIntervals' decoded entries: member offset and length in the packed string, score. */
let scanPos = new Int32Array(128), scanLen = new Int32Array(128), scanScore = new Float64Array(128);
function growScan(): void {
  const n = scanScore.length * 2;
  const p = new Int32Array(n), l = new Int32Array(n), s = new Float64Array(n);
  p.set(scanPos); l.set(scanLen); s.set(scanScore);
  scanPos = p; scanLen = l; scanScore = s;
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

/** The "skiplist" form: the ordered tree of (score, member) plus member -> score. */
export class ZBig {
  readonly tree = new ZTree();
  constructor(readonly dict = new Dict<number>()) {}
  get length(): number { return this.tree.length; }

  /** Checks the tree and that dict holds exactly its entries (tests). */
  verify(): void {
    this.tree.verify();
    if (this.dict.size !== this.tree.length) throw new Error('dict size differs from the tree');
    this.forEach((m, sc) => { if (!Object.is(this.dict.get(m), sc)) throw new Error(`dict score differs for ${m}`); });
  }

  add(member: string, score: number): void {
    this.tree.insert(member, score);
    this.dict.add(member, score);
  }

  /** Calls fn for every entry in order. */
  forEach(fn: (member: string, score: number) => void): void {
    const t = this.tree;
    for (let l = t.first; l !== -1; l = t.nextLeaf(l)) for (let i = 0; i < t.count(l); i++) fn(t.eleAt(l, i), t.scoreAt(l, i));
  }
}

export class ZSet implements RObject {
  /** listpack form: packed entries and their count. */
  lp: string | null;
  n: number;
  /** skiplist form. */
  zsl: ZBig | null;

  get type(): 'zset' { return 'zset'; }

  /** A new empty set in the encoding Redis picks for the expected size and longest member. */
  constructor(sizeHint = 0, maxLenHint = 0, lim?: ZLimits) {
    this.n = 0;
    if (lim !== undefined && (sizeHint > lim.entries || maxLenHint > lim.value)) {
      this.lp = null; this.zsl = new ZBig();
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
      for (let i = 0; i < ms.length; i++) l.add(ms[i], ss[i]);
    }
    return z;
  }

  encoding(): string { return this.zsl === null ? 'listpack' : 'skiplist'; }

  /** Warms members about to be looked up (RObject.warm): only the skiplist form has a table to warm. */
  warm(lists: readonly (readonly string[])[], index: number, from: number, to: number): void {
    if (this.zsl !== null) this.zsl.dict.prefetchArgs(lists, index, from, to);
  }

  get size(): number { return this.zsl === null ? this.n : this.zsl.length; }

  dup(): ZSet {
    const z = new ZSet();
    if (this.zsl === null) {
      z.lp = this.lp; z.n = this.n;
    } else {
      z.lp = null;
      const l = new ZBig();
      this.zsl.forEach((m, sc) => l.add(m, sc));
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
    const l = new ZBig();
    const lp = this.lp as string;
    for (let p = 0; p < lp.length; p = dNext) {
      decodeAt(lp, p);
      l.add(lp.slice(dMpos, dMpos + dLen), dScore);
    }
    this.zsl = l; this.lp = null; this.n = 0;
  }

  /** Switches to the listpack form. */
  toListpack(): void {
    const l = this.zsl;
    if (l === null) return;
    let o = 0;
    l.forEach((m, sc) => { o = encodeAt(o, m, sc === 0 ? 0 : sc); });
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
    (this.zsl as ZBig).add(member, score);
  }

  /** Changes the score of an existing member from cur to score. */
  update(member: string, cur: number, score: number): void {
    if (cur === score) return;
    if (this.zsl !== null) {
      const d = this.zsl.dict;
      // usually right after score(member): reuse the slot it found instead of hashing again
      const slot = lastDict === d && lastSlot >= 0 && d.keyAt(lastSlot) === member ? lastSlot : d.find(member);
      // the tree keeps the very string the dict holds (one copy per member; the argument is usually a fresh one)
      this.zsl.tree.update(d.keyAt(slot) as string, cur, score);
      d.setValAt(slot, score);
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
      const sc = l.dict.get(member);
      if (sc === undefined) return false;
      l.dict.delete(member);
      l.tree.remove(member, sc);
      this.tidy();
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
      return sc === undefined ? -1 : this.zsl.tree.countLess(sc, member, AT);
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
    if (this.zsl !== null) return this.zsl.tree.countLess(v, '', orEqual ? ABOVE : BELOW);
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
   * stop. The packed form decodes each entry once (see below).
   */
  scoreIntervals(ranges: number[], test: (score: number) => boolean, visit: (member: string, score: number) => boolean): void {
    const ni = ranges.length >> 1;
    if (this.zsl !== null) {
      const t = this.zsl.tree;
      for (let k = 0; k < ni; k++) {
        const max = ranges[2 * k + 1];
        const r = t.countLess(ranges[2 * k], '', BELOW);
        if (r >= t.length) continue;
        t.byRank(r);
        for (let l = t.cl, i = t.ci; l !== -1;) {
          const sc = t.scoreAt(l, i);
          if (!(sc < max)) break;
          if (test(sc) && !visit(t.eleAt(l, i), sc)) return;
          if (++i >= t.count(l)) { l = t.nextLeaf(l); i = 0; }
        }
      }
      return;
    }
    const lp = this.lp as string;
    // One pass decodes each entry once, up to the end of the highest interval,
    // keeping where its member is and its score; each interval is then a run of
    // those entries (they are sorted by score), visited interval by interval.
    let top = -Infinity;
    for (let k = 0; k < ni; k++) if (ranges[2 * k + 1] > top) top = ranges[2 * k + 1];
    let n = 0;
    for (let p = 0; p < lp.length; p = dNext) {
      decodeAt(lp, p);
      if (!(dScore < top)) break;
      if (n === scanScore.length) growScan();
      scanPos[n] = dMpos; scanLen[n] = dLen; scanScore[n] = dScore;
      n++;
    }
    const pos = scanPos, len = scanLen, sco = scanScore;
    for (let k = 0; k < ni; k++) {
      const min = ranges[2 * k], max = ranges[2 * k + 1];
      let lo = 0, hi = n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sco[mid] < min) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < n; i++) {
        const sc = sco[i];
        if (!(sc < max)) break;
        if (test(sc) && !visit(lp.slice(pos[i], pos[i] + len[i]), sc)) return;
      }
    }
  }

  /** First rank whose member is >= v (> v when exclusive), scanning from the head as Redis does. */
  lexLow(v: string, exclusive: boolean): number {
    if (this.zsl !== null) return this.zsl.tree.countLex(v, exclusive);
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
    if (this.zsl !== null) return this.zsl.tree.countLex(v, !exclusive);
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
    const t = this.zsl.tree;
    t.byRank(start);
    let l = t.cl, i = t.ci;
    while (l !== -1 && pred(t.eleAt(l, i))) {
      k++;
      if (rev) { if (--i < 0) { l = t.prevLeaf(l); if (l !== -1) i = t.count(l) - 1; } }
      else if (++i >= t.count(l)) { l = t.nextLeaf(l); i = 0; }
    }
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
    const t = this.zsl.tree;
    t.byRank(rev ? end : start);
    let l = t.cl, i = t.ci;
    for (let n = end - start + 1; n > 0 && l !== -1; n--) {
      fn(t.eleAt(l, i), t.scoreAt(l, i));
      if (rev) { if (--i < 0) { l = t.prevLeaf(l); if (l !== -1) i = t.count(l) - 1; } }
      else if (++i >= t.count(l)) { l = t.nextLeaf(l); i = 0; }
    }
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
    const t = this.zsl.tree;
    t.byRank(rank);
    return [t.eleAt(t.cl, t.ci), t.scoreAt(t.cl, t.ci)];
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
    const t = this.zsl.tree;
    const l = max ? t.last : t.first, i = max ? t.count(l) - 1 : 0;
    const m = t.eleAt(l, i);
    ZSet.popped = t.scoreAt(l, i);
    this.zsl.dict.delete(m);
    t.removeAt(l, i);
    this.tidy();
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
    const big = this.zsl, t = big.tree;
    const k = Math.min(n, t.length - start);
    if (k > 64 && k * 2 >= t.length) {
      // most of the set goes: rebuild from the survivors (appends in order) instead of k deletions
      const nb = new ZBig(big.dict);
      let r = 0;
      big.forEach((m, sc) => {
        if (r >= start && r < start + k) big.dict.delete(m); else nb.tree.insert(m, sc);
        r++;
      });
      this.zsl = nb;
      return k;
    }
    for (let j = 0; j < k; j++) {
      t.byRank(start);
      big.dict.delete(t.eleAt(t.cl, t.ci));
      t.removeAt(t.cl, t.ci);
    }
    this.tidy();
    return k;
  }

  /** A uniformly random [member, score] (set must be non-empty). */
  random(): [string, number] {
    if (this.zsl === null) return this.at((Math.random() * this.n) | 0);
    const d = this.zsl.dict;
    const slot = d.randomSlot();
    return [d.keyAt(slot) as string, d.valAt(slot) as number];
  }

  /** Rebuilds the tree once deletions left its pools mostly free. */
  private tidy(): void {
    const l = this.zsl;
    if (l === null || !l.tree.sparse) return;
    const nb = new ZBig(l.dict); // same members and scores
    l.forEach((m, sc) => { nb.tree.insert(m, sc); });
    this.zsl = nb;
  }
}
