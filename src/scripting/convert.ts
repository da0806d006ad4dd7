/**
 * Conversions between Lua values and RESP replies, with Redis 7.0's rules.
 *
 * Reply -> Lua (results of redis.call / redis.pcall): the command ran on the
 * scripting fake client, whose writer (LuaReplyWriter) builds Lua values
 * straight from the reply calls, exactly as if the RESP bytes produced for the
 * protocol the script selected with redis.setresp (2 by default) were parsed
 * back (ReplyParser, which does that for pre-encoded bytes):
 *   integer -> number, bulk -> string, null bulk / null array -> false (RESP2)
 *   or nil (RESP3 null), status -> {ok=s}, error -> {err=s}, array -> table
 *   (nil elements become false), and under RESP3 only: map -> {map={k=v}},
 *   set -> {set={m=true}}, boolean -> true/false, double -> {double=n},
 *   big number -> {big_number=s}, verbatim -> {verbatim_string={format=f, string=s}}.
 *
 * Lua -> reply (what a script returns): string -> bulk, number -> integer
 * (truncated toward zero; NaN/inf/out of int64 range give INT64_MIN like the
 * C cast on x86), boolean -> 1 / null under RESP2 scripts or a RESP3 boolean
 * after setresp(3), tables: {err=s} error, {ok=s} status, {double=n},
 * {big_number=s}, {verbatim_string={format,string}}, {map=t}, {set=t}, else an
 * array of the elements 1..n up to the first nil. Anything else -> null.
 */
import { LuaTable } from './lua/index.js';
import { ReplyWriter } from '../protocol/writer.js';
import { fmtDouble } from '../util/num.js';

const INT64_MIN = -9223372036854775808n;
const TWO63 = 9223372036854775808;
const MAX_SLOTS = 7994;

/** Number to the reply integer (C's (long long) cast as it behaves on x86-64). */
export function luaNumberToInt(n: number): number | bigint {
  if (!(n > -TWO63 && n < TWO63)) return n === -TWO63 ? INT64_MIN : INT64_MIN;
  const t = Math.trunc(n);
  return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
}

/** The text as C code reading it as a NUL-terminated string sees it (Redis does for error and status replies). */
export function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/** The text of an {err=...} reply: up to a NUL byte, trailing CR/LF bytes dropped (others become spaces when written). */
function errText(s: string): string {
  s = cstr(s);
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 13 || s.charCodeAt(e - 1) === 10)) e--;
  return e === s.length ? s : s.slice(0, e);
}

function noCrLf(s: string): string {
  return s.indexOf('\r') === -1 && s.indexOf('\n') === -1 ? s : s.replace(/[\r\n]/g, ' ');
}

/** Writes a Lua value as a reply. `scriptResp` is the protocol set by redis.setresp. */
export function luaToReply(w: ReplyWriter, root: unknown, scriptResp: 2 | 3): void {
  // Iterative pre-order walk (nesting may be thousands deep). Redis converts on
  // the Lua stack and gives up where Lua's C stack limit is reached: `depth`
  // counts the stack slots its conversion would be using at each value.
  const vals: unknown[] = [root];
  const depths: number[] = [0];
  while (vals.length > 0) {
    const v = vals.pop();
    const depth = depths.pop() as number;
    if (depth > MAX_SLOTS) { w.error('ERR reached lua stack limit'); continue; }
    switch (typeof v) {
      case 'string': w.bulk(v); continue;
      case 'number': w.int(luaNumberToInt(v)); continue;
      case 'boolean':
        if (scriptResp === 2) { if (v) w.int(1); else w.nullBulk(); } else w.bool(v);
        continue;
    }
    if (!(v instanceof LuaTable)) { w.nullBulk(); continue; }
    const err = v.getStr('err');
    if (typeof err === 'string') { w.error(errText(err)); continue; }
    const ok = v.getStr('ok');
    if (typeof ok === 'string') { w.simple(noCrLf(cstr(ok))); continue; }
    const dbl = v.getStr('double');
    if (typeof dbl === 'number') { if (dbl !== dbl) w.double(dbl, '-nan'); else w.double(dbl); continue; }
    const big = v.getStr('big_number');
    if (typeof big === 'string') { w.bigNumber(noCrLf(big)); continue; }
    const verb = v.getStr('verbatim_string');
    if (verb instanceof LuaTable) {
      const fmt = verb.getStr('format'), s = verb.getStr('string');
      if (typeof fmt === 'string' && typeof s === 'string') {
        // three format characters, the C string padded with spaces
        w.verbatim(s, (cstr(fmt) + '   ').slice(0, 3));
        continue;
      }
    }
    const map = v.getStr('map');
    if (map instanceof LuaTable) {
      const pairs: [unknown, unknown][] = [];
      for (let e = map.next(undefined); e; e = map.next(e[0])) pairs.push(e);
      w.map(pairs.length);
      for (let i = pairs.length - 1; i >= 0; i--) {
        vals.push(pairs[i][1], pairs[i][0]);
        depths.push(depth + 3, depth + 4);
      }
      continue;
    }
    const set = v.getStr('set');
    if (set instanceof LuaTable) {
      const keys: unknown[] = [];
      for (let e = set.next(undefined); e; e = set.next(e[0])) keys.push(e[0]);
      w.set(keys.length);
      for (let i = keys.length - 1; i >= 0; i--) { vals.push(keys[i]); depths.push(depth + 3); }
      continue;
    }
    let n = 0;
    while (v.getInt(n + 1) !== undefined) n++;
    w.array(n);
    for (let i = n; i >= 1; i--) { vals.push(v.getInt(i)); depths.push(depth + 1); }
  }
}

/** Parses RESP replies (latin1 text) into Lua values, Redis's way. */
export class ReplyParser {
  pos = 0;
  constructor(private s: string) {}

  private line(): string {
    const e = this.s.indexOf('\r\n', this.pos);
    const l = this.s.slice(this.pos, e);
    this.pos = e + 2;
    return l;
  }

  private table(kv: [string, unknown]): LuaTable {
    return LuaTable.record1(kv[0], kv[1]);
  }

  /** Reads one reply. Errors become {err=...} tables. */
  read(): unknown {
    const s = this.s;
    const type = s[this.pos++];
    const l = this.line();
    switch (type) {
      case ':': return Number(l);
      case '$': {
        const n = Number(l);
        if (n < 0) return false;
        const v = s.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        return v;
      }
      case '+': return this.table(['ok', l]);
      case '-': return this.table(['err', l]);
      case '*': case '~': case '>': {
        const n = Number(l);
        if (n < 0) return false;
        const t = new LuaTable();
        if (type === '~') {
          const inner = new LuaTable();
          for (let i = 0; i < n; i++) {
            const k = this.read();
            if (k !== undefined) inner.set(k, true);
          }
          t.setStr('set', inner);
          return t;
        }
        for (let i = 1; i <= n; i++) {
          const x = this.read();
          t.set(i, x === undefined ? false : x);
        }
        return t;
      }
      case '%': {
        const n = Number(l);
        const inner = new LuaTable();
        for (let i = 0; i < n; i++) {
          const k = this.read();
          const x = this.read();
          if (k !== undefined) inner.set(k, x);
        }
        return this.table(['map', inner]);
      }
      case '_': return undefined;
      case '#': return l === 't';
      case ',': return this.table(['double', parseRespDouble(l)]);
      case '(': return this.table(['big_number', l]);
      case '=': {
        const n = Number(l);
        const body = s.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        const inner = new LuaTable();
        inner.setStr('format', body.slice(0, 3));
        inner.setStr('string', body.slice(4));
        return this.table(['verbatim_string', inner]);
      }
      case '|': {
        // attributes are skipped: read the map, then the real reply
        const n = Number(l);
        for (let i = 0; i < 2 * n; i++) this.read();
        return this.read();
      }
    }
    return undefined;
  }
}

function parseRespDouble(l: string): number {
  if (l === 'inf') return Infinity;
  if (l === '-inf') return -Infinity;
  if (l === 'nan' || l === '-nan') return NaN;
  return Number(l);
}

const enum Agg { Array, Set, Map }

/**
 * The scripting fake client's writer: instead of encoding replies, it builds
 * the Lua value the encoded reply would parse to (see ReplyParser.read: same
 * table operations in the same order, so tables are laid out identically).
 * Only the first top-level reply is kept. Aggregates being filled are kept
 * on a small stack.
 */
export class LuaReplyWriter extends ReplyWriter {
  private root: unknown = undefined;
  private hasRoot = false;
  /** The first top-level reply is an error. */
  rootErr = false;
  /**
   * The caller drops the reply (a call statement): a top-level status reply
   * is noted but its {ok=...} table is not built. Errors are always built
   * (redis.call raises them).
   */
  drop = false;
  private depth = 0;
  private tabs: LuaTable[] = [];
  private kinds: Agg[] = [];
  private left: number[] = [];
  private next: number[] = [];
  private keys: unknown[] = [];

  constructor() { super(64); }

  /** Clears everything before a command runs. */
  reset(): void {
    this.root = undefined;
    this.hasRoot = false;
    this.rootErr = false;
    this.drop = false;
    this.depth = 0;
  }

  /** The reply of the command (undefined when it wrote none). */
  result(): unknown { return this.root; }

  /** Nothing is ever encoded here (every writing method is overridden): dropping is resetting. */
  override discard(): void { this.reset(); }

  private emit(v: unknown): void {
    for (;;) {
      const d = this.depth;
      if (d === 0) {
        if (!this.hasRoot) { this.root = v; this.hasRoot = true; }
        return;
      }
      const i = d - 1;
      const t = this.tabs[i];
      switch (this.kinds[i]) {
        case Agg.Array: {
          const k = this.next[i]++;
          t.set(k, v === undefined ? false : v);
          break;
        }
        case Agg.Set:
          if (v !== undefined) t.set(v, true);
          break;
        case Agg.Map:
          if ((this.next[i]++ & 1) === 0) { this.keys[i] = v; this.left[i]--; return; }
          if (this.keys[i] !== undefined) t.set(this.keys[i], v);
          this.keys[i] = undefined;
          break;
      }
      if (--this.left[i] > 0) return;
      // aggregate complete: it becomes a value of its parent
      this.depth = i;
      const k = this.kinds[i];
      v = k === Agg.Array ? t : single(k === Agg.Set ? 'set' : 'map', t);
    }
  }

  /** Opens an aggregate of n elements (n pairs for maps); a negative count is a null. */
  private open(kind: Agg, n: number): void {
    if (n < 0) { this.emit(false); return; }
    const t = new LuaTable();
    if (n === 0) { this.emit(kind === Agg.Array ? t : single(kind === Agg.Set ? 'set' : 'map', t)); return; }
    const i = this.depth++;
    this.tabs[i] = t;
    this.kinds[i] = kind;
    this.left[i] = kind === Agg.Map ? 2 * n : n;
    this.next[i] = kind === Agg.Array ? 1 : 0;
    this.keys[i] = undefined;
  }

  override raw(data: Buffer): void {
    if (!this.enabled) return;
    const text = data.toString('latin1');
    if (text.charCodeAt(0) === 124 /* | */) return; // an attribute: skipped, as the parser does
    const p = new ReplyParser(text);
    while (p.pos < text.length) {
      const top = this.depth === 0 && !this.hasRoot && text.charCodeAt(p.pos) === 45;
      this.emit(p.read());
      if (top) this.rootErr = true;
    }
  }

  /** Pre-encoded reply text (a list node's entries as bulk strings): read as raw() reads bytes. */
  override rawText(s: string, start: number, end: number): void {
    if (!this.enabled) return;
    const text = s.substring(start, end);
    const p = new ReplyParser(text);
    while (p.pos < text.length) this.emit(p.read());
  }

  override ok(): void { if (this.enabled) this.status('ok', 'OK'); }

  override simple(s: string): void { if (this.enabled) this.status('ok', s); }

  private status(k: 'ok' | 'err', s: string): void {
    if (k === 'ok' && this.drop && this.depth === 0) {
      // nobody reads it: only its place as the reply (the root) matters
      this.hasRoot = true;
      return;
    }
    this.emit(single(k, s));
  }

  override error(msg: string): void {
    this.errorCount++;
    this.lastError = msg;
    if (!this.enabled) return;
    if (msg.indexOf('\r') !== -1 || msg.indexOf('\n') !== -1) msg = msg.replace(/[\r\n]/g, ' ');
    if (this.depth === 0 && !this.hasRoot) this.rootErr = true;
    this.status('err', msg);
  }

  override int(n: number | bigint): void {
    if (!this.enabled) return;
    this.emit(typeof n === 'bigint' ? Number(n) : n === 0 ? 0 : n);
  }

  override bulk(s: string | Buffer): void {
    if (!this.enabled) return;
    this.emit(typeof s === 'string' ? s : s.toString('latin1'));
  }

  override nullBulk(): void { if (this.enabled) this.emit(this.resp === 3 ? undefined : false); }

  override nullArray(): void { if (this.enabled) this.emit(this.resp === 3 ? undefined : false); }

  override array(n: number): void { if (this.enabled) this.open(Agg.Array, n); }

  override map(n: number): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.open(Agg.Map, n); else this.open(Agg.Array, n * 2);
  }

  override set(n: number): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.open(Agg.Set, n); else this.open(Agg.Array, n);
  }

  override push(n: number): void { if (this.enabled) this.open(Agg.Array, n); }

  override bool(v: boolean): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.emit(v); else this.emit(v ? 1 : 0);
  }

  override double(d: number, text?: string): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.emit(single('double', text === undefined ? d : parseRespDouble(text)));
    else this.bulk(text ?? fmtDouble(d));
  }

  override bigNumber(s: string): void {
    if (!this.enabled) return;
    if (this.resp === 3) this.emit(single('big_number', s)); else this.bulk(s);
  }

  override verbatim(s: string, format = 'txt'): void {
    if (!this.enabled) return;
    if (this.resp !== 3) { this.bulk(s); return; }
    const body = format + ':' + s;
    const inner = new LuaTable();
    inner.setStr('format', body.slice(0, 3));
    inner.setStr('string', body.slice(4));
    this.emit(single('verbatim_string', inner));
  }
}

/** A table with one string key (as the parser's table([k, v])). */
function single(k: string, v: unknown): LuaTable {
  return LuaTable.record1(k, v);
}
