/**
 * RequestParser: turns the bytes a client sends into argument vectors.
 *
 * Resumable and offset-based: it keeps the unread part of the input and the
 * state of a half-read multibulk (arguments read so far, the bulk length it
 * waits for), so a command split over many reads is never re-scanned and a
 * large bulk is assembled with one copy. Arguments become latin1 strings (one
 * char per byte: binary-safe and compact in V8); nothing else is converted.
 *
 * Accepts RESP multibulk requests and inline commands with Redis's quoting
 * rules. Protocol errors carry Redis's exact text; after one, the connection
 * is to be closed once pending replies are written.
 */

export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;

export class ProtocolError extends Error {}

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulk: number;
  /** Whether the client is authenticated (unauthenticated clients get tighter limits). */
  authenticated: boolean;
}

const EMPTY = Buffer.alloc(0);

export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Chunks waiting to be joined once `waitFor` bytes are there. */
  private waiting: Buffer[] = [];
  private waitingLen = 0;
  private waitFor = 0;
  /** State of a multibulk in progress. */
  private argv: string[] | null = null;
  private argsLeft = 0;
  private argc = 0;
  private bulkLen = -1;
  /** Interned spellings of first arguments (command names), so each is one reused string. */
  private names: NameCache;

  constructor(public limits: ParserLimits, names?: NameCache) {
    this.names = names ?? new NameCache();
  }

  /** Unread bytes held. */
  get buffered(): number { return this.buf.length - this.pos + this.waitingLen; }

  /** Size of the whole query buffer as Redis reports qbuf. */
  get capacity(): number { return this.buf.length + this.waitingLen; }

  /**
   * Stops referring to chunk (a buffer the caller reuses for its next read):
   * bytes of it still needed are copied. Call after processing what feed(chunk) brought.
   */
  release(chunk: Buffer): void {
    if (this.buf === chunk) {
      this.buf = this.pos >= chunk.length ? EMPTY : Buffer.from(chunk.subarray(this.pos));
      this.pos = 0;
    }
    const w = this.waiting;
    for (let i = 0; i < w.length; i++) if (w[i] === chunk) w[i] = Buffer.from(chunk);
  }

  feed(chunk: Buffer): void {
    if (this.waitFor > 0) {
      this.waiting.push(chunk);
      this.waitingLen += chunk.length;
      if (this.buf.length - this.pos + this.waitingLen < this.waitFor) return;
      const parts = [this.buf.subarray(this.pos), ...this.waiting];
      this.buf = Buffer.concat(parts);
      this.pos = 0;
      this.waiting = [];
      this.waitingLen = 0;
      this.waitFor = 0;
      return;
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
  }

  /**
   * The next complete command, or null when more input is needed. Empty
   * requests (*0, *-1, blank inline lines) are skipped. Throws ProtocolError.
   */
  next(): string[] | null {
    for (;;) {
      if (this.waitFor > 0) return null;
      let argv = this.argv;
      if (argv === null) {
        if (this.pos >= this.buf.length) return null;
        if (this.buf[this.pos] === 42 /* '*' */) {
          const r = this.startMultibulk();
          if (r === 0) return null;
          if (r === 2) continue; // empty multibulk: skip
          // a local array: kept on the parser only when the command is incomplete
          // (storing a new object into a long-lived one costs a write barrier)
          argv = new Array<string>(this.argsLeft);
        } else {
          const line = this.inline();
          if (line === null) return null;
          if (line.length === 0) continue;
          return line;
        }
      }
      return this.readBulks(argv);
    }
  }

  /** Position of the next CR at or after `from`, or -1 (short lines are scanned in JS). */
  private findCRLF(from: number): number {
    const buf = this.buf;
    const end = Math.min(buf.length, from + 24);
    for (let i = from; i < end; i++) if (buf[i] === 13) return i;
    return end === buf.length ? -1 : buf.indexOf(13, end);
  }

  /**
   * Fast path for a well-formed "<type><digits>\r\n" header at pos: returns
   * the number and moves pos past it, or -1 to let the careful path decide
   * (incomplete, malformed, leading zeros, too long ...).
   */
  private quickHeader(type: number): number {
    const buf = this.buf;
    let p = this.pos;
    const len = buf.length;
    if (buf[p] !== type) return -1;
    p++;
    const start = p;
    let n = 0;
    while (p < len) {
      const c = buf[p];
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      p++;
    }
    const digits = p - start;
    if (digits === 0 || digits > 9 || p + 1 >= len || buf[p] !== 13 || (buf[start] === 48 && digits > 1)) return -1;
    this.pos = p + 2;
    return n;
  }

  /** Reads a "*<n>\r\n" header. 0: need more input; 1: started; 2: empty request consumed. */
  private startMultibulk(): number {
    const q = this.quickHeader(42);
    if (q > 0 && (q <= UNAUTH_MAX_MULTIBULK || this.limits.authenticated)) {
      this.argc = 0;
      this.argsLeft = q;
      this.bulkLen = -1;
      return 1;
    }
    if (q === 0) return 2;
    if (q > 0) this.pos -= 2 + String(q).length + 1; // let the careful path report the limit
    const buf = this.buf;
    const nl = this.findCRLF(this.pos);
    if (nl === -1 || nl + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError('Protocol error: too big mbulk count string');
      return 0;
    }
    const n = parseDecimal(buf, this.pos + 1, nl);
    if (n === null || n > 2147483647) throw new ProtocolError('Protocol error: invalid multibulk length');
    if (!this.limits.authenticated && n > UNAUTH_MAX_MULTIBULK) throw new ProtocolError('Protocol error: unauthenticated multibulk length');
    this.pos = nl + 2;
    if (n <= 0) return 2;
    this.argc = 0;
    this.argsLeft = n;
    this.bulkLen = -1;
    return 1;
  }

  /** Reads the bulks of the command started in argv; null (argv kept for the next read) when incomplete. */
  private readBulks(argv: string[]): string[] | null {
    const buf = this.buf, len = buf.length;
    const maxBulk = this.limits.maxBulk, authed = this.limits.authenticated;
    let pos = this.pos, argc = this.argc, left = this.argsLeft, bulkLen = this.bulkLen;
    while (left > 0) {
      if (bulkLen === -1) {
        if (pos >= len) { this.save(pos, argc, left, -1); this.argv = argv; return this.compactNeed(0); }
        // fast path: a well-formed "$<digits>\r\n" within the limits
        let p = pos + 1;
        if (buf[pos] === 36) {
          let v = 0;
          while (p < len) {
            const ch = buf[p];
            if (ch < 48 || ch > 57) break;
            v = v * 10 + (ch - 48);
            p++;
          }
          const digits = p - pos - 1;
          if (digits > 0 && digits <= 9 && p + 1 < len && buf[p] === 13 && (buf[pos + 1] !== 48 || digits === 1) &&
            v <= maxBulk && (v <= UNAUTH_MAX_BULK || authed)) {
            bulkLen = v;
            pos = p + 2;
          }
        }
        if (bulkLen === -1) {
          this.save(pos, argc, left, -1);
          const n = this.bulkHeader();
          if (n < 0) { this.argv = argv; return this.compactNeed(0); }
          pos = this.pos;
          bulkLen = n;
        }
      }
      const need = bulkLen + 2;
      if (len - pos < need) { this.save(pos, argc, left, bulkLen); this.argv = argv; return this.compactNeed(need); }
      argv[argc] = argc === 0 && bulkLen <= 32 ? this.names.get(buf, pos, bulkLen)
        : bulkLen <= SHORT_MAX ? shortString(buf, pos, bulkLen) : buf.latin1Slice(pos, pos + bulkLen);
      argc++;
      pos += need;
      bulkLen = -1;
      left--;
    }
    this.save(pos, argc, 0, -1);
    this.argv = null;
    return argv;
  }

  private save(pos: number, argc: number, left: number, bulkLen: number): void {
    this.pos = pos;
    this.argc = argc;
    this.argsLeft = left;
    this.bulkLen = bulkLen;
  }

  /**
   * The careful path for a bulk header at pos: Redis's errors and limits.
   * Returns the length (pos moved past the header), or -1 when the line is
   * not complete yet. Throws ProtocolError.
   */
  private bulkHeader(): number {
    const buf = this.buf;
    const nl = this.findCRLF(this.pos);
    if (nl === -1 || nl + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError('Protocol error: too big bulk count string');
      return -1;
    }
    if (buf[this.pos] !== 36 /* '$' */) {
      throw new ProtocolError(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
    }
    const n = parseDecimal(buf, this.pos + 1, nl);
    if (n === null || n < 0 || n > this.limits.maxBulk) throw new ProtocolError('Protocol error: invalid bulk length');
    if (!this.limits.authenticated && n > UNAUTH_MAX_BULK) throw new ProtocolError('Protocol error: unauthenticated bulk length');
    this.pos = nl + 2;
    return n;
  }

  /** Not enough input: drop consumed bytes; with need > 0, wait for that many without re-joining each read. */
  private compactNeed(need: number): null {
    if (this.pos > 0 && this.pos >= this.buf.length) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    if (need > 0) this.waitFor = need;
    return null;
  }

  /** Reads one inline command line; null when incomplete; [] for a blank line. */
  private inline(): string[] | null {
    const buf = this.buf;
    const nl = buf.indexOf(10, this.pos);
    if (nl === -1) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError('Protocol error: too big inline request');
      return null;
    }
    let end = nl;
    if (end > this.pos && buf[end - 1] === 13) end--;
    const line = buf.latin1Slice(this.pos, end);
    this.pos = nl + 1;
    const argv = splitArgs(line);
    if (argv === null) throw new ProtocolError('Protocol error: unbalanced quotes in request');
    return argv;
  }
}

/** Longest argument shortString() builds (measured: 20-byte arguments 31 vs 64 ns, 32-byte ones 45 vs 52). */
const SHORT_MAX = 24;

/**
 * A string of n <= SHORT_MAX bytes at buf[p..]: built in JS, which for
 * short arguments (keys, fields, members) costs less than a call into the
 * native latin1 slicer. The result is a flat one-byte string like
 * latin1Slice's.
 */
function shortString(b: Buffer, p: number, n: number): string {
  const fc = String.fromCharCode;
  switch (n) {
    case 0: return '';
    case 1: return fc(b[p]);
    case 2: return fc(b[p], b[p + 1]);
    case 3: return fc(b[p], b[p + 1], b[p + 2]);
    case 4: return fc(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    case 12: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    case 17: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16]);
    case 18: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17]);
    case 19: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18]);
    case 20: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19]);
    case 21: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20]);
    case 22: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21]);
    case 23: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22]);
    case 24: return fc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23]);
    default: return b.latin1Slice(p, p + n);
  }
}

/**
 * Command names arrive as the same few spellings again and again ("GET",
 * "get"). Caching each spelling's string avoids a string allocation and a
 * fresh hash computation per command (the table lookup then hits a string
 * whose hash V8 has already cached). Bounded: at most MAX spellings.
 */
export class NameCache {
  private static readonly MAX = 1024;
  private buckets = new Map<number, { bytes: Buffer; str: string }[]>();
  private count = 0;

  get(buf: Buffer, start: number, len: number): string {
    if (len === 0) return '';
    const key = len * 256 + buf[start];
    const list = this.buckets.get(key);
    if (list !== undefined) {
      outer: for (let j = 0; j < list.length; j++) {
        const e = list[j].bytes;
        for (let i = 1; i < len; i++) if (e[i] !== buf[start + i]) continue outer;
        return list[j].str;
      }
    }
    const str = buf.latin1Slice(start, start + len);
    if (this.count < NameCache.MAX) {
      this.count++;
      const entry = { bytes: Buffer.from(buf.subarray(start, start + len)), str };
      if (list) list.push(entry); else this.buckets.set(key, [entry]);
    }
    return str;
  }
}

/** Strict decimal (string2ll rules) over buf[from, to); null when invalid. */
function parseDecimal(buf: Buffer, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from, neg = false;
  if (buf[i] === 45) { neg = true; i++; if (i === to) return null; }
  if (buf[i] === 48) return (i + 1 === to && !neg) ? 0 : null;
  let v = 0;
  for (; i < to; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

function isHex(c: string): boolean { return /^[0-9a-fA-F]$/.test(c); }

/**
 * Splits a line into arguments with Redis's inline/redis-cli quoting rules:
 * "double quotes" with \n \r \t \b \a \\ \" \xHH escapes, 'single quotes'
 * with \' only; a closing quote must be followed by a space or the end.
 * Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inq = false, insq = false, done = false;
    while (!done) {
      if (inq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else if (insq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && line[i + 1] === "'") { i++; cur += "'"; }
        else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else {
        if (i >= n) { done = true; break; }
        const c = line[i];
        if (isSpace(c)) done = true;
        else if (c === '"') inq = true;
        else if (c === "'") insq = true;
        else cur += c;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
