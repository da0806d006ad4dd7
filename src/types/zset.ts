/**
 * ZSet: a sorted set (members ordered by (score, member), member bytes
 * compared as memcmp, i.e. `<` on latin1 strings), with Redis 7.0's two
 * encodings as far as OBJECT ENCODING and the conversion rules go:
 *
 *  - "listpack" (small sets): two parallel dense arrays `m` (members) and
 *    `s` (scores), both kept sorted by (score, member). Lookups by member are
 *    a linear scan (n <= zset-max-listpack-entries, 128 by default), ranges
 *    are binary searches or short scans, inserts/deletes splice. Two arrays
 *    and no per-entry object is what keeps 100k small zsets cheap.
 *  - "skiplist" (large sets): a Dict member -> score for O(1) ZSCORE plus a
 *    skip list whose links carry spans (the number of level-0 steps each link
 *    jumps), which gives O(log n) insert/delete/rank/by-rank/range searches.
 *
 * Invariants: exactly one of (m,s) or zsl is non-null. In the listpack form
 * m.length === s.length and (s[i], m[i]) < (s[i+1], m[i+1]) strictly. In the
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
  /** fwd[i] / span[i]: the next node on level i and how many level-0 steps that link covers. */
  readonly fwd: (ZNode | null)[];
  readonly span: number[];
  constructor(public ele: string, public score: number, level: number) {
    this.fwd = new Array(level).fill(null);
    this.span = new Array(level).fill(0);
  }
}

/** (score, member) strictly before (score2, member2). */
function before(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

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

  insert(ele: string, score: number): ZNode {
    const update: ZNode[] = new Array(MAX_LEVEL);
    const rank: number[] = new Array(MAX_LEVEL);
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let n = x.fwd[i];
      while (n !== null && before(n.score, n.ele, score, ele)) {
        rank[i] += x.span[i];
        x = n;
        n = x.fwd[i];
      }
      update[i] = x;
    }
    const lvl = randomLevel();
    if (lvl > this.level) {
      for (let i = this.level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = this.head;
        this.head.span[i] = this.length;
      }
      this.level = lvl;
    }
    const node = new ZNode(ele, score, lvl);
    for (let i = 0; i < lvl; i++) {
      const u = update[i];
      node.fwd[i] = u.fwd[i];
      u.fwd[i] = node;
      node.span[i] = u.span[i] - (rank[0] - rank[i]);
      u.span[i] = rank[0] - rank[i] + 1;
    }
    for (let i = lvl; i < this.level; i++) update[i].span[i]++;
    node.back = update[0] === this.head ? null : update[0];
    if (node.fwd[0] !== null) node.fwd[0].back = node; else this.tail = node;
    this.length++;
    return node;
  }

  private unlink(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.fwd[i] === x) {
        u.span[i] += x.span[i] - 1;
        u.fwd[i] = x.fwd[i];
      } else {
        u.span[i]--;
      }
    }
    if (x.fwd[0] !== null) x.fwd[0].back = x.back; else this.tail = x.back;
    while (this.level > 1 && this.head.fwd[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Removes the node (score, ele); returns false when absent. */
  delete(ele: string, score: number): boolean {
    const update: ZNode[] = new Array(MAX_LEVEL);
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.fwd[i];
      while (n !== null && before(n.score, n.ele, score, ele)) { x = n; n = x.fwd[i]; }
      update[i] = x;
    }
    const t = x.fwd[0];
    if (t === null || t.score !== score || t.ele !== ele) return false;
    this.unlink(t, update);
    return true;
  }

  /** Changes the score of an existing element; keeps the node when the order allows. */
  updateScore(ele: string, cur: number, score: number): void {
    const update: ZNode[] = new Array(MAX_LEVEL);
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.fwd[i];
      while (n !== null && before(n.score, n.ele, cur, ele)) { x = n; n = x.fwd[i]; }
      update[i] = x;
    }
    const t = x.fwd[0] as ZNode;
    if ((t.back === null || before(t.back.score, t.back.ele, score, ele)) &&
        (t.fwd[0] === null || before(score, ele, t.fwd[0].score, t.fwd[0].ele))) {
      t.score = score;
      return;
    }
    this.unlink(t, update);
    this.insert(ele, score);
  }

  /** 0-based rank of (score, ele), or -1. */
  rank(ele: string, score: number): number {
    let x = this.head;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.fwd[i];
      while (n !== null && (before(n.score, n.ele, score, ele) || (n.score === score && n.ele === ele))) {
        r += x.span[i];
        x = n;
        n = x.fwd[i];
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
      let n = x.fwd[i];
      while (n !== null && t + x.span[i] <= target) {
        t += x.span[i];
        x = n;
        n = x.fwd[i];
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
      let n = x.fwd[i];
      while (n !== null && (n.score < v || (orEqual && n.score === v))) {
        r += x.span[i];
        x = n;
        n = x.fwd[i];
      }
    }
    return r;
  }

  /** Number of elements whose member is < v (orEqual: <= v), assuming member order (equal scores). */
  countLex(v: string, orEqual: boolean): number {
    let x = this.head;
    let r = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.fwd[i];
      while (n !== null && (n.ele < v || (orEqual && n.ele === v))) {
        r += x.span[i];
        x = n;
        n = x.fwd[i];
      }
    }
    return r;
  }
}

export interface ZLimits { entries: number; value: number }

export class ZSet implements RObject {
  /** listpack form: members and scores sorted by (score, member). */
  m: string[] | null;
  s: number[] | null;
  /** skiplist form. */
  zsl: SkipList | null;

  get type(): 'zset' { return 'zset'; }

  /** A new empty set in the encoding Redis picks for the expected size and longest member. */
  constructor(sizeHint = 0, maxLenHint = 0, lim?: ZLimits) {
    if (lim !== undefined && (sizeHint > lim.entries || maxLenHint > lim.value)) {
      this.m = null; this.s = null; this.zsl = new SkipList();
    } else {
      this.m = []; this.s = []; this.zsl = null;
    }
  }

  encoding(): string { return this.zsl === null ? 'listpack' : 'skiplist'; }

  get size(): number { return this.zsl === null ? (this.m as string[]).length : this.zsl.length; }

  dup(): ZSet {
    const z = new ZSet();
    if (this.zsl === null) {
      z.m = (this.m as string[]).slice();
      z.s = (this.s as number[]).slice();
    } else {
      z.m = null; z.s = null;
      const l = new SkipList();
      for (let x = this.zsl.head.fwd[0]; x !== null; x = x.fwd[0]) {
        l.insert(x.ele, x.score);
        l.dict.add(x.ele, x.score);
      }
      z.zsl = l;
    }
    return z;
  }

  /** Score of member, or undefined. */
  score(member: string): number | undefined {
    if (this.zsl !== null) return this.zsl.dict.get(member);
    const i = (this.m as string[]).indexOf(member);
    return i === -1 ? undefined : (this.s as number[])[i];
  }

  /** Switches to the skiplist form. */
  toSkiplist(): void {
    if (this.zsl !== null) return;
    const l = new SkipList();
    const m = this.m as string[], s = this.s as number[];
    for (let i = 0; i < m.length; i++) { l.insert(m[i], s[i]); l.dict.add(m[i], s[i]); }
    this.zsl = l; this.m = null; this.s = null;
  }

  /** Switches to the listpack form. */
  toListpack(): void {
    const l = this.zsl;
    if (l === null) return;
    const m: string[] = [], s: number[] = [];
    for (let x = l.head.fwd[0]; x !== null; x = x.fwd[0]) { m.push(x.ele); s.push(x.score); }
    this.m = m; this.s = s; this.zsl = null;
  }

  /** Position where (score, member) goes in the listpack arrays. */
  private lpPos(member: string, score: number): number {
    const m = this.m as string[], s = this.s as number[];
    let lo = 0, hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(s[mid], m[mid], score, member)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Inserts a member known to be absent, converting first when the limits say so. */
  insert(member: string, score: number, lim: ZLimits): void {
    if (this.zsl === null) {
      const m = this.m as string[];
      if (m.length + 1 > lim.entries || member.length > lim.value) this.toSkiplist();
      else {
        if (score === 0) score = 0; // a listpack stores -0 as the integer 0
        const i = this.lpPos(member, score);
        if (i === m.length) { m.push(member); (this.s as number[]).push(score); }
        else { m.splice(i, 0, member); (this.s as number[]).splice(i, 0, score); }
        return;
      }
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
      this.zsl.dict.set(member, score);
      return;
    }
    const m = this.m as string[], s = this.s as number[];
    if (score === 0) score = 0; // a listpack stores -0 as the integer 0
    const i = m.indexOf(member);
    m.splice(i, 1); s.splice(i, 1);
    const j = this.lpPos(member, score);
    m.splice(j, 0, member); s.splice(j, 0, score);
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
    const m = this.m as string[];
    const i = m.indexOf(member);
    if (i === -1) return false;
    m.splice(i, 1); (this.s as number[]).splice(i, 1);
    return true;
  }

  /** 0-based ascending rank of member, or -1. */
  rank(member: string): number {
    if (this.zsl !== null) {
      const sc = this.zsl.dict.get(member);
      return sc === undefined ? -1 : this.zsl.rank(member, sc);
    }
    return (this.m as string[]).indexOf(member);
  }

  /** Number of members with score < v (or <= v when orEqual). */
  countScore(v: number, orEqual: boolean): number {
    if (this.zsl !== null) return this.zsl.countScore(v, orEqual);
    const s = this.s as number[];
    let lo = 0, hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] < v || (orEqual && s[mid] === v)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** First rank whose member is >= v (> v when exclusive), scanning as Redis does. */
  lexLow(v: string, exclusive: boolean): number {
    if (this.zsl !== null) return this.zsl.countLex(v, exclusive);
    const m = this.m as string[];
    let i = 0;
    while (i < m.length && (exclusive ? m[i] <= v : m[i] < v)) i++;
    return i;
  }

  /** One past the last rank whose member is <= v (< v when exclusive). */
  lexHigh(v: string, exclusive: boolean): number {
    if (this.zsl !== null) return this.zsl.countLex(v, !exclusive);
    const m = this.m as string[];
    let i = m.length;
    while (i > 0 && (exclusive ? m[i - 1] >= v : m[i - 1] > v)) i--;
    return i;
  }

  /**
   * Calls fn for ranks start..end (inclusive, 0 <= start <= end < size) in
   * ascending order, or end..start when rev.
   */
  range(start: number, end: number, rev: boolean, fn: (member: string, score: number) => void): void {
    if (this.zsl === null) {
      const m = this.m as string[], s = this.s as number[];
      if (rev) for (let i = end; i >= start; i--) fn(m[i], s[i]);
      else for (let i = start; i <= end; i++) fn(m[i], s[i]);
      return;
    }
    let n = end - start + 1;
    let x: ZNode | null = this.zsl.byRank(rev ? end : start);
    if (rev) for (; n > 0 && x !== null; n--, x = x.back) fn(x.ele, x.score);
    else for (; n > 0 && x !== null; n--, x = x.fwd[0]) fn(x.ele, x.score);
  }

  /**
   * How many consecutive members, starting at rank `start` and walking up
   * (or down when rev), satisfy pred.
   */
  countWhile(start: number, rev: boolean, pred: (member: string) => boolean): number {
    let k = 0;
    if (this.zsl === null) {
      const m = this.m as string[];
      if (rev) for (let i = start; i >= 0 && pred(m[i]); i--) k++;
      else for (let i = start; i < m.length && pred(m[i]); i++) k++;
      return k;
    }
    if (start < 0 || start >= this.zsl.length) return 0;
    for (let x: ZNode | null = this.zsl.byRank(start); x !== null && pred(x.ele); x = rev ? x.back : x.fwd[0]) k++;
    return k;
  }

  /** Member at a 0-based rank. */
  memberAt(rank: number): string {
    return this.zsl === null ? (this.m as string[])[rank] : this.zsl.byRank(rank).ele;
  }

  /** Every member in ascending order. */
  forEach(fn: (member: string, score: number) => void): void {
    if (this.size > 0) this.range(0, this.size - 1, false, fn);
  }

  /** Member and score at a 0-based rank. */
  at(rank: number): [string, number] {
    if (this.zsl === null) return [(this.m as string[])[rank], (this.s as number[])[rank]];
    const x = this.zsl.byRank(rank);
    return [x.ele, x.score];
  }

  /** Removes ranks start..end inclusive; returns the number removed. */
  removeRange(start: number, end: number): number {
    const n = end - start + 1;
    if (n <= 0) return 0;
    if (this.zsl === null) {
      (this.m as string[]).splice(start, n);
      (this.s as number[]).splice(start, n);
      return n;
    }
    const l = this.zsl;
    const doomed: [string, number][] = [];
    let x: ZNode | null = l.byRank(start);
    for (let k = 0; k < n && x !== null; k++, x = x.fwd[0]) doomed.push([x.ele, x.score]);
    for (const [e, sc] of doomed) { l.delete(e, sc); l.dict.delete(e); }
    return doomed.length;
  }

  /** A uniformly random [member, score] (set must be non-empty). */
  random(): [string, number] {
    if (this.zsl === null) {
      const i = (Math.random() * (this.m as string[]).length) | 0;
      return [(this.m as string[])[i], (this.s as number[])[i]];
    }
    const d = this.zsl.dict;
    const slot = d.randomSlot();
    return [d.keys[slot] as string, d.vals[slot] as number];
  }

  /** Longest member length (for conversion decisions). */
  maxMemberLen(): number {
    let mx = 0;
    this.forEach(e => { if (e.length > mx) mx = e.length; });
    return mx;
  }
}
