/**
 * RList: the Redis list type, a "quicklist" in the spirit of Redis's own.
 *
 * Representation: a doubly linked chain of nodes; each node holds a plain JS
 * array of element strings (latin1, one char per byte) and the approximate
 * number of bytes those entries would take in a packed node. No JS object
 * exists per element beyond the element string itself, and the per-node
 * cost (one node object + one array) is amortised over up to a few hundred
 * elements.
 *
 * Node size follows list-max-listpack-size ("fill"): a positive fill caps
 * the number of entries per node; a negative fill -1..-5 caps the packed
 * size of a node at 4, 8, 16, 32 or 64 KB (each entry counted as its length
 * plus a small header, as a listpack would store it).
 *
 * Invariants:
 *  - `length` is the sum of the node array lengths; head/tail are null iff
 *    length is 0; no node is ever empty (an emptied node is unlinked).
 *  - `bytes` of a node is the sum of entrySize() over its items.
 *  - Push/pop at either end are O(1) amortised (shift/unshift on a bounded
 *    node array); positional access walks node by node from the nearer end.
 *
 * OBJECT ENCODING: Redis 7.0 always encodes lists as a quicklist (the
 * listpack encoding of small lists arrived in 7.2), so encoding() is
 * constant.
 */
import type { RObject } from '../db/database.js';

const SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
/** Whatever the fill, a node never grows past this many bytes unless it holds a single entry. */
const SAFETY_LIMIT = 8192;

/** Packed size of one entry: its bytes plus a length header and a back-length trailer. */
function entrySize(v: string): number {
  const n = v.length;
  return n + (n < 64 ? 2 : n < 4096 ? 4 : 10);
}

export class QNode {
  prev: QNode | null = null;
  next: QNode | null = null;
  constructor(public items: string[], public bytes: number) {}
}

export class RList implements RObject {
  readonly type = 'list' as const;
  head: QNode | null = null;
  tail: QNode | null = null;
  length = 0;

  encoding(): string { return 'quicklist'; }

  dup(): RList {
    const l = new RList();
    for (let n = this.head; n; n = n.next) l.link(new QNode(n.items.slice(), n.bytes), l.tail, null);
    l.length = this.length;
    return l;
  }

  /** Number of nodes (for tests and memory reports). */
  nodeCount(): number {
    let k = 0;
    for (let n = this.head; n; n = n.next) k++;
    return k;
  }

  // ---- node plumbing -------------------------------------------------------

  private static allows(n: QNode, add: number, fill: number): boolean {
    const bytes = n.bytes + add;
    if (fill >= 0) return n.items.length < (fill === 0 ? 1 : fill) && bytes <= SAFETY_LIMIT;
    const lim = SIZE_LIMITS[Math.min(-fill, SIZE_LIMITS.length) - 1];
    return bytes <= lim;
  }

  /** Links node n between a and b (either may be null for the ends). */
  private link(n: QNode, a: QNode | null, b: QNode | null): void {
    n.prev = a; n.next = b;
    if (a) a.next = n; else this.head = n;
    if (b) b.prev = n; else this.tail = n;
  }

  private unlink(n: QNode): void {
    if (n.prev) n.prev.next = n.next; else this.head = n.next;
    if (n.next) n.next.prev = n.prev; else this.tail = n.prev;
    n.prev = n.next = null;
  }

  /** Splits an over-full node in two halves (after a middle insertion). */
  private splitIfNeeded(n: QNode, fill: number): void {
    if (n.items.length < 2 || RList.allows(n, 0, fill)) return;
    const half = n.items.length >> 1;
    const right = n.items.splice(half);
    let rb = 0;
    for (let i = 0; i < right.length; i++) rb += entrySize(right[i]);
    n.bytes -= rb;
    this.link(new QNode(right, rb), n, n.next);
  }

  /** Finds the node holding index i (0 <= i < length); returns the node and the offset inside it. */
  private locate(i: number): [QNode, number] {
    if (i < this.length / 2) {
      let n = this.head as QNode;
      while (i >= n.items.length) { i -= n.items.length; n = n.next as QNode; }
      return [n, i];
    }
    let back = this.length - 1 - i;
    let n = this.tail as QNode;
    while (back >= n.items.length) { back -= n.items.length; n = n.prev as QNode; }
    return [n, n.items.length - 1 - back];
  }

  // ---- ends ------------------------------------------------------------------

  pushHead(v: string, fill = -2): void {
    const sz = entrySize(v);
    const h = this.head;
    if (h && RList.allows(h, sz, fill)) { h.items.unshift(v); h.bytes += sz; }
    else this.link(new QNode([v], sz), null, h);
    this.length++;
  }

  pushTail(v: string, fill = -2): void {
    const sz = entrySize(v);
    const t = this.tail;
    if (t && RList.allows(t, sz, fill)) { t.items.push(v); t.bytes += sz; }
    else this.link(new QNode([v], sz), t, null);
    this.length++;
  }

  popHead(): string | undefined {
    const h = this.head;
    if (!h) return undefined;
    const v = h.items.shift() as string;
    h.bytes -= entrySize(v);
    if (h.items.length === 0) this.unlink(h);
    this.length--;
    return v;
  }

  popTail(): string | undefined {
    const t = this.tail;
    if (!t) return undefined;
    const v = t.items.pop() as string;
    t.bytes -= entrySize(v);
    if (t.items.length === 0) this.unlink(t);
    this.length--;
    return v;
  }

  // ---- positional ------------------------------------------------------------

  /** Element at index i (negative counts from the tail), or undefined when out of range. */
  get(i: number): string | undefined {
    if (i < 0) i += this.length;
    if (i < 0 || i >= this.length) return undefined;
    const [n, off] = this.locate(i);
    return n.items[off];
  }

  /** Replaces element i (0 <= i < length). */
  set(i: number, v: string, fill = -2): void {
    const [n, off] = this.locate(i);
    n.bytes += entrySize(v) - entrySize(n.items[off]);
    n.items[off] = v;
    this.splitIfNeeded(n, fill);
  }

  /**
   * Calls fn for `count` elements starting at index `start` (0-based, in
   * range), walking towards the tail, or towards the head when `reverse`.
   * The walk stops early when fn returns false.
   */
  walk(start: number, count: number, reverse: boolean, fn: (v: string) => boolean | void): void {
    if (count <= 0) return;
    let [n, off] = this.locate(start) as [QNode | null, number];
    while (n && count > 0) {
      const it = n.items;
      if (!reverse) {
        for (; off < it.length && count > 0; off++, count--) if (fn(it[off]) === false) return;
        n = n.next; off = 0;
      } else {
        for (; off >= 0 && count > 0; off--, count--) if (fn(it[off]) === false) return;
        n = n.prev; if (n) off = n.items.length - 1;
      }
    }
  }

  /** Elements start..end inclusive (already clamped to the list) as an array. */
  range(start: number, end: number): string[] {
    const out: string[] = [];
    this.walk(start, end - start + 1, false, v => { out.push(v); });
    return out;
  }

  /** Removes `count` elements starting at index `start` (both in range). */
  deleteRange(start: number, count: number): void {
    if (count <= 0) return;
    if (start === 0 && count >= this.length) { this.head = this.tail = null; this.length = 0; return; }
    let [n, off] = this.locate(start) as [QNode | null, number];
    this.length -= count;
    while (n && count > 0) {
      const next: QNode | null = n.next;
      const it = n.items;
      const k = Math.min(count, it.length - off);
      if (k === it.length) this.unlink(n);
      else {
        const gone = it.splice(off, k);
        for (let i = 0; i < gone.length; i++) n.bytes -= entrySize(gone[i]);
      }
      count -= k;
      n = next; off = 0;
    }
  }

  /**
   * Inserts v before (after=false) or after the first element equal to
   * pivot. Returns false when pivot is absent.
   */
  insert(pivot: string, v: string, after: boolean, fill = -2): boolean {
    for (let n = this.head; n; n = n.next) {
      const i = n.items.indexOf(pivot);
      if (i < 0) continue;
      n.items.splice(after ? i + 1 : i, 0, v);
      n.bytes += entrySize(v);
      this.length++;
      this.splitIfNeeded(n, fill);
      return true;
    }
    return false;
  }

  /**
   * Removes up to `count` elements equal to v (0 = all), scanning from the
   * head, or from the tail when `fromTail`. Returns how many were removed.
   */
  remove(v: string, count: number, fromTail: boolean): number {
    let removed = 0;
    const limit = count <= 0 ? Infinity : count;
    let n = fromTail ? this.tail : this.head;
    while (n && removed < limit) {
      const next: QNode | null = fromTail ? n.prev : n.next;
      const it = n.items;
      if (it.indexOf(v) >= 0) {
        if (!fromTail) {
          let w = 0;
          for (let r = 0; r < it.length; r++) {
            if (removed < limit && it[r] === v) { removed++; n.bytes -= entrySize(v); }
            else it[w++] = it[r];
          }
          it.length = w;
        } else {
          let w = it.length - 1;
          for (let r = it.length - 1; r >= 0; r--) {
            if (removed < limit && it[r] === v) { removed++; n.bytes -= entrySize(v); }
            else it[w--] = it[r];
          }
          it.splice(0, w + 1);
        }
        if (it.length === 0) this.unlink(n);
      }
      n = next;
    }
    this.length -= removed;
    return removed;
  }

  /** Every element, head to tail (tests, DEBUG, serialisation). */
  toArray(): string[] {
    const out: string[] = [];
    for (let n = this.head; n; n = n.next) for (let i = 0; i < n.items.length; i++) out.push(n.items[i]);
    return out;
  }

  /** Checks the invariants (tests). Throws on violation. */
  verify(): void {
    let len = 0;
    let prev: QNode | null = null;
    for (let n = this.head; n; n = n.next) {
      if (n.prev !== prev) throw new Error('bad prev link');
      if (n.items.length === 0) throw new Error('empty node');
      let b = 0;
      for (const v of n.items) b += entrySize(v);
      if (b !== n.bytes) throw new Error(`bad byte count ${n.bytes} != ${b}`);
      len += n.items.length;
      prev = n;
    }
    if (prev !== this.tail) throw new Error('bad tail');
    if (len !== this.length) throw new Error(`bad length ${this.length} != ${len}`);
  }
}
