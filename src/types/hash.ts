/**
 * RHash: the Redis hash type, with Redis 7.0's two encodings.
 *
 *  - "listpack" (compact): every field and value in one flat latin1 JS string,
 *    `d`, laid out as [len(field) field len(value) value]* in insertion order.
 *    Each length is a little-endian base-128 varint (7 bits per char, high bit
 *    set on every char but the last). `n` holds the number of fields. A single
 *    sequential string costs ~16 bytes of header plus one byte per char, which
 *    is about what a Redis listpack costs; lookups scan it linearly (as Redis
 *    does) comparing in place with startsWith, without allocating.
 *  - "hashtable": a Dict<string> (field -> value), with O(1) random picks and
 *    a SCAN cursor with Redis's guarantee.
 *
 * Conversion rules (Redis 7.0): a hash starts as a listpack; it converts to a
 * hashtable when it would hold more than hash-max-listpack-entries fields, or
 * when a field or value longer than hash-max-listpack-value bytes is written
 * (HSET and friends check their arguments before writing, tryConversion();
 * set() checks the field and the value it writes, which covers HINCRBY*).
 * A hashtable never goes back to a listpack. Multi-pair writes (setMany)
 * merge into the blob in one rebuild; the result equals pair-by-pair set().
 *
 * Invariants: when `d` is a string, `n` equals the number of field/value pairs
 * in it, fields are distinct, `d` is flat (built with join); when `d` is a
 * Dict, `n` is unused (0). An RHash is never left empty in a keyspace: the
 * commands delete the key when the last field goes.
 */
import type { RObject } from '../db/database.js';
import { Dict } from './dict.js';
import { ownString } from '../util/flatstr-hs.js';

export interface HashLimits {
  /** hash-max-listpack-entries */
  maxEntries: number;
  /** hash-max-listpack-value */
  maxValue: number;
}

export const DEFAULT_HASH_LIMITS: HashLimits = { maxEntries: 512, maxValue: 64 };

const SMALL_LEN: string[] = [];
for (let i = 0; i < 128; i++) SMALL_LEN.push(String.fromCharCode(i));

/** The varint prefix for a length. */
export function encLen(n: number): string {
  if (n < 128) return SMALL_LEN[n];
  let s = '';
  while (n >= 128) { s += String.fromCharCode((n & 127) | 128); n = Math.floor(n / 128); }
  return s + String.fromCharCode(n);
}

/** Scratch cursor shared by the blob readers (single-threaded, no re-entrancy). */
let rdPos = 0;
/** Reads a varint length at `p` in `s`, leaving the position after it in rdPos. */
function readLen(s: string, p: number): number {
  let c = s.charCodeAt(p++);
  if (c < 128) { rdPos = p; return c; }
  let len = c & 127, mul = 128;
  do {
    c = s.charCodeAt(p++);
    len += (c & 127) * mul;
    mul *= 128;
  } while (c & 128);
  rdPos = p;
  return len;
}

export class RHash implements RObject {
  /** Listpack blob or hashtable. */
  private d: string | Dict<string>;
  /** Field count while compact. */
  private n: number;

  constructor(d: string | Dict<string> = '', n = 0) {
    this.d = d;
    this.n = n;
  }

  get type(): 'hash' { return 'hash'; }

  encoding(): string { return typeof this.d === 'string' ? 'listpack' : 'hashtable'; }

  /** Warms fields about to be looked up (RObject.warm): only the hashtable form has a table to warm. */
  warm(lists: readonly (readonly string[])[], index: number, from: number, to: number): void {
    if (typeof this.d !== 'string') this.d.prefetchArgs(lists, index, from, to);
  }

  get isCompact(): boolean { return typeof this.d === 'string'; }

  /** The hashtable (only when not compact). */
  get dict(): Dict<string> | null { return typeof this.d === 'string' ? null : this.d; }

  get size(): number { return typeof this.d === 'string' ? this.n : this.d.size; }

  dup(): RHash {
    if (typeof this.d === 'string') return new RHash(this.d, this.n);
    const nd = new Dict<string>();
    const d = this.d;
    d.forEachSlot(s => { nd.add(d.keyAt(s) as string, d.valAt(s) as string); });
    return new RHash(nd, 0);
  }

  /** Offset of the length prefix of field's value in the blob, or -1 (rdPos: start of value bytes). */
  private findValue(field: string): number {
    const s = this.d as string;
    const fl = field.length;
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      const len = readLen(s, p);
      p = rdPos;
      const match = len === fl && s.startsWith(field, p);
      p += len;
      if (match) return p;
      const vl = readLen(s, p);
      p = rdPos + vl;
    }
    return -1;
  }

  get(field: string): string | undefined {
    if (typeof this.d !== 'string') return this.d.get(field);
    const at = this.findValue(field);
    if (at === -1) return undefined;
    const vl = readLen(this.d, at);
    const p = rdPos;
    return this.d.slice(p, p + vl);
  }

  has(field: string): boolean {
    if (typeof this.d !== 'string') return this.d.has(field);
    return this.findValue(field) !== -1;
  }

  /** Length of a field's value (0 when absent). */
  strlen(field: string): number {
    if (typeof this.d !== 'string') { const v = this.d.get(field); return v === undefined ? 0 : v.length; }
    const at = this.findValue(field);
    return at === -1 ? 0 : readLen(this.d, at);
  }

  /**
   * Redis's pre-write check: converts to a hashtable when any of
   * args[start..end] is longer than the value limit.
   */
  tryConversion(args: readonly string[], start: number, end: number, lim: HashLimits): void {
    if (typeof this.d !== 'string') return;
    for (let i = start; i <= end; i++) {
      if (args[i].length > lim.maxValue) { this.convert(); return; }
    }
  }

  /** Sets field to value; returns true when the field is new. Converts as Redis does. */
  set(field: string, value: string, lim: HashLimits): boolean {
    if (typeof this.d === 'string' && (field.length > lim.maxValue || value.length > lim.maxValue)) this.convert();
    if (typeof this.d !== 'string') return this.d.set(field, value);
    const s = this.d;
    const at = this.findValue(field);
    if (at !== -1) {
      const vl = readLen(s, at);
      const end = rdPos + vl;
      this.d = [s.slice(0, at), encLen(value.length), value, s.slice(end)].join('');
      return false;
    }
    this.d = [s, encLen(field.length), field, encLen(value.length), value].join('');
    this.n++;
    if (this.n > lim.maxEntries) this.convert();
    return true;
  }

  /**
   * Appends many pairs (args[start], args[start+1], ...) in one rebuild of the
   * blob; returns how many fields were new. Same result as calling set() in order.
   */
  setMany(args: readonly string[], start: number, lim: HashLimits): number {
    let created = 0;
    let bulk = typeof this.d === 'string' && args.length - start > 4;
    if (bulk) {
      for (let i = start; i < args.length; i++) if (args[i].length > lim.maxValue) { bulk = false; break; }
    }
    if (!bulk) {
      for (let i = start; i + 1 < args.length; i += 2) if (this.set(args[i], args[i + 1], lim)) created++;
      return created;
    }
    // one rebuild: existing pairs in place (with their new values), then new fields in first-seen order
    const upd = new Map<string, string>();
    for (let i = start; i + 1 < args.length; i += 2) upd.set(args[i], args[i + 1]);
    const s = this.d as string;
    const parts: string[] = [];
    let p = 0;
    for (let i = 0; i < this.n && upd.size > 0; i++) {
      const pairStart = p;
      const fl = readLen(s, p);
      const fs = rdPos;
      p = fs + fl;
      const vl = readLen(s, p);
      p = rdPos + vl;
      const f = s.slice(fs, fs + fl);
      const v = upd.get(f);
      if (v === undefined) { parts.push(s.slice(pairStart, p)); continue; }
      parts.push(s.slice(pairStart, fs + fl), encLen(v.length), v);
      upd.delete(f);
    }
    if (p < s.length) parts.push(s.slice(p));
    for (const [f, v] of upd) { parts.push(encLen(f.length), f, encLen(v.length), v); created++; }
    this.d = parts.join('');
    this.n += created;
    if (this.n > lim.maxEntries) this.convert();
    return created;
  }

  /** Removes a field; returns true when it was there. */
  delete(field: string): boolean {
    if (typeof this.d !== 'string') return this.d.delete(field);
    const s = this.d;
    const fl = field.length;
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      const start = p;
      const len = readLen(s, p);
      p = rdPos;
      const match = len === fl && s.startsWith(field, p);
      p += len;
      const vl = readLen(s, p);
      p = rdPos + vl;
      if (match) {
        this.d = start === 0 ? ownString(s.slice(p)) : (p === s.length ? ownString(s.slice(0, start)) : [s.slice(0, start), s.slice(p)].join(''));
        this.n--;
        return true;
      }
    }
    return false;
  }

  /** Removes args[start..]; returns how many fields were there. A listpack is rebuilt once. */
  deleteMany(args: readonly string[], start: number): number {
    if (typeof this.d !== 'string' || args.length - start < 3) {
      let deleted = 0;
      for (let i = start; i < args.length; i++) if (this.delete(args[i])) deleted++;
      return deleted;
    }
    const drop = new Set<string>();
    for (let i = start; i < args.length; i++) drop.add(args[i]);
    const s = this.d;
    const parts: string[] = [];
    let p = 0, deleted = 0, keepFrom = 0;
    for (let i = 0; i < this.n; i++) {
      const pairStart = p;
      const fl = readLen(s, p);
      const fs = rdPos;
      p = fs + fl;
      const vl = readLen(s, p);
      p = rdPos + vl;
      if (!drop.has(s.slice(fs, fs + fl))) continue;
      if (pairStart > keepFrom) parts.push(s.slice(keepFrom, pairStart));
      keepFrom = p;
      deleted++;
    }
    if (deleted === 0) return 0;
    if (keepFrom < s.length) parts.push(s.slice(keepFrom));
    this.d = parts.length === 0 ? '' : parts.length === 1 ? ownString(parts[0]) : parts.join('');
    this.n -= deleted;
    return deleted;
  }

  /** Converts to the hashtable encoding (no-op when already there). */
  convert(): void {
    if (typeof this.d !== 'string') return;
    const nd = new Dict<string>();
    this.forEach((f, v) => { nd.add(f, v); });
    this.d = nd;
    this.n = 0;
  }

  /** Calls fn for every pair (listpack: insertion order). fn must not modify the hash. */
  forEach(fn: (field: string, value: string) => void): void {
    const d = this.d;
    if (typeof d !== 'string') {
      d.forEachSlot(s => fn(d.keyAt(s) as string, d.valAt(s) as string));
      return;
    }
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      const fl = readLen(d, p);
      p = rdPos;
      const f = d.slice(p, p + fl);
      p += fl;
      const vl = readLen(d, p);
      p = rdPos;
      const v = d.slice(p, p + vl);
      p += vl;
      fn(f, v);
    }
  }

  /** Fields and values as two parallel arrays (listpack order for compact hashes). */
  toArrays(): { fields: string[]; values: string[] } {
    const fields: string[] = [], values: string[] = [];
    this.forEach((f, v) => { fields.push(f); values.push(v); });
    return { fields, values };
  }

  /**
   * Compact hashes only: the blob offset of every field, in order (a cheap
   * index for many random picks without copying any field or value).
   */
  pairOffsets(): Int32Array {
    const d = this.d as string;
    const out = new Int32Array(this.n);
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      out[i] = p;
      const fl = readLen(d, p);
      p = rdPos + fl;
      const vl = readLen(d, p);
      p = rdPos + vl;
    }
    return out;
  }

  /** Compact hashes only: the field starting at blob offset `off` (from pairOffsets). */
  fieldAt(off: number): string {
    const d = this.d as string;
    const fl = readLen(d, off);
    return d.slice(rdPos, rdPos + fl);
  }

  /** Compact hashes only: the value of the pair starting at blob offset `off`. */
  valueAt(off: number): string {
    const d = this.d as string;
    const fl = readLen(d, off);
    const vl = readLen(d, rdPos + fl);
    return d.slice(rdPos, rdPos + vl);
  }

  /** A uniformly random pair, or undefined when empty. */
  randomPair(): [string, string] | undefined {
    const d = this.d;
    if (typeof d !== 'string') {
      const s = d.randomSlot();
      return s === -1 ? undefined : [d.keyAt(s) as string, d.valAt(s) as string];
    }
    if (this.n === 0) return undefined;
    let idx = (Math.random() * this.n) | 0;
    let p = 0;
    for (;;) {
      const fl = readLen(d, p);
      p = rdPos;
      if (idx === 0) {
        const f = d.slice(p, p + fl);
        p += fl;
        const vl = readLen(d, p);
        p = rdPos;
        return [f, d.slice(p, p + vl)];
      }
      p += fl;
      const vl = readLen(d, p);
      p = rdPos + vl;
      idx--;
    }
  }

  /** Builds a hash from pairs, choosing the encoding Redis would end up with. */
  static fromPairs(pairs: readonly string[], lim: HashLimits = DEFAULT_HASH_LIMITS): RHash {
    const h = new RHash();
    h.tryConversion(pairs, 0, pairs.length - 1, lim);
    h.setMany(pairs, 0, lim);
    return h;
  }
}
