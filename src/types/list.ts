/**
 * RList: the Redis list type, a "quicklist" in the spirit of Redis's own.
 *
 * Representation: a doubly linked chain of nodes; each node keeps ALL its
 * entries in ONE latin1 string (no JS object per element), in one of two
 * formats (`fmt`):
 *  - PACKED, for small nodes (text up to SMALL_TEXT chars): each entry is a
 *    length header (7 bits per char, little-endian, high bit = more) then
 *    its bytes, about what a listpack costs. Small lists stay this lean.
 *  - RESP, for bigger nodes: each entry is written exactly as a RESP bulk
 *    string, "$<len>\r\n<bytes>\r\n". A run of entries is then already its
 *    own reply: LRANGE, LPOP and RPOP copy node text straight into the reply
 *    buffer (one native copy per node) instead of making and formatting a
 *    string per element. A PACKED node is rewritten as RESP once it grows
 *    past SMALL_TEXT (once in its life: nodes only start small).
 *
 *  - Pushes concatenate onto an end node's text. V8 makes that a rope
 *    (cons string) in O(1); the rope is flattened (one copy of the node) when
 *    the node is first read, when it stops being an end node, and by
 *    compact() while it is small or once the pushes since the last
 *    flattening make up half of it. So the extra memory of a rope end is
 *    bounded, and a stream of pushes copies each byte O(1) times on average
 *    instead of copying the node per push.
 *  - Pops at the head take a substring (O(1) in V8, it shares the text);
 *    pops at the tail do the same, finding the last entry directly when all
 *    entries of the node have one length (`uni`, the common case), else
 *    with entry offsets computed once (`offs`) and kept in step by tail
 *    pushes and pops.
 *  - Positional edits (LSET, LINSERT, LREM) rewrite the node's text, like the
 *    memmove of a listpack; LTRIM-style deletions cut the text in place.
 *
 * Node size follows list-max-listpack-size ("fill"): a positive fill caps
 * the number of entries per node; a negative fill -1..-5 caps the size of a
 * node at 4, 8, 16, 32 or 64 KB, each entry counted as a listpack would
 * store it (bytes plus a small header and back-length), so nodes split where
 * Redis's do (DEBUG OBJECT's ql_nodes).
 *
 * Invariants:
 *  - `length` is the sum of the node counts; head/tail are null iff length
 *    is 0; no linked node is ever empty (an emptied node is unlinked).
 *  - `text` holds exactly `count` well-formed entries in format `fmt` and
 *    nothing else; `bytes` is the sum of entrySize() over them. Either format
 *    is valid for any node: the size rule above is only a policy.
 *  - `offs`, when not null, holds the start offset of each entry
 *    (offs.length === count).
 *  - `uni` >= 0 means every entry of the node is that long (so entry k
 *    starts at k times the entry text length: no header walk); -1 means
 *    unknown or mixed. (uni and offs share one field: offsets are only kept
 *    for mixed lengths.)
 *  - `grown` counts pushes since the text was last flattened; only the head
 *    and tail nodes may have grown !== 0.
 *  - positional access walks node by node from the nearer end, then entry by
 *    entry inside the node, as Redis does.
 *
 * OBJECT ENCODING: Redis 7.0 always encodes lists as a quicklist (the
 * listpack encoding of small lists arrived in 7.2), so encoding() is
 * constant.
 */
import type { RObject } from '../db/database.js';

const SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
/** Whatever the fill, a node never grows past this many bytes unless it holds a single entry. */
const SAFETY_LIMIT = 8192;
/** Node formats. */
const PACKED = 0, RESP = 1;
/** Nodes whose text is at most this long are PACKED (and compact() flattens them at once). */
const SMALL_TEXT = 512;
/** compact() flattens a bigger end node once its pushes since the last flattening reach half its entries, or this many. */
const FLAT_MAX_GROWN = 256;

/** Where replies go (ReplyWriter; kept as an interface so types/ stays free of the protocol). */
export interface TextSink {
  /** Writes s[start, end) as it is (text that is already encoded replies). */
  rawText(s: string, start: number, end: number): void;
  /** Writes a bulk string. */
  bulk(s: string): void;
}

/** Size of one entry in a Redis listpack: its bytes plus a length header and a back-length trailer. */
function entrySize(n: number): number {
  return n + (n < 64 ? 2 : n < 4096 ? 4 : 10);
}

const CRLF = '\r\n';
const HDR_CACHED = 1024;
const RESP_HDR: string[] = Array.from({ length: HDR_CACHED }, (_, i) => '$' + i + CRLF);
const PACKED_HDR: string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** The header of an entry of n bytes in format fmt. */
function header(n: number, fmt: number): string {
  if (fmt === RESP) return n < HDR_CACHED ? RESP_HDR[n] : '$' + n + CRLF;
  if (n < 128) return PACKED_HDR[n];
  let s = '';
  while (n >= 128) { s += String.fromCharCode((n & 127) | 128); n = Math.floor(n / 128); }
  return s + PACKED_HDR[n];
}

/** Text of one entry. */
function entry(v: string, fmt: number): string {
  return fmt === RESP ? header(v.length, RESP) + v + CRLF : header(v.length, PACKED) + v;
}

/** Length of the text of an entry of n bytes. */
function entryText(n: number, fmt: number): number {
  if (fmt === RESP) return (n < 10 ? 4 : n < 100 ? 5 : n < 1000 ? 6 : String(n).length + 3) + n + 2;
  let h = 1;
  for (let m = n; m >= 128; m = Math.floor(m / 128)) h++;
  return h + n;
}

let flatSink = 0;
/** Makes V8 flatten a rope now (reading a char of a cons string flattens it in place). */
function flatten(s: string): void {
  if (s.length !== 0) flatSink ^= s.charCodeAt(0);
}

/**
 * Scratch registers: where the data of the entry last read by entryLen()
 * starts and where that entry ends; the index inside the node
 * RList.locate() returned.
 */
let dataAt = 0, endAt = 0, locAt = 0;

/** Length of the entry that starts at pos; sets dataAt and endAt. */
function entryLen(s: string, pos: number, fmt: number): number {
  if (fmt === RESP) {
    let p = pos + 1, n = 0, c = s.charCodeAt(p);
    while (c >= 48 && c <= 57) { n = n * 10 + c - 48; c = s.charCodeAt(++p); }
    dataAt = p + 2;
    endAt = dataAt + n + 2;
    return n;
  }
  let c = s.charCodeAt(pos++), n = c & 127, mul = 128;
  while (c >= 128) { c = s.charCodeAt(pos++); n += (c & 127) * mul; mul *= 128; }
  dataAt = pos;
  endAt = pos + n;
  return n;
}

/** Offset just past k entries starting at pos. */
function skip(s: string, pos: number, k: number, fmt: number): number {
  for (; k > 0; k--) { entryLen(s, pos, fmt); pos = endAt; }
  return pos;
}

/** Start offsets of the `count` entries of s. */
function offsetsOf(s: string, count: number, fmt: number): number[] {
  const out: number[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) { out[i] = pos; entryLen(s, pos, fmt); pos = endAt; }
  return out;
}

/** The entries of a node text as strings. */
function decode(s: string, count: number, fmt: number): string[] {
  const out: string[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const n = entryLen(s, pos, fmt);
    out[i] = s.substring(dataAt, dataAt + n);
    pos = endAt;
  }
  return out;
}

/** The format for entries items[from, to): PACKED while their packed text stays small. */
function formatFor(items: readonly string[], from: number, to: number): number {
  let t = 0;
  for (let i = from; i < to; i++) { t += items[i].length + 1; if (t > SMALL_TEXT) return RESP; }
  return PACKED;
}

/** Node text of the given entries (flat). */
function encode(items: readonly string[], from: number, to: number, fmt: number): string {
  let s = '';
  for (let i = from; i < to; i++) s = s + entry(items[i], fmt);
  flatten(s);
  return s;
}

/** Sum of entrySize over the entries of s[from, to). */
function bytesOf(s: string, from: number, to: number, fmt: number): number {
  let b = 0;
  while (from < to) { b += entrySize(entryLen(s, from, fmt)); from = endAt; }
  return b;
}

export class QNode {
  prev: QNode | null = null;
  next: QNode | null = null;
  /** Format (low bit) and pushes since the text was last flattened (the rest): one field instead of two. */
  private st: number;
  /**
   * The length shared by every entry (>= 0); or, when lengths differ, -1 or
   * the start offset of every entry (computed for tail pops). One field for
   * `uni` and `offs`, which never matter together.
   */
  private shape: number | number[];

  /** uni: see `shape`; fmt: PACKED or RESP. */
  constructor(public text: string, public count: number, public bytes: number, uni: number, fmt: number) {
    this.st = fmt;
    this.shape = uni;
  }

  get size(): number { return this.count; }
  get fmt(): number { return this.st & 1; }
  set fmt(f: number) { this.st = (this.st & ~1) | f; }
  get grown(): number { return this.st >> 1; }
  set grown(g: number) { this.st = (g << 1) | (this.st & 1); }
  /** The shared entry length, or -1. */
  get uni(): number { const s = this.shape; return typeof s === 'number' ? s : -1; }
  /** The entry offsets, or null. */
  get offs(): number[] | null { const s = this.shape; return typeof s === 'number' ? null : s; }
  /** Entries may now differ in length. */
  mixed(): void { if (typeof this.shape === 'number') this.shape = -1; }
  /** Drops the offsets (the text moved). */
  dropOffs(): void { if (typeof this.shape !== 'number') this.shape = -1; }
  setOffs(o: number[]): void { this.shape = o; }
  setUni(u: number): void { this.shape = u; }
}

export class RList implements RObject {
  head: QNode | null = null;
  tail: QNode | null = null;
  length = 0;

  get type(): 'list' { return 'list'; }
  encoding(): string { return 'quicklist'; }

  dup(): RList {
    const l = new RList();
    for (let n = this.head; n; n = n.next) {
      flatten(n.text);
      n.grown = 0;
      l.link(new QNode(n.text, n.count, n.bytes, n.uni, n.fmt), l.tail, null);
    }
    l.length = this.length;
    return l;
  }

  /** Number of nodes (for tests and memory reports). */
  nodeCount(): number {
    let k = 0;
    for (let n = this.head; n; n = n.next) k++;
    return k;
  }

  /** Number of nodes in the RESP format (tests). */
  respNodes(): number {
    let k = 0;
    for (let n = this.head; n; n = n.next) if (n.fmt === RESP) k++;
    return k;
  }

  // ---- node plumbing -------------------------------------------------------

  private static allows(n: QNode, add: number, fill: number): boolean {
    const bytes = n.bytes + add;
    if (fill >= 0) return n.count < (fill === 0 ? 1 : fill) && bytes <= SAFETY_LIMIT;
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
    n.text = ''; n.count = 0; n.bytes = 0; n.setUni(-1); n.grown = 0;
  }

  /** Rewrites a PACKED node as RESP (flat). */
  private static toResp(n: QNode): void {
    const items = decode(n.text, n.count, PACKED);
    n.text = encode(items, 0, items.length, RESP);
    n.fmt = RESP; n.dropOffs(); n.grown = 0;
  }

  /** Flattens a node that stops being an end node (and gives it its final format). */
  private static settle(n: QNode): void {
    if (n.fmt === PACKED && n.text.length > SMALL_TEXT) RList.toResp(n);
    else if (n.grown !== 0) { flatten(n.text); n.grown = 0; }
  }

  /** Replaces a node's entries; splits it in two halves when over-full (after LSET / LINSERT). */
  private store(n: QNode, items: string[], fill: number): void {
    let b = 0, uni = items.length > 0 ? items[0].length : -1;
    for (let i = 0; i < items.length; i++) { b += entrySize(items[i].length); if (items[i].length !== uni) uni = -1; }
    n.count = items.length; n.bytes = b; n.grown = 0; n.setUni(uni);
    if (items.length < 2 || RList.allows(n, 0, fill)) {
      n.fmt = formatFor(items, 0, items.length);
      n.text = encode(items, 0, items.length, n.fmt);
      return;
    }
    const half = items.length >> 1;
    let rb = 0;
    for (let i = half; i < items.length; i++) rb += entrySize(items[i].length);
    const rf = formatFor(items, half, items.length);
    const right = new QNode(encode(items, half, items.length, rf), items.length - half, rb, uni, rf);
    n.fmt = formatFor(items, 0, half);
    n.text = encode(items, 0, half, n.fmt); n.count = half; n.bytes = b - rb;
    this.link(right, n, n.next);
  }

  /** The node holding index i (0 <= i < length); the index inside it goes to locAt. */
  private locate(i: number): QNode {
    if (i < this.length / 2) {
      let n = this.head as QNode;
      while (i >= n.count) { i -= n.count; n = n.next as QNode; }
      locAt = i;
      return n;
    }
    let back = this.length - 1 - i;
    let n = this.tail as QNode;
    while (back >= n.count) { back -= n.count; n = n.prev as QNode; }
    locAt = n.count - 1 - back;
    return n;
  }

  /** Text offset of entry k of node n (k <= count). */
  private static offsetOf(n: QNode, k: number): number {
    return n.uni >= 0 ? k * entryText(n.uni, n.fmt) : n.offs !== null ? (k < n.count ? n.offs[k] : n.text.length) : skip(n.text, 0, k, n.fmt);
  }

  /** Text offset of entry from + k of node n, given the offset `at` of entry `from`. */
  private static offsetAfter(n: QNode, from: number, at: number, k: number): number {
    const e = from + k;
    return e === n.count ? n.text.length : n.uni >= 0 ? e * entryText(n.uni, n.fmt) : n.offs !== null ? n.offs[e] : skip(n.text, at, k, n.fmt);
  }

  /** compact()'s work on an end node. */
  private static tidyEnd(n: QNode): void {
    if (n.grown === 0) return;
    const len = n.text.length;
    if (len <= SMALL_TEXT) { flatten(n.text); n.grown = 0; return; }
    if (n.fmt === PACKED) { RList.toResp(n); return; }
    if (n.grown * 2 >= n.count || n.grown >= FLAT_MAX_GROWN) { flatten(n.text); n.grown = 0; }
  }

  /**
   * Bounds the memory of the end nodes' ropes and gives a grown end node
   * its format: flattens an end node that is small, or whose pushes since
   * the last flattening reach half its entries (so each byte is copied O(1)
   * times on average); rewrites a PACKED node that outgrew SMALL_TEXT as
   * RESP. Commands call it once after their pushes; correctness never
   * depends on it.
   */
  compact(): void {
    const h = this.head, t = this.tail;
    if (h !== null) RList.tidyEnd(h);
    if (t !== null && t !== h) RList.tidyEnd(t);
  }

  // ---- ends ------------------------------------------------------------------

  pushHead(v: string, fill = -2): void {
    const sz = entrySize(v.length);
    const h = this.head;
    if (h !== null && RList.allows(h, sz, fill)) {
      h.text = entry(v, h.fmt) + h.text;
      h.count++; h.bytes += sz; h.grown++;
      h.dropOffs();
      if (h.uni !== v.length) h.mixed();
    } else {
      if (h !== null) RList.settle(h);
      const f = v.length >= SMALL_TEXT ? RESP : PACKED;
      const n = new QNode(entry(v, f), 1, sz, v.length, f);
      n.grown = 1;
      this.link(n, null, h);
    }
    this.length++;
  }

  pushTail(v: string, fill = -2): void {
    const sz = entrySize(v.length);
    const t = this.tail;
    if (t !== null && RList.allows(t, sz, fill)) {
      const offs = t.offs;
      if (offs !== null) offs.push(t.text.length);
      else if (t.uni !== v.length) t.mixed();
      t.text = t.text + entry(v, t.fmt);
      t.count++; t.bytes += sz; t.grown++;
    } else {
      if (t !== null) RList.settle(t);
      const f = v.length >= SMALL_TEXT ? RESP : PACKED;
      const n = new QNode(entry(v, f), 1, sz, v.length, f);
      n.grown = 1;
      this.link(n, t, null);
    }
    this.length++;
  }

  /**
   * Removes the head entry of node h (the head); returns the entry's length,
   * with its data at dataAt and its end at endAt in the node's text before
   * the pop.
   */
  private cutHead(h: QNode): number {
    const p = h.text;
    const n = entryLen(p, 0, h.fmt);
    const end = endAt;
    this.length--;
    if (--h.count === 0) { this.unlink(h); return n; }
    h.text = p.substring(end);
    h.bytes -= entrySize(n);
    h.dropOffs();
    return n;
  }

  /**
   * Removes the tail entry of node t (the tail); returns the entry's length,
   * with its start in `locAt` and its data at dataAt in the node's text
   * before the pop.
   */
  private cutTail(t: QNode): number {
    const p = t.text;
    let start: number;
    const uni = t.uni;
    if (uni >= 0) start = p.length - entryText(uni, t.fmt);
    else {
      let offs = t.offs;
      if (offs === null) { offs = offsetsOf(p, t.count, t.fmt); t.setOffs(offs); }
      start = offs.pop() as number;
    }
    this.length--;
    const n = entryLen(p, start, t.fmt);
    locAt = start;
    if (--t.count === 0) { this.unlink(t); return n; }
    t.bytes -= entrySize(n);
    t.text = p.substring(0, start);
    return n;
  }

  popHead(): string | undefined {
    const h = this.head;
    if (h === null) return undefined;
    const p = h.text;
    const n = this.cutHead(h);
    return p.substring(dataAt, dataAt + n);
  }

  popTail(): string | undefined {
    const t = this.tail;
    if (t === null) return undefined;
    const p = t.text;
    const n = this.cutTail(t);
    return p.substring(dataAt, dataAt + n);
  }

  /** Pops the head entry and writes it to out as a bulk string; false when the list is empty. */
  popHeadTo(out: TextSink): boolean {
    const h = this.head;
    if (h === null) return false;
    const p = h.text, fmt = h.fmt;
    const n = this.cutHead(h);
    if (fmt === RESP) out.rawText(p, 0, endAt); else out.bulk(p.substring(dataAt, dataAt + n));
    return true;
  }

  /** Pops the tail entry and writes it to out as a bulk string; false when the list is empty. */
  popTailTo(out: TextSink): boolean {
    const t = this.tail;
    if (t === null) return false;
    const p = t.text, fmt = t.fmt;
    const n = this.cutTail(t);
    if (fmt === RESP) out.rawText(p, locAt, p.length); else out.bulk(p.substring(dataAt, dataAt + n));
    return true;
  }

  // ---- positional ------------------------------------------------------------

  /** Element at index i (negative counts from the tail), or undefined when out of range. */
  get(i: number): string | undefined {
    if (i < 0) i += this.length;
    if (i < 0 || i >= this.length) return undefined;
    const n = this.locate(i);
    const p = n.text;
    const len = entryLen(p, RList.offsetOf(n, locAt), n.fmt);
    return p.substring(dataAt, dataAt + len);
  }

  /** Replaces element i (0 <= i < length). */
  set(i: number, v: string, fill = -2): void {
    const n = this.locate(i);
    const items = decode(n.text, n.count, n.fmt);
    items[locAt] = v;
    this.store(n, items, fill);
  }

  /**
   * Writes `count` entries starting at index `start` (0-based, in range,
   * count <= length - start) to out as bulk strings: one copy per RESP node.
   */
  writeRange(start: number, count: number, out: TextSink): void {
    if (count <= 0) return;
    let n: QNode | null = this.locate(start);
    let off = locAt;
    while (n !== null && count > 0) {
      const p = n.text;
      const k = Math.min(count, n.count - off);
      const from = off === 0 ? 0 : RList.offsetOf(n, off);
      if (n.fmt === RESP) out.rawText(p, from, RList.offsetAfter(n, off, from, k));
      else {
        for (let j = 0, pos = from; j < k; j++) {
          const len = entryLen(p, pos, PACKED);
          out.bulk(p.substring(dataAt, dataAt + len));
          pos = endAt;
        }
      }
      count -= k;
      n = n.next; off = 0;
    }
  }

  /**
   * Calls fn for `count` elements starting at index `start` (0-based, in
   * range), walking towards the tail, or towards the head when `reverse`.
   * The walk stops early when fn returns false.
   */
  walk(start: number, count: number, reverse: boolean, fn: (v: string) => boolean | void): void {
    if (count <= 0) return;
    let n: QNode | null = this.locate(start);
    let off = locAt;
    while (n !== null && count > 0) {
      if (!reverse) {
        const p = n.text, cnt = n.count, fmt = n.fmt;
        let pos = off === 0 ? 0 : RList.offsetOf(n, off);
        for (let k = off; k < cnt && count > 0; k++, count--) {
          const len = entryLen(p, pos, fmt);
          const d = dataAt;
          pos = endAt;
          if (fn(p.substring(d, d + len)) === false) return;
        }
        n = n.next; off = 0;
      } else {
        const it = decode(n.text, n.count, n.fmt);
        for (; off >= 0 && count > 0; off--, count--) if (fn(it[off]) === false) return;
        n = n.prev; if (n !== null) off = n.count - 1;
      }
    }
  }

  /**
   * Indices of the elements equal to v (LPOS): skips the first `skip`
   * matches, collects at most `limit` indices, and compares at most
   * `maxlen` elements (0 = all), from the head or, when fromTail, from the
   * tail (indices still count from the head). Entries are compared in
   * place, without creating a string per element.
   */
  positions(v: string, skipN: number, limit: number, maxlen: number, fromTail: boolean): number[] {
    const out: number[] = [];
    const vlen = v.length;
    let left = maxlen > 0 ? Math.min(maxlen, this.length) : this.length;
    let base = fromTail ? this.length : 0; // index of the node's first element (forward) or one past its last (backward)
    for (let n = fromTail ? this.tail : this.head; n && left > 0 && out.length < limit; n = fromTail ? n.prev : n.next) {
      const size = n.count, fmt = n.fmt;
      if (fromTail) base -= size;
      const p = n.text;
      if (p.indexOf(v) < 0) { // no match possible in this node: skip it whole
        left -= size;
        if (!fromTail) base += size;
        continue;
      }
      if (!fromTail) {
        let pos = 0;
        for (let i = 0; i < size && left > 0; i++, left--) {
          const len = entryLen(p, pos, fmt);
          if (len === vlen && p.startsWith(v, dataAt) && skipN-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
          pos = endAt;
        }
        base += size;
      } else {
        const offs = n.offs !== null ? n.offs : offsetsOf(p, size, fmt);
        for (let i = size - 1; i >= 0 && left > 0; i--, left--) {
          const len = entryLen(p, offs[i], fmt);
          if (len === vlen && p.startsWith(v, dataAt) && skipN-- <= 0) { out.push(base + i); if (out.length >= limit) return out; }
        }
      }
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
      this.head = this.tail = null; this.length = 0;
      return;
    }
    let n: QNode | null = this.locate(start);
    let off = locAt;
    this.length -= count;
    while (n !== null && count > 0) {
      const next: QNode | null = n.next;
      const size = n.count;
      const k = Math.min(count, size - off);
      if (k === size) this.unlink(n);
      else {
        // cut the entries' text out of the node
        const p = n.text;
        const from = off === 0 ? 0 : RList.offsetOf(n, off);
        const to = RList.offsetAfter(n, off, from, k);
        n.bytes -= bytesOf(p, from, to, n.fmt);
        n.text = from === 0 ? p.substring(to) : to === p.length ? p.substring(0, from) : p.substring(0, from) + p.substring(to);
        flatten(n.text);
        n.count -= k; n.dropOffs(); n.grown = 0;
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
      if (n.text.indexOf(pivot) < 0) continue;
      const items = decode(n.text, n.count, n.fmt);
      const i = items.indexOf(pivot);
      if (i < 0) continue;
      items.splice(after ? i + 1 : i, 0, v);
      this.length++;
      this.store(n, items, fill);
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
      if (n.text.indexOf(v) >= 0) {
        const it = decode(n.text, n.count, n.fmt);
        if (it.indexOf(v) >= 0) {
          const before = removed;
          if (!fromTail) {
            let w = 0;
            for (let r = 0; r < it.length; r++) {
              if (removed < limit && it[r] === v) removed++;
              else it[w++] = it[r];
            }
            it.length = w;
          } else {
            let w = it.length - 1;
            for (let r = it.length - 1; r >= 0; r--) {
              if (removed < limit && it[r] === v) removed++;
              else it[w--] = it[r];
            }
            it.splice(0, w + 1);
          }
          if (it.length === 0) this.unlink(n);
          else if (removed !== before) {
            n.text = encode(it, 0, it.length, n.fmt); n.count = it.length; n.bytes -= (removed - before) * entrySize(v.length); n.dropOffs(); n.grown = 0;
          }
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
      const it = decode(n.text, n.count, n.fmt);
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
      if (n.count === 0) throw new Error('empty node');
      if (n.fmt !== PACKED && n.fmt !== RESP) throw new Error('bad node format');
      const p = n.text;
      let pos = 0, b = 0;
      const items: string[] = [];
      for (let i = 0; i < n.count; i++) {
        if (pos >= p.length) throw new Error('text shorter than its entries');
        if (n.offs !== null && n.offs[i] !== pos) throw new Error('bad offset cache');
        if (n.fmt === RESP) {
          if (p.charCodeAt(pos) !== 36) throw new Error(`bad entry header at ${pos}`);
          const l = entryLen(p, pos, RESP);
          if (String(l) !== p.substring(pos + 1, dataAt - 2)) throw new Error('bad length digits');
          if (p.substring(dataAt + l, dataAt + l + 2) !== CRLF) throw new Error('bad entry trailer');
        }
        const l = entryLen(p, pos, n.fmt);
        if (endAt > p.length) throw new Error('entry past the end of the text');
        items.push(p.substring(dataAt, dataAt + l));
        b += entrySize(l);
        pos = endAt;
      }
      if (pos !== p.length) throw new Error('trailing text in node');
      if (encode(items, 0, items.length, n.fmt) !== p) throw new Error('text differs from its entries re-encoded');
      const offs = n.offs;
      if (offs !== null && offs.length !== n.count) throw new Error('bad offset cache length');
      if (n.grown !== 0 && n !== this.head && n !== this.tail) throw new Error('interior node not flattened');
      if (n.uni >= 0 && items.some(e => e.length !== n.uni)) throw new Error('bad uniform length');
      if (b !== n.bytes) throw new Error(`bad byte count ${n.bytes} != ${b}`);
      len += n.count;
      prev = n;
    }
    if (prev !== this.tail) throw new Error('bad tail');
    if (len !== this.length) throw new Error(`bad length ${this.length} != ${len}`);
  }
}
