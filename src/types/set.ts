/**
 * RSet: the Redis set type, with Redis 7.0's two encodings.
 *
 *  - "intset" (compact): every member is the canonical decimal form of a
 *    64-bit integer. The integers are kept sorted in one flat latin1 string
 *    `d`: a header char holding the width w, then w chars (bytes) per
 *    integer, w = 2, 3, 4 or 8 (the narrowest of these that holds every
 *    member; it only grows). The empty string is the empty intset of width 2.
 *    Each integer is stored big-endian with its sign bit flipped, so the byte
 *    order of two entries is their numeric order. Lookups are binary searches
 *    on decoded entries; inserts and removals rebuild the string (Redis
 *    memmoves); batches (addMany/removeMany/popMany) merge and rebuild once.
 *    8-byte entries are compared as (high int32, low uint32) pairs so the
 *    full int64 range stays exact without bigints.
 *    Memory: Redis has no 3-byte entries, but the width is internal (nothing
 *    observable depends on it; DEBUG's serialized length recomputes Redis's
 *    width from the values), and 3 bytes keep integers within +-2^23 a byte
 *    smaller each. Keeping the width in the blob rather than in a field makes
 *    an RSet a one-field object (32 bytes instead of 40); the header char
 *    usually lands in the string's 8-byte alignment padding.
 *  - "hashtable": a Dict<null> keyed by member, with O(1) random picks and a
 *    SCAN cursor with Redis's guarantee.
 *
 * Conversion rules (Redis 7.0): a set created from an integer member starts
 * as an intset, otherwise as a hashtable; an intset converts when a
 * non-integer member is added or when it would exceed set-max-intset-entries
 * (capped at 2^30). Only SPOP with a count close to the size rebuilds a
 * hashtable set from its survivors (RSet.create semantics), which can give
 * back an intset; the command layer does that.
 *
 * Invariants: d is a string exactly for the intset encoding; a non-empty
 * blob's length is 1 + w * (number of entries), its width char is 2, 3, 4
 * or 8, and its entries are strictly increasing.
 */
import type { RObject } from '../db/database.js';
import { Dict } from './dict.js';
import { ownString } from '../util/flatstr-hs.js';
import { isCanonicalLL } from '../util/num.js';

const TWO32 = 4294967296;

/** Parsed int64 as (hi: signed int32, lo: uint32); set by parseInt64. */
let pHi = 0, pLo = 0;

/** Parses a canonical int64 member into pHi/pLo; false when s is not one. */
function parseInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  if (n <= 15) {
    // quick canonical check and exact value
    let i = 0;
    let c = s.charCodeAt(0);
    let neg = false;
    if (c === 45) { if (n === 1) return false; neg = true; i = 1; c = s.charCodeAt(1); }
    if (c === 48) { if (n !== 1) return false; pHi = 0; pLo = 0; return true; }
    let v = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      v = v * 10 + c;
    }
    if (neg) v = -v;
    const hi = Math.floor(v / TWO32);
    pHi = hi;
    pLo = v - hi * TWO32;
    return true;
  }
  if (!isCanonicalLL(s)) return false;
  const b = BigInt(s);
  pHi = Number(BigInt.asIntN(32, b >> 32n));
  pLo = Number(b & 0xffffffffn);
  return true;
}

/** True when s is the canonical decimal form of a 64-bit integer. */
export function isIntMember(s: string): boolean {
  return parseInt64(s);
}

/** Width in bytes needed for (hi, lo). */
function widthFor(hi: number, lo: number): number {
  if (hi === 0) return lo < 0x8000 ? 2 : lo < 0x800000 ? 3 : lo < 0x80000000 ? 4 : 8;
  if (hi === -1) return lo >= 0xffff8000 ? 2 : lo >= 0xff800000 ? 3 : lo >= 0x80000000 ? 4 : 8;
  return 8;
}

/** Encodes (hi, lo) in w bytes, biased big-endian. */
function encode(hi: number, lo: number, w: number): string {
  if (w === 2) {
    const u = ((lo & 0xffff) ^ 0x8000);
    return String.fromCharCode(u >>> 8, u & 255);
  }
  if (w === 3) {
    const u = ((lo & 0xffffff) ^ 0x800000);
    return String.fromCharCode(u >>> 16, (u >>> 8) & 255, u & 255);
  }
  if (w === 4) {
    const u = (lo ^ 0x80000000) >>> 0;
    return String.fromCharCode(u >>> 24, (u >>> 16) & 255, (u >>> 8) & 255, u & 255);
  }
  const h = (hi ^ 0x80000000) >>> 0;
  return String.fromCharCode(h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255,
    lo >>> 24, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255);
}

/** Entry width of an intset blob. */
function widthOf(d: string): number {
  return d.length === 0 ? 2 : d.charCodeAt(0);
}

/** Number of entries of an intset blob of width w. */
function countOf(d: string, w: number): number {
  return d.length === 0 ? 0 : (d.length - 1) / w;
}

/** The biased unsigned key of entry i (w = 2, 3 or 4), or its high half (w = 8). */
function keyAt(d: string, i: number, w: number): number {
  const p = 1 + i * w;
  if (w === 2) return (d.charCodeAt(p) << 8) | d.charCodeAt(p + 1);
  if (w === 3) return (d.charCodeAt(p) << 16) | (d.charCodeAt(p + 1) << 8) | d.charCodeAt(p + 2);
  return ((d.charCodeAt(p) << 24) | (d.charCodeAt(p + 1) << 16) | (d.charCodeAt(p + 2) << 8) | d.charCodeAt(p + 3)) >>> 0;
}
function lowAt(d: string, i: number): number {
  const p = 1 + i * 8 + 4;
  return ((d.charCodeAt(p) << 24) | (d.charCodeAt(p + 1) << 16) | (d.charCodeAt(p + 2) << 8) | d.charCodeAt(p + 3)) >>> 0;
}

/** Decodes entry i into (pHi, pLo). */
function decodeAt(d: string, i: number, w: number): void {
  if (w === 2) {
    const v = keyAt(d, i, 2) - 0x8000;
    pHi = v < 0 ? -1 : 0; pLo = v >>> 0;
  } else if (w === 3) {
    const v = keyAt(d, i, 3) - 0x800000;
    pHi = v < 0 ? -1 : 0; pLo = v >>> 0;
  } else if (w === 4) {
    const v = (keyAt(d, i, 4) - 0x80000000) | 0;
    pHi = v < 0 ? -1 : 0; pLo = v >>> 0;
  } else {
    pHi = (keyAt(d, i, 8) ^ 0x80000000) | 0;
    pLo = lowAt(d, i);
  }
}

function int64String(hi: number, lo: number): string {
  if (hi >= -2097152 && hi < 2097152) return String(hi * TWO32 + lo);
  return ((BigInt(hi) << 32n) + BigInt(lo)).toString();
}

/** Decimal text of entry i. */
function memberAt(d: string, i: number, w: number): string {
  if (w === 2) return String(keyAt(d, i, 2) - 0x8000);
  if (w === 3) return String(keyAt(d, i, 3) - 0x800000);
  if (w === 4) return String(keyAt(d, i, 4) - 0x80000000);
  decodeAt(d, i, 8);
  return int64String(pHi, pLo);
}

/** Binary search for (hi, lo) in an intset blob: index if found, else -(insertion point) - 1. */
function search(d: string, w: number, hi: number, lo: number): number {
  let a = 0, b = countOf(d, w) - 1;
  if (w === 8) {
    const kh = (hi ^ 0x80000000) >>> 0;
    while (a <= b) {
      const m = (a + b) >>> 1;
      const h = keyAt(d, m, 8);
      if (h < kh) a = m + 1;
      else if (h > kh) b = m - 1;
      else {
        const l = lowAt(d, m);
        if (l < lo) a = m + 1; else if (l > lo) b = m - 1; else return m;
      }
    }
    return -a - 1;
  }
  const k = w === 2 ? ((lo & 0xffff) ^ 0x8000) : w === 3 ? ((lo & 0xffffff) ^ 0x800000) : ((lo ^ 0x80000000) >>> 0);
  while (a <= b) {
    const m = (a + b) >>> 1;
    const v = keyAt(d, m, w);
    if (v < k) a = m + 1; else if (v > k) b = m - 1; else return m;
  }
  return -a - 1;
}

/** set-max-intset-entries is capped at 2^30 as in Redis. */
const INTSET_CAP = 1 << 30;

export class RSet implements RObject {
  /** Intset blob (width char, then the entries) or hashtable. */
  private d: string | Dict<null>;

  private constructor(d: string | Dict<null>) {
    this.d = d;
  }

  /** An empty set with the encoding Redis picks for a set whose first member is `first`. */
  static create(first: string): RSet {
    return isIntMember(first) ? new RSet('') : new RSet(new Dict<null>());
  }

  /** An empty intset (the starting point of SINTERSTORE/SUNIONSTORE/SDIFFSTORE results). */
  static createIntset(): RSet { return new RSet(''); }

  /** An empty hashtable set. */
  static createHashtable(): RSet { return new RSet(new Dict<null>()); }

  get type(): 'set' { return 'set'; }

  encoding(): string { return typeof this.d === 'string' ? 'intset' : 'hashtable'; }

  /** Warms members about to be looked up (RObject.warm): only the hashtable form has a table to warm. */
  warm(lists: readonly (readonly string[])[], index: number, from: number, to: number): void {
    if (typeof this.d !== 'string') this.d.prefetchArgs(lists, index, from, to);
  }

  get isIntset(): boolean { return typeof this.d === 'string'; }

  /** The hashtable (only when not an intset). */
  get dict(): Dict<null> | null { return typeof this.d === 'string' ? null : this.d; }

  get size(): number {
    const d = this.d;
    return typeof d === 'string' ? countOf(d, widthOf(d)) : d.size;
  }

  dup(): RSet {
    const d = this.d;
    if (typeof d === 'string') return new RSet(d);
    const nd = new Dict<null>();
    d.forEachSlot(s => { nd.add(d.keyAt(s) as string, null); });
    return new RSet(nd);
  }

  has(member: string): boolean {
    const d = this.d;
    if (typeof d !== 'string') return d.has(member);
    if (!parseInt64(member)) return false;
    const w = widthOf(d);
    if (widthFor(pHi, pLo) > w) return false;
    return search(d, w, pHi, pLo) >= 0;
  }

  /** Adds a member; returns true when it was new. maxIntset = set-max-intset-entries. */
  add(member: string, maxIntset: number): boolean {
    const s = this.d;
    if (typeof s !== 'string') return s.set(member, null); // one hash: true when new
    if (!parseInt64(member)) {
      this.convert();
      (this.d as Dict<null>).add(member, null);
      return true;
    }
    const hi = pHi, lo = pLo;
    const w = widthOf(s);
    const need = widthFor(hi, lo);
    let nd: string;
    if (need > w) {
      // widen every entry; the new value is outside the old range, so it goes at an end
      const n = countOf(s, w);
      const parts: string[] = [String.fromCharCode(need)];
      const neg = hi < 0;
      if (neg) parts.push(encode(hi, lo, need));
      for (let i = 0; i < n; i++) { decodeAt(s, i, w); parts.push(encode(pHi, pLo, need)); }
      if (!neg) parts.push(encode(hi, lo, need));
      nd = parts.join('');
    } else {
      const at = search(s, w, hi, lo);
      if (at >= 0) return false;
      const e = encode(hi, lo, w);
      if (s.length === 0) nd = [String.fromCharCode(w), e].join('');
      else {
        const ins = 1 + (-at - 1) * w;
        nd = ins === s.length ? [s, e].join('') : [s.slice(0, ins), e, s.slice(ins)].join('');
      }
    }
    this.d = nd;
    const max = maxIntset >= INTSET_CAP ? INTSET_CAP : maxIntset;
    if ((nd.length - 1) / (need > w ? need : w) > max) this.convert();
    return true;
  }

  /**
   * Adds args[start..]; returns how many were new. Same result as add() in
   * order, but a large batch on an intset is merged in one rebuild.
   */
  addMany(args: readonly string[], start: number, maxIntset: number): number {
    let added = 0;
    if (typeof this.d === 'string' && args.length - start >= 16) {
      const vals: bigint[] = [];
      let allInt = true;
      for (let i = start; i < args.length; i++) {
        if (!parseInt64(args[i])) { allInt = false; break; }
        vals.push((BigInt(pHi) << 32n) + BigInt(pLo));
      }
      if (!allInt) {
        // the first non-integer converts the set anyway
        this.convert();
      } else {
        vals.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const s = this.d, w = widthOf(s), n = countOf(s, w);
        const merged: bigint[] = [];
        let i = 0, j = 0;
        while (i < n || j < vals.length) {
          if (j < vals.length && j > 0 && vals[j] === vals[j - 1]) { j++; continue; }
          let cur: bigint | undefined;
          if (i < n) { decodeAt(s, i, w); cur = (BigInt(pHi) << 32n) + BigInt(pLo); }
          if (j >= vals.length || (cur !== undefined && cur < vals[j])) { merged.push(cur as bigint); i++; }
          else if (cur !== undefined && cur === vals[j]) { merged.push(cur); i++; j++; }
          else { merged.push(vals[j]); j++; added++; }
        }
        const max = maxIntset >= INTSET_CAP ? INTSET_CAP : maxIntset;
        if (merged.length > max) {
          this.convert();
          const d = this.d as unknown as Dict<null>;
          for (const v of vals) { const m = v.toString(); if (!d.has(m)) d.add(m, null); }
          return added;
        }
        let nw = w;
        const lo = merged[0], hi = merged[merged.length - 1];
        for (const v of [lo, hi]) {
          const need = v >= -32768n && v <= 32767n ? 2 : v >= -8388608n && v <= 8388607n ? 3 : v >= -2147483648n && v <= 2147483647n ? 4 : 8;
          if (need > nw) nw = need;
        }
        const parts: string[] = new Array(merged.length + 1);
        parts[0] = String.fromCharCode(nw);
        for (let k = 0; k < merged.length; k++) {
          const v = merged[k];
          parts[k + 1] = encode(Number(BigInt.asIntN(32, v >> 32n)), Number(BigInt.asUintN(32, v)), nw);
        }
        this.d = parts.join('');
        return added;
      }
    }
    for (let i = start; i < args.length; i++) if (this.add(args[i], maxIntset)) added++;
    return added;
  }

  /** Removes args[start..]; returns how many were there. Large batches on an intset rebuild once. */
  removeMany(args: readonly string[], start: number): number {
    let removed = 0;
    const s = this.d;
    if (typeof s === 'string' && args.length - start >= 16) {
      const w = widthOf(s);
      const drop = new Set<number>();
      for (let i = start; i < args.length; i++) {
        if (!parseInt64(args[i]) || widthFor(pHi, pLo) > w) continue;
        const at = search(s, w, pHi, pLo);
        if (at >= 0) drop.add(at);
      }
      if (drop.size) this.keepOnly(drop, false);
      return drop.size;
    }
    for (let i = start; i < args.length; i++) {
      if (this.remove(args[i])) { removed++; if (this.size === 0) break; }
    }
    return removed;
  }

  /** Intset only: rebuilds keeping (keep=true) or dropping (keep=false) the given indices; returns the dropped members. */
  private keepOnly(idx: Set<number>, keep: boolean): string[] {
    const s = this.d as string, w = widthOf(s), n = countOf(s, w);
    const parts: string[] = [String.fromCharCode(w)];
    const dropped: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = 1 + i * w;
      if (idx.has(i) === keep) parts.push(s.slice(p, p + w));
      else dropped.push(memberAt(s, i, w));
    }
    this.d = parts.length === 1 ? parts[0] : parts.join('');
    return dropped;
  }

  /**
   * Removes `count` (< size) random distinct members and returns them. On an
   * intset the picks are drawn first and the blob rebuilt once.
   */
  popMany(count: number): string[] {
    if (typeof this.d !== 'string') {
      const out: string[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = this.pop() as string;
      return out;
    }
    const n = this.size;
    const picks = new Set<number>();
    if (count * 2 <= n) {
      while (picks.size < count) picks.add((Math.random() * n) | 0);
      return this.keepOnly(picks, false);
    }
    // mostly everything: draw the survivors instead
    while (picks.size < n - count) picks.add((Math.random() * n) | 0);
    return this.keepOnly(picks, true);
  }

  /** Removes a member; returns true when it was there. */
  remove(member: string): boolean {
    const d = this.d;
    if (typeof d !== 'string') return d.delete(member);
    if (!parseInt64(member)) return false;
    const w = widthOf(d);
    if (widthFor(pHi, pLo) > w) return false;
    const at = search(d, w, pHi, pLo);
    if (at < 0) return false;
    this.removeIndex(at, w);
    return true;
  }

  private removeIndex(i: number, w: number): void {
    const s = this.d as string;
    const p = 1 + i * w;
    const e = p + w;
    this.d = e === s.length ? ownString(s.slice(0, p)) : [s.slice(0, p), s.slice(e)].join('');
  }

  /** Converts to the hashtable encoding. */
  convert(): void {
    const s = this.d;
    if (typeof s !== 'string') return;
    const nd = new Dict<null>();
    const w = widthOf(s), n = countOf(s, w);
    for (let i = 0; i < n; i++) nd.add(memberAt(s, i, w), null);
    this.d = nd;
  }

  /** Calls fn for every member (intset: ascending). fn must not modify the set. */
  forEach(fn: (member: string) => void): void {
    const s = this.d;
    if (typeof s !== 'string') {
      s.forEachSlot(k => fn(s.keyAt(k) as string));
      return;
    }
    const w = widthOf(s), n = countOf(s, w);
    for (let i = 0; i < n; i++) fn(memberAt(s, i, w));
  }

  /** Every member in iteration order. */
  members(): string[] {
    const out: string[] = [];
    this.forEach(m => { out.push(m); });
    return out;
  }

  /** Member at intset position i (intset only). */
  intAt(i: number): string {
    const s = this.d as string;
    return memberAt(s, i, widthOf(s));
  }

  /** A uniformly random member, or undefined when empty. O(1). */
  random(): string | undefined {
    const s = this.d;
    if (typeof s !== 'string') {
      const k = s.randomSlot();
      return k === -1 ? undefined : s.keyAt(k) as string;
    }
    const w = widthOf(s), n = countOf(s, w);
    if (n === 0) return undefined;
    return memberAt(s, (Math.random() * n) | 0, w);
  }

  /** Removes and returns a uniformly random member, or undefined when empty. */
  pop(): string | undefined {
    const s = this.d;
    if (typeof s !== 'string') {
      const k = s.randomSlot();
      if (k === -1) return undefined;
      const m = s.keyAt(k) as string;
      s.deleteSlot(k);
      return m;
    }
    const w = widthOf(s), n = countOf(s, w);
    if (n === 0) return undefined;
    const i = (Math.random() * n) | 0;
    const m = memberAt(s, i, w);
    this.removeIndex(i, w);
    return m;
  }

  /** Builds a set from members as SADD would on a new key. */
  static fromMembers(members: readonly string[], maxIntset = 512): RSet {
    const s = RSet.create(members.length ? members[0] : '0');
    for (const m of members) s.add(m, maxIntset);
    return s;
  }
}
