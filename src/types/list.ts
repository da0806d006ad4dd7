/**
 * RList: the Redis list type, a "quicklist" in the spirit of Redis's own.
 *
 * Representation: a doubly linked chain of nodes. A node is in one of two
 * forms:
 *  - packed ("cold"): all its entries in ONE latin1 string, each entry a
 *    length header (7 bits per char, little-endian, high bit = more) followed
 *    by the entry's bytes, like a listpack. This costs ~1 byte per entry over
 *    the data itself, and no JS object per element.
 *  - unpacked ("hot"): a plain JS array of element strings, cheap to modify.
 * Push/pop on a small packed end node (at most PACK_END_MAX entries) edit
 * the packed string directly (one flat copy of at most a node, like the
 * memmove of a listpack). Any other modification unpacks the node first
 * (push/pop at a bigger end node, LSET, LINSERT, LREM, LTRIM on a partial
 * node); reads walk packed nodes in place. compact() packs the hot nodes again: every interior
 * node, and an end node once it holds at most PACK_END_MAX entries (larger
 * end nodes stay hot so a stream of pushes or pops does not repack a big
 * node each time; they get packed once they stop being end nodes). Commands
 * call compact() once after their mutations; correctness never depends on
 * it, only memory does.
 *
 * Node size follows list-max-listpack-size ("fill"): a positive fill caps
 * the number of entries per node; a negative fill -1..-5 caps the size of a
 * node at 4, 8, 16, 32 or 64 KB, each entry counted as a listpack would
 * store it (bytes plus a small header and back-length).
 *
 * Invariants:
 *  - `length` is the sum of the node counts; head/tail are null iff length
 *    is 0; no linked node is ever empty (an emptied node is unlinked).
 *  - a node has items !== null (hot) xor a valid packed string with `count`
 *    entries (cold); `bytes` is the sum of entrySize() over its entries.
 *  - every hot node that is linked is listed in `hot` (the list may also
 *    hold nodes that were since packed or unlinked; compact() skips them).
 *  - push/pop at either end are O(1) amortised; positional access walks node
 *    by node from the nearer end, then inside the node, as Redis does.
 *
 * OBJECT ENCODING: Redis 7.0 always encodes lists as a quicklist (the
 * listpack encoding of small lists arrived in 7.2), so encoding() is
 * constant.
 */
import type { RObject } from '../db/database.js';

const SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
/** Whatever the fill, a node never grows past this many bytes unless it holds a single entry. */
const SAFETY_LIMIT = 8192;
/** End nodes with more entries than this stay unpacked after a command. */
const PACK_END_MAX = 32;

/** Size of one entry in a Redis listpack: its bytes plus a length header and a back-length trailer. */
function entrySize(v: string): number {
  const n = v.length;
  return n + (n < 64 ? 2 : n < 4096 ? 4 : 10);
}

/** Length headers for lengths < 128 (one char each). */
const HDR: string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

function header(n: number): string {
  if (n < 128) return HDR[n];
  let s = '';
  while (n >= 128) { s += String.fromCharCode((n & 127) | 128); n = Math.floor(n / 128); }
  return s + HDR[n];
}

/** Packs entries into one string. */
function pack(items: readonly string[]): string {
  const parts: string[] = new Array(items.length * 2);
  for (let i = 0; i < items.length; i++) { parts[2 * i] = header(items[i].length); parts[2 * i + 1] = items[i]; }
  return parts.join('');
}

/** Unpacks a packed node into an array of `count` entries. */
function unpack(p: string, count: number): string[] {
  const out: string[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    let c = p.charCodeAt(pos++), len = c & 127, mul = 128;
    while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
    out[i] = p.substring(pos, pos + len);
    pos += len;
  }
  return out;
}

/** Entry `idx` of a packed node. */
function packedAt(p: string, idx: number): string {
  let pos = 0;
  for (;;) {
    let c = p.charCodeAt(pos++), len = c & 127, mul = 128;
    while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
    if (idx-- === 0) return p.substring(pos, pos + len);
    pos += len;
  }
}

export class QNode {
  prev: QNode | null = null;
  next: QNode | null = null;
  /** Entry count while packed (items === null). */
  count = 0;
  packed = '';
  constructor(public items: string[] | null, public bytes: number) {}
  get size(): number { return this.items !== null ? this.items.length : this.count; }
}

export class RList implements RObject {
  head: QNode | null = null;
  tail: QNode | null = null;
  length = 0;
  /** Unpacked nodes to consider in compact(), or null. */
  private hot: QNode[] | null = null;

  get type(): 'list' { return 'list'; }
  encoding(): string { return 'quicklist'; }

  dup(): RList {
    const l = new RList();
    for (let n = this.head; n; n = n.next) {
      const m = new QNode(n.items !== null ? n.items.slice() : null, n.bytes);
      m.count = n.count; m.packed = n.packed;
      l.link(m, l.tail, null);
      if (m.items !== null) l.markHot(m);
    }
    l.length = this.length;
    l.compact();
    return l;
  }

  /** Number of nodes (for tests and memory reports). */
  nodeCount(): number {
    let k = 0;
    for (let n = this.head; n; n = n.next) k++;
    return k;
  }

  /** Number of unpacked nodes (tests). */
  hotCount(): number {
    let k = 0;
    for (let n = this.head; n; n = n.next) if (n.items !== null) k++;
    return k;
  }

  // ---- node plumbing -------------------------------------------------------

  private static allows(n: QNode, add: number, fill: number): boolean {
    const bytes = n.bytes + add;
    if (fill >= 0) return n.size < (fill === 0 ? 1 : fill) && bytes <= SAFETY_LIMIT;
    const lim = SIZE_LIMITS[Math.min(-fill, SIZE_LIMITS.length) - 1];
    return bytes <= lim;
  }

  private markHot(n: QNode): void {
    if (this.hot === null) this.hot = [n]; else this.hot.push(n);
  }

  /** The node's entries as an array, unpacking it if needed. */
  private itemsOf(n: QNode): string[] {
    if (n.items !== null) return n.items;
    n.items = unpack(n.packed, n.count);
    n.packed = '';
    this.markHot(n);
    return n.items;
  }

  private newNode(items: string[], bytes: number): QNode {
    const n = new QNode(items, bytes);
    this.markHot(n);
    return n;
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
    n.items = null; n.packed = ''; n.count = 0;
  }

  /** Splits an over-full hot node in two halves (after a middle insertion or LSET). */
  private splitIfNeeded(n: QNode, fill: number): void {
    const items = n.items as string[];
    if (items.length < 2 || RList.allows(n, 0, fill)) return;
    const half = items.length >> 1;
    const right = items.splice(half);
    let rb = 0;
    for (let i = 0; i < right.length; i++) rb += entrySize(right[i]);
    n.bytes -= rb;
    this.link(this.newNode(right, rb), n, n.next);
  }

  /** Finds the node holding index i (0 <= i < length); returns the node and the offset inside it. */
  private locate(i: number): [QNode, number] {
    if (i < this.length / 2) {
      let n = this.head as QNode;
      while (i >= n.size) { i -= n.size; n = n.next as QNode; }
      return [n, i];
    }
    let back = this.length - 1 - i;
    let n = this.tail as QNode;
    while (back >= n.size) { back -= n.size; n = n.prev as QNode; }
    return [n, n.size - 1 - back];
  }

  /**
   * Packs the hot nodes that should be cold: interior ones, and end nodes
   * with at most PACK_END_MAX entries. Call once after a batch of changes.
   */
  compact(): void {
    const hot = this.hot;
    if (hot === null) return;
    let keep: QNode[] | null = null;
    for (let i = 0; i < hot.length; i++) {
      const n = hot[i];
      const items = n.items;
      if (items === null) continue; // packed or unlinked since
      if ((n === this.head || n === this.tail) && items.length > PACK_END_MAX) {
        if (keep === null) keep = [n]; else if (!keep.includes(n)) keep.push(n);
        continue;
      }
      n.packed = pack(items);
      n.count = items.length;
      n.items = null;
    }
    this.hot = keep;
  }

  // ---- ends ------------------------------------------------------------------

  pushHead(v: string, fill = -2): void {
    const sz = entrySize(v);
    const h = this.head;
    if (h && RList.allows(h, sz, fill)) {
      if (h.items === null && h.count < PACK_END_MAX) { h.packed = [header(v.length), v, h.packed].join(''); h.count++; }
      else this.itemsOf(h).unshift(v);
      h.bytes += sz;
    } else this.link(this.newNode([v], sz), null, h);
    this.length++;
  }

  pushTail(v: string, fill = -2): void {
    const sz = entrySize(v);
    const t = this.tail;
    if (t && RList.allows(t, sz, fill)) {
      if (t.items === null && t.count < PACK_END_MAX) { t.packed = [t.packed, header(v.length), v].join(''); t.count++; }
      else this.itemsOf(t).push(v);
      t.bytes += sz;
    } else this.link(this.newNode([v], sz), t, null);
    this.length++;
  }

  popHead(): string | undefined {
    const h = this.head;
    if (!h) return undefined;
    let v: string;
    if (h.items === null && h.count <= PACK_END_MAX) {
      const p = h.packed;
      let pos = 0, c = p.charCodeAt(pos++), len = c & 127, mul = 128;
      while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
      v = p.substring(pos, pos + len);
      h.packed = p.substring(pos + len);
      h.count--;
      h.bytes -= entrySize(v);
      if (h.count === 0) this.unlink(h);
    } else {
      const it = this.itemsOf(h);
      v = it.shift() as string;
      h.bytes -= entrySize(v);
      if (it.length === 0) this.unlink(h);
    }
    this.length--;
    return v;
  }

  popTail(): string | undefined {
    const t = this.tail;
    if (!t) return undefined;
    let v: string;
    if (t.items === null && t.count <= PACK_END_MAX) {
      const p = t.packed, cnt = t.count;
      let pos = 0, start = 0, len = 0;
      for (let k = 0; k < cnt; k++) {
        start = pos;
        let c = p.charCodeAt(pos++), mul = 128;
        len = c & 127;
        while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
        pos += len;
      }
      v = p.substring(pos - len, pos);
      t.packed = p.substring(0, start);
      t.count--;
      t.bytes -= entrySize(v);
      if (t.count === 0) this.unlink(t);
    } else {
      const it = this.itemsOf(t);
      v = it.pop() as string;
      t.bytes -= entrySize(v);
      if (it.length === 0) this.unlink(t);
    }
    this.length--;
    return v;
  }

  // ---- positional ------------------------------------------------------------

  /** Element at index i (negative counts from the tail), or undefined when out of range. */
  get(i: number): string | undefined {
    if (i < 0) i += this.length;
    if (i < 0 || i >= this.length) return undefined;
    const [n, off] = this.locate(i);
    return n.items !== null ? n.items[off] : packedAt(n.packed, off);
  }

  /** Replaces element i (0 <= i < length). */
  set(i: number, v: string, fill = -2): void {
    const [n, off] = this.locate(i);
    const items = this.itemsOf(n);
    n.bytes += entrySize(v) - entrySize(items[off]);
    items[off] = v;
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
      if (!reverse) {
        if (n.items !== null) {
          const it = n.items;
          for (; off < it.length && count > 0; off++, count--) if (fn(it[off]) === false) return;
        } else {
          // decode in place: skip `off` entries, then emit
          const p = n.packed, cnt = n.count;
          let pos = 0;
          for (let k = 0; k < cnt && count > 0; k++) {
            let c = p.charCodeAt(pos++), len = c & 127, mul = 128;
            while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
            if (k >= off) { count--; if (fn(p.substring(pos, pos + len)) === false) return; }
            pos += len;
          }
        }
        n = n.next; off = 0;
      } else {
        const it = n.items !== null ? n.items : unpack(n.packed, n.count);
        for (; off >= 0 && count > 0; off--, count--) if (fn(it[off]) === false) return;
        n = n.prev; if (n) off = n.size - 1;
      }
    }
  }

  /**
   * Indices of the elements equal to v (LPOS): skips the first `skip`
   * matches, collects at most `limit` indices, and compares at most
   * `maxlen` elements (0 = all), from the head or, when fromTail, from the
   * tail (indices still count from the head). Packed nodes are compared in
   * place, without creating a string per element.
   */
  positions(v: string, skip: number, limit: number, maxlen: number, fromTail: boolean): number[] {
    const out: number[] = [];
    const vlen = v.length;
    let left = maxlen > 0 ? Math.min(maxlen, this.length) : this.length;
    let base = fromTail ? this.length : 0; // index of the node's first element (forward) or one past its last (backward)
    for (let n = fromTail ? this.tail : this.head; n && left > 0 && out.length < limit; n = fromTail ? n.prev : n.next) {
      const size = n.size;
      if (fromTail) base -= size;
      if (n.items !== null) {
        const it = n.items;
        if (!fromTail) {
          for (let i = 0; i < it.length && left > 0; i++, left--) {
            if (it[i] === v && skip-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
          }
        } else {
          for (let i = it.length - 1; i >= 0 && left > 0; i--, left--) {
            if (it[i] === v && skip-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
          }
        }
      } else {
        const p = n.packed;
        if (p.indexOf(v) < 0) { // no match possible in this node: skip it whole
          left -= size;
          if (!fromTail) base += size;
          continue;
        }
        // entry start offsets and lengths, then compare in place
        const starts: number[] = new Array(size), lens: number[] = new Array(size);
        let pos = 0;
        for (let k = 0; k < size; k++) {
          let c = p.charCodeAt(pos++), len = c & 127, mul = 128;
          while (c >= 128) { c = p.charCodeAt(pos++); len += (c & 127) * mul; mul *= 128; }
          starts[k] = pos; lens[k] = len;
          pos += len;
        }
        if (!fromTail) {
          for (let i = 0; i < size && left > 0; i++, left--) {
            if (lens[i] === vlen && p.startsWith(v, starts[i]) && skip-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
          }
        } else {
          for (let i = size - 1; i >= 0 && left > 0; i--, left--) {
            if (lens[i] === vlen && p.startsWith(v, starts[i]) && skip-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
          }
        }
      }
      if (!fromTail) base += size;
    }
    return out;
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
    if (start === 0 && count >= this.length) {
      this.head = this.tail = null; this.length = 0; this.hot = null;
      return;
    }
    let [n, off] = this.locate(start) as [QNode | null, number];
    this.length -= count;
    while (n && count > 0) {
      const next: QNode | null = n.next;
      const size = n.size;
      const k = Math.min(count, size - off);
      if (k === size) this.unlink(n);
      else {
        const gone = this.itemsOf(n).splice(off, k);
        for (let i = 0; i < gone.length; i++) n.bytes -= entrySize(gone[i]);
      }
      count -= k;
      n = next; off = 0;
    }
  }

  /** Whether node n may contain v (a packed node is searched as one string first). */
  private static mayHold(n: QNode, v: string): boolean {
    return n.items !== null ? n.items.indexOf(v) >= 0 : n.packed.indexOf(v) >= 0;
  }

  /**
   * Inserts v before (after=false) or after the first element equal to
   * pivot. Returns false when pivot is absent.
   */
  insert(pivot: string, v: string, after: boolean, fill = -2): boolean {
    for (let n = this.head; n; n = n.next) {
      if (!RList.mayHold(n, pivot)) continue;
      const items = n.items !== null ? n.items : unpack(n.packed, n.count);
      const i = items.indexOf(pivot);
      if (i < 0) continue;
      if (n.items === null) { n.items = items; n.packed = ''; this.markHot(n); }
      items.splice(after ? i + 1 : i, 0, v);
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
      if (RList.mayHold(n, v)) {
        const it = n.items !== null ? n.items : unpack(n.packed, n.count);
        if (it.indexOf(v) >= 0) {
          if (n.items === null) { n.items = it; n.packed = ''; this.markHot(n); }
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
      }
      n = next;
    }
    this.length -= removed;
    return removed;
  }

  /** Every element, head to tail (tests, DEBUG, serialisation). */
  toArray(): string[] {
    const out: string[] = [];
    for (let n = this.head; n; n = n.next) {
      const it = n.items !== null ? n.items : unpack(n.packed, n.count);
      for (let i = 0; i < it.length; i++) out.push(it[i]);
    }
    return out;
  }

  /** Checks the invariants (tests). Throws on violation. */
  verify(): void {
    let len = 0;
    let prev: QNode | null = null;
    for (let n = this.head; n; n = n.next) {
      if (n.prev !== prev) throw new Error('bad prev link');
      const it = n.items !== null ? n.items : unpack(n.packed, n.count);
      if (n.items === null && pack(it) !== n.packed) throw new Error('bad packed node');
      if (n.items !== null && !(this.hot ?? []).includes(n)) throw new Error('hot node not tracked');
      if (it.length === 0) throw new Error('empty node');
      let b = 0;
      for (const v of it) b += entrySize(v);
      if (b !== n.bytes) throw new Error(`bad byte count ${n.bytes} != ${b}`);
      len += it.length;
      prev = n;
    }
    if (prev !== this.tail) throw new Error('bad tail');
    if (len !== this.length) throw new Error(`bad length ${this.length} != ${len}`);
  }
}
