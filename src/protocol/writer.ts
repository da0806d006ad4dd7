/**
 * ReplyWriter: accumulates the RESP replies of one client in a reusable
 * scratch buffer and hands them to the socket in one write per batch.
 *
 * Replies are encoded for the client's protocol (resp = 2 or 3): the RESP3
 * aggregate and scalar types (map, set, double, null, boolean, big number,
 * verbatim, push) degrade to their RESP2 forms exactly as Redis degrades them.
 * Large bulk payloads (> LARGE) are not copied into the scratch buffer: they
 * become chunks of their own, and a batch goes out as one corked write.
 */

const LARGE = 64 * 1024;
/** A batch of big replies grows the scratch (doubling) up to this size before being cut into chunks. */
const MAX_SCRATCH = 512 * 1024;
const CRLF = 0x0a0d; // little-endian "\r\n"

export interface ReplySink {
  /** Receives a batch: one or more buffers to be written together. */
  (chunks: Buffer[]): void;
}

export class ReplyWriter {
  resp: 2 | 3 = 2;
  private buf: Buffer;
  private pos = 0;
  private chunks: Buffer[] = [];
  /** Bytes handed out but not yet flushed (pending chunks + scratch). */
  private chunkBytes = 0;
  /** The latest view of the scratch handed out by takeView(), and the scratch it views. */
  private view: Buffer | null = null;
  private viewOf: Buffer | null = null;
  /** takeView()'s result when the batch is the scratch alone (the caller does not keep the array). */
  private readonly one: Buffer[] = [];
  /** Whether the batch of the latest takeView() fit the initial scratch. */
  private viewSmall = true;
  /** When false, replies are discarded (CLIENT REPLY OFF / SKIP). */
  enabled = true;
  /** Error replies written so far, and the last one (for failed_calls / errorstats). */
  errorCount = 0;
  lastError = '';

  constructor(private readonly initial = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get pending(): number { return this.pos + this.chunkBytes; }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos + n <= MAX_SCRATCH) {
      // one bigger scratch (copied once into the batch's chunk) costs less than many chunks
      let len = this.buf.length * 2;
      while (len < this.pos + n) len *= 2;
      const nb = Buffer.allocUnsafe(Math.min(len, MAX_SCRATCH));
      this.buf.copy(nb, 0, 0, this.pos);
      this.buf = nb;
      return;
    }
    if (this.pos > 0 && n <= this.buf.length) {
      this.spill();
      return;
    }
    // a single item larger than the scratch: grow it
    this.spill();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
  }

  /** Moves the scratch contents into a chunk of its own. */
  private spill(): void {
    if (this.pos === 0) return;
    const c = Buffer.allocUnsafe(this.pos);
    this.buf.copy(c, 0, 0, this.pos);
    this.chunks.push(c);
    this.chunkBytes += this.pos;
    this.pos = 0;
  }

  /** Takes everything written so far; returns null when there is nothing. */
  take(): Buffer[] | null {
    if (this.pos === 0 && this.chunks.length === 0) return null;
    const small = this.pos + this.chunkBytes <= this.initial;
    this.spill();
    // a grown scratch goes back to its initial size after a batch that did not need it
    if (small && this.buf.length > this.initial) this.buf = Buffer.allocUnsafe(this.initial);
    const out = this.chunks;
    this.chunks = [];
    this.chunkBytes = 0;
    return out;
  }

  /**
   * Like take(), but without copying the scratch: the last chunk is a view of
   * it. The view is valid until release(), which the caller must call right
   * after handing the chunks over: release(false) when nothing references
   * them any more (a write the kernel took at once), and the scratch is
   * reused; release(true) when something still does (a queued write), and
   * the writer starts a fresh scratch. The array itself may be reused by the
   * next takeView(): keep the buffers, not the array.
   */
  takeView(): Buffer[] | null {
    const pos = this.pos;
    if (pos === 0 && this.chunks.length === 0) return null;
    this.viewSmall = pos + this.chunkBytes <= this.initial;
    let out = this.chunks;
    if (pos > 0) {
      // replies of a steady workload tend to have the same size batch after
      // batch: the view of the previous batch serves again when it matches
      let v = this.view;
      if (v === null || v.length !== pos || this.viewOf !== this.buf) {
        v = this.view = this.buf.subarray(0, pos);
        this.viewOf = this.buf;
      }
      if (out.length === 0) {
        out = this.one;
        out[0] = v;
        this.pos = 0;
        return out;
      }
      out.push(v);
    }
    this.chunks = [];
    this.chunkBytes = 0;
    this.pos = 0;
    return out;
  }

  /** Ends a takeView(): see there. */
  release(referenced: boolean): void {
    // a grown scratch goes back to its initial size after a batch that did not need it
    if (referenced || (this.viewSmall && this.buf.length > this.initial)) {
      this.buf = Buffer.allocUnsafe(this.initial);
      this.view = null;
    }
  }

  /** Drops everything not yet taken. */
  discard(): void {
    this.pos = 0;
    this.chunks = [];
    this.chunkBytes = 0;
  }

  private ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  private header(type: number, n: number): void {
    this.ensure(24);
    const b = this.buf;
    b[this.pos++] = type;
    this.writeIntText(n);
    b[this.pos++] = 13;
    b[this.pos++] = 10;
  }

  private writeIntText(n: number): void {
    const b = this.buf;
    if (n >= 0 && n < 10) { b[this.pos++] = 48 + n; return; }
    if (n > 0 && n < 0x7fffffff && n === (n | 0)) {
      // digits of a small positive integer, written without a temporary string
      let end = this.pos + (n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10);
      this.pos = end;
      do { const q = (n / 10) | 0; b[--end] = 48 + n - q * 10; n = q; } while (n !== 0);
      return;
    }
    const s = String(n);
    for (let i = 0; i < s.length; i++) b[this.pos++] = s.charCodeAt(i);
  }

  /** Writes pre-encoded protocol bytes as they are. */
  raw(data: Buffer): void {
    if (!this.enabled) return;
    if (data.length > LARGE) {
      this.spill();
      this.chunks.push(data);
      this.chunkBytes += data.length;
      return;
    }
    this.ensure(data.length);
    data.copy(this.buf, this.pos);
    this.pos += data.length;
  }

  /**
   * Writes s[start, end) as it is: text that already holds encoded replies
   * (a list node keeps its entries as RESP bulk strings). One native copy,
   * or a short JS loop for a few bytes.
   */
  rawText(s: string, start: number, end: number): void {
    if (!this.enabled) return;
    const n = end - start;
    if (n > LARGE) {
      this.spill();
      this.chunks.push(Buffer.from(start === 0 && end === s.length ? s : s.substring(start, end), 'latin1'));
      this.chunkBytes += n;
      return;
    }
    this.ensure(n);
    if (n <= 16) {
      const b = this.buf;
      let p = this.pos;
      for (let i = start; i < end; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else this.pos += this.buf.latin1Write(start === 0 ? s : s.substring(start, end), this.pos, n);
  }

  /** +OK */
  ok(): void { if (this.enabled) this.ascii('+OK\r\n'); }

  /** Simple string: +s (s must not contain CR or LF). */
  simple(s: string): void {
    if (!this.enabled) return;
    this.line(43, s);
  }

  /** <type byte> s CRLF; short texts are copied in JS (cheaper than the native writer). */
  private line(type: number, s: string): void {
    const n = s.length;
    this.ensure(n + 3);
    const b = this.buf;
    let p = this.pos;
    b[p++] = type;
    if (n <= 32) { for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i); }
    else p += b.latin1Write(s, p);
    b[p++] = 13; b[p++] = 10;
    this.pos = p;
  }

  /**
   * Error reply. `msg` is the full text after the '-', e.g. "ERR syntax error"
   * or "WRONGTYPE Operation against ...". CR and LF are replaced by spaces as
   * Redis does.
   */
  error(msg: string): void {
    this.errorCount++;
    this.lastError = msg;
    if (!this.enabled) return;
    if (msg.indexOf('\r') !== -1 || msg.indexOf('\n') !== -1) msg = msg.replace(/[\r\n]/g, ' ');
    this.line(45, msg);
  }

  int(n: number | bigint): void {
    if (!this.enabled) return;
    if (typeof n === 'bigint') { this.ascii(':' + n.toString() + '\r\n'); return; }
    this.header(58, n);
  }

  /** Bulk string (binary-safe latin1 string or Buffer). */
  bulk(s: string | Buffer): void {
    if (!this.enabled) return;
    const n = s.length;
    if (n > LARGE) {
      this.header(36, n);
      this.spill();
      const data = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
      this.chunks.push(data, CRLF_BUF);
      this.chunkBytes += n + 2;
      return;
    }
    this.ensure(n + 26);
    const b = this.buf;
    let p = this.pos;
    p = bulkHeader(b, p, n);
    if (typeof s === 'string') {
      // short strings: a JS copy loop beats a call into the native latin1 writer
      if (n <= 24) { for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i); }
      else p += b.latin1Write(s, p);
    } else { s.copy(b, p); p += n; }
    b[p++] = 13; b[p++] = 10;
    this.pos = p;
  }

  /** Bulk string of the bytes src[start..end), without making a string or a view of them first. */
  bulkBytes(src: Buffer, start: number, end: number): void {
    if (!this.enabled) return;
    const n = end - start;
    if (n > LARGE) { this.bulk(Buffer.from(src.subarray(start, end))); return; }
    this.ensure(n + 26);
    const b = this.buf;
    let p = this.pos;
    p = bulkHeader(b, p, n);
    if (n <= 48) { for (let i = start; i < end; i++) b[p++] = src[i]; }
    else { src.copy(b, p, start, end); p += n; }
    b[p++] = 13; b[p++] = 10;
    this.pos = p;
  }

  /** Bulk string, or the null bulk for undefined/null. */
  bulkOrNull(s: string | null | undefined): void {
    if (s === undefined || s === null) this.nullBulk(); else this.bulk(s);
  }

  /** An integer rendered as a bulk string (e.g. INCRBYFLOAT, ZSCORE in RESP2). */
  bulkNumber(n: number | bigint): void { this.bulk(String(n)); }

  /** Null bulk string: $-1 in RESP2, _ in RESP3. */
  nullBulk(): void {
    if (!this.enabled) return;
    this.ascii(this.resp === 3 ? '_\r\n' : '$-1\r\n');
  }

  /** Null array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void {
    if (!this.enabled) return;
    this.ascii(this.resp === 3 ? '_\r\n' : '*-1\r\n');
  }

  array(n: number): void { if (this.enabled) this.header(42, n); }

  /** Map of n pairs: %n in RESP3, *2n in RESP2. */
  map(n: number): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.header(37, n); else this.header(42, n * 2);
  }

  /** Set of n elements: ~n in RESP3, *n in RESP2. */
  set(n: number): void {
    if (!this.enabled) return;
    this.header(this.resp === 3 ? 126 : 42, n);
  }

  /** Attribute-free push: >n in RESP3, *n in RESP2 (pub/sub messages). */
  push(n: number): void {
    if (!this.enabled) return;
    this.header(this.resp === 3 ? 62 : 42, n);
  }

  /** Boolean: #t/#f in RESP3, :1/:0 in RESP2. */
  bool(v: boolean): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.ascii(v ? '#t\r\n' : '#f\r\n');
    else this.ascii(v ? ':1\r\n' : ':0\r\n');
  }

  /** Double: ,d in RESP3, bulk string in RESP2 (Redis's %.17g, inf/-inf). */
  double(d: number, text?: string): void {
    if (!this.enabled) return;
    if (text === undefined && d !== 0 && d > -1e15 && d < 1e15 && Number.isInteger(d)) { this.intDouble(d); return; }
    const s = text ?? fmtD(d);
    if (this.resp === 3) this.ascii(',' + s + '\r\n');
    else this.bulk(s);
  }

  /** double() of a non-zero integer below 1e15 in magnitude (its %.17g text is its digits), without a temporary string. */
  private intDouble(d: number): void {
    const neg = d < 0;
    let v = neg ? -d : d;
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    const len = digits + (neg ? 1 : 0);
    this.ensure(len + 8);
    const b = this.buf;
    let p = this.pos;
    if (this.resp === 3) b[p++] = 44;
    else {
      b[p++] = 36;
      if (len >= 10) b[p++] = 48 + ((len / 10) | 0);
      b[p++] = 48 + (len % 10);
      b[p++] = 13; b[p++] = 10;
    }
    if (neg) b[p++] = 45;
    let e = p + digits;
    p = e;
    do { const q = Math.floor(v / 10); b[--e] = 48 + (v - q * 10); v = q; } while (v !== 0);
    b[p++] = 13; b[p++] = 10;
    this.pos = p;
  }

  /** Big number: (n in RESP3, bulk string in RESP2. */
  bigNumber(s: string): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.ascii('(' + s + '\r\n'); else this.bulk(s);
  }

  /** Verbatim string: =len\r\ntxt:... in RESP3, bulk string in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (!this.enabled) return;
    if (this.resp === 3) {
      const body = format + ':' + s;
      this.ensure(32);
      this.header(61, body.length);
      this.ensure(body.length + 2);
      this.pos += this.buf.latin1Write(body, this.pos);
      this.buf.writeUInt16LE(CRLF, this.pos);
      this.pos += 2;
    } else this.bulk(s);
  }

  /** RESP3 null (_), or the RESP2 null bulk. */
  null(): void { this.nullBulk(); }

  /** An array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    if (!this.enabled) return;
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }
}

const CRLF_BUF = Buffer.from('\r\n');

import { fmtDouble as fmtD } from '../util/num.js';

/** Writes "$<n>\r\n" at b[p..]; returns the position after it. */
function bulkHeader(b: Buffer, p: number, n: number): number {
  b[p++] = 36;
  if (n < 10) b[p++] = 48 + n;
  else if (n < 100) { b[p++] = 48 + ((n / 10) | 0); b[p++] = 48 + (n % 10); }
  else { const t = String(n); for (let i = 0; i < t.length; i++) b[p++] = t.charCodeAt(i); }
  b[p++] = 13; b[p++] = 10;
  return p;
}
